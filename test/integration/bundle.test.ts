/**
 * What `npm run build` (scripts/build.mjs) makes: the two files Terraform reads, committed and equal to a fresh build;
 * git holding nothing else the build writes; the launchers in bin/; the Lambda bundle as the committed zip ships it.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.ts';

const execFileAsync = promisify(execFile);
const TERRAFORM_READS = ['function/cloudfront-function.js', 'function/dist.zip'];
const LAUNCHERS = ['docker-credential-ecr-custom', 'ecr-custom-domain'];
const VERSION = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let temp: string;
let fresh: string;
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'build-'));
  fresh = join(temp, 'fresh');
  await execFileAsync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', fresh]);
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** Every file under dir, as sorted '/'-separated paths relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

describe('what the build writes', () => {
  it('lays out dist/ as the launchers and the zip expect', async () => {
    const files = await filesUnder(fresh);
    expect(files.filter((file) => !file.startsWith('dist/function/'))).toEqual([
      'dist/aws-sdk-client-ecr.cjs',
      'dist/docker-credential-ecr-custom.cjs',
      'dist/ecr-custom-domain.cjs',
      'dist/sbom.cdx.json',
      ...TERRAFORM_READS,
    ]);
    expect(files).toEqual(expect.arrayContaining(['dist/function/index.js', 'dist/function/package.json', expect.stringMatching(/^dist\/function\/chunks\//)]));
  });

  it('function/dist.zip equals a fresh npm run build byte for byte, and holds dist/function at its root (Terraform uploads it)', async () => {
    const committed = await readFile(join(ROOT, 'function/dist.zip'));
    expect(committed.equals(await readFile(join(fresh, 'function/dist.zip'))), 'function/dist.zip is stale: run npm run build and commit it').toBe(true);
    const entries = unzipSync(committed);
    const files = await filesUnder(join(fresh, 'dist/function'));
    expect(Object.keys(entries)).toEqual(files);
    for (const file of files) expect(Buffer.from(entries[file] ?? []).equals(await readFile(join(fresh, 'dist/function', file))), file).toBe(true);
  });

  it('function/cloudfront-function.js equals a fresh npm run build (Terraform uploads it as the CloudFront Function)', async () => {
    const committed = await readFile(join(ROOT, 'function/cloudfront-function.js'), 'utf8');
    expect(committed, 'function/cloudfront-function.js is stale: run npm run build and commit it').toBe(await readFile(join(fresh, 'function/cloudfront-function.js'), 'utf8'));
  });

  it('git holds no file the build writes but the two Terraform reads, and bin/ holds only small launchers', async () => {
    const tracked = execFileSync('git', ['ls-files', '-s', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        // "<mode> <object> <stage>\t<path>"
        const [meta = '', path = ''] = line.split('\t');
        return { mode: meta.split(' ')[0], path };
      });
    const paths = tracked.map((file) => file.path);
    const built = new Set(await filesUnder(fresh));
    expect(paths.filter((path) => built.has(path)).sort()).toEqual(TERRAFORM_READS);
    expect(paths.filter((path) => /^(dist|function\/dist)\//.test(path) || path.endsWith('.cjs'))).toEqual([]);
    expect(paths.filter((path) => path.startsWith('bin/')).sort()).toEqual([...LAUNCHERS.map((name) => `bin/${name}`), 'bin/package.json']);
    for (const name of LAUNCHERS) {
      expect(tracked.find((file) => file.path === `bin/${name}`)?.mode, `bin/${name} is executable in git`).toBe('100755');
      const launcher = await readFile(join(ROOT, 'bin', name), 'utf8');
      expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true);
      expect(launcher.length).toBeLessThan(1024);
    }
  });
});

describe('the launchers in bin/', () => {
  /** The launchers and bin/package.json copied into a package root of their own. */
  async function installLaunchers(root: string): Promise<void> {
    await mkdir(join(root, 'bin'), { recursive: true });
    for (const file of [...LAUNCHERS, 'package.json']) await copyFile(join(ROOT, 'bin', file), join(root, 'bin', file));
  }

  it("run the built bundles, also through a symlink as npm -g makes, from the launcher's real directory", async () => {
    await installLaunchers(fresh);
    const links = join(temp, 'links');
    await mkdir(links);
    for (const name of LAUNCHERS) await symlink(join(fresh, 'bin', name), join(links, name));
    const env = { PATH: process.env.PATH };
    expect(execFileSync(join(links, 'ecr-custom-domain'), ['--version'], { env, encoding: 'utf8' })).toBe(`${VERSION}\n`);
    expect(execFileSync(join(links, 'docker-credential-ecr-custom'), ['version'], { env, encoding: 'utf8' })).toBe(`docker-credential-ecr-custom ${VERSION}\n`);
  });

  it('say in one line which bundle is missing and to run npm run build, and exit 1', async () => {
    const unbuilt = join(temp, 'unbuilt');
    await installLaunchers(unbuilt);
    for (const name of LAUNCHERS) {
      const result = spawnSync(join(unbuilt, 'bin', name), ['--version'], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`${name}: ${join(unbuilt, 'dist', `${name}.cjs`)} is missing: run npm run build in ${unbuilt}\n`);
    }
  });
});

describe('the Lambda bundle, as function/dist.zip ships it', () => {
  let bundle: string;
  beforeAll(async () => {
    // Extracted under the OS temp directory, with no package.json of the repository above it, as Lambda sees it.
    const dir = join(temp, 'lambda');
    for (const [name, bytes] of Object.entries(unzipSync(await readFile(join(ROOT, 'function/dist.zip'))))) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), bytes);
    }
    bundle = join(dir, 'index.js');
  });

  it('says ESM by itself: its package.json has "type": "module"', async () => {
    expect(JSON.parse(await readFile(join(dirname(bundle), 'package.json'), 'utf8'))).toEqual({ type: 'module' });
  });

  it('loads nothing up front but node:module; TLS, crypto and the AWS SDK only on first use', async () => {
    const code = await readFile(bundle, 'utf8');
    const staticImports = [...code.matchAll(/^import\s*(?:[^'"]*from\s*)?["']([^"']+)["']/gm)].map((m) => m[1] ?? '');
    const dynamicImports = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? '');
    expect(staticImports.length).toBeGreaterThan(0);
    // Chunks loaded up front hold code the entry shares with a lazy chunk: counted with it, and importing no built-in but node:module.
    let upFront = code.length;
    for (const specifier of staticImports) {
      if (specifier.startsWith('node:')) continue;
      expect(specifier).toMatch(/^\.\/chunks\//);
      const chunk = await readFile(join(dirname(bundle), specifier), 'utf8');
      upFront += chunk.length;
      expect([...chunk.matchAll(/^import\s*(?:[^'"]*from\s*)?["'](node:[^"']+)["']/gm)].map((m) => m[1])).toEqual(['node:module']);
      expect(chunk).not.toMatch(/\bimport\(/);
    }
    // node:https (first forward), the ECR client (public token, tag scans), the password check with its SDK clients, the registry page.
    expect(dynamicImports).toContain('node:https');
    expect(new Set(dynamicImports.filter((s) => s.startsWith('./chunks/'))).size).toBe(3);
    for (const specifier of dynamicImports) expect(specifier).toMatch(/^(node:https$|\.\/chunks\/)/);
    expect(upFront).toBeLessThan(64 * 1024);
  });

  it('fails its cold start with one line naming ECR_REGISTRY when it is missing or malformed', () => {
    for (const value of [undefined, 'https://example.com/x']) {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      if (value !== undefined) env.ECR_REGISTRY = value;
      const result = spawnSync(process.execPath, ['-e', `import(${JSON.stringify(bundle)}).catch((e) => { console.error(e.message); process.exit(3); })`], { env, encoding: 'utf8' });
      expect(result.status).toBe(3);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^ECR_REGISTRY (is not set|must be a registry host)/);
    }
  });

  it('exports an async (event, context) handler: nodejs24.x has no callback handlers', () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log(m.handler.constructor.name, m.handler.length);`],
      { env: { PATH: process.env.PATH, ECR_REGISTRY: 'registry.example.com' }, encoding: 'utf8' },
    );
    expect(result.stdout.trim()).toBe('AsyncFunction 2');
  });
});
