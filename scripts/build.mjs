// Builds everything into the ignored dist/: the Lambda bundle (dist/function), the executables' bundles
// (dist/<name>.cjs, which the launchers in bin/ load), the AWS SDK beside them and its SBOM. Also writes the two
// files Terraform reads, which are committed: the zip of dist/function (function/dist.zip) and the CloudFront
// Function (function/cloudfront-function.js).
// `node scripts/build.mjs --out DIR` writes the same layout under DIR instead, to compare with what is committed.
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { parseArgs } from 'node:util';
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

// The Lambda bundle is ESM; its package.json travels in the zip so Lambda loads index.js as ESM.
// The AWS SDK clients (public access only) are split into chunks/ and loaded on first use, so a
// private-mode cold start parses none of them.
const functionDir = join(out, 'dist/function');
// Chunk names carry hashes: a previous build's chunks must not end up in the zip.
await rm(functionDir, { recursive: true, force: true });
await mkdir(functionDir, { recursive: true });
await build({
  ...common,
  entryPoints: { index: 'function/src/index.ts' },
  format: 'esm',
  splitting: true,
  outdir: functionDir,
  chunkNames: 'chunks/[name]-[hash]',
  // The SDK's ES modules: real named exports, and only the commands used end up in the chunks.
  mainFields: ['module', 'main'],
  // The SDK is CommonJS inside; its require() of Node built-ins needs a real require in ESM.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
await writeFile(join(functionDir, 'package.json'), '{ "type": "module" }\n');

// The zip Terraform uploads: dist/function at its root, so the same sources always give the same bytes. Names
// in sorted order, one fixed date (DOS time, read in local time, so given as a local date), mode 0644 on Unix,
// and fflate's deflate: plain JavaScript, so its output does not change with the zlib a Node build links.
const entries = {};
for (const name of (await readdir(functionDir, { recursive: true, withFileTypes: true }))
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(functionDir.length + 1).split(sep).join('/'))
  .sort()) {
  entries[name] = [await readFile(join(functionDir, name)), { mtime: new Date(2000, 0, 1), os: 3, attrs: (0o100644 << 16) >>> 0 }];
}
await mkdir(join(out, 'function'), { recursive: true });
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

// The AWS SDK the executables use (GetAuthorizationToken; serve's public access also reads its Basic password
// from SSM or Secrets Manager and scans repository tags with DescribeRepositories and ListTagsForResource) is one readable CommonJS file beside them, dist/aws-sdk-client-ecr.cjs, loaded on
// first use by src/bin/aws-sdk-client-ecr.ts, so a cached credential `get` and a private-mode serve never parse
// its 1 MB. Its first lines list every package it holds, and dist/sbom.cdx.json says the same for scanners
// (CycloneDX; no timestamp, so the same sources give the same bytes).
const sdkClients = {
  '@aws-sdk/client-ecr': ['ECRClient', 'GetAuthorizationTokenCommand', 'DescribeRepositoriesCommand', 'ListTagsForResourceCommand', 'RepositoryNotFoundException'],
  '@aws-sdk/client-ssm': ['SSMClient', 'GetParameterCommand'],
  '@aws-sdk/client-secrets-manager': ['SecretsManagerClient', 'GetSecretValueCommand'],
};
const sdkBuild = await build({
  ...common,
  stdin: { contents: Object.entries(sdkClients).map(([client, names]) => `export { ${names.join(', ')} } from '${client}';\n`).join(''), resolveDir: root },
  format: 'cjs',
  // The SDK's ES modules, as in the Lambda bundle: only the commands named above end up in the file. Their
  // import() of Node built-ins becomes require(): a single executable compiles this file with no import().
  mainFields: ['module', 'main'],
  supported: { 'dynamic-import': false },
  // The SDK's notice that it will want Node 22 is noise in a local tool: off here, not through the environment.
  define: { 'process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED': '"true"' },
  metafile: true,
  write: false,
});
const packages = new Map();
for (const input of Object.keys(sdkBuild.metafile.inputs)) {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!match || packages.has(match[1])) continue;
  const { version: packageVersion, license } = JSON.parse(await readFile(join(root, 'node_modules', match[1], 'package.json'), 'utf8'));
  packages.set(match[1], { version: packageVersion, license });
}
const bundled = [...packages].sort(([a], [b]) => (a < b ? -1 : 1));
await writeFile(
  join(out, 'dist/aws-sdk-client-ecr.cjs'),
  `// The AWS SDK for ecr-custom-domain's executables, bundled by scripts/build.mjs from:\n${bundled
    .map(([name, { version: v, license }]) => `//   ${name}@${v} (${license})\n`)
    .join('')}${sdkBuild.outputFiles[0].text}`,
);
const sbom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  version: 1,
  metadata: { component: { type: 'application', name: 'ecr-custom-domain', version } },
  components: bundled.map(([name, { version: v, license }]) => ({
    type: 'library',
    name,
    version: v,
    purl: `pkg:npm/${name.replace('@', '%40')}@${v}`,
    licenses: [{ license: { id: license } }],
  })),
};
await writeFile(join(out, 'dist/sbom.cdx.json'), `${JSON.stringify(sbom, null, 2)}\n`);
const sdkBeside = {
  name: 'aws-sdk-beside',
  setup(b) {
    b.onResolve({ filter: /^@aws-sdk\/client-(?:ecr|ssm|secrets-manager)$/ }, () => ({ path: join(root, 'src/bin/aws-sdk-client-ecr.ts') }));
  },
};

// Each executable is one CommonJS file (bin/<name> is its launcher), so it can also be copied onto PATH by itself,
// with the SDK file beside it for a fresh token.
const executables = ['ecr-custom-domain', 'docker-credential-ecr-custom'];
for (const name of executables) {
  const outfile = join(out, 'dist', `${name}.cjs`);
  await build({
    ...common,
    entryPoints: [`src/bin/${name}.ts`],
    format: 'cjs',
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    define: { VERSION: JSON.stringify(version) },
    plugins: [sdkBeside],
  });
  await chmod(outfile, 0o755);
}
