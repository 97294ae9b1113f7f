// Builds the committed artifacts: the Lambda bundle (function/dist), its zip (function/dist.zip, which Terraform
// uploads), the CloudFront Function and the executables (bin/).
// `node scripts/build.mjs --out DIR` writes them under DIR instead, to compare with what is committed.
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

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
// The AWS SDK clients (public access only) are split into chunks/ and loaded on first use, so a
// private-mode cold start parses none of them.
await rm(join(out, 'function/dist'), { recursive: true, force: true });
await mkdir(join(out, 'function/dist'), { recursive: true });
await build({
  ...common,
  entryPoints: { index: 'function/src/index.ts' },
  format: 'esm',
  splitting: true,
  outdir: join(out, 'function/dist'),
  chunkNames: 'chunks/[name]-[hash]',
  // The SDK's ES modules: real named exports, and only the commands used end up in the chunks.
  mainFields: ['module', 'main'],
  // The SDK is CommonJS inside; its require() of Node built-ins needs a real require in ESM.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await writeFile(join(out, 'function/dist/package.json'), '{ "type": "module" }\n');

// The zip Terraform uploads: function/dist at its root, so the same sources always give the same bytes. Names
// in sorted order, one fixed date (DOS time, read in local time, so given as a local date), mode 0644 on Unix,
// and fflate's deflate: plain JavaScript, so its output does not change with the zlib a Node build links.
const distDir = join(out, 'function/dist');
const entries = {};
for (const name of (await readdir(distDir, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(distDir.length + 1).split(sep).join('/'))
  .sort()) {
  entries[name] = [await readFile(join(distDir, name)), { mtime: new Date(2000, 0, 1), os: 3, attrs: (0o100644 << 16) >>> 0 }];
}
await writeFile(join(out, 'function/dist.zip'), zipSync(entries, { level: 9 }));

// The streaming door's CloudFront Function: one script whose top-level `handler` CloudFront calls.
// cloudfront-js-2.0 runs ES5.1 plus const/let, arrow functions, rest parameters, template literals
// and async/await: everything newer is lowered here, or the build fails.
const cloudfront = await build({
  ...common,
  entryPoints: ['function/src/cloudfront-function.ts'],
  format: 'esm',
  target: 'es2015',
  supported: {
    'array-spread': false,
    class: false,
    'default-argument': false,
    destructuring: false,
    'for-of': false,
    generator: false,
    'object-extensions': false,
    'regexp-sticky-and-unicode-flags': false,
  },
  write: false,
});
const cloudfrontCode = cloudfront.outputFiles[0].text.replace(/\nexport \{\s*handler\s*\};\s*$/, '\n');
if (/\bexport\b|\bimport\b/.test(cloudfrontCode)) throw new Error('the CloudFront Function still has an export or import');
await writeFile(join(out, 'function/cloudfront-function.js'), cloudfrontCode);

// The credential helper's cached path must not pay for the AWS SDK: even unevaluated, 1.2 MB of bundled
// code costs ~30 ms of parsing per run. The SDK goes in as a brotli'd string, compiled on first use.
const lazySdk = {
  name: 'lazy-aws-sdk',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-ecr$/ }, () => ({ path: 'client-ecr', namespace: 'lazy-sdk' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, async () => {
      const sdk = await build({
        ...common,
        stdin: { contents: "export { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';", resolveDir: root },
        format: 'cjs',
        minify: true,
        keepNames: true,
        write: false,
      });
      const packed = brotliCompressSync(sdk.outputFiles[0].contents).toString('base64');
      return {
        loader: 'js',
        contents: `const code = require('node:zlib').brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, 'base64')).toString('utf8');
const load = require('node:vm').compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: __filename + '#@aws-sdk/client-ecr' });
const sdk = { exports: {} };
load(sdk.exports, require, sdk, __filename, __dirname);
module.exports = sdk.exports;`,
      };
    });
  },
};

// Executables are single CommonJS files, so one can be copied onto PATH with no package.json beside it.
const executables = ['ecr-custom-domain', 'docker-credential-ecr-custom'];
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
    plugins: [lazySdk],
  });
  await chmod(outfile, 0o755);
}
await writeFile(join(out, 'bin/package.json'), '{ "type": "commonjs" }\n');
