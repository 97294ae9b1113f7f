// The layer cache over HTTP: a storage server and a front that answers from the cache, as serve's doors do. The store
// alone is test/unit/cache-store.test.ts.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open as openFile, readdir, readFile, rename, rm, stat, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BlobCache, type BlobCacheOptions, openBlobCache, selectRange } from '../../src/serve/cache/http.ts';
import { answerByCache, answerByGrant } from '../../src/serve/cache/layer-cache.ts';
import type { CacheEvent } from '../../src/serve/cache/store.ts';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const entryFile = (dir: string, digest: string) => join(dir, 'sha256', digest.slice(7, 9), digest.slice(7));
const modeOf = async (path: string) => (await lstat(path)).mode & 0o777;
const within = <T>(ms: number, promise: Promise<T>, what = 'answer') =>
  Promise.race([promise, new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms).unref())]);

interface Route {
  status?: number;
  body: Buffer;
  /** No Content-Length: chunked transfer encoding. */
  chunked?: boolean;
  /** Sends the first half, then waits for this before the rest. */
  gate?: Promise<void>;
  /** Answers only once this settles. */
  hold?: Promise<void>;
  /** The first `times` GETs send `after` bytes, then nothing more (the connection stays open): a stalled storage. */
  stall?: { after: number; times: number };
  /** Answers a Range request with the whole body, as a server without range support does. */
  ignoresRange?: boolean;
}

/** The blob storage (S3 behind a presigned URL): answers from `routes`, and records every request. */
async function startStorage() {
  const routes = new Map<string, Route>();
  const seen: { method: string; path: string; headers: IncomingHttpHeaders }[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    seen.push({ method: req.method ?? '', path, headers: req.headers });
    const route = routes.get(path);
    await route?.hold;
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      return void res.end('<Error><Code>NoSuchKey</Code></Error>');
    }
    let status = route.status ?? 200;
    let body = route.body;
    const headers: Record<string, string> = { 'content-type': status === 200 ? 'application/octet-stream' : 'application/xml', 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (status === 200 && range !== null && route.ignoresRange !== true) {
      const [start, end] = [Number(range[1]), range[2] === '' ? body.length - 1 : Number(range[2])];
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
      body = body.subarray(start, end + 1);
    }
    if (route.chunked !== true) headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return void res.end();
    if (route.stall !== undefined && route.stall.times > 0) {
      route.stall.times -= 1;
      return void res.write(body.subarray(0, route.stall.after));
    }
    if (route.gate === undefined) return void res.end(body);
    const half = Math.floor(body.length / 2);
    res.write(body.subarray(0, half));
    void route.gate.then(() => res.end(body.subarray(half)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.31', resolve));
  const url = `http://127.0.0.31:${(server.address() as AddressInfo).port}`;
  return { server, routes, seen, url, requests: (path: string) => seen.filter((s) => s.path === path).length };
}

/** serve's side, as it will be wired: answer from the cache, else fill it from the storage URL. */
async function startFront(state: { cache?: BlobCache; storageUrl: string }) {
  let arrived = 0;
  const server: Server = createServer((req, res) => {
    arrived += 1;
    res.setHeader('x-request-id', `front-${arrived}`);
    const url = new URL(req.url ?? '/', 'http://front');
    const digest = url.searchParams.get('digest') ?? '';
    const source = new URL(url.searchParams.get('source') ?? '/', state.storageUrl);
    const cache = state.cache;
    if (cache === undefined) throw new Error('no cache open');
    void (async () => {
      if (!(await cache.serve(digest, req, res))) await cache.fill(digest, source, req, res);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.32', resolve));
  return { server, port: (server.address() as AddressInfo).port, arrived: () => arrived };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The whole body arrived (false: the connection broke off, a short read). */
  complete: boolean;
}

const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('timed out waiting');
};

describe('blob cache', () => {
  let root: string;
  let storage: Awaited<ReturnType<typeof startStorage>>;
  let front: Awaited<ReturnType<typeof startFront>>;
  const state: { cache?: BlobCache; storageUrl: string } = { storageUrl: '' };
  let events: CacheEvent[] = [];
  let dirs = 0;

  const newDir = async () => {
    dirs += 1;
    const dir = join(root, `cache-${dirs}`);
    await mkdir(dir);
    return dir;
  };
  const open = async (dir: string, maxBytes = 64 * 1024 * 1024, now?: () => number, limits?: BlobCacheOptions['limits']) => {
    await state.cache?.close();
    events = [];
    state.cache = await openBlobCache({ dir, maxBytes, now, limits, onEvent: (event) => events.push(event) });
    return state.cache;
  };
  const get = (digest: string, source: string, options: { method?: string; headers?: Record<string, string>; onFirstBytes?: (destroy: () => void) => void } = {}) =>
    new Promise<Answer>((resolve) => {
      const path = `/blob?${new URLSearchParams({ digest, source }).toString()}`;
      const req = request({ host: '127.0.0.32', port: front.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (chunks.length === 0) options.onFirstBytes?.(() => req.destroy());
          chunks.push(chunk);
        });
        res.on('error', () => undefined);
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
      });
      req.on('error', () => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false }));
      req.end();
    });
  /**
   * A GET whose client reads `bytesPerSecond` (0: nothing at all, a paused reader) through a raw socket; `closed`
   * settles when the server closes the connection, with what was read.
   */
  const reader = (digest: string, source: string, bytesPerSecond: number) => {
    const socket = connect(front.port, '127.0.0.32');
    socket.on('error', () => undefined);
    socket.write(`GET /blob?${new URLSearchParams({ digest, source }).toString()} HTTP/1.1\r\nHost: front\r\n\r\n`);
    socket.pause();
    let read = 0;
    const tick = bytesPerSecond > 0 ? setInterval(() => (read += socket.read(Math.ceil(bytesPerSecond / 10))?.length ?? 0), 100) : undefined;
    const closed = new Promise<number>((resolve) =>
      socket.once('close', () => {
        clearInterval(tick);
        resolve(read);
      }),
    );
    readers.push(socket);
    /** From now on, reads everything that comes. */
    const resume = () => {
      clearInterval(tick);
      socket.on('data', (chunk: Buffer) => (read += chunk.length));
      socket.resume();
    };
    return { socket, closed, read: () => read, resume };
  };
  const readers: Socket[] = [];
  /** A GET as an HTTP/1.0 client sends it: without chunked framing, a body of unknown length ends where the connection does. */
  const getHttp10 = (digest: string, source: string) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve) => {
      const socket = connect(front.port, '127.0.0.32');
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        const raw = Buffer.concat(chunks);
        const split = raw.indexOf('\r\n\r\n');
        const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(split + 4) });
      });
      socket.write(`GET /blob?${new URLSearchParams({ digest, source }).toString()} HTTP/1.0\r\nHost: front\r\n\r\n`);
    });
  /** A blob at `path` in the storage, and its digest. */
  const put = (path: string, body: Buffer, route: Omit<Route, 'body'> = {}) => {
    storage.routes.set(path, { body, ...route });
    return sha(body);
  };
  const kinds = () => events.map((e) => (e.reason === undefined ? e.kind : `${e.kind}:${e.reason}`));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'blob-cache-'));
    storage = await startStorage();
    state.storageUrl = storage.url;
    front = await startFront(state);
  });

  afterEach(async () => {
    for (const socket of readers.splice(0)) socket.destroy();
    await state.cache?.close();
    state.cache = undefined;
  });

  afterAll(async () => {
    for (const server of [storage.server, front.server]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await rm(root, { recursive: true, force: true });
  });

  it('answers the second GET from disk without asking the storage', async () => {
    const dir = await newDir();
    await open(dir);
    const body = randomBytes(100_000);
    const digest = put('/a', body);

    const first = await get(digest, '/a');
    expect(first).toMatchObject({ status: 200, complete: true });
    expect(first.body.equals(body)).toBe(true);
    expect(first.headers).toMatchObject({ 'content-length': '100000', 'docker-content-digest': digest });
    expect(storage.seen.at(-1)?.headers.authorization).toBeUndefined();

    const second = await get(digest, '/a');
    expect(second.body.equals(body)).toBe(true);
    expect(second.headers).toMatchObject({
      'content-length': '100000',
      'content-type': 'application/octet-stream',
      'docker-content-digest': digest,
      'accept-ranges': 'bytes',
      etag: `"${digest}"`,
    });
    expect(storage.requests('/a')).toBe(1);
    expect(kinds()).toEqual(['miss', 'store', 'hit']);
    expect(events.map((e) => e.bytes)).toEqual([100_000, 100_000, 100_000]);
    expect((await readFile(entryFile(dir, digest))).equals(body)).toBe(true);
    expect(state.cache?.stats()).toEqual({ entries: 1, bytes: 100_000 });
  });

  it('streams a 5 MB blob of unknown length in and out', async () => {
    const dir = await newDir();
    await open(dir);
    const body = randomBytes(5 * 1024 * 1024);
    const digest = put('/big', body, { chunked: true });
    const first = await get(digest, '/big');
    expect(first.headers['content-length']).toBeUndefined();
    expect(sha(first.body)).toBe(digest);
    const second = await get(digest, '/big');
    expect(second.headers['content-length']).toBe(String(body.length));
    expect(sha(second.body)).toBe(digest);
    expect(storage.requests('/big')).toBe(1);
  });

  it('answers HEAD from disk with the same headers and no body', async () => {
    await open(await newDir());
    const body = randomBytes(3_000);
    const digest = put('/head', body);
    await get(digest, '/head');
    const head = await get(digest, '/head', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, complete: true, headers: { 'content-length': '3000', 'docker-content-digest': digest, etag: `"${digest}"` } });
    expect(head.body.length).toBe(0);
    expect(storage.requests('/head')).toBe(1);
    expect(events.at(-1)).toMatchObject({ kind: 'hit', bytes: 0 });
  });

  describe('Range on a hit', () => {
    const body = randomBytes(1_000);
    const cases: { range: string; ifRange?: string; status: number; contentRange?: string; slice?: [number, number] }[] = [
      { range: 'bytes=0-9', status: 206, contentRange: 'bytes 0-9/1000', slice: [0, 10] },
      { range: 'bytes=990-', status: 206, contentRange: 'bytes 990-999/1000', slice: [990, 1000] },
      { range: 'bytes=-5', status: 206, contentRange: 'bytes 995-999/1000', slice: [995, 1000] },
      { range: 'bytes=-5000', status: 206, contentRange: 'bytes 0-999/1000', slice: [0, 1000] },
      { range: 'bytes=500-999999', status: 206, contentRange: 'bytes 500-999/1000', slice: [500, 1000] },
      { range: 'bytes=1000-', status: 416, contentRange: 'bytes */1000' },
      { range: 'bytes=-0', status: 416, contentRange: 'bytes */1000' },
      { range: 'bytes=0-1,4-5', status: 200, slice: [0, 1000] },
      { range: 'bytes=9-3', status: 200, slice: [0, 1000] },
      { range: 'items=0-1', status: 200, slice: [0, 1000] },
      { range: 'bytes=0-9', ifRange: '"sha256:other"', status: 200, slice: [0, 1000] },
    ];

    it.each(cases)('answers $range (If-Range $ifRange) with $status', async ({ range, ifRange, status, contentRange, slice }) => {
      await open(await newDir());
      const digest = put('/range', body);
      await get(digest, '/range');
      const answer = await get(digest, '/range', { headers: { range, ...(ifRange === undefined ? {} : { 'if-range': ifRange }) } });
      expect(answer.status).toBe(status);
      expect(answer.headers['content-range']).toBe(contentRange);
      const expected = slice === undefined ? Buffer.alloc(0) : body.subarray(...slice);
      expect(answer.body.equals(expected)).toBe(true);
      expect(answer.headers['content-length']).toBe(String(expected.length));
      expect(storage.requests('/range')).toBeGreaterThan(0);
      expect(events.at(-1)).toMatchObject({ kind: 'hit', bytes: expected.length });
    });

    it('answers a HEAD with a range and a matching If-Range with 206 headers only', async () => {
      await open(await newDir());
      const digest = put('/range-head', body);
      await get(digest, '/range-head');
      const answer = await get(digest, '/range-head', { method: 'HEAD', headers: { range: 'bytes=-5', 'if-range': `"${digest}"` } });
      expect(answer).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 995-999/1000', 'content-length': '5' } });
      expect(answer.body.length).toBe(0);
    });

    it.each([
      [undefined, 10, { kind: 'whole' }],
      ['bytes=-', 10, { kind: 'whole' }],
      ['bytes=0-0', 10, { kind: 'part', start: 0, end: 0 }],
      ['bytes=0-', 0, { kind: 'unsatisfiable' }],
      ['bytes=-1', 0, { kind: 'unsatisfiable' }],
      ['bytes=3-', 10, { kind: 'part', start: 3, end: 9 }],
    ] as const)('selectRange(%s, %i)', (range, size, expected) => {
      expect(selectRange(range, size)).toEqual(expected);
    });
  });

  it('passes a Range request on a miss to the storage and stores nothing', async () => {
    await open(await newDir());
    const body = randomBytes(1_000);
    const digest = put('/range-miss', body);
    const answer = await get(digest, '/range-miss', { headers: { range: 'bytes=10-19' } });
    expect(answer).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 10-19/1000' } });
    expect(answer.body.equals(body.subarray(10, 20))).toBe(true);
    expect(answer.headers['docker-content-digest']).toBeUndefined();
    expect(kinds()).toEqual(['bypass:range']);
    expect(state.cache?.stats().entries).toBe(0);
  });

  it.each([
    ['answers the range', false, 206],
    ['ignores the range', true, 200],
  ])('claims no digest for the bytes of a Range miss, which it cannot verify, when the storage %s', async (_name, ignoresRange, status) => {
    await open(await newDir());
    const digest = sha(randomBytes(1_000));
    const wrong = randomBytes(1_000);
    put(`/range-wrong-${ignoresRange}`, wrong, { ignoresRange });
    const answer = await get(digest, `/range-wrong-${ignoresRange}`, { headers: { range: 'bytes=10-19' } });
    expect(answer.status).toBe(status);
    expect(answer.body.equals(ignoresRange ? wrong : wrong.subarray(10, 20))).toBe(true);
    expect(answer.headers['docker-content-digest']).toBeUndefined();
    expect(kinds()).toEqual(['bypass:range']);
  });

  describe('an HTTP/1.0 client, whose body of unknown length ends where the connection does', () => {
    it('gets no digest claim for wrong bytes of unknown length, and they are not stored', async () => {
      await open(await newDir());
      const digest = sha(randomBytes(300_000));
      put('/http10-wrong', randomBytes(300_000), { chunked: true });
      const answer = await getHttp10(digest, '/http10-wrong');
      expect(answer.status).toBe(200);
      expect(answer.headers['content-length']).toBeUndefined();
      expect(answer.headers['docker-content-digest']).toBeUndefined();
      expect(kinds()).toEqual(['miss:digest-mismatch']);
      expect(state.cache?.stats().entries).toBe(0);
    });

    it('gets a blob of unknown length without the claim while it is stored, then from disk with Content-Length and the claim', async () => {
      await open(await newDir());
      const body = randomBytes(300_000);
      const digest = put('/http10-right', body, { chunked: true });
      const first = await getHttp10(digest, '/http10-right');
      expect(first.status).toBe(200);
      expect(first.body.equals(body)).toBe(true);
      expect(first.headers['docker-content-digest']).toBeUndefined();
      const second = await getHttp10(digest, '/http10-right');
      expect(second.body.equals(body)).toBe(true);
      expect(second.headers).toMatchObject({ 'content-length': '300000', 'docker-content-digest': digest });
      expect(kinds()).toEqual(['miss', 'store', 'hit']);
    });

    it('keeps the claim when the storage sends a Content-Length, against which a cut-off body shows', async () => {
      await open(await newDir());
      const digest = sha(randomBytes(300_000));
      put('/http10-length', randomBytes(300_000));
      const answer = await getHttp10(digest, '/http10-length');
      expect(answer.headers).toMatchObject({ 'content-length': '300000', 'docker-content-digest': digest });
      expect(answer.body.length).toBeLessThan(300_000);
    });
  });

  it.each([
    ['changed bytes', (file: string) => writeFile(file, randomBytes(2_000)), 'corrupt:digest-mismatch'],
    ['a truncated file', (file: string) => truncate(file, 1_500), 'corrupt:digest-mismatch'],
    ['a removed file', (file: string) => rm(file), 'corrupt:missing'],
  ])('drops an entry with %s and fetches the blob again', async (_name, damage, event) => {
    const dir = await newDir();
    await open(dir);
    const body = randomBytes(2_000);
    const digest = put('/damaged', body);
    await get(digest, '/damaged');
    await damage(entryFile(dir, digest));
    const again = await get(digest, '/damaged');
    expect(again).toMatchObject({ status: 200, complete: true });
    expect(again.body.equals(body)).toBe(true);
    expect(storage.requests('/damaged')).toBeGreaterThanOrEqual(2);
    expect(kinds()).toEqual(['miss', 'store', event, 'miss', 'store']);
    expect((await readFile(entryFile(dir, digest))).equals(body)).toBe(true);
  });

  describe('an entry changed after it was verified, whatever its stat shows', () => {
    const flip = async (file: string, keepMtime: boolean) => {
      const before = await stat(file);
      const handle = await openFile(file, 'r+');
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, 300_000);
      await handle.write(Buffer.from([byte[0] === undefined ? 0 : byte[0] ^ 0xff]), 0, 1, 300_000);
      await handle.close();
      if (keepMtime) await utimes(file, before.atime, before.mtime);
    };
    const replace = async (file: string) => {
      const before = await stat(file);
      const other = join(dirname(file), 'replacement');
      await writeFile(other, randomBytes(before.size));
      await utimes(other, before.atime, before.mtime);
      await rename(other, file);
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    it.each([
      ['a byte changed in place, its size kept', (file: string) => flip(file, false)],
      // The kernel stamps ctime from a clock that ticks every few ms: the write must land after the last hit's tick.
      [
        'a byte changed in place, its size and mtime put back',
        async (file: string) => {
          await sleep(20);
          await flip(file, true);
        },
      ],
      ['a file cut short by one byte', async (file: string) => truncate(file, (await stat(file)).size - 1)],
      ['another file of the same size and mtime renamed into its place', replace],
    ])('never sends a byte of %s: it hashes the entry again, drops it and fetches the blob again', async (_name, damage) => {
      const dir = await newDir();
      await open(dir);
      const body = randomBytes(1024 * 1024);
      const digest = put('/changed', body);
      await get(digest, '/changed');
      expect((await get(digest, '/changed')).body.equals(body)).toBe(true);
      await damage(entryFile(dir, digest));
      const answer = await get(digest, '/changed');
      expect(answer).toMatchObject({ status: 200, complete: true });
      expect(answer.body.equals(body)).toBe(true);
      expect(storage.requests('/changed')).toBeGreaterThanOrEqual(2);
      expect(kinds()).toEqual(['miss', 'store', 'hit', 'corrupt:digest-mismatch', 'miss', 'store']);
      expect((await readFile(entryFile(dir, digest))).equals(body)).toBe(true);
    });

    it('hashes every entry again at its first use after a restart: a byte changed while serve was down, size and mtime put back, is found', async () => {
      const dir = await newDir();
      await open(dir);
      const body = randomBytes(1024 * 1024);
      const digest = put('/changed-while-down', body);
      await get(digest, '/changed-while-down');
      await state.cache?.close();
      await flip(entryFile(dir, digest), true);
      await open(dir);
      const answer = await get(digest, '/changed-while-down');
      expect(answer.body.equals(body)).toBe(true);
      expect(kinds()).toEqual(['corrupt:digest-mismatch', 'miss', 'store']);
    });

    it('answers hits of an unchanged entry, the first after a restart included, whole and verified', async () => {
      const dir = await newDir();
      await open(dir);
      const body = randomBytes(3 * 1024 * 1024 + 5);
      const digest = put('/unchanged', body);
      await get(digest, '/unchanged');
      await open(dir);
      const answers = await Promise.all([0, 1, 2].map(() => get(digest, '/unchanged')));
      answers.push(await get(digest, '/unchanged'));
      for (const answer of answers) expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'content-length': String(body.length) } });
      for (const answer of answers) expect(answer.body.equals(body)).toBe(true);
      expect(kinds()).toEqual(['hit', 'hit', 'hit', 'hit']);
      expect(storage.requests('/unchanged')).toBe(1);
    });
  });

  it('fetches once for concurrent misses of one digest', async () => {
    await open(await newDir());
    const body = randomBytes(200_000);
    let release = () => {};
    const digest = put('/once', body, { gate: new Promise<void>((resolve) => (release = resolve)) });
    const arrivedBefore = front.arrived();
    const first = get(digest, '/once');
    await waitFor(() => storage.requests('/once') === 1);
    const second = get(digest, '/once');
    await waitFor(() => front.arrived() === arrivedBefore + 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    const answers = await Promise.all([first, second]);
    for (const answer of answers) expect(answer.body.equals(body)).toBe(true);
    expect(storage.requests('/once')).toBe(1);
    expect(kinds()).toEqual(['miss', 'store', 'hit']);
  });

  it('lets a waiter fetch its own source, verified, when the fill it joined is not shared (storage refused it)', async () => {
    await open(await newDir());
    const body = randomBytes(200_000);
    let release = () => {};
    const digest = sha(body);
    storage.routes.set('/expired', { status: 403, body: Buffer.from('<Error><Code>AccessDenied</Code></Error>'), hold: new Promise<void>((resolve) => (release = resolve)) });
    put('/right', body);
    const first = get(digest, '/expired');
    await waitFor(() => storage.requests('/expired') === 1);
    const arrived = front.arrived();
    const second = get(digest, '/right');
    await waitFor(() => front.arrived() === arrived + 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(storage.requests('/right')).toBe(0);
    release();
    const [refused, good] = await Promise.all([first, second]);
    expect(refused.status).toBe(403);
    expect(good).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': digest } });
    expect(good.body.equals(body)).toBe(true);
    expect(kinds()).toEqual(['miss:upstream-status', 'bypass:fill-failed']);
  });

  it('cuts short a reader of a fill whose bytes turn out wrong, which never gets a complete body', async () => {
    await open(await newDir());
    const digest = sha(randomBytes(300_000));
    let release = () => {};
    put('/wrong-shared', randomBytes(300_000), { gate: new Promise<void>((resolve) => (release = resolve)) });
    const first = get(digest, '/wrong-shared');
    await waitFor(() => storage.requests('/wrong-shared') === 1);
    // The rest (and with it the mismatch) comes once the second reader has bytes of the first half; today's waiter had none.
    const second = get(digest, '/wrong-shared', { onFirstBytes: () => release() });
    setTimeout(() => release(), 3_000).unref();
    for (const answer of await Promise.all([first, second])) {
      expect(answer).toMatchObject({ status: 200, complete: false, headers: { 'content-length': '300000' } });
      expect(answer.body.length).toBeLessThan(300_000);
    }
    expect(kinds()[0]).toBe('miss:digest-mismatch');
    expect(storage.requests('/wrong-shared')).toBe(1);
    expect(state.cache?.stats().entries).toBe(0);
  });

  describe('readers of one fill, each at its own pace', () => {
    const MiB = 1024 * 1024;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const verified = (answer: Answer, digest: string) => {
      expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': digest } });
      expect(sha(answer.body)).toBe(digest);
    };
    /**
     * A storage that sends the first half of the layer and the rest only once `readers` readers have had their first
     * bytes (`opened`): a reader that gets none before the fill is whole (store-then-send, or one stopped client holding
     * the others) never opens it, however slow or fast the host.
     */
    const halfUntilFirstBytes = (path: string, body: Buffer, readers: number) => {
      let open = () => {};
      const opened = new Promise<void>((resolve) => (open = resolve));
      const digest = put(path, body, { gate: opened });
      let waiting = readers;
      const onFirstBytes = () => {
        waiting -= 1;
        if (waiting === 0) open();
      };
      return { digest, onFirstBytes, opened };
    };
    /** Within the fill's 30 s source deadline, after which readers fetch for themselves. */
    const FIRST_BYTES_MS = 20_000;

    it('gives a reader its first byte before storage sends the rest, and the whole verified layer, while the first client has stopped reading', async () => {
      await open(await newDir(), 64 * MiB, undefined, { readerIdleMs: 3_000 });
      const { digest, onFirstBytes, opened } = halfUntilFirstBytes('/paused', randomBytes(40 * MiB), 1);
      const paused = reader(digest, '/paused', 0);
      await waitFor(() => storage.requests('/paused') === 1);
      await sleep(1_000);
      const answer = get(digest, '/paused', { onFirstBytes });
      await within(FIRST_BYTES_MS, opened, 'first byte before storage sent the rest');
      verified(await within(30_000, answer), digest);
      expect(storage.requests('/paused')).toBe(1);
      expect(state.cache?.stats().entries).toBe(1);
      // Dropped once its socket took nothing for readerIdleMs: reading again, it finds a body cut short and the connection closed.
      await sleep(3_500);
      paused.resume();
      expect(await within(10_000, paused.closed)).toBeLessThan(40 * MiB);
    });

    it('drops a client that stops reading a layer answered from disk, too, after readerIdleMs', async () => {
      await open(await newDir(), 64 * MiB, undefined, { readerIdleMs: 1_000 });
      const digest = put('/stopped-hit', randomBytes(40 * MiB));
      verified(await get(digest, '/stopped-hit'), digest);
      const stopped = reader(digest, '/stopped-hit', 0);
      // Its answer ends, and is counted, while it reads nothing.
      await expect.poll(() => events.length, { timeout: 10_000 }).toBe(3);
      expect(events[2]).toMatchObject({ kind: 'hit' });
      expect(events[2]?.bytes).toBeLessThan(40 * MiB);
      stopped.resume();
      expect(await within(10_000, stopped.closed)).toBeLessThan(40 * MiB);
    });

    it('keeps a 1 KB/s reader from slowing the others', async () => {
      await open(await newDir(), 64 * MiB, undefined, { readerIdleMs: 20_000 });
      const { digest, onFirstBytes, opened } = halfUntilFirstBytes('/slow', randomBytes(40 * MiB), 3);
      const slow = reader(digest, '/slow', 1024);
      await waitFor(() => storage.requests('/slow') === 1);
      await sleep(500);
      const answers = Promise.all([0, 1, 2].map(() => get(digest, '/slow', { onFirstBytes })));
      await within(FIRST_BYTES_MS, opened, 'first bytes before storage sent the rest');
      // 40 MiB at the slow reader's pace would take 11 hours.
      for (const answer of await within(30_000, answers)) verified(answer, digest);
      expect(slow.read()).toBeGreaterThan(0);
      expect(slow.socket.destroyed).toBe(false);
      expect(storage.requests('/slow')).toBe(1);
    });

    it('ends a fill whose storage stalls by its deadline; its readers get the rest from storage themselves, verified', async () => {
      await open(await newDir(), 64 * MiB, undefined, { sourceIdleMs: 1_000 });
      const body = randomBytes(MiB);
      const digest = put('/stall', body, { stall: { after: 600_000, times: 1 } });
      const first = get(digest, '/stall');
      await waitFor(() => storage.requests('/stall') === 1);
      const second = get(digest, '/stall');
      for (const answer of await within(10_000, Promise.all([first, second]))) verified(answer, digest);
      expect(events).toContainEqual(expect.objectContaining({ kind: 'miss', reason: 'upstream-error', detail: 'ETIMEDOUT' }));
      expect(kinds().filter((kind) => kind === 'bypass:fill-failed')).toHaveLength(2);
      // Each reader asks for what the fill did not get: the rest from where the spool stopped (or all, had it sent nothing).
      const ranges = storage.seen.filter((seen) => seen.path === '/stall').map((seen) => seen.headers.range);
      expect(ranges).toHaveLength(3);
      for (const range of ranges.slice(1)) expect([undefined, 'bytes=600000-']).toContain(range);
      expect(state.cache?.stats().entries).toBe(0);
    });

    it('fails its readers cleanly when storage stalls every time: a short read or a 502 within the deadlines, never a complete body', async () => {
      await open(await newDir(), 64 * MiB, undefined, { sourceIdleMs: 1_000 });
      const body = randomBytes(MiB);
      // Every answer, a Range answer too, stops after 300,000 bytes.
      const digest = put('/stuck', body, { stall: { after: 300_000, times: 10 } });
      const first = get(digest, '/stuck');
      await waitFor(() => storage.requests('/stuck') === 1);
      const second = get(digest, '/stuck');
      for (const answer of await within(10_000, Promise.all([first, second]))) {
        if (answer.status === 502) expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
        else expect(answer).toMatchObject({ status: 200, complete: false, headers: { 'content-length': String(body.length) } });
        expect(answer.body.length).toBeLessThan(body.length);
      }
    });

    it('serves 50 readers of one layer, every fifth stopped (the first among them): each other gets its first byte before storage sends the rest, and the whole verified layer', async () => {
      await open(await newDir(), 64 * MiB, undefined, { readerIdleMs: 5_000 });
      const { digest, onFirstBytes, opened } = halfUntilFirstBytes('/fifty', randomBytes(8 * MiB), 40);
      const stopped: ReturnType<typeof reader>[] = [];
      const answers: Promise<Answer>[] = [];
      for (let i = 0; i < 50; i++) {
        if (i % 5 === 0) stopped.push(reader(digest, '/fifty', 0));
        else answers.push(get(digest, '/fifty', { onFirstBytes }));
        if (i === 0) await waitFor(() => storage.requests('/fifty') === 1);
      }
      await within(FIRST_BYTES_MS, opened, 'first bytes before storage sent the rest');
      const answered = await within(30_000, Promise.all(answers));
      for (const answer of answered) verified(answer, digest);
      expect(storage.requests('/fifty')).toBe(1);
      expect(stopped.every(({ read }) => read() === 0)).toBe(true);
    });
  });

  it('evicts the least recently used entry, a hit counting as a use, and keeps that order across a restart', async () => {
    const dir = await newDir();
    let clock = Date.UTC(2026, 0, 1);
    await open(dir, 3_000, () => clock);
    const blobs = ['a', 'b', 'c', 'd'].map((name) => ({ name, body: randomBytes(1_000) }));
    const [a, b, c, d] = blobs.map(({ name, body }) => put(`/lru-${name}`, body)) as [string, string, string, string];
    for (const [digest, name] of [
      [a, 'a'],
      [b, 'b'],
      [c, 'c'],
      [a, 'a'],
      [d, 'd'],
    ] as const) {
      clock += 1_000;
      expect((await get(digest, `/lru-${name}`)).status).toBe(200);
    }
    expect(events.filter((e) => e.kind === 'evict')).toEqual([{ kind: 'evict', digest: b, bytes: 1_000, reason: 'lru' }]);
    await expect(stat(entryFile(dir, b))).rejects.toThrow();
    expect(state.cache?.stats()).toEqual({ entries: 3, bytes: 3_000 });

    // mtimes carry the order: c (used at +3 s) is older than a (+4 s) and d (+5 s).
    await open(dir, 2_000);
    expect(events).toEqual([{ kind: 'evict', digest: c, bytes: 1_000, reason: 'lru' }]);
    expect(state.cache?.stats()).toEqual({ entries: 2, bytes: 2_000 });
  });

  it('serves its entries after a restart, having removed temp files and files that are not entries', async () => {
    const dir = await newDir();
    await open(dir);
    const body = randomBytes(4_000);
    const digest = put('/restart', body);
    await get(digest, '/restart');
    const prefix = join(dir, 'sha256', digest.slice(7, 9));
    const misplaced = (digest.slice(7, 9) === '00' ? '11' : '00').repeat(32);
    const junk = [join(dir, 'tmp', `${'0'.repeat(24)}.partial`), join(prefix, 'not-a-digest'), join(prefix, misplaced), join(dir, 'sha256', 'zz')];
    for (const file of junk) await writeFile(file, 'junk');
    // A symlink named as a digest, pointing at a file with that content: still not an entry.
    const outside = join(dir, 'outside');
    await writeFile(outside, 'outside');
    const linked = sha(Buffer.from('outside'));
    await mkdir(join(dir, 'sha256', linked.slice(7, 9)), { recursive: true });
    await symlink(outside, entryFile(dir, linked));
    junk.push(entryFile(dir, linked));
    const keep = join(dir, 'tmp', 'not-ours.txt');
    await writeFile(keep, 'someone else');

    await open(dir);
    expect(state.cache?.stats()).toEqual({ entries: 1, bytes: 4_000 });
    for (const file of junk) await expect(lstat(file)).rejects.toThrow();
    await expect(readFile(keep, 'utf8')).resolves.toBe('someone else');
    await expect(readFile(outside, 'utf8')).resolves.toBe('outside');
    const answer = await get(digest, '/restart');
    expect(answer.body.equals(body)).toBe(true);
    expect(storage.requests('/restart')).toBe(1);
    expect(kinds()).toEqual(['hit']);
  });

  it('never stores bytes that do not match the digest: the client gets a short read', async () => {
    const dir = await newDir();
    await open(dir);
    const digest = sha(randomBytes(300_000));
    put('/mismatch', randomBytes(300_000));
    const answer = await get(digest, '/mismatch');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe('300000');
    expect(answer.complete).toBe(false);
    expect(answer.body.length).toBeLessThan(300_000);
    expect(kinds()).toEqual(['miss:digest-mismatch']);
    expect(state.cache?.stats().entries).toBe(0);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it('answers 502 when wrong bytes are found before any byte was sent', async () => {
    await open(await newDir());
    const digest = sha(Buffer.from('expected'));
    put('/mismatch-small', Buffer.from('something else'));
    const answer = await get(digest, '/mismatch-small');
    expect(answer).toMatchObject({ status: 502, complete: true, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
  });

  it.each([
    [403, '/forbidden'],
    [404, '/nowhere'],
  ])('passes a %i from the storage through and stores nothing', async (status, path) => {
    await open(await newDir());
    const digest = sha(Buffer.from(path));
    if (status === 403) storage.routes.set(path, { status: 403, body: Buffer.from('<Error><Code>AccessDenied</Code></Error>') });
    for (let i = 0; i < 2; i++) {
      const answer = await get(digest, path);
      expect(answer.status).toBe(status);
      expect(answer.body.toString()).toMatch(/<Error>/);
      expect(answer.headers['docker-content-digest']).toBeUndefined();
    }
    expect(storage.requests(path)).toBe(2);
    expect(kinds()).toEqual(['miss:upstream-status', 'miss:upstream-status']);
    expect(events[0]?.detail).toBe(String(status));
  });

  it('answers 502 when the storage cannot be reached', async () => {
    await open(await newDir());
    const answer = await get(sha(Buffer.from('x')), 'http://127.0.0.31:1/unreachable');
    expect(answer.status).toBe(502);
    expect(answer.headers['x-request-id']).toMatch(/^front-/);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE', message: 'the blob storage could not be reached' }] });
    expect(events).toMatchObject([{ kind: 'miss', reason: 'upstream-error', detail: 'ECONNREFUSED' }]);
  });

  it('finishes and stores a fill whose first client went away, and its other reader gets the whole verified blob', async () => {
    const dir = await newDir();
    await open(dir);
    const body = randomBytes(300_000);
    let release = () => {};
    const digest = put('/gone', body, { gate: new Promise<void>((resolve) => (release = resolve)) });
    const gone = get(digest, '/gone', { onFirstBytes: (destroy) => destroy() });
    await waitFor(() => storage.requests('/gone') === 1);
    const other = get(digest, '/gone');
    expect((await gone).complete).toBe(false);
    release();
    const answer = await other;
    expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': digest } });
    expect(answer.body.equals(body)).toBe(true);
    expect(storage.requests('/gone')).toBe(1);
    expect(kinds()).toEqual(['miss', 'store', 'hit']);
    expect((await readFile(entryFile(dir, digest))).equals(body)).toBe(true);
    expect(await readdir(join(dir, 'tmp'))).toEqual([]);
  });

  it.each([
    ['with a Content-Length', false],
    ['of unknown length', true],
  ])('passes a blob larger than the cache through %s', async (_name, chunked) => {
    await open(await newDir(), 1_000);
    const body = randomBytes(2_000);
    const digest = put(`/large-${chunked}`, body, { chunked });
    const answer = await get(digest, `/large-${chunked}`);
    expect(answer).toMatchObject({ status: 200, complete: true, headers: { 'docker-content-digest': digest } });
    expect(answer.body.equals(body)).toBe(true);
    // Of unknown length, the spool takes it until it is too large, and the client fetches it on its own.
    expect(kinds()).toEqual(chunked ? ['miss:too-large', 'bypass:fill-failed'] : ['miss:too-large']);
    expect(state.cache?.stats().entries).toBe(0);
  });

  describe('a disk that refuses writes', () => {
    it('passes through when the cache directory is a file', async () => {
      const dir = join(await newDir(), 'file');
      await writeFile(dir, 'not a directory');
      await open(dir);
      const body = randomBytes(10_000);
      const digest = put('/not-a-dir', body);
      for (let i = 0; i < 2; i++) expect((await get(digest, '/not-a-dir')).body.equals(body)).toBe(true);
      expect(storage.requests('/not-a-dir')).toBe(2);
      expect(events).toMatchObject([
        { kind: 'miss', reason: 'disk', detail: 'ENOTDIR', bytes: 10_000 },
        { kind: 'miss', reason: 'disk', detail: 'ENOTDIR' },
      ]);
    });

    it('makes its directories again when they were removed', async () => {
      const dir = await newDir();
      await open(dir);
      await rm(dir, { recursive: true });
      const body = randomBytes(1_000);
      const digest = put('/removed', body);
      await get(digest, '/removed');
      expect((await get(digest, '/removed')).body.equals(body)).toBe(true);
      expect(kinds()).toEqual(['miss', 'store', 'hit']);
    });

    it('passes a 5 MB blob through a full disk (a 1 MiB tmpfs) whole, then stores a small one', async () => {
      const mountPoint = await newDir();
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint], { encoding: 'utf8' });
      if (mounted.status !== 0) throw new Error(`this test mounts a 1 MiB tmpfs and needs root (CAP_SYS_ADMIN): ${mounted.stderr}`);
      try {
        const dir = join(mountPoint, 'cache');
        await open(dir);
        const body = randomBytes(5 * 1024 * 1024);
        const digest = put('/full', body);
        const answer = await get(digest, '/full');
        expect(answer).toMatchObject({ status: 200, complete: true });
        expect(sha(answer.body)).toBe(digest);
        expect(answer.headers['docker-content-digest']).toBe(digest);
        // The spool stops at the full disk. Storage does not wait for a disk that is behind by less than the spool
        // queue, so the fill may have had every byte in memory by then (its client gets them all from there), or
        // not (its client gets the rest from storage itself, verified on from the fill's hash).
        expect(events[0]).toMatchObject({ kind: 'miss', reason: 'disk', detail: 'ENOSPC' });
        const ranges = storage.seen.filter((s) => s.path === '/full').map((s) => s.headers.range);
        if (events.length === 1) {
          expect(events[0]?.bytes).toBe(body.length);
          expect(ranges).toEqual([undefined]);
        } else {
          expect(events).toMatchObject([{ kind: 'miss', reason: 'disk' }, { kind: 'bypass', reason: 'fill-failed' }]);
          expect(events[0]?.bytes).toBeLessThan(body.length);
          const rest = events[1]?.bytes ?? 0;
          expect(ranges).toEqual([undefined, rest < body.length ? `bytes=${body.length - rest}-` : undefined]);
        }
        expect(await readdir(join(dir, 'tmp'))).toEqual([]);

        const small = randomBytes(10_000);
        const smallDigest = put('/small', small);
        await get(smallDigest, '/small');
        expect((await get(smallDigest, '/small')).body.equals(small)).toBe(true);
        expect(storage.requests('/small')).toBe(1);
        await state.cache?.close();
        state.cache = undefined;
      } finally {
        spawnSync('umount', [mountPoint]);
      }
    });
  });

  describe('digests the cache does not store', () => {
    const stored = randomBytes(1_000);
    const hex = sha(stored).slice(7);
    const hostile = [
      'sha256:../../x',
      `sha256:${hex.slice(0, 62)}/../../x`,
      `sha256:${hex.toUpperCase()}`,
      `SHA256:${hex}`,
      `sha256:${hex.slice(0, 63)}`,
      `sha256:${hex}0`,
      `sha256:${hex}\n`,
      `sha256:${hex}/`,
      'sha256:',
      '',
    ];

    /** Every path under `dir` with its size and mtime. */
    const snapshot = async (dir: string) => {
      const out: string[] = [];
      for (const name of (await readdir(dir, { recursive: true })).sort()) {
        const info = await stat(join(dir, name));
        out.push(`${name} ${info.size} ${info.mtimeMs}`);
      }
      return out;
    };

    it('never turns them into paths, and passes them through', async () => {
      const dir = await newDir();
      await open(dir);
      put('/stored', stored);
      await get(`sha256:${hex}`, '/stored');
      const before = await snapshot(root);
      for (const digest of hostile) {
        events = [];
        const answer = await get(digest, '/stored');
        expect(answer.status, JSON.stringify(digest)).toBe(200);
        expect(answer.body.equals(stored)).toBe(true);
        expect(answer.headers['docker-content-digest']).toBeUndefined();
        expect(kinds()).toEqual(['bypass:unsupported-digest']);
      }
      expect(await snapshot(root)).toEqual(before);
      expect(storage.requests('/stored')).toBe(1 + hostile.length);
    });

    it('passes another algorithm through without claiming its digest, which it does not verify', async () => {
      await open(await newDir());
      const body = randomBytes(500);
      const digest = `sha512:${createHash('sha512').update(body).digest('hex')}`;
      storage.routes.set('/sha512', { body });
      const answer = await get(digest, '/sha512');
      expect(answer.headers['docker-content-digest']).toBeUndefined();
      expect(answer.body.equals(body)).toBe(true);
      expect(state.cache?.stats().entries).toBe(0);
    });
  });

  describe('file modes', () => {
    it.each([0o000, 0o022, 0o077])('makes files 0600 and directories 0700 under umask %o', async (umask) => {
      const dir = join(await newDir(), 'made');
      const previous = process.umask(umask);
      let release = () => {};
      try {
        await open(dir);
        const body = randomBytes(200_000);
        const path = `/modes-${umask}`;
        const digest = put(path, body, { gate: new Promise<void>((resolve) => (release = resolve)) });
        const answer = get(digest, path);
        await expect.poll(async () => (await readdir(join(dir, 'tmp'))).length, { timeout: 5_000 }).toBe(1);
        const [partial = ''] = await readdir(join(dir, 'tmp'));
        expect(await modeOf(join(dir, 'tmp', partial))).toBe(0o600);
        release();
        expect((await answer).body.equals(body)).toBe(true);
        for (const sub of ['', 'sha256', join('sha256', digest.slice(7, 9)), 'tmp']) expect(await modeOf(join(dir, sub)), sub).toBe(0o700);
        expect(await modeOf(entryFile(dir, digest))).toBe(0o600);
      } finally {
        release();
        process.umask(previous);
      }
    });
  });

  describe('symlinks below the cache directory', () => {
    it.each(['sha256', 'prefix', 'tmp'])('stores nothing through a symlinked %s directory, and passes the blob through', async (name) => {
      const dir = await newDir();
      await open(dir);
      const outside = await newDir();
      const body = randomBytes(10_000);
      const digest = put(`/symlink-${name}`, body);
      const planted = name === 'prefix' ? join(dir, 'sha256', digest.slice(7, 9)) : join(dir, name);
      await rm(planted, { recursive: true, force: true });
      await symlink(outside, planted);
      const answer = await get(digest, `/symlink-${name}`);
      expect(answer).toMatchObject({ status: 200, complete: true });
      expect(answer.body.equals(body)).toBe(true);
      expect(await readdir(outside, { recursive: true })).toEqual([]);
      expect(events).toMatchObject([{ kind: 'miss', reason: 'disk', detail: 'ENOTDIR' }]);
      expect(state.cache?.stats().entries).toBe(0);
    });

    it.each([
      ['the same bytes', true],
      ['other bytes', false],
    ])('neither reads nor removes a file behind a symlinked prefix directory holding %s', async (_name, same) => {
      const dir = await newDir();
      await open(dir);
      const body = randomBytes(2_000);
      const path = `/symlink-read-${same}`;
      const digest = put(path, body);
      await get(digest, path);
      const outside = await newDir();
      const outsideFile = join(outside, digest.slice(7));
      const planted = same ? body : randomBytes(2_000);
      await writeFile(outsideFile, planted);
      await rm(join(dir, 'sha256', digest.slice(7, 9)), { recursive: true });
      await symlink(outside, join(dir, 'sha256', digest.slice(7, 9)));
      const answer = await get(digest, path);
      expect(answer.body.equals(body)).toBe(true);
      expect(storage.requests(path)).toBe(2);
      expect((await readFile(outsideFile)).equals(planted)).toBe(true);
      expect(kinds()).toEqual(['miss', 'store', 'corrupt:unreadable', 'miss:disk']);
    });

    it('takes a cache directory that is itself a symlink, resolved once when it opens', async () => {
      const target = await newDir();
      const link = join(root, `link-${dirs}`);
      await symlink(target, link);
      await open(link);
      const body = randomBytes(1_000);
      const digest = put('/linked-dir', body);
      await get(digest, '/linked-dir');
      expect((await get(digest, '/linked-dir')).body.equals(body)).toBe(true);
      expect(kinds()).toEqual(['miss', 'store', 'hit']);
      expect((await readFile(entryFile(target, digest))).equals(body)).toBe(true);
    });
  });

  describe('entries that are not regular files', () => {
    it.each(['a FIFO', 'a socket'])('treats %s in place of an entry as a miss, removes it, and fetches the blob again', async (kind) => {
      const dir = await newDir();
      await open(dir);
      const body = randomBytes(2_000);
      const path = `/special-${kind.slice(2)}`;
      const digest = put(path, body);
      await get(digest, path);
      const file = entryFile(dir, digest);
      await rm(file);
      const listener = kind === 'a socket' ? createNetServer() : undefined;
      if (listener) await new Promise<void>((resolve) => listener.listen(file, resolve));
      else expect(spawnSync('mkfifo', [file]).status).toBe(0);
      try {
        const answer = await within(10_000, get(digest, path));
        expect(answer).toMatchObject({ status: 200, complete: true });
        expect(answer.body.equals(body)).toBe(true);
        expect(kinds()).toEqual(['miss', 'store', 'corrupt:unreadable', 'miss', 'store']);
        expect((await lstat(file)).isFile()).toBe(true);
      } finally {
        // An open() blocked on the FIFO waits for a writer: be one, so that nothing stays blocked.
        if (!listener) await openFile(file, constants.O_RDWR | constants.O_NONBLOCK).then((handle) => handle.close(), () => undefined);
        listener?.close();
      }
    });

    it('removes a FIFO named as an entry when it opens', async () => {
      const dir = await newDir();
      const digest = sha(Buffer.from('fifo'));
      await mkdir(dirname(entryFile(dir, digest)), { recursive: true });
      expect(spawnSync('mkfifo', [entryFile(dir, digest)]).status).toBe(0);
      await open(dir);
      expect(state.cache?.stats().entries).toBe(0);
      await expect(lstat(entryFile(dir, digest))).rejects.toThrow(/ENOENT/);
    });
  });
});

/**
 * The door's side of the cache with its grants (src/serve/cache/layer-cache.ts), as a streaming door runs it: a blob
 * request the grants allow is answered from disk; anything else asks a registry stand-in, whose answer the cache then
 * learns from. The registry decides per credential and repository, and can change its mind.
 */
describe('grants at the door', () => {
  const REGISTRY = 'registry.stand-in.example';
  const [C, D] = ['Basic Y3JlZGVudGlhbC1j', 'Basic Y3JlZGVudGlhbC1k'];
  let storage: Awaited<ReturnType<typeof startStorage>>;
  let door: Server;
  let doorPort = 0;
  let root: string;
  let cache: BlobCache;
  let clock = 0;
  /** Which repositories each credential may read now. */
  const access = new Map<string, Set<string>>();
  const asked: string[] = [];
  /** What the door logged for each request it answered. */
  const logged: { status: number; responseBytes: number; outcome?: string }[] = [];
  /** `repository@digest` of blobs that left a repository. */
  const gone = new Set<string>();
  let dir = '';

  /** The registry stand-in: 401 for an unknown credential, 403 for a repository it may not read, else a blob's 307 to storage. */
  const registry = (authorization: string | undefined, path: string): { status: number; location?: string } => {
    asked.push(path);
    const repositories = access.get(authorization ?? '');
    if (repositories === undefined) return { status: 401 };
    const [, repository = '', kind, reference = ''] = /^\/v2\/([a-z]+)\/(blobs|manifests)\/(.+)$/.exec(path) ?? [];
    if (!repositories.has(repository)) return { status: 403 };
    if (kind === 'manifests') return { status: 200 };
    if (gone.has(`${repository}@${reference}`)) return { status: 404 };
    return storage.routes.has(`/${reference.slice(7)}`) ? { status: 307, location: `${storage.url}/${reference.slice(7)}?X-Amz-Signature=stand-in` } : { status: 404 };
  };

  const ask = (path: string, authorization: string | undefined, method = 'GET') =>
    new Promise<{ status: number; body: Buffer; complete: boolean }>((resolve, reject) => {
      const req = request({ host: '127.0.0.34', port: doorPort, path, method, headers: authorization === undefined ? {} : { authorization }, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete: res.complete }));
      });
      req.on('error', reject);
      req.end();
    });

  /** A blob in storage; its digest. */
  const blob = (body: Buffer) => {
    const digest = sha(body);
    storage.routes.set(`/${digest.slice(7)}`, { body });
    return digest;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'blob-cache-grants-'));
    storage = await startStorage();
    door = createServer((req, res) => {
      const exchange = { req, res, method: req.method ?? 'GET', requestId: 'grants', log: (entry: (typeof logged)[number]) => void logged.push(entry) };
      void (async () => {
        if (await answerByGrant({ blobs: cache }, exchange)) return;
        const askedAt = cache.grants.mark();
        const answer = registry(req.headers.authorization, req.url ?? '/');
        if (await answerByCache({ blobs: cache, registry: REGISTRY }, exchange, answer.status, answer.location, 0, askedAt)) return;
        const body = JSON.stringify({ errors: [{ code: String(answer.status), message: 'from the registry' }] });
        res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.location === undefined ? {} : { location: answer.location }) }).end(body);
      })().catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => door.listen(0, '127.0.0.34', resolve));
    doorPort = (door.address() as AddressInfo).port;
  });

  beforeEach(async () => {
    await cache?.close();
    dir = await mkdtemp(join(root, 'cache-'));
    cache = await openBlobCache({ dir, maxBytes: 64 * 1024 * 1024, grants: { ttlMs: 60_000, now: () => clock } });
    access.clear();
    gone.clear();
    asked.length = 0;
    logged.length = 0;
  });

  it('logs the body bytes it sent for a fill, a hit and a hit by grant, and none for a HEAD', async () => {
    const body = randomBytes(300_000);
    const digest = blob(body);
    access.set(C, new Set(['app']));
    for (const method of ['GET', 'GET', 'GET', 'HEAD']) expect((await ask(`/v2/app/blobs/${digest}`, C, method)).status).toBe(200);
    // The door logs once its answer is sent, which may be just after the client has it.
    await expect.poll(() => logged.length).toBe(4);
    expect(logged.map(({ responseBytes, outcome }) => [responseBytes, outcome])).toEqual([
      [body.length, 'cache_fill'],
      [body.length, 'cache_hit'],
      [body.length, 'cache_hit'],
      [0, 'cache_hit'],
    ]);
  });

  afterAll(async () => {
    await cache?.close();
    for (const server of [storage.server, door]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await rm(root, { recursive: true, force: true });
  });

  it('answers a repeat GET or HEAD of a blob from disk without asking the registry, for the same credential, repository and blob only, within the bound', async () => {
    const body = randomBytes(500_000);
    const digest = blob(body);
    const other = blob(randomBytes(1_000));
    access.set(C, new Set(['app', 'web'])).set(D, new Set(['app']));
    const path = `/v2/app/blobs/${digest}`;
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    expect(asked).toEqual([path]);
    for (const method of ['GET', 'HEAD', 'GET']) {
      const answer = await ask(path, C, method);
      expect(answer.status).toBe(200);
      expect(answer.body.equals(method === 'GET' ? body : Buffer.alloc(0))).toBe(true);
    }
    expect(asked).toEqual([path]);
    // Another credential, another repository, another blob: each asked.
    expect((await ask(path, D)).body.equals(body)).toBe(true);
    expect((await ask(`/v2/web/blobs/${digest}`, C)).body.equals(body)).toBe(true);
    expect((await ask(`/v2/app/blobs/${other}`, C)).status).toBe(200);
    expect(asked).toEqual([path, path, `/v2/web/blobs/${digest}`, `/v2/app/blobs/${other}`]);
    expect(storage.requests(`/${digest.slice(7)}`)).toBe(1);
    // The bound is over: asked again, and granted again for as long.
    clock += 60_000;
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    clock += 59_999;
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    expect(asked.filter((p) => p === path)).toHaveLength(3);
  });

  it('stops serving a credential the registry revoked once the bound is over, and refuses it then', async () => {
    const body = randomBytes(200_000);
    const digest = blob(body);
    const path = `/v2/app/blobs/${digest}`;
    access.set(C, new Set(['app']));
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    access.delete(C);
    // Within the bound, a client that asks for that blob alone is still answered from the grant (documented)...
    clock += 59_000;
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    expect(asked).toEqual([path]);
    // ...and once it is over, the registry is asked, refuses, and no cached byte goes.
    clock += 1_000;
    const refused = await ask(path, C);
    expect(refused.status).toBe(401);
    expect(refused.body.includes(body.subarray(0, 64))).toBe(false);
    expect((await ask(path, C)).status).toBe(401);
    expect(asked).toEqual([path, path, path]);
  });

  it.each([
    ['401 (the credential revoked)', () => access.delete(C), 401],
    ['403 (the repository no longer readable)', () => access.set(C, new Set(['web'])), 403],
  ])('drops every grant of a credential as soon as the registry answers it %s for anything, well within the bound', async (_name, revoke, status) => {
    const body = randomBytes(200_000);
    const digest = blob(body);
    const path = `/v2/app/blobs/${digest}`;
    access.set(C, new Set(['app'])).set(D, new Set(['app']));
    for (const credential of [C, D]) expect((await ask(path, credential)).body.equals(body)).toBe(true);
    revoke();
    clock += 1_000;
    // A pull's first request, the manifest, is refused: C's grants go with it.
    expect((await ask('/v2/app/manifests/latest', C)).status).toBe(status);
    const refused = await ask(path, C);
    expect(refused.status).toBe(status);
    expect(refused.body.includes(body.subarray(0, 64))).toBe(false);
    expect((await ask(path, C, 'HEAD')).status).toBe(status);
    // D's grant stands.
    const before = asked.length;
    expect((await ask(path, D)).body.equals(body)).toBe(true);
    expect(asked).toHaveLength(before);
  });

  it('forgets the grant of a blob the registry stops giving a credential, even once another credential has brought it back to disk', async () => {
    const body = randomBytes(100_000);
    const digest = blob(body);
    const path = `/v2/app/blobs/${digest}`;
    access.set(C, new Set(['app', 'web'])).set(D, new Set(['web']));
    expect((await ask(path, C)).body.equals(body)).toBe(true);
    // The blob leaves repository app (the registry now answers 404 there), and its entry leaves the disk.
    gone.add(`app@${digest}`);
    await rm(entryFile(dir, digest));
    expect((await ask(path, C)).status).toBe(404);
    // D fetches it through repository web, where it still is: back on disk.
    expect((await ask(`/v2/web/blobs/${digest}`, D)).body.equals(body)).toBe(true);
    const again = await ask(path, C);
    expect(again.status).toBe(404);
    expect(again.body.includes(body.subarray(0, 64))).toBe(false);
  });
});
