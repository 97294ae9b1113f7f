/**
 * The single executables (dist/bin, from `npm run build:binaries`) as real processes with no `node` on PATH:
 * x64 natively, arm64 under qemu-aarch64-static, the helper's `get` against the ECR API stand-in.
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { DIST, ensureBinaries } from '../support/binaries.ts';
import { outcomeOf, ROOT } from '../support/processes.ts';

const QEMU = '/usr/bin/qemu-aarch64-static';
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const PASSWORD = 'binary-stand-in-password';
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;

let api: EcrApiStandIn;
let home: string;
/** A PATH of one empty directory: nothing, node least of all, can be found on it. */
let emptyPath: string;

beforeAll(async () => {
  ensureBinaries();
  api = await startEcrApiStandIn({ host: '127.0.0.4', password: PASSWORD });
  home = mkdtempSync(join(tmpdir(), 'sea-home-'));
  mkdirSync(join(home, '.ecr'));
  writeFileSync(join(home, '.ecr', 'custom.json'), JSON.stringify({ 'ecr.example.com': REGISTRY }));
  emptyPath = mkdtempSync(join(tmpdir(), 'sea-path-'));
}, 180_000);
afterAll(async () => {
  await api.close();
  rmSync(home, { recursive: true, force: true });
  rmSync(emptyPath, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(file: string, args: string[], extraEnv: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const arm64 = file.endsWith('-arm64');
  return spawn(arm64 ? QEMU : `${DIST}/${file}`, arm64 ? [`${DIST}/${file}`, ...args] : args, {
    env: {
      PATH: emptyPath,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIDSTANDINEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key',
      AWS_ENDPOINT_URL_ECR: api.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...(arm64 ? { QEMU_LD_PREFIX: ARM64_SYSROOT } : {}),
      ...extraEnv,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function run(file: string, args: string[], stdin = '', cacheDir?: string): Promise<Result> {
  const child = start(file, args, cacheDir ? { AWS_ECR_CUSTOM_CACHE_DIR: cacheDir } : {});
  return outcomeOf(child, stdin);
}

it('runs with a PATH on which no node can be found', () => {
  expect(() => execFileSync('sh', ['-c', 'command -v node'], { env: { PATH: emptyPath } })).toThrow();
});

it('lists every binary in SHA256SUMS with its hash', () => {
  const lines = readFileSync(`${DIST}/SHA256SUMS`, 'utf8').trimEnd().split('\n');
  expect(lines.map((line) => line.split('  ')[1]).sort()).toEqual(
    ['docker-credential-ecr-custom', 'ecr-custom-domain'].flatMap((name) => [`${name}-linux-arm64`, `${name}-linux-x64`]).sort(),
  );
  for (const line of lines) {
    const [hash, file] = line.split('  ');
    expect(createHash('sha256').update(readFileSync(`${DIST}/${file}`)).digest('hex'), file).toBe(hash);
  }
});

describe.each(['x64', 'arm64'])('linux-%s', (arch) => {
  if (arch === 'arm64') {
    it('has qemu-aarch64-static and an arm64 sysroot to run under (scripts/install-system-deps.sh)', () => {
      expect(existsSync(QEMU), QEMU).toBe(true);
      expect(existsSync(`${ARM64_SYSROOT}/lib/ld-linux-aarch64.so.1`), ARM64_SYSROOT).toBe(true);
    });
  }

  it('answers version from both binaries', async () => {
    for (const name of ['docker-credential-ecr-custom', 'ecr-custom-domain']) {
      const result = await run(`${name}-linux-${arch}`, ['version']);
      expect(result, name).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toContain(VERSION);
    }
  });

  it('gets a token through the AWS SDK inside the binary, then from its cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), `sea-cache-${arch}-`));
    try {
      const calls = api.calls.length;
      const expected = `${JSON.stringify({ ServerURL: 'ecr.example.com', Username: 'AWS', Secret: PASSWORD })}\n`;
      const cold = await run(`docker-credential-ecr-custom-linux-${arch}`, ['get'], 'ecr.example.com', cacheDir);
      expect(cold).toMatchObject({ code: 0, stdout: expected });
      expect(api.calls.length).toBe(calls + 1);
      const cached = await run(`docker-credential-ecr-custom-linux-${arch}`, ['get'], 'ecr.example.com', cacheDir);
      expect(cached).toMatchObject({ code: 0, stdout: expected });
      expect(api.calls.length).toBe(calls + 1);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  // The alias runs in-process; only the cloudfront door reads a carried file (its CloudFront Function).
  it.each([
    ['api-gateway', 31, '/v2/app/manifests/latest', 307, 0],
    ['cloudfront', 32, '/healthz', 200, 1],
  ])('serves the %s door, writing out the files it carries only when it needs them and removing them when stopped', async (door, octet, path, status, extracted) => {
    const temp = mkdtempSync(join(tmpdir(), `sea-serve-${arch}-`));
    const listen = `127.0.0.${octet}:${arch === 'x64' ? 5301 : 5302}`;
    const child = start(`ecr-custom-domain-linux-${arch}`, ['serve', '--listen', listen, '--registry', REGISTRY, '--front-door', door], { TMPDIR: temp });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await expect.poll(() => stderr, { timeout: 20_000, interval: 100 }).toContain('serve: listening');
      expect(readdirSync(temp)).toHaveLength(extracted);
      const answer = await fetch(`http://${listen}${path}`, { redirect: 'manual', headers: { 'user-agent': 'docker/20.10.24' } });
      expect(answer.status).toBe(status);
      if (status === 307) expect(answer.headers.get('location')).toBe(`https://${REGISTRY}${path}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('serve: stopped');
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(temp, { recursive: true, force: true });
    }
  }, 40_000);

  it('fetches the public alias’s registry token through the AWS SDK inside the binary', async () => {
    const listen = `127.0.0.33:${arch === 'x64' ? 5303 : 5304}`;
    const child = start(`ecr-custom-domain-linux-${arch}`, ['serve', '--listen', listen, '--registry', REGISTRY, '--access', 'public', '--repositories', 'app']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      await expect.poll(() => stderr, { timeout: 20_000, interval: 100 }).toContain('serve: listening');
      const calls = api.calls.length;
      // Ready needs the registry too, which is not there: the token is what this looks for.
      await fetch(`http://${listen}/readyz`);
      await expect.poll(() => api.calls.length, { timeout: 20_000, interval: 100 }).toBe(calls + 1);
      expect(stderr).not.toMatch(/Cannot find module|NodeVersionSupportWarning/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
