/**
 * serve as a self-hosted proxy, as real processes: the layer cache at the streaming door (private access) and at
 * the api-gateway door (public access), its readers each at their own pace and serve's peak memory while they read,
 * /metrics, and the drain on SIGTERM. The registry stand-in answers blob GETs with a 307 to a separate blob host, as
 * ECR does with S3.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { SERVE_BIN, type Started, startServe } from '../support/processes.ts';

const PASSWORD = 'self-hosted-stand-in-password';
const BASIC = `Basic ${Buffer.from(`AWS:${PASSWORD}`).toString('base64')}`;
/** A second credential the registry accepts while `revocable.allowed`. */
const REVOCABLE = `Basic ${Buffer.from('AWS:revocable-stand-in-password').toString('base64')}`;
const revocable = { allowed: true };
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const blob = randomBytes(3 * 1024 * 1024);
const digest = sha256(blob);
/** 40 MB layers, as in the measurement of issue 26: one for the paused reader, one for the 50 readers. */
const layers = new Map(['paused', 'fifty'].map((name) => [`/${name}`, randomBytes(40 * 1024 * 1024)]));
const layerDigests = new Map([...layers].map(([path, bytes]) => [path.slice(1), sha256(bytes)]));
const layerDigest = (name: string) => layerDigests.get(name) ?? '';

let dir: string;
let registry: Server;
let blobHost: Server;
let api: EcrApiStandIn;
let registryAuthority: string;
const storageRequests: string[] = [];
/** Blob requests that reached the registry. */
const registryBlobRequests: string[] = [];
/** Version checks (GET or HEAD /v2/) that reached the registry, with their credential. */
const registryVersionChecks: (string | undefined)[] = [];
/** Storage paths whose next GET sends the first half, then the rest once the promise settles. */
const gates = new Map<string, Promise<void>>();
let releaseSlow: (() => void) | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'self-hosted-'));
  const pki = await createPki(dir);
  const tls = await pki.issue('registry', ['127.0.0.50', '127.0.0.51']);
  const keys = { cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) };
  blobHost = createHttpsServer(keys, (req, res) => {
    storageRequests.push(req.url ?? '');
    if (req.headers.authorization !== undefined) return void res.writeHead(400).end();
    const path = (req.url ?? '').split('?')[0] ?? '';
    const bytes = layers.get(path) ?? blob;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
    const gate = req.method === 'GET' ? gates.get(path) : undefined;
    if (gate === undefined) return void res.end(req.method === 'HEAD' ? undefined : bytes);
    gates.delete(path);
    res.write(bytes.subarray(0, bytes.length / 2));
    void gate.then(() => res.end(bytes.subarray(bytes.length / 2)));
  });
  await new Promise<void>((resolve) => blobHost.listen(0, '127.0.0.51', resolve));
  const storage = `https://127.0.0.51:${(blobHost.address() as AddressInfo).port}`;
  registry = createHttpsServer(keys, (req, res) => {
    req.resume();
    if (req.url?.includes('/blobs/')) registryBlobRequests.push(req.url);
    if (req.url === '/v2/') registryVersionChecks.push(req.headers.authorization);
    if (req.headers.authorization !== BASIC && !(revocable.allowed && req.headers.authorization === REVOCABLE)) {
      return void res.writeHead(401, { 'www-authenticate': `Basic realm="https://${registryAuthority}/"`, 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    if (req.url === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
    if (req.url === `/v2/app/blobs/${digest}`) return void res.writeHead(307, { location: `${storage}/layer?X-Amz-Signature=stand-in` }).end();
    for (const name of ['paused', 'fifty']) {
      if (req.url === `/v2/app/blobs/${layerDigest(name)}`) return void res.writeHead(307, { location: `${storage}/${name}?X-Amz-Signature=stand-in` }).end();
    }
    if (req.url === '/v2/app/manifests/slow') {
      releaseSlow = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"slow":true}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown"}]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.50', resolve));
  registryAuthority = `127.0.0.50:${(registry.address() as AddressInfo).port}`;
  api = await startEcrApiStandIn({ host: '127.0.0.4', password: PASSWORD });
});
afterAll(async () => {
  await api?.close();
  for (const server of [registry, blobHost]) {
    server?.closeAllConnections();
    server?.close();
  }
  await rm(dir, { recursive: true, force: true });
});

function startProxy(args: string[]): Promise<Started> {
  return startServe(['--listen', '127.0.0.52:0', '--registry', registryAuthority, ...args], {
    NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt'),
    AWS_ACCESS_KEY_ID: 'AKIDSTANDINEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'stand-in-secret-access-key',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_ECR: api.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
}

function metric(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return Number(line?.split(' ').pop() ?? Number.NaN);
}

describe.each([
  // Private access: the registry refuses other credentials.
  { door: 'cloudfront', args: ['--front-door', 'cloudfront'], headers: { authorization: BASIC } as Record<string, string>, refused: { path: `/v2/app/blobs/${digest}`, headers: { authorization: 'Basic QVdTOndyb25n' } as Record<string, string> } },
  // Public access: the allow-list refuses other repositories (the registry would hand out the blob for any).
  { door: 'api-gateway, public access', args: ['--access', 'public', '--repositories', 'app'], headers: {} as Record<string, string>, refused: { path: `/v2/other/blobs/${digest}`, headers: {} as Record<string, string> } },
])('layer cache at the $door door', ({ args, headers, refused }) => {
  let proxy: Started;
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(dir, 'cache-'));
    proxy = await startProxy([...args, '--cache-dir', cacheDir, '--cache-max-bytes', '64M']);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('fetches a layer from storage once, then answers from disk, verified, with Range', async () => {
    const before = storageRequests.length;
    for (let i = 0; i < 2; i++) {
      const answer = await send(proxy.url, `/v2/app/blobs/${digest}`, { headers });
      expect(answer.status).toBe(200);
      expect(answer.headers['docker-content-digest']).toBe(digest);
      expect(createHash('sha256').update(answer.body).digest('hex')).toBe(digest.slice(7));
    }
    expect(storageRequests.length - before).toBe(1);
    const part = await send(proxy.url, `/v2/app/blobs/${digest}`, { headers: { ...headers, range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.body).toEqual(blob.subarray(10, 20));
    expect(storageRequests.length - before).toBe(1);
    const files = await readdir(join(cacheDir, 'sha256'), { recursive: true });
    expect(files).toContain(join(digest.slice(7, 9), digest.slice(7)));
  });

  it('keeps cached layers private: entries 0600, directories 0700', async () => {
    const modeOf = async (...names: string[]) => (await lstat(join(cacheDir, ...names))).mode & 0o777;
    expect(await modeOf('sha256', digest.slice(7, 9), digest.slice(7))).toBe(0o600);
    for (const sub of [['sha256'], ['sha256', digest.slice(7, 9)], ['tmp']]) expect(await modeOf(...sub), sub.join('/')).toBe(0o700);
  });

  it('still asks first: a request refused gets no cached byte', async () => {
    const answer = await send(proxy.url, refused.path, { headers: refused.headers });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body.includes(blob.subarray(0, 64))).toBe(false);
  });

  it('publishes its counters on /metrics', async () => {
    const answer = await send(proxy.url, '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = answer.body.toString();
    expect(metric(text, 'ecr_custom_domain_cache_events_total', 'event="store"')).toBe(1);
    expect(metric(text, 'ecr_custom_domain_cache_events_total', 'event="hit"')).toBe(2);
    expect(metric(text, 'ecr_custom_domain_cache_event_bytes_total', 'event="hit"')).toBe(blob.length + 10);
    expect(metric(text, 'ecr_custom_domain_cache_size_bytes', '')).toBe(blob.length);
    expect(metric(text, 'ecr_custom_domain_requests_total', 'status="2xx",outcome="cache_fill"')).toBe(1);
    // The 200 and the 206 from disk: one status class.
    expect(metric(text, 'ecr_custom_domain_requests_total', 'status="2xx",outcome="cache_hit"')).toBe(2);
    expect(text).toMatch(/^ecr_custom_domain_upstream_duration_seconds_count\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^ecr_custom_domain_in_flight_requests\{[^}]*\} 0$/m);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('X-Amz-Signature');
  });
});

describe.each([
  { door: 'cloudfront', args: ['--front-door', 'cloudfront'] },
  { door: 'proxy', args: ['--front-door', 'proxy'] },
])('grants at the $door door', ({ args }) => {
  let proxy: Started;
  beforeAll(async () => {
    proxy = await startProxy([...args, '--cache-dir', await mkdtemp(join(dir, 'grants-')), '--cache-max-bytes', '64M']);
  });
  afterAll(async () => {
    revocable.allowed = true;
    await proxy?.stop();
  });

  it('answers a credential\'s repeat GET of a blob without asking the registry, and nothing more once the registry refuses that credential', async () => {
    const path = `/v2/app/blobs/${digest}`;
    const headers = { authorization: REVOCABLE };
    const asked = () => registryBlobRequests.filter((url) => url === path).length;
    const before = asked();
    expect(sha256((await send(proxy.url, path, { headers })).body)).toBe(digest);
    expect(asked()).toBe(before + 1);
    for (let i = 0; i < 2; i++) expect(sha256((await send(proxy.url, path, { headers })).body)).toBe(digest);
    expect(asked()).toBe(before + 1);
    // Another credential is asked for, granted the same blob or not.
    expect((await send(proxy.url, path, { headers: { authorization: BASIC } })).status).toBe(200);
    expect(asked()).toBe(before + 2);

    revocable.allowed = false;
    expect((await send(proxy.url, '/v2/app/manifests/v1', { headers })).status).toBe(401);
    const refused = await send(proxy.url, path, { headers });
    expect(refused.status).toBe(401);
    expect(refused.body.includes(blob.subarray(0, 64))).toBe(false);
    expect(asked()).toBe(before + 3);
  });

  it('answers a version check of a credential the registry admitted with the registry\'s answer, and asks again once it refuses that credential', async () => {
    revocable.allowed = true;
    const headers = { authorization: REVOCABLE };
    const asked = (credential: string) => registryVersionChecks.filter((authorization) => authorization === credential).length;
    const before = asked(REVOCABLE);
    const first = await send(proxy.url, '/v2/', { headers });
    expect(first.status).toBe(200);
    expect(asked(REVOCABLE)).toBe(before + 1);
    for (const method of ['GET', 'HEAD', 'GET']) {
      const again = await send(proxy.url, '/v2/', { method, headers });
      expect(again.status).toBe(200);
      expect(again.headers['docker-distribution-api-version']).toBe('registry/2.0');
      expect(again.headers['content-type']).toBe('application/json');
      expect(again.headers['content-length']).toBe('2');
      expect(again.body.toString()).toBe(method === 'HEAD' ? '' : '{}');
    }
    expect(asked(REVOCABLE)).toBe(before + 1);
    // Another credential, or none, is asked for: the registry answers each itself.
    const beforeOthers = registryVersionChecks.length;
    expect((await send(proxy.url, '/v2/', { headers: { authorization: BASIC } })).status).toBe(200);
    expect((await send(proxy.url, '/v2/', {})).status).toBe(401);
    expect(registryVersionChecks.length).toBe(beforeOthers + 2);
    // Admission answers only the version check: a manifest is still asked, and its refusal ends the admission.
    revocable.allowed = false;
    expect((await send(proxy.url, '/v2/app/manifests/v1', { headers })).status).toBe(401);
    expect((await send(proxy.url, '/v2/', { headers })).status).toBe(401);
    expect(asked(REVOCABLE)).toBe(before + 2);
    revocable.allowed = true;
    // A request with a cookie admits nothing: the registry may have answered the cookie, which a grant does not name.
    for (let i = 0; i < 2; i++) expect((await send(proxy.url, '/v2/', { headers: { ...headers, cookie: 'session=stand-in' } })).status).toBe(200);
    expect(asked(REVOCABLE)).toBe(before + 4);
  });
});

/**
 * Storage sends the first half of layer `name` on its next GET, and the rest once `readers` readers have had their first
 * bytes (`opened`): a reader that gets none before the fill is whole (store-then-send, or a stopped client holding the
 * others) never opens it, however slow or fast the host.
 */
function halfUntilFirstBytes(name: string, readers: number): { onFirstBytes: () => void; opened: Promise<void> } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  gates.set(`/${name}`, opened);
  let waiting = readers;
  const onFirstBytes = () => {
    waiting -= 1;
    if (waiting === 0) open();
  };
  return { onFirstBytes, opened };
}

/** Within serve's 30 s source deadline for a fill, after which its readers fetch for themselves. */
const FIRST_BYTES_MS = 20_000;

/** A GET of `path` from serve; `onFirstBytes` runs when the first body bytes arrive. */
function getLayer(base: string, path: string, headers: Record<string, string>, onFirstBytes: () => void): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer; complete: boolean }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (chunks.length === 0) onFirstBytes();
        chunks.push(chunk);
      });
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A client that sends a GET and then reads nothing (its socket paused): `docker pull` stopped, or a slowloris on the body. */
function stoppedReader(base: string, path: string, headers: Record<string, string>): Socket {
  const url = new URL(base);
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => undefined);
  const lines = Object.entries({ host: url.host, ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
  socket.pause();
  return socket;
}

const within = <T>(ms: number, promise: Promise<T>, what = 'answer') =>
  Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);

/** serve's resident memory in bytes: now (VmRSS) or its peak since the last reset (VmHWM). */
async function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
  if (kB === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(kB) * 1024;
}

describe.each([
  { door: 'cloudfront', args: ['--front-door', 'cloudfront'], headers: { authorization: BASIC } as Record<string, string> },
  { door: 'proxy', args: ['--front-door', 'proxy'], headers: { authorization: BASIC } as Record<string, string> },
  { door: 'api-gateway, public access', args: ['--access', 'public', '--repositories', 'app'], headers: {} as Record<string, string> },
])('the layer cache\'s readers at the $door door', ({ args, headers }) => {
  let proxy: Started;
  const stopped: Socket[] = [];
  beforeAll(async () => {
    proxy = await startProxy([...args, '--cache-dir', await mkdtemp(join(dir, 'readers-')), '--cache-max-bytes', '256M']);
  });
  afterAll(async () => {
    for (const socket of stopped) socket.destroy();
    await proxy?.stop();
  });

  it('gives a client its first byte before storage sends the rest, and the whole verified layer, while another client of that layer has stopped reading', async () => {
    const path = `/v2/app/blobs/${layerDigest('paused')}`;
    const before = storageRequests.filter((url) => url.startsWith('/paused')).length;
    const { onFirstBytes, opened } = halfUntilFirstBytes('paused', 1);
    stopped.push(stoppedReader(proxy.url, path, headers));
    await expect.poll(() => storageRequests.filter((url) => url.startsWith('/paused')).length, { timeout: 5_000 }).toBe(before + 1);
    // As measured in issue 26: the second client comes 1 s later.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const got = getLayer(proxy.url, path, headers, onFirstBytes);
    await within(FIRST_BYTES_MS, opened, 'first byte before storage sent the rest');
    const answer = await within(30_000, got);
    expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': layerDigest('paused') } });
    expect(sha256(answer.body)).toBe(layerDigest('paused'));
    expect(storageRequests.filter((url) => url.startsWith('/paused')).length).toBe(before + 1);
  });
});

describe('serve\'s memory while 50 clients read one layer being fetched (cloudfront door)', () => {
  let proxy: Started;
  const stopped: Socket[] = [];
  const headers = { authorization: BASIC };
  beforeAll(async () => {
    proxy = await startProxy(['--front-door', 'cloudfront', '--cache-dir', await mkdtemp(join(dir, 'memory-')), '--cache-max-bytes', '256M']);
  });
  afterAll(async () => {
    for (const socket of stopped) socket.destroy();
    await proxy?.stop();
  });

  it(
    'serves 50 clients of one layer being fetched, 10 of them stopped, each other its first byte before storage sends the rest, within the documented memory bound',
    async () => {
      const pid = proxy.child.pid ?? 0;
      const path = `/v2/app/blobs/${layerDigest('fifty')}`;
      // The peak is measured from here (clear_refs 5 resets VmHWM to the current RSS).
      await writeFile(`/proc/${pid}/clear_refs`, '5');
      const baseline = await memoryOf(pid, 'VmRSS');
      const { onFirstBytes, opened } = halfUntilFirstBytes('fifty', 40);
      const answers: Promise<Awaited<ReturnType<typeof getLayer>>>[] = [];
      for (let i = 0; i < 50; i++) {
        if (i % 5 === 0) stopped.push(stoppedReader(proxy.url, path, headers));
        else answers.push(getLayer(proxy.url, path, headers, onFirstBytes));
      }
      await within(FIRST_BYTES_MS, opened, 'first bytes before storage sent the rest');
      const answered = await within(60_000, Promise.all(answers));
      const peak = (await memoryOf(pid, 'VmHWM')) - baseline;
      for (const answer of answered) {
        expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': layerDigest('fifty') } });
        expect(sha256(answer.body)).toBe(layerDigest('fifty'));
      }
      // docs/serve.md's bound: about 1 MiB per client (its connections; of the layer, one 64 KiB chunk) and 32 MiB per fill, whatever
      // the layer's size and its clients' pace. Holding the layer for each stopped client would take 10 copies (400 MB).
      expect(peak, `serve's peak RSS grew by ${Math.round(peak / 1024 / 1024)} MiB`).toBeLessThan((50 + 32) * 1024 * 1024);
    },
  );
});

describe('drain', () => {
  it('on SIGTERM refuses new connections and readiness, finishes the request in flight, then exits', async () => {
    const proxy = await startProxy(['--front-door', 'cloudfront', '--drain-seconds', '10']);
    const slow = send(proxy.url, '/v2/app/manifests/slow', { headers: { authorization: BASIC } });
    await expect.poll(() => releaseSlow !== undefined, { timeout: 5_000 }).toBe(true);
    const exited = proxy.stop();
    await expect.poll(() => proxy.stderr(), { timeout: 5_000 }).toContain('serve: draining');
    await expect(send(proxy.url, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
    releaseSlow?.();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    expect(await exited).toBe(0);
    expect(proxy.stderr()).toContain('serve: stopped');
  });
});

describe('serve refuses a cache it cannot use', () => {
  it.each([
    [['--cache-dir', 'x'], /--cache-dir needs --front-door cloudfront or proxy, or --access public/],
    [['--front-door', 'cloudfront', '--cache-max-bytes', '1G'], /--cache-max-bytes goes with --cache-dir/],
    [['--front-door', 'cloudfront', '--cache-dir', 'x', '--cache-max-bytes', 'lots'], /--cache-max-bytes must be a size/],
    [['--front-door', 'cloudfront', '--drain-seconds', '1.5'], /--drain-seconds must be a whole number/],
  ])('%j', async (args, message) => {
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) =>
      execFile(SERVE_BIN, ['serve', '--registry', registryAuthority, ...args], (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr })),
    );
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
  });
});
