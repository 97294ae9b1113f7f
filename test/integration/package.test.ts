/**
 * The npm package as a user installs it (`npm pack`, then `npm install -g` of the tarball into a private prefix):
 * through npm's bin symlinks, the launchers in bin/ find their bundles in dist/, and those the AWS SDK beside them.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { outcomeOf, ROOT } from '../support/processes.ts';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const PASSWORD = 'package-stand-in-password';
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;

interface Packed {
  filename: string;
  files: { path: string }[];
}

let temp: string;
let packed: Packed;
let api: EcrApiStandIn;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'npm-package-'));
  // --ignore-scripts: pack the dist/ the test run built; `prepare` rebuilding it would race the tests running it.
  [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--silent', '--ignore-scripts', '--pack-destination', temp], { cwd: ROOT, encoding: 'utf8' }),
  ) as [Packed];
  execFileSync('npm', ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', join(temp, 'prefix'), join(temp, packed.filename)], {
    stdio: 'pipe',
  });
  api = await startEcrApiStandIn({ host: '127.0.0.4', password: PASSWORD });
}, 120_000);
afterAll(async () => {
  await api?.close();
  rmSync(temp, { recursive: true, force: true });
});

function run(name: string, args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = join(temp, 'home');
  mkdirSync(join(home, '.ecr'), { recursive: true });
  writeFileSync(join(home, '.ecr', 'custom.json'), JSON.stringify({ 'ecr.example.com': REGISTRY }));
  const child = spawn(join(temp, 'prefix/bin', name), args, {
    env: {
      PATH: `${join(temp, 'prefix/bin')}:${process.env.PATH ?? ''}`,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDINEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key',
      AWS_ENDPOINT_URL_ECR: api.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ECR_CUSTOM_CACHE_DIR: join(temp, 'cache'),
    },
  });
  return outcomeOf(child, stdin);
}

it('ships the launchers, the built bundles and what Terraform reads, and no source', () => {
  const files = packed.files.map((file) => file.path).sort();
  expect(files).toEqual([
    'README.md',
    'bin/docker-credential-ecr-custom',
    'bin/ecr-custom-domain',
    'bin/package.json',
    'dist/aws-sdk-client-ecr.cjs',
    'dist/docker-credential-ecr-custom.cjs',
    'dist/ecr-custom-domain.cjs',
    'dist/sbom.cdx.json',
    'function/cloudfront-function.js',
    'function/dist.zip',
    'package.json',
  ]);
});

it('installs both executables, which answer version', async () => {
  expect(await run('ecr-custom-domain', ['version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  expect(await run('docker-credential-ecr-custom', ['version'])).toEqual({ code: 0, stdout: `docker-credential-ecr-custom ${VERSION}\n`, stderr: '' });
});

it('fetches a token through the SDK file installed beside the helper', async () => {
  const calls = api.calls.length;
  const result = await run('docker-credential-ecr-custom', ['get'], 'ecr.example.com');
  expect(result).toEqual({ code: 0, stdout: `${JSON.stringify({ ServerURL: 'ecr.example.com', Username: 'AWS', Secret: PASSWORD })}\n`, stderr: '' });
  expect(api.calls.length).toBe(calls + 1);
});
