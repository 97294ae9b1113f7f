// serve as a self-hosted pull-through cache, against a registry and blob storage across a WAN: a repeat pull of a
// 100 MB image through `serve --front-door cloudfront --cache-dir` vs pulling it directly, and serve's memory while
// it serves ~1 GB from its cache.
//
// The WAN (test/support/delay-proxy.ts): the registry and the blob host each sit behind a userland TCP proxy that
// adds 15 ms each way (30 ms round trip, one more for every new connection's handshake) and models TCP flow
// control: each direction of a connection may have at most WINDOW bytes read but not yet acknowledged (an
// acknowledgement comes back one RTT after the bytes were read), and a full window stops reading from the sender.
// One connection therefore moves at most WINDOW per RTT (4 MiB / 30 ms ≈ 140 MB/s). No slow start, no loss, no
// shared bandwidth cap: that is the kindest WAN for the direct pull, so the speed-up it shows is conservative.
//
// Who sits where: the registry stand-in answers every blob GET with a 307 to the *delayed* blob host, as ECR does
// with S3. Direct: the puller talks to the delayed registry and the delayed blob host. Through the cache: the
// puller talks to serve on another loopback address (no delay), serve asks the delayed registry (credentials,
// manifest, the 307 for each blob) and answers a hit from disk without touching storage.
//
// The registry, blob host and proxies run in a worker thread (the far side); the puller in this thread; serve in
// its own process. The blob host's TLS work thus does not slow the puller, as S3's does not.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Agent, createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { delayProxy, type WanLink } from '../test/support/delay-proxy.ts';
import { cpuMs, rssMb } from '../test/support/faults.ts';
import { createPki } from '../test/support/pki.ts';
import { type Started, startServe } from '../test/support/processes.ts';
import { median, type Report } from './report.ts';

// WINDOW = 4 MiB: a typical Linux autotuned TCP receive window (net.ipv4.tcp_rmem max is 4-6 MiB by default).
const LINK: WanLink = { oneWayMs: 15, windowBytes: 4 * 1024 * 1024 };
const LAYERS = 4;
const LAYER_BYTES = 25 * 1024 * 1024;
/** Blobs in flight per pull, as docker's max-concurrent-downloads. */
const PULL_CONCURRENCY = 3;
const ROUNDS = 5;
const HOSTS = { registry: '127.0.0.60', registryWan: '127.0.0.61', storage: '127.0.0.62', storageWan: '127.0.0.63', serve: '127.0.0.64' };
const REPOSITORY = 'bench/app';
/** More images of the same size, each pulled through the cache once: the first pull is measured on each. */
const MORE_FIRST_PULLS = ['bench/second', 'bench/third'];
/** A smaller image of other blobs, filled first so that serve's fill path is warm, as in a cache that has run a while. */
const WARM_UP = { repository: 'bench/warm-up', layerBytes: 2 * 1024 * 1024 };
const PASSWORD = 'self-hosted-bench-password';
const BASIC = `Basic ${Buffer.from(`AWS:${PASSWORD}`).toString('base64')}`;
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
/** Slots of the counters the blob host shares with this thread. */
const SERVED_BYTES = 0;
const SERVED_REQUESTS = 1;

interface FarSide {
  role: 'self-hosted-far-side';
  certFile: string;
  keyFile: string;
  /** BigInt64Array slots: SERVED_BYTES, SERVED_REQUESTS. */
  counters: SharedArrayBuffer;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** An image of 4 layers of random bytes, its config and manifest; blobs by digest. */
function buildImage(layerBytes: number): { manifest: Buffer; blobs: Map<string, Buffer> } {
  const layers = Array.from({ length: LAYERS }, () => randomBytes(layerBytes));
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map(sha256) } }));
  const descriptor = (mediaType: string, blob: Buffer) => ({ mediaType, digest: sha256(blob), size: blob.length });
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: descriptor('application/vnd.oci.image.config.v1+json', config),
      layers: layers.map((layer) => descriptor('application/vnd.oci.image.layer.v1.tar+gzip', layer)),
    }),
  );
  return { manifest, blobs: new Map([config, ...layers].map((blob) => [sha256(blob), blob])) };
}

function* slices(blob: Buffer, onSlice: (bytes: number) => void): Generator<Buffer> {
  for (let offset = 0; offset < blob.length; offset += 256 * 1024) {
    const slice = blob.subarray(offset, offset + 256 * 1024);
    onSlice(slice.length);
    yield slice;
  }
}

/** The worker: registry stand-in and blob host, each behind its delay proxy. Posts the delayed registry's authority. */
async function runFarSide(options: FarSide): Promise<void> {
  const images = new Map([
    [REPOSITORY, buildImage(LAYER_BYTES)],
    ...MORE_FIRST_PULLS.map((repository) => [repository, buildImage(LAYER_BYTES)] as const),
    [WARM_UP.repository, buildImage(WARM_UP.layerBytes)],
  ]);
  const blobs = new Map([...images.values()].flatMap((image) => [...image.blobs]));
  const served = new BigInt64Array(options.counters);
  const keys = { cert: await readFile(options.certFile), key: await readFile(options.keyFile) };

  const blobHost = createServer(keys, (req, res) => {
    req.resume();
    const blob = blobs.get(`sha256:${/^\/blobs\/([a-f0-9]{64})\?/.exec(req.url ?? '')?.[1]}`);
    if (req.headers.authorization !== undefined) return void res.writeHead(400).end();
    if (blob === undefined) return void res.writeHead(404).end();
    Atomics.add(served, SERVED_REQUESTS, 1n);
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(blob.length) });
    if (req.method === 'HEAD') return void res.end();
    // 256 KiB writes that wait for the socket, as storage streams from disk (one 25 MB write would stall the proxies' timers).
    pipeline(Readable.from(slices(blob, (bytes) => Atomics.add(served, SERVED_BYTES, BigInt(bytes)))), res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => blobHost.listen(0, HOSTS.storage, resolve));
  const storage = await delayProxy(HOSTS.storageWan, `${HOSTS.storage}:${(blobHost.address() as AddressInfo).port}`, LINK);

  let registryAuthority = '';
  const registry = createServer(keys, (req, res) => {
    req.resume();
    if (req.headers.authorization !== BASIC) {
      return void res.writeHead(401, { 'www-authenticate': `Basic realm="https://${registryAuthority}/"`, 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    const url = req.url ?? '';
    if (url === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const [, repository = '', kind, reference = ''] = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url) ?? [];
    const image = images.get(repository);
    const manifest = image?.manifest;
    if (kind === 'manifests' && manifest !== undefined && (reference === 'v1' || reference === sha256(manifest))) {
      res.writeHead(200, { 'content-type': MANIFEST_TYPE, 'content-length': String(manifest.length), 'docker-content-digest': sha256(manifest) });
      return void res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    const digest = kind === 'blobs' ? reference : '';
    if (image?.blobs.has(digest)) {
      return void res.writeHead(307, { location: `https://${storage.authority}/blobs/${digest.slice(7)}?X-Amz-Signature=stand-in` }).end();
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN","message":"not here"}]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, HOSTS.registry, resolve));
  const registryWan = await delayProxy(HOSTS.registryWan, `${HOSTS.registry}:${(registry.address() as AddressInfo).port}`, LINK);
  registryAuthority = registryWan.authority;
  parentPort?.postMessage({ registry: registryWan.authority });
}

if (!isMainThread && (workerData as Partial<FarSide> | undefined)?.role === 'self-hosted-far-side') await runFarSide(workerData as FarSide);

/** Starts the far side in a worker thread (tsx registered there too); resolves with the delayed registry's authority. */
async function startFarSide(options: FarSide): Promise<{ worker: Worker; registry: string }> {
  const code = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((api) => { api.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(code, { eval: true, workerData: options });
  const registry = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { registry: string }) => resolve(message.registry));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the far side exited with ${code}`)));
  });
  return { worker, registry };
}

interface Pulled {
  ms: number;
  bytes: number;
  /** 307s the puller followed to storage itself. */
  redirects: number;
}

function get(agent: Agent, url: URL, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, resolve);
    req.once('error', reject);
    req.end();
  });
}

/**
 * Pulls the image as the docker engine does, minus unpacking: the version check and the manifest with credentials,
 * then the config and layers, PULL_CONCURRENCY at a time, following a redirect to storage without credentials and
 * checking every blob's digest and size as it streams. Fresh connections for every pull.
 */
async function pull(door: string, ca: Buffer, repository = REPOSITORY): Promise<Pulled> {
  const agent = new Agent({ keepAlive: true, maxSockets: PULL_CONCURRENCY, ca });
  const auth = { authorization: BASIC };
  const started = performance.now();
  let bytes = 0;
  let redirects = 0;
  try {
    const ping = await get(agent, new URL('/v2/', door), auth);
    ping.resume();
    if (ping.statusCode !== 200) throw new Error(`GET /v2/ at ${door} answered ${ping.statusCode}`);
    const answer = await get(agent, new URL(`/v2/${repository}/manifests/v1`, door), { ...auth, accept: MANIFEST_TYPE });
    const chunks: Buffer[] = [];
    for await (const chunk of answer) chunks.push(chunk as Buffer);
    if (answer.statusCode !== 200) throw new Error(`GET manifest at ${door} answered ${answer.statusCode}`);
    const manifest = JSON.parse(Buffer.concat(chunks).toString()) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
    const queue = [manifest.config, ...manifest.layers];
    const fetchBlob = async ({ digest, size }: { digest: string; size: number }) => {
      const url = new URL(`/v2/${repository}/blobs/${digest}`, door);
      let blob = await get(agent, url, auth);
      if (blob.statusCode === 307 && blob.headers.location !== undefined) {
        blob.resume();
        redirects++;
        blob = await get(agent, new URL(blob.headers.location, url), {});
      }
      if (blob.statusCode !== 200) throw new Error(`GET ${digest} at ${door} answered ${blob.statusCode}`);
      const hash = createHash('sha256');
      let received = 0;
      for await (const chunk of blob) {
        hash.update(chunk as Buffer);
        received += (chunk as Buffer).length;
      }
      if (`sha256:${hash.digest('hex')}` !== digest || received !== size) throw new Error(`blob ${digest} from ${door}: ${received} bytes that do not match`);
      bytes += received;
    };
    await Promise.all(
      Array.from({ length: PULL_CONCURRENCY }, async () => {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) await fetchBlob(next);
      }),
    );
  } finally {
    agent.destroy();
  }
  return { ms: performance.now() - started, bytes, redirects };
}

/** Peak resident memory since the process started, in MB (VmHWM). */
async function highWaterMb(pid: number): Promise<number> {
  return Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

const mb = (bytes: number | bigint) => `${(Number(bytes) / 1e6).toFixed(1)} MB`;

export default async function bench(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-self-hosted-'));
  const pki = await createPki(dir);
  const tls = await pki.issue('bench', Object.values(HOSTS));
  const ca = await readFile(pki.caFile);
  const counters = new SharedArrayBuffer(2 * BigInt64Array.BYTES_PER_ELEMENT);
  const served = new BigInt64Array(counters);
  /** Runs `work` and returns what the blob host served meanwhile. */
  const storageDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; bytes: bigint; requests: bigint }> => {
    const [bytes, requests] = [Atomics.load(served, SERVED_BYTES), Atomics.load(served, SERVED_REQUESTS)];
    const result = await work();
    return { result, bytes: Atomics.load(served, SERVED_BYTES) - bytes, requests: Atomics.load(served, SERVED_REQUESTS) - requests };
  };
  let farSide: Worker | undefined;
  let serve: Started | undefined;
  try {
    const started = await startFarSide({ role: 'self-hosted-far-side', certFile: tls.certFile, keyFile: tls.keyFile, counters });
    farSide = started.worker;
    const direct = `https://${started.registry}`;
    const cacheDir = join(dir, 'cache');
    const startCache = () =>
      startServe(
        ['--listen', `${HOSTS.serve}:0`, '--registry', started.registry, '--front-door', 'cloudfront', '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--cache-dir', cacheDir, '--cache-max-bytes', '1G'],
        { NODE_EXTRA_CA_CERTS: pki.caFile },
      );
    serve = await startCache();
    const cached = serve.url;

    // A direct pull warms up this process, and a pull of another image fills serve's cache with other blobs and warms
    // up its fill path, as a cache that has run a while is warm: neither counted.
    await pull(direct, ca);
    await pull(cached, ca, WARM_UP.repository);
    const servePid = serve.child.pid ?? 0;
    // First pulls: images no pull has brought into the cache yet, each followed by a direct pull.
    const firsts: number[] = [];
    const firstsDirect: number[] = [];
    for (const repository of [REPOSITORY, ...MORE_FIRST_PULLS]) {
      const cpuBefore = await cpuMs(servePid);
      const fill = await storageDuring(() => pull(cached, ca, repository));
      const cpuAfter = await cpuMs(servePid);
      if (fill.bytes !== BigInt(fill.result.bytes)) throw new Error(`the first pull of ${repository} through the cache took ${fill.result.bytes} bytes while storage served ${fill.bytes}: it is not measuring a fill`);
      console.log(`first pull of ${repository} through the cache (fills it): ${fill.result.ms.toFixed(0)} ms; blob host served ${mb(fill.bytes)} in ${fill.requests} requests; serve used ${cpuAfter.user - cpuBefore.user} ms user + ${cpuAfter.system - cpuBefore.system} ms system CPU`);
      firsts.push(fill.result.ms);
      firstsDirect.push((await pull(direct, ca)).ms);
    }
    const fromCache = async () => {
      const hit = await storageDuring(() => pull(cached, ca));
      if (hit.bytes !== 0n || hit.requests !== 0n || hit.result.redirects !== 0) {
        throw new Error(`a pull through the filled cache fetched ${hit.bytes} bytes in ${hit.requests} requests from storage and followed ${hit.result.redirects} redirects: it is not measuring the cache`);
      }
      return hit.result.ms;
    };
    // The second pull warms up serve's hit path, as the direct warm-up did this process: a long-running serve is warm.
    console.log(`second pull through the cache (warm-up, not counted): ${(await fromCache()).toFixed(0)} ms`);
    const viaCache: number[] = [];
    const straight: number[] = [];
    const directStorage: bigint[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      viaCache.push(await fromCache());
      const plain = await storageDuring(() => pull(direct, ca));
      straight.push(plain.result.ms);
      directStorage.push(plain.bytes);
    }
    console.log(`blob host served per direct pull: ${directStorage.map(mb).join(', ')}; per later pull through the cache: 0 B (checked)`);
    console.log(`direct pulls: ${straight.map((ms) => ms.toFixed(0)).join(', ')} ms; later pulls through the cache: ${viaCache.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    console.log(`first pulls through the cache: ${firsts.map((ms) => ms.toFixed(0)).join(', ')} ms; a direct pull after each: ${firstsDirect.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    report({ name: 'first pull of a 100 MB image through serve (fills the cache) over a 30 ms WAN', value: median(firsts), baseline: median(firstsDirect), unit: 'ms', baselineName: 'direct pull', goal: { max: 1.2 } });
    report({
      name: 'direct pull of a 100 MB image over a 30 ms WAN vs a repeat pull through serve --cache-dir (speed-up)',
      value: median(straight),
      baseline: median(viaCache),
      unit: 'ms',
      baselineName: 'repeat pull through the cache',
      goal: { min: 3 },
    });

    // Memory: a fresh serve on the filled cache, idle, then 10 pulls from it, 4 at a time.
    await serve.stop();
    serve = await startCache();
    const door = serve.url;
    const pid = serve.child.pid ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const idle = await rssMb(pid);
    let peak = idle;
    // VmRSS every 50 ms; VmHWM, printed below, is the kernel's own peak to check the sampling against.
    const sampler = setInterval(() => void rssMb(pid).then((rss) => (peak = Math.max(peak, rss)), () => undefined), 50);
    const pulls = 10;
    let remaining = pulls;
    const load = await storageDuring(async () => {
      const loadStarted = performance.now();
      const done = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const results: Pulled[] = [];
          while (remaining-- > 0) results.push(await pull(door, ca));
          return results;
        }),
      );
      return { ms: performance.now() - loadStarted, bytes: done.flat().reduce((sum, p) => sum + p.bytes, 0) };
    });
    clearInterval(sampler);
    peak = Math.max(peak, await rssMb(pid));
    if (load.bytes !== 0n || load.requests !== 0n) throw new Error(`the pulls from the cache fetched ${load.bytes} bytes in ${load.requests} requests from storage: they are not measuring the cache`);
    console.log(`served ${mb(load.result.bytes)} from the cache in ${pulls} pulls, 4 at a time, in ${load.result.ms.toFixed(0)} ms; blob host served 0 B (checked); serve VmHWM ${(await highWaterMb(pid)).toFixed(1)} MB`);
    report({ name: `serve --cache-dir peak RSS while serving ~1 GB from its cache (${pulls} pulls of the 100 MB image, 4 at a time)`, value: peak, baseline: idle, unit: 'MB', baselineName: 'idle after start', goal: { maxDelta: Math.floor(150 - idle) } });
    console.log(`serve peak RSS while serving ~1 GB from its cache: ${peak.toFixed(1)} MB (goal <= 150 MB: ${peak <= 150 ? 'met' : 'MISSED'})`);
  } finally {
    await serve?.stop();
    await farSide?.terminate();
    await rm(dir, { recursive: true, force: true });
  }
}
