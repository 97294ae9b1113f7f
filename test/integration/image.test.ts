/**
 * The OCI image of `npm run build:image` (scripts/build-image.mjs), built twice from dist/bin: its layout and
 * blobs, that both builds are the same bytes, the arm64 executables run from their own layer under qemu, and the
 * amd64 image loaded and run by podman: serve answers /healthz, /readyz (through TLS to a registry stand-in, found
 * by name) and /metrics, writes /tmp and its cache directory as user nonroot, and stops cleanly on SIGTERM.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureBinaries } from '../support/binaries.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { ROOT } from '../support/processes.ts';
import { freePort } from '../support/ports.ts';

const run = promisify(execFile);
const VERSION = (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version;
const SERVE_HOST = '127.0.0.41';
const REGISTRY_HOST = '127.0.0.42';
const REGISTRY_NAME = 'registry.test';
const QEMU = '/usr/bin/qemu-aarch64-static';

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { architecture: string; os: string; variant?: string };
  annotations?: Record<string, string>;
}
interface Index {
  schemaVersion: number;
  mediaType: string;
  manifests: Descriptor[];
}
interface Manifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}
interface ImageConfig {
  architecture: string;
  os: string;
  config: { User: string; Entrypoint: string[]; Cmd: string[]; Env: string[]; ExposedPorts: Record<string, object>; Labels: Record<string, string>; Volumes?: Record<string, object> };
  rootfs: { type: string; diff_ids: string[] };
}
interface LayerEntry {
  mode: string;
  uid: number;
  gid: number;
  size: number;
}

let work: string;
/** The two builds, each an image layout with its oci-archive, and the index digest each printed. */
const builds: { dir: string; digest: string }[] = [];

beforeAll(() => {
  ensureBinaries();
  work = mkdtempSync(join(tmpdir(), 'image-test-'));
  for (const name of ['a', 'b']) {
    const dir = join(work, name);
    const digest = execFileSync(process.execPath, [`${ROOT}scripts/build-image.mjs`, '--out', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    builds.push({ dir, digest });
  }
}, 300_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const layout = () => builds[0]?.dir ?? '';
const blobPath = (digest: string) => join(layout(), 'blobs/sha256', digest.replace(/^sha256:/, ''));
const readJson = <T>(digest: string): T => JSON.parse(readFileSync(blobPath(digest), 'utf8')) as T;
const imageIndex = () => {
  const top = JSON.parse(readFileSync(join(layout(), 'index.json'), 'utf8')) as Index;
  return { top, index: readJson<Index>(top.manifests[0]?.digest ?? '') };
};
function platformImage(architecture: string) {
  const descriptor = imageIndex().index.manifests.find((m) => m.platform?.architecture === architecture);
  if (!descriptor) throw new Error(`no ${architecture} manifest`);
  const manifest = readJson<Manifest>(descriptor.digest);
  const layer = manifest.layers[0];
  if (!layer) throw new Error(`${architecture}: no layer`);
  return { descriptor, manifest, config: readJson<ImageConfig>(manifest.config.digest), layer };
}

function sha256(file: string, gunzip = false): Promise<string> {
  const hash = createHash('sha256');
  const stream = gunzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  return new Promise((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => hash.update(chunk));
    stream.once('end', () => resolve(`sha256:${hash.digest('hex')}`));
    stream.once('error', reject);
  });
}

/** A layer's entries as GNU tar lists them: name (directories with a trailing slash) to mode, owner and size. */
function layerEntries(digest: string): Map<string, LayerEntry> {
  const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', blobPath(digest)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const entries = new Map<string, LayerEntry>();
  for (const line of listing.trim().split('\n')) {
    const match = /^(\S+) (\d+)\/(\d+)\s+(\d+) \S+ \S+ (.+)$/.exec(line);
    if (!match) throw new Error(`unexpected tar listing line: ${line}`);
    entries.set(match[5] ?? '', { mode: match[1] ?? '', uid: Number(match[2]), gid: Number(match[3]), size: Number(match[4]) });
  }
  return entries;
}

describe('the image layout', () => {
  it('holds one image index for linux/amd64 and linux/arm64, named by version', () => {
    const { top, index } = imageIndex();
    expect(top.manifests).toHaveLength(1);
    expect(top.manifests[0]).toMatchObject({ mediaType: 'application/vnd.oci.image.index.v1+json', annotations: { 'org.opencontainers.image.ref.name': `ecr-custom-domain:${VERSION}` } });
    expect(top.manifests[0]?.digest).toBe(builds[0]?.digest);
    expect(index.manifests.map((m) => m.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux', variant: 'v8' },
    ]);
    expect(readFileSync(join(layout(), 'oci-layout'), 'utf8')).toBe('{"imageLayoutVersion":"1.0.0"}');
  });

  it('stores every blob under the digest and size its descriptor gives', async () => {
    const { top, index } = imageIndex();
    const descriptors: Descriptor[] = [...top.manifests, ...index.manifests];
    for (const architecture of ['amd64', 'arm64']) {
      const { manifest } = platformImage(architecture);
      descriptors.push(manifest.config, ...manifest.layers);
    }
    expect(descriptors).toHaveLength(2 + 2 * 2 + 1);
    for (const descriptor of descriptors) {
      expect(await sha256(blobPath(descriptor.digest)), descriptor.mediaType).toBe(descriptor.digest);
      expect(statSync(blobPath(descriptor.digest)).size).toBe(descriptor.size);
    }
  });

  it.each(['amd64', 'arm64'])('configures %s to run serve as user nonroot, with the uncompressed layer as its diff_id', async (architecture) => {
    const { config, layer, manifest } = platformImage(architecture);
    expect(manifest.layers).toHaveLength(1);
    expect(layer.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    expect(config).toMatchObject({ architecture, os: 'linux', rootfs: { type: 'layers' } });
    expect(config.config).toMatchObject({ User: '65532:65532', Entrypoint: ['/usr/local/bin/ecr-custom-domain'], Cmd: ['serve', '--listen', '0.0.0.0:8443'], ExposedPorts: { '8443/tcp': {} } });
    expect(config.config.Env).toContain('TMPDIR=/tmp');
    expect(config.config.Volumes).toEqual({ '/tmp': {}, '/var/cache/ecr-custom-domain': {} });
    expect(config.config.Labels).toMatchObject({ 'org.opencontainers.image.version': VERSION, 'org.opencontainers.image.licenses': 'Apache-2.0' });
    expect(config.rootfs.diff_ids).toEqual([await sha256(blobPath(layer.digest), true)]);
  });

  it.each(['amd64', 'arm64'])('puts both %s executables, /tmp, the cache directory and the users in the layer', (architecture) => {
    const arch = architecture === 'amd64' ? 'x64' : 'arm64';
    const entries = layerEntries(platformImage(architecture).layer.digest);
    for (const name of ['ecr-custom-domain', 'docker-credential-ecr-custom']) {
      expect(entries.get(`usr/local/bin/${name}`)).toEqual({ mode: '-rwxr-xr-x', uid: 0, gid: 0, size: statSync(`${DIST}/${name}-linux-${arch}`).size });
    }
    expect(entries.get('tmp/')).toMatchObject({ mode: 'drwxrwxrwt', uid: 0, gid: 0 });
    expect(entries.get('var/cache/ecr-custom-domain/')).toMatchObject({ mode: 'drwx------', uid: 65532, gid: 65532 });
    expect(entries.get('etc/passwd')).toBeDefined();
    const names = [...entries.keys()];
    expect(names).toEqual([...names].sort());
  });

  it('carries every library ldd finds for the x64 executables, as a real file under the name asked for', () => {
    const entries = layerEntries(platformImage('amd64').layer.digest);
    for (const name of ['ecr-custom-domain', 'docker-credential-ecr-custom']) {
      const ldd = execFileSync('ldd', [`${DIST}/${name}-linux-x64`], { encoding: 'utf8' });
      const libraries = [...ldd.matchAll(/^\s*(\S+) => (\/\S+)/gm)].map(([, soname, path]) => ({ inImage: `lib/x86_64-linux-gnu/${soname}`, host: path ?? '' }));
      const interpreter = /^\s*(\/\S+) \(0x/m.exec(ldd)?.[1] ?? '';
      expect(libraries.length).toBeGreaterThanOrEqual(5);
      expect(interpreter).toBe('/lib64/ld-linux-x86-64.so.2');
      for (const { inImage, host } of [...libraries, { inImage: interpreter.slice(1), host: interpreter }]) {
        expect(entries.get(inImage), inImage).toMatchObject({ mode: '-rwxr-xr-x', size: statSync(host).size });
      }
    }
  });

  it('is the same bytes when built again', async () => {
    const [a, b] = builds;
    expect(a?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b?.digest).toBe(a?.digest);
    const archive = (dir = '') => sha256(join(dir, 'ecr-custom-domain.oci.tar'));
    expect(await archive(b?.dir)).toBe(await archive(a?.dir));
  });

  it('runs both arm64 executables from their layer alone, under qemu', () => {
    const rootfs = join(work, 'arm64-rootfs');
    mkdirSync(rootfs);
    execFileSync('tar', ['-xzf', blobPath(platformImage('arm64').layer.digest), '-C', rootfs]);
    // -L makes the layer the root for the loader and the libraries; the host has no arm64 libraries there.
    const version = (name: string) => execFileSync(QEMU, ['-L', rootfs, join(rootfs, 'usr/local/bin', name), 'version'], { encoding: 'utf8', env: {} }).trim();
    expect(version('ecr-custom-domain')).toBe(VERSION);
    expect(version('docker-credential-ecr-custom')).toBe(`docker-credential-ecr-custom ${VERSION}`);
  });
});

/** Podman with its own storage, as test/e2e/clients.ts runs it. */
function podmanIn(dir: string) {
  // runc (installed with docker.io), never crun: crun refuses to run containers on cgroup v1/hybrid hosts
  // ("cgroups in hybrid mode not supported"), even with --cgroups disabled; runc runs on v1, hybrid and v2.
  const flags = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file', '--runtime', 'runc'];
  /** stdout, or with `both` (podman logs puts the container's stderr on its own) stdout and stderr. */
  return async (args: string[], both = false): Promise<string> => {
    try {
      const { stdout, stderr } = await run('podman', [...flags, ...args], { maxBuffer: 16 * 1024 * 1024 });
      return (both ? stdout + stderr : stdout).trim();
    } catch (error) {
      const { stderr } = error as { stderr?: string };
      throw new Error(`podman ${args.join(' ')}: ${stderr ?? String(error)}`);
    }
  };
}


describe('the amd64 image in podman', () => {
  let podman: ReturnType<typeof podmanIn>;
  let storage: string;
  let registry: Server;
  let registryPort: number;
  let certs: string;
  let caFile: string;
  const containers: string[] = [];

  beforeAll(async () => {
    storage = mkdtempSync(join(tmpdir(), 'image-podman-'));
    podman = podmanIn(storage);
    // The registry stand-in asks for credentials at /v2/, as ECR does: the streaming door is then ready.
    certs = join(storage, 'certs');
    mkdirSync(certs);
    const pki = await createPki(certs);
    caFile = pki.caFile;
    const registryTls = await pki.issue('registry', [REGISTRY_HOST], [REGISTRY_NAME]);
    const serveTls = await pki.issue('serve', [SERVE_HOST]);
    // Mounted into the container, read there by user 65532, as a Kubernetes Secret volume (mode 0644) would be.
    for (const file of [caFile, serveTls.certFile, serveTls.keyFile]) chmodSync(file, 0o644);
    registry = createHttpsServer({ cert: readFileSync(registryTls.certFile), key: readFileSync(registryTls.keyFile) }, (req, res) => {
      res.writeHead(req.url === '/v2/' ? 401 : 404, { 'www-authenticate': `Basic realm="${REGISTRY_NAME}"`, 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    });
    await new Promise<void>((resolve) => registry.listen(0, REGISTRY_HOST, resolve));
    registryPort = (registry.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    for (const id of containers) await podman(['rm', '--force', id]).catch(() => undefined);
    await podman(['rmi', '--all', '--force']).catch(() => undefined);
    registry?.close();
    if (storage) rmSync(storage, { recursive: true, force: true });
  }, 60_000);

  it('loads the amd64 image of the multi-platform oci-archive, and the arm64 one when asked', async () => {
    const archive = `oci-archive:${join(layout(), 'ecr-custom-domain.oci.tar')}`;
    const amd64 = await podman(['pull', '--quiet', archive]);
    const arm64 = await podman(['pull', '--quiet', '--arch', 'arm64', archive]);
    const inspect = (id: string) => podman(['image', 'inspect', '--format', '{{.Architecture}} {{.User}} {{json .Config.Entrypoint}}', id]);
    expect(await inspect(amd64)).toBe('amd64 65532:65532 ["/usr/local/bin/ecr-custom-domain"]');
    expect(await inspect(arm64)).toMatch(/^arm64 /);
    expect(`sha256:${amd64}`).toBe(platformImage('amd64').manifest.config.digest);
  }, 120_000);

  it('runs serve as user nonroot: /healthz, /readyz through TLS to the registry, /metrics, and a clean stop on SIGTERM', async () => {
    const image = platformImage('amd64').manifest.config.digest.replace(/^sha256:/, '');
    const port = await freePort(SERVE_HOST);
    const id = await podman([
      'run', '--detach', '--network', 'host',
      // Raising a hard limit needs CAP_SYS_RESOURCE, which root lacks in this sandbox: runc refuses podman's default
      // nofile (1048576) there. Lower limits work on any host.
      '--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096',
      // The image's volumes stay in its root filesystem, where the checks below read what serve wrote.
      '--image-volume', 'ignore',
      '--add-host', `${REGISTRY_NAME}:${REGISTRY_HOST}`,
      '--volume', `${caFile}:/etc/ecr-custom-domain/ca.crt:ro`,
      '--volume', `${join(certs, 'serve.crt')}:/etc/ecr-custom-domain/tls/tls.crt:ro`,
      '--volume', `${join(certs, 'serve.key')}:/etc/ecr-custom-domain/tls/tls.key:ro`,
      '--env', 'NODE_EXTRA_CA_CERTS=/etc/ecr-custom-domain/ca.crt',
      image,
      'serve', '--front-door', 'cloudfront', '--listen', `${SERVE_HOST}:${port}`, '--registry', `${REGISTRY_NAME}:${registryPort}`,
      '--tls-cert', '/etc/ecr-custom-domain/tls/tls.crt', '--tls-key', '/etc/ecr-custom-domain/tls/tls.key',
      '--cache-dir', '/var/cache/ecr-custom-domain', '--cache-max-bytes', '1G', '--drain-seconds', '5',
    ]);
    containers.push(id);
    const base = `https://${SERVE_HOST}:${port}`;
    const ca = readFileSync(caFile);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const health = await send(base, '/healthz', { ca }).catch(() => undefined);
      if (health?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`serve did not answer /healthz: ${await podman(['logs', id], true)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const ready = await send(base, '/readyz', { ca });
    expect({ status: ready.status, body: JSON.parse(ready.body.toString()) as unknown }).toEqual({ status: 200, body: { status: 'ok' } });
    const metrics = await send(base, '/metrics', { ca });
    expect(metrics.status).toBe(200);
    expect(metrics.body.toString()).toMatch(/^ecr_custom_domain_in_flight_requests\{door="cloudfront"\} 0$/m);

    // What serve wrote, as the user it ran as: its bundle under /tmp and the cache's directories.
    const rootfs = await podman(['mount', id]);
    const owner = (path: string) => {
      const stats = statSync(join(rootfs, path));
      return `${stats.uid}:${stats.gid}`;
    };
    const extracted = readdirSync(join(rootfs, 'tmp'));
    expect(extracted).toEqual([expect.stringMatching(/^ecr-custom-domain-/)]);
    expect(owner(`tmp/${extracted[0]}`)).toBe('65532:65532');
    expect(owner('var/cache/ecr-custom-domain/sha256')).toBe('65532:65532');
    expect(owner('var/cache/ecr-custom-domain/tmp')).toBe('65532:65532');
    await podman(['unmount', id]);

    await podman(['stop', '--time', '20', id]);
    expect(await podman(['inspect', '--format', '{{.State.ExitCode}}', id])).toBe('0');
    const logs = await podman(['logs', id], true);
    expect(logs).toContain(`serve: listening on ${base}`);
    expect(logs).toContain('serve: draining');
    expect(logs).toContain('serve: stopped');
    // It exited rather than being killed: its bundle is gone from /tmp.
    expect(readdirSync(join(await podman(['mount', id]), 'tmp'))).toEqual([]);
    await podman(['unmount', id]);
  }, 120_000);
});
