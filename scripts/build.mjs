// Builds the committed artifacts: the Lambda bundle (function/dist) and the executables (bin/).
// `node scripts/build.mjs --out DIR` writes them under DIR instead, to compare with what is committed.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ?? root;
const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  charset: 'utf8',
};

// The Lambda bundle is ESM; dist/package.json travels in the zip so Lambda loads index.js as ESM.
await mkdir(join(out, 'function/dist'), { recursive: true });
await build({ ...common, entryPoints: ['function/src/index.ts'], format: 'esm', outfile: join(out, 'function/dist/index.js') });
await writeFile(join(out, 'function/dist/package.json'), '{ "type": "module" }\n');

// Executables are single CommonJS files, so one can be copied onto PATH with no package.json beside it.
const executables = ['ecr-custom-domain'];
await mkdir(join(out, 'bin'), { recursive: true });
for (const name of executables) {
  const outfile = join(out, 'bin', name);
  await build({
    ...common,
    entryPoints: [`src/bin/${name}.ts`],
    format: 'cjs',
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    define: { VERSION: JSON.stringify(version) },
  });
  await chmod(outfile, 0o755);
}
await writeFile(join(out, 'bin/package.json'), '{ "type": "commonjs" }\n');
