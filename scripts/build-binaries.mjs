// `npm run build:binaries`: Node single executable applications of the executables' bundles (dist/<name>.cjs, from
// scripts/build.mjs), for linux-x64 and linux-arm64, in dist/bin/<name>-linux-<arch> with dist/bin/SHA256SUMS.
// The node binaries come from npm's node-linux-<arch> packages, fetched here with `npm pack` and checked against
// pinned hashes: as devDependencies they would fail `npm ci` on every other platform (their package.json has
// os/cpu) and their `node` bin would shadow the system node in npm scripts.
// No SEA code cache: measured, it makes a cached `get` no faster (24 vs 26 ms) and a cold one slower, and
// without it one blob, made by the pinned x64 node, serves both architectures.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
// The blob must be made by exactly the node it is injected into.
const NODE_VERSION = '20.20.2';
const NODE_PACKAGES = {
  x64: 'sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==',
  arm64: 'sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==',
};
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const executables = ['ecr-custom-domain', 'docker-credential-ecr-custom'];
const work = join(root, '.tmp/sea');
const out = join(root, 'dist/bin');

/** The node binary of node-linux-<arch>@NODE_VERSION, downloaded once into .tmp/sea. */
async function nodeBinary(arch) {
  const dir = join(work, `node-${NODE_VERSION}-linux-${arch}`);
  const binary = join(dir, 'package/bin/node');
  if (existsSync(binary)) return binary;
  await mkdir(dir, { recursive: true });
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', `node-linux-${arch}@${NODE_VERSION}`, '--pack-destination', dir, '--json', '--silent'], { encoding: 'utf8' }),
  );
  const tarball = join(dir, filename);
  const integrity = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
  if (integrity !== NODE_PACKAGES[arch]) throw new Error(`${filename}: integrity ${integrity}, expected ${NODE_PACKAGES[arch]}`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node']);
  await rm(tarball);
  return binary;
}

const nodes = { x64: await nodeBinary('x64'), arm64: await nodeBinary('arm64') };
const hostNode = nodes.x64;
if (process.arch !== 'x64') throw new Error(`the SEA blob is made by the x64 node ${NODE_VERSION}, which runs on x64 hosts only`);

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
// Assets: the AWS SDK both executables load on first use, and for ecr-custom-domain the CloudFront Function its
// cloudfront door runs (the alias is built into serve), listed in assets.json (src/bin/single-executable.ts).
const sdk = { 'aws-sdk-client-ecr.cjs': join(root, 'dist/aws-sdk-client-ecr.cjs') };
const served = ['function/cloudfront-function.js'];
await mkdir(work, { recursive: true });
await writeFile(join(work, 'assets.json'), JSON.stringify(served));
const assets = {
  'docker-credential-ecr-custom': sdk,
  'ecr-custom-domain': { ...sdk, 'assets.json': join(work, 'assets.json'), ...Object.fromEntries(served.map((file) => [file, join(root, file)])) },
};
const sums = [];
for (const name of executables) {
  const config = join(work, `${name}.sea.json`);
  const blob = join(work, `${name}.blob`);
  await writeFile(
    config,
    JSON.stringify({ main: join(root, 'dist', `${name}.cjs`), output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, assets: assets[name] }),
  );
  execFileSync(hostNode, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (const [arch, node] of Object.entries(nodes)) {
    const file = `${name}-linux-${arch}`;
    await copyFile(node, join(out, file));
    await chmod(join(out, file), 0o755);
    // postject prints one LIEF warning per ELF note it cannot name; they are harmless, so only failures are shown.
    execFileSync(process.execPath, [join(root, 'node_modules/postject/dist/cli.js'), join(out, file), 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SENTINEL_FUSE], {
      stdio: 'pipe',
    });
    sums.push(`${createHash('sha256').update(await readFile(join(out, file))).digest('hex')}  ${file}\n`);
  }
}
await writeFile(join(out, 'SHA256SUMS'), sums.join(''));
