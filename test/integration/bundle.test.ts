import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/processes.ts';

const execFileAsync = promisify(execFile);

describe('committed build artifacts', () => {
  let fresh: string;
  beforeAll(async () => {
    fresh = await mkdtemp(join(tmpdir(), 'fresh-build-'));
    await execFileAsync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--out', fresh]);
  });
  afterAll(async () => {
    await rm(fresh, { recursive: true, force: true });
  });

  it('function/dist equals a fresh npm run build (Terraform zips it; module users never run npm)', async () => {
    const built = (await readdir(join(fresh, 'function/dist'), { recursive: true })).sort();
    expect((await readdir(join(ROOT, 'function/dist'), { recursive: true })).sort()).toEqual(built);
    for (const file of built) {
      if ((await stat(join(fresh, 'function/dist', file))).isDirectory()) continue;
      const committed = await readFile(join(ROOT, 'function/dist', file), 'utf8');
      expect(committed, `function/dist/${file} is stale: run npm run build and commit it`).toBe(await readFile(join(fresh, 'function/dist', file), 'utf8'));
    }
  });

  it('function/dist.zip equals a fresh npm run build byte for byte, and holds function/dist at its root (Terraform uploads it)', async () => {
    const committed = await readFile(join(ROOT, 'function/dist.zip'));
    expect(committed.equals(await readFile(join(fresh, 'function/dist.zip'))), 'function/dist.zip is stale: run npm run build and commit it').toBe(true);
    const entries = unzipSync(committed);
    const files = (await readdir(join(ROOT, 'function/dist'), { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => relative(join(ROOT, 'function/dist'), join(entry.parentPath, entry.name)).split(sep).join('/'))
      .sort();
    expect(Object.keys(entries)).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['index.js', 'package.json', expect.stringMatching(/^chunks\//)]));
    for (const file of files) expect(Buffer.from(entries[file] ?? []).equals(await readFile(join(ROOT, 'function/dist', file))), file).toBe(true);
  });

  it('bin/ equals a fresh npm run build, executable', async () => {
    const files = await readdir(join(fresh, 'bin'));
    expect(files.sort()).toEqual(['aws-sdk-client-ecr.cjs', 'docker-credential-ecr-custom', 'ecr-custom-domain', 'package.json', 'sbom.cdx.json']);
    expect((await readdir(join(ROOT, 'bin'))).sort()).toEqual(files);
    for (const file of files) {
      const committed = await readFile(join(ROOT, 'bin', file), 'utf8');
      expect(committed, `bin/${file} is stale: run npm run build and commit it`).toBe(await readFile(join(fresh, 'bin', file), 'utf8'));
      if (file === 'ecr-custom-domain' || file === 'docker-credential-ecr-custom') {
        expect((await stat(join(ROOT, 'bin', file))).mode & 0o111).toBe(0o111);
        expect(committed.startsWith('#!/usr/bin/env node\n')).toBe(true);
      }
    }
  });

  it('function/cloudfront-function.js equals a fresh npm run build (Terraform uploads it as the CloudFront Function)', async () => {
    const committed = await readFile(join(ROOT, 'function/cloudfront-function.js'), 'utf8');
    expect(committed, 'function/cloudfront-function.js is stale: run npm run build and commit it').toBe(await readFile(join(fresh, 'function/cloudfront-function.js'), 'utf8'));
  });

  it('the zipped directory says ESM by itself: function/dist/package.json has "type": "module"', async () => {
    expect(JSON.parse(await readFile(join(ROOT, 'function/dist/package.json'), 'utf8'))).toEqual({ type: 'module' });
  });
});

describe('the Lambda bundle', () => {
  const bundle = join(ROOT, 'function/dist/index.js');

  it('loads nothing up front but node:module; TLS, crypto and the AWS SDK only on first use', async () => {
    const code = await readFile(bundle, 'utf8');
    const staticImports = [...code.matchAll(/^import\s*(?:[^'"]*from\s*)?["']([^"']+)["']/gm)].map((m) => m[1] ?? '');
    const dynamicImports = [...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? '');
    expect(staticImports.length).toBeGreaterThan(0);
    for (const specifier of staticImports) {
      if (specifier.startsWith('node:')) continue;
      expect(specifier).toMatch(/^\.\/chunks\//);
      expect((await stat(join(ROOT, 'function/dist', specifier))).size).toBeLessThan(8 * 1024);
    }
    // node:https (first forward), the ECR client (public token), the password check with its SDK clients.
    expect(dynamicImports).toContain('node:https');
    expect(dynamicImports.filter((s) => s.startsWith('./chunks/'))).toHaveLength(2);
    for (const specifier of dynamicImports) expect(specifier).toMatch(/^(node:https$|\.\/chunks\/)/);
    expect(code.length).toBeLessThan(64 * 1024);
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

  it('exports an async (event, context) handler: nodejs24.x has no callback handlers', async () => {
    const result = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log(m.handler.constructor.name, m.handler.length);`],
      { env: { PATH: process.env.PATH, ECR_REGISTRY: 'registry.example.com' }, encoding: 'utf8' },
    );
    expect(result.stdout.trim()).toBe('AsyncFunction 2');
  });
});
