// `npm run build:image`: the single executables of dist/bin as one OCI image for linux/amd64 and linux/arm64, with
// no base image: each platform is one layer holding both executables, the C libraries they load (copied from this
// host: x64 from /lib/x86_64-linux-gnu, arm64 from /usr/aarch64-linux-gnu/lib of the Debian cross packages),
// /etc/passwd and /etc/group with user nonroot (65532), /tmp (1777) and /var/cache/ecr-custom-domain (65532) for
// `serve --cache-dir`. deploy/image/Dockerfile builds the same image from gcr.io/distroless/cc-debian12.
//
// Writes dist/image/ (or --out DIR) as an OCI image layout, and the same as one file for `oci-archive:`,
// dist/image/ecr-custom-domain.oci.tar; prints the digest of the image index. Publish both platforms with
//   skopeo copy --all oci-archive:dist/image/ecr-custom-domain.oci.tar docker://ghcr.io/OWNER/ecr-custom-domain:VERSION
// Run one locally with `podman pull oci-archive:dist/image/ecr-custom-domain.oci.tar`.
//
// Reproducible: the same executables and libraries give the same bytes. Tar entries are sorted, owned by numeric
// ids, dated SOURCE_DATE_EPOCH (default 0) and written here as plain ustar (no pax records, no names, nothing from
// the host's tar); gzip is node:zlib at level 6 with no name and no time in its header, so the compressed layers
// are the same for the same zlib (Node's bundled one). The uncompressed layers (the config's diff_ids) do not
// depend on zlib at all.
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { out: { type: 'string' }, source: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'dist/image'));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const epoch = Number(process.env.SOURCE_DATE_EPOCH ?? 0);
if (!Number.isInteger(epoch) || epoch < 0) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970; got ${process.env.SOURCE_DATE_EPOCH}`);
const created = new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
// The repository the image is published from (GHCR links a package to it by this label): --source, IMAGE_SOURCE,
// or package.json "repository"; left out when none is known rather than guessed.
const repository = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
const source = values.source ?? process.env.IMAGE_SOURCE ?? repository?.replace(/^git\+/, '').replace(/\.git$/, '');

const labels = {
  'org.opencontainers.image.title': 'ecr-custom-domain',
  'org.opencontainers.image.description': pkg.description,
  'org.opencontainers.image.version': pkg.version,
  'org.opencontainers.image.licenses': pkg.license,
  'org.opencontainers.image.created': created,
  ...(source ? { 'org.opencontainers.image.source': source } : {}),
};
if (!source) process.stderr.write('build-image: no org.opencontainers.image.source label: give --source URL or IMAGE_SOURCE to add one\n');

const NONROOT = 65532;
const CACHE_DIR = 'var/cache/ecr-custom-domain';
const EXECUTABLES = ['ecr-custom-domain', 'docker-credential-ecr-custom'];
const PLATFORMS = [
  { arch: 'x64', platform: { architecture: 'amd64', os: 'linux' }, libDir: 'lib/x86_64-linux-gnu', from: ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu'] },
  { arch: 'arm64', platform: { architecture: 'arm64', os: 'linux', variant: 'v8' }, libDir: 'lib/aarch64-linux-gnu', from: ['/usr/aarch64-linux-gnu/lib'] },
];
const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
// As in gcr.io/distroless: the same ids, so images and manifests written for one fit the other.
const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n';
// glibc >= 2.34 has files and dns built in: no libnss_*.so is needed for these.
const NSSWITCH = 'passwd: files\ngroup: files\nhosts: files dns\n';

// ---------------------------------------------------------------------------------------------------------------
// ustar
// ---------------------------------------------------------------------------------------------------------------

// Written here rather than by the host's tar: each entry gets its owner and mode in one pass, with no root and no
// staging tree, and the bytes do not change with the tar version.

/** One ustar header block. Names over 100 bytes are refused rather than split into prefix and name. */
function tarHeader({ name, mode, uid = 0, gid = 0, size = 0, type }) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name over 100 bytes: ${name}`);
  const header = Buffer.alloc(512);
  const field = (offset, length, value) => header.write(value, offset, length, 'utf8');
  const octal = (offset, length, value) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, uid);
  octal(116, 8, gid);
  octal(124, 12, size);
  octal(136, 12, epoch);
  field(148, 8, ' '.repeat(8));
  field(156, 1, type);
  field(257, 8, 'ustar\x0000');
  octal(329, 8, 0);
  octal(337, 8, 0);
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/**
 * A tar stream of `entries`, sorted by name: `{ name, mode, uid?, gid? }` plus `content` (a Buffer), `file` (a
 * path, streamed) or neither (a directory). Parent directories not listed are added, root-owned, mode 0755.
 */
async function* tar(entries) {
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const entry of entries) {
    for (let dir = dirname(entry.name); dir !== '.'; dir = dirname(dir)) if (!byName.has(dir)) byName.set(dir, { name: dir, mode: 0o755 });
  }
  const sorted = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of sorted) {
    const { name, mode, uid, gid, content, file } = entry;
    if (content === undefined && file === undefined) {
      yield tarHeader({ name: `${name}/`, mode, uid, gid, type: '5' });
      continue;
    }
    const size = content?.length ?? (await stat(file)).size;
    yield tarHeader({ name, mode, uid, gid, size, type: '0' });
    let written = 0;
    for await (const chunk of content ? [content] : createReadStream(file)) {
      written += chunk.length;
      yield chunk;
    }
    if (written !== size) throw new Error(`${file} changed while it was written (${written} bytes, expected ${size})`);
    if (size % 512 !== 0) yield Buffer.alloc(512 - (size % 512));
  }
  yield Buffer.alloc(1024);
}

// ---------------------------------------------------------------------------------------------------------------
// blobs
// ---------------------------------------------------------------------------------------------------------------

const blobs = join(out, 'blobs/sha256');

/** Writes `chunks` as a blob, through a temporary file renamed to its digest; gzip-compressed when asked. */
async function writeBlob(chunks, { gzip = false } = {}) {
  const temporary = join(blobs, `.partial-${randomUUID()}`);
  const raw = createHash('sha256');
  const stored = createHash('sha256');
  let size = 0;
  const hash = (hasher, count) =>
    async function* (source) {
      for await (const chunk of source) {
        hasher.update(chunk);
        if (count) size += chunk.length;
        yield chunk;
      }
    };
  const stages = gzip ? [hash(raw, false), createGzip({ level: 6 }), hash(stored, true)] : [hash(stored, true)];
  await pipeline(Readable.from(chunks), ...stages, createWriteStream(temporary));
  const digest = `sha256:${stored.digest('hex')}`;
  await rename(temporary, join(blobs, digest.slice('sha256:'.length)));
  return { digest, size, ...(gzip ? { diffId: `sha256:${raw.digest('hex')}` } : {}) };
}

async function writeJson(mediaType, value) {
  const { digest, size } = await writeBlob([Buffer.from(JSON.stringify(value))]);
  return { mediaType, digest, size };
}

// ---------------------------------------------------------------------------------------------------------------
// one platform
// ---------------------------------------------------------------------------------------------------------------

/** The program interpreter and the shared libraries an ELF file names (DT_NEEDED), as readelf reports them. */
function elfNeeds(path) {
  const text = execFileSync('readelf', ['--wide', '--program-headers', '--dynamic', path], { encoding: 'utf8' });
  return {
    interpreter: /\[Requesting program interpreter: ([^\]]+)\]/.exec(text)?.[1],
    needed: [...text.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1]),
  };
}

/**
 * The libraries the executables load, with what they load in turn, as tar entries: each the real file (symlinks
 * resolved) under the name asked for, in the loader's own directory; the interpreter at the path the executables
 * name. The interpreter's soname needs no copy of its own: the loader answers for itself.
 */
function libraries({ libDir, from }, executables) {
  const find = (name) => {
    const found = from.map((dir) => join(dir, name)).find((path) => existsSync(path));
    if (!found) throw new Error(`${name} is not in ${from.join(' or ')}: run scripts/install-system-deps.sh`);
    return realpathSync(found);
  };
  const needs = executables.map(elfNeeds);
  const interpreters = new Set(needs.map((need) => need.interpreter));
  if (interpreters.size !== 1 || interpreters.has(undefined)) throw new Error(`expected one program interpreter, found ${[...interpreters].join(', ')}`);
  const [interpreter] = interpreters;
  const entries = new Map([[interpreter.slice(1), { name: interpreter.slice(1), mode: 0o755, file: find(basename(interpreter)) }]]);
  const queue = needs.flatMap((need) => need.needed);
  while (queue.length > 0) {
    const name = queue.shift();
    const target = `${libDir}/${name}`;
    if (name === basename(interpreter) || entries.has(target)) continue;
    const file = find(name);
    entries.set(target, { name: target, mode: 0o755, file });
    queue.push(...elfNeeds(file).needed);
  }
  return [...entries.values()];
}

async function buildPlatform(target) {
  const executables = EXECUTABLES.map((name) => join(root, `dist/bin/${name}-linux-${target.arch}`));
  for (const file of executables) if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build:binaries first`);
  const text = (value) => Buffer.from(value);
  const entries = [
    { name: 'etc/passwd', mode: 0o644, content: text(PASSWD) },
    { name: 'etc/group', mode: 0o644, content: text(GROUP) },
    { name: 'etc/nsswitch.conf', mode: 0o644, content: text(NSSWITCH) },
    { name: 'home/nonroot', mode: 0o700, uid: NONROOT, gid: NONROOT },
    { name: 'tmp', mode: 0o1777 },
    { name: CACHE_DIR, mode: 0o700, uid: NONROOT, gid: NONROOT },
    ...EXECUTABLES.map((name, i) => ({ name: `usr/local/bin/${name}`, mode: 0o755, file: executables[i] })),
    ...libraries(target, executables),
  ];
  const layer = await writeBlob(tar(entries), { gzip: true });
  const config = await writeJson(MEDIA.config, {
    created,
    architecture: target.platform.architecture,
    os: target.platform.os,
    ...(target.platform.variant ? { variant: target.platform.variant } : {}),
    config: {
      User: `${NONROOT}:${NONROOT}`,
      ExposedPorts: { '8443/tcp': {} },
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'TMPDIR=/tmp', 'HOME=/home/nonroot'],
      Entrypoint: ['/usr/local/bin/ecr-custom-domain'],
      // Where serve writes: Fargate (the ecs door) gives a volume the image's owner and mode only where the image
      // declares one; elsewhere its volumes are root's, 0755, and serve (uid 65532) could write neither.
      Volumes: { '/tmp': {}, [`/${CACHE_DIR}`]: {} },
      // The registry comes from ECR_REGISTRY (or give your own arguments: serve --registry ... --tls-cert ...).
      Cmd: ['serve', '--listen', '0.0.0.0:8443'],
      WorkingDir: '/',
      Labels: labels,
      StopSignal: 'SIGTERM',
    },
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
    history: [{ created, created_by: 'scripts/build-image.mjs', comment: 'ecr-custom-domain and docker-credential-ecr-custom single executables, their C libraries, user nonroot' }],
  });
  const manifest = await writeJson(MEDIA.manifest, {
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config,
    layers: [{ mediaType: MEDIA.layer, digest: layer.digest, size: layer.size }],
  });
  process.stderr.write(`build-image: linux/${target.platform.architecture}${target.platform.variant ? `/${target.platform.variant}` : ''}: manifest ${manifest.digest}, layer ${(layer.size / 1e6).toFixed(1)} MB compressed\n`);
  return { ...manifest, platform: target.platform };
}

// ---------------------------------------------------------------------------------------------------------------
// the image
// ---------------------------------------------------------------------------------------------------------------


// Replaces an earlier image only: --out pointing anywhere else is refused rather than emptied.
if (existsSync(out) && (await readdir(out)).length > 0 && !existsSync(join(out, 'oci-layout'))) throw new Error(`${out} is not empty and holds no image layout: give an empty or new --out`);
await rm(out, { recursive: true, force: true });
await mkdir(blobs, { recursive: true });
const manifests = [];
for (const target of PLATFORMS) manifests.push(await buildPlatform(target));
const annotations = { 'org.opencontainers.image.version': pkg.version, 'org.opencontainers.image.created': created, ...(source ? { 'org.opencontainers.image.source': source } : {}) };
const index = await writeJson(MEDIA.index, { schemaVersion: 2, mediaType: MEDIA.index, manifests, annotations });
// One entry, the multi-platform index, so `oci:` and `oci-archive:` need no reference to pick the image.
await writeFile(join(out, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
await writeFile(
  join(out, 'index.json'),
  JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.index, manifests: [{ ...index, annotations: { 'org.opencontainers.image.ref.name': `ecr-custom-domain:${pkg.version}` } }] }),
);

// The layout again as one tar, for `oci-archive:`.
const archiveEntries = [
  ...['oci-layout', 'index.json'].map((name) => ({ name, mode: 0o644, file: join(out, name) })),
  ...(await readdir(blobs)).map((hex) => ({ name: `blobs/sha256/${hex}`, mode: 0o644, file: join(blobs, hex) })),
];
const archive = join(out, 'ecr-custom-domain.oci.tar');
await pipeline(Readable.from(tar(archiveEntries)), createWriteStream(`${archive}.partial`));
await rename(`${archive}.partial`, archive);
process.stderr.write(`build-image: ${archive} (${((await stat(archive)).size / 1e6).toFixed(1)} MB)\n`);
process.stdout.write(`${index.digest}\n`);
