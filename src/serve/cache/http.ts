/**
 * The layer cache's HTTP answers, for `serve`: a blob GET or HEAD answered from the store (./store.ts), or fetched from
 * the storage URL the registry redirected to, and stored on the way.
 *
 * From disk: the entry is checked before its first byte goes (see the store), then streamed with Range and ETag, the
 * next chunk read from disk while the last one goes to the client.
 *
 * Never fails the request: whatever the store refuses (a full, read-only or missing disk, a blob larger than the cache)
 * passes through unstored. Upstream bytes that do not match the digest reach the client as a short read instead of
 * the last chunk.
 *
 * Shared fills, paced by storage alone: one fetch per digest takes the bytes in as they arrive and writes the spool
 * file behind them, whoever reads. Every client of that digest (the first included) reads the fill at its own pace, a
 * chunk at a time — the newest bytes from memory, older ones from the spool file — so a client that stops holds up no
 * one; one whose socket takes nothing for `readerIdleMs` is dropped. The last chunk stays held back from every client
 * until the digest checks out. A fill whose storage sends nothing for `sourceIdleMs` (or that the disk refuses)
 * ends; each of its clients then fetches the rest from its own storage URL (a Range request from
 * where the fill stopped, hashed on from the fill's state), or all of it when it has sent nothing.
 * A fill goes on when its clients go away: its bytes are stored for the next.
 *
 * Docker-Content-Digest goes only with bytes that are verified, or cut short when they are not:
 * an answer from disk, or a fill whose end the client can tell (a Content-Length, or chunked).
 * What passes through unchecked (HEAD, Range, other algorithms) carries storage's headers alone.
 *
 * Authorization is the caller's: answer from the cache only after the registry has allowed this
 * client this blob (it answered the client's request with a 307 to the storage URL, now or within a grant's bound:
 * `grants`, ./grants.ts).
 */
import { createHash } from 'node:crypto';
import { type Agent, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { ociError } from '../../core/oci.ts';
import { type GrantOptions, type Grants, rememberGrants } from './grants.ts';
import {
  type BlobStore,
  type BlobStoreOptions,
  type CacheReason,
  errorCode,
  type Fill,
  type FillClaim,
  type FillJoined,
  isCacheableDigest,
  openBlobStore,
  type Refusal,
  type Resumable,
  type VerifiedEntry,
} from './store.ts';

export const BLOB_CACHE_LIMITS = {
  /** A source that sends nothing for this long is abandoned: a fill's deadline, whoever reads it. */
  sourceIdleMs: 30_000,
  /** A client whose socket takes no chunk for this long is dropped (a stopped or paused reader). */
  readerIdleMs: 60_000,
  /**
   * What a client of a fill is sent at a time, from memory or one read of the spool file, then it lets every other
   * request have a turn of the event loop: small, so that among many clients of one fill each new one gets its first
   * byte soon; not too small, as it bounds each client's pace (64 KiB per turn kept a 100 MB first pull at 1.2-1.4x
   * a direct one, 256 KiB at 0.9-1.0x: npm run bench -- self-hosted).
   */
  chunkBytes: 256 * 1024,
  /**
   * One read of an entry file: a client answered from disk holds two, the one its socket is taking and the next; large,
   * so that a hit costs few trips to the disk per megabyte.
   */
  diskChunkBytes: 256 * 1024,
} as const;

export interface BlobCacheOptions extends BlobStoreOptions {
  /** Default BLOB_CACHE_LIMITS. */
  limits?: { sourceIdleMs?: number; readerIdleMs?: number };
  /** How long a redirect to storage stands for its credential and blob (./grants.ts); default GRANT_LIMITS. */
  grants?: GrantOptions;
}

export interface FillOptions {
  /** Aborts this client's own fetches from the source (pass-through, the rest after a failed fill); never a shared fill. */
  signal?: AbortSignal;
  /** For the source's protocol: an https.Agent for https URLs. */
  agent?: Agent;
}

export interface BlobCache {
  /**
   * Answers a GET or HEAD for `digest` from a verified entry: 200 with Content-Length,
   * Content-Type application/octet-stream, Docker-Content-Digest, Accept-Ranges and ETag
   * `"<digest>"`; 206 for one `Range: bytes=a-b | a- | -n`; 416 naming the size in Content-Range
   * when unsatisfiable. Several ranges, or an If-Range other than the ETag, get 200.
   * Returns false, having written nothing, when there is no valid entry.
   */
  serve(digest: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /**
   * Answers a miss from `source` (the storage URL the registry redirected to; it gets no
   * Authorization) and stores the blob when its bytes hash to `digest`. The client gets the
   * source's status, Content-Length and Content-Type, plus Docker-Content-Digest unless it could
   * not tell a short read (HTTP/1.0 and no Content-Length). A GET of a digest already being
   * filled reads that fill's spool as it grows (see the file's comment); a HEAD or Range then
   * passes through. Never rejects: when the source fails before any byte was sent, the client
   * gets a 502 OCI error; after that, a short read.
   */
  fill(digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options?: FillOptions): Promise<void>;
  stats(): { entries: number; bytes: number };
  /** What the registry recently let each credential have, for the door to answer from without asking again. */
  readonly grants: Grants;
  /** Stops fills under way (their clients fetch the rest themselves) and waits for them; afterwards `serve` answers false and `fill` only passes through. */
  close(): Promise<void>;
}

/** The store and the deadlines every answer keeps. */
interface Cache {
  readonly store: BlobStore;
  readonly limits: { readonly sourceIdleMs: number; readonly readerIdleMs: number };
}

export async function openBlobCache(options: BlobCacheOptions): Promise<BlobCache> {
  const { limits, grants, ...storeOptions } = options;
  return blobCache(await openBlobStore(storeOptions), rememberGrants(grants), limits);
}

/** HTTP answers from `store`, which the cache then owns (closing the cache closes it). */
function blobCache(store: BlobStore, grants: Grants, limits: BlobCacheOptions['limits'] = {}): BlobCache {
  const cache: Cache = { store, limits: { ...BLOB_CACHE_LIMITS, ...limits } };
  return {
    serve: (digest, req, res) => serveEntry(cache, digest, req, res),
    fill: (digest, source, req, res, options = {}) => fill(cache, digest, source, req, res, options),
    stats: () => store.stats(),
    grants,
    close: () => store.close(),
  };
}

export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * What to answer for a Range header over `size` bytes (RFC 9110 §14): one byte range, or the whole
 * entity when the header is absent, malformed or asks for several ranges.
 */
export function selectRange(range: string | undefined, size: number): RangeAnswer {
  const match = range === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  const first = match?.[1] ?? '';
  const last = match?.[2] ?? '';
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start && last !== '') return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

/** BlobCache.serve: a verified entry's answer, or false having written nothing. */
async function serveEntry(cache: Cache, digest: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const entry = await cache.store.open(digest);
  if (entry === undefined) return false;
  try {
    const sent = await answerFromDisk(entry, digest, req, res, cache.limits.readerIdleMs);
    cache.store.report({ kind: 'hit', digest, bytes: sent });
    return true;
  } finally {
    await entry.close();
  }
}

/** BlobCache.fill: from disk, a shared fill, or storage as it is. */
async function fill(cache: Cache, digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions): Promise<void> {
  const { store } = cache;
  if (!isCacheableDigest(digest)) return passThrough(cache, digest, source, req, res, options, 'unsupported-digest');
  if (store.isClosed()) return passThrough(cache, digest, source, req, res, options, 'closed');
  if (store.has(digest) && (await serveEntry(cache, digest, req, res))) return;
  if (req.method === 'HEAD') return passThrough(cache, digest, source, req, res, options, 'head');
  if (req.headers.range !== undefined) return passThrough(cache, digest, source, req, res, options, 'range');
  // claim is synchronous: no await between looking for a fill and registering one, so one fill per digest.
  const claim = store.claim(digest);
  const answered = claim.kind === 'claimed' ? startFill(cache, digest, claim, source, req, res, options) : joinFill(cache, digest, claim, source, req, res, options);
  await answered.catch(() => void res.destroy());
}

async function passThrough(cache: Cache, digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, reason: CacheReason): Promise<void> {
  const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
  const range = req.headers.range;
  const headers: Record<string, string> = method === 'GET' && range !== undefined ? { range } : {};
  const received = await relay(source, method, headers, res, options, cache.limits.sourceIdleMs);
  cache.store.report({ kind: 'bypass', digest, bytes: received.bytes, reason, detail: received.detail });
}

/** Nothing sent yet: a whole answer, hashed from the start. */
function fromStart(): Resumable {
  return { at: 0, hash: createHash('sha256') };
}

/** Fetches `source` for this client alone, verified as it goes; `from` is what it has already sent (nothing: a whole answer). */
async function fetchOwn(cache: Cache, digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, from: Resumable): Promise<{ received: number; failure?: Refusal }> {
  const headers: Record<string, string> = from.at > 0 ? { range: `bytes=${from.at}-` } : {};
  let upstream: IncomingMessage;
  try {
    upstream = await requestSource(source, 'GET', headers, options, cache.limits.sourceIdleMs);
  } catch (error) {
    unavailable(res, 'GET', 'the blob storage could not be reached');
    return { received: 0, failure: { reason: 'upstream-error', detail: errorCode(error) } };
  }
  return relayVerified(upstream, digest, from, req, res, cache.limits.readerIdleMs);
}

/** A client that read a fill which ended unverified: the rest (or all) from its own storage URL. */
async function fallBack(cache: Cache, digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, from: Resumable): Promise<void> {
  const fetched = await fetchOwn(cache, digest, source, req, res, options, from);
  cache.store.report({ kind: 'bypass', digest, bytes: fetched.received, reason: 'fill-failed', detail: fetched.failure?.detail });
}

/** Starts the one fill of `digest` and answers its first client from it; the fill itself goes on whatever that client does. */
async function startFill(cache: Cache, digest: string, claim: FillClaim, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions): Promise<void> {
  const { store, limits } = cache;
  try {
    let upstream: IncomingMessage;
    try {
      upstream = await requestSource(source, 'GET', {}, { agent: options.agent, signal: claim.signal }, limits.sourceIdleMs);
    } catch (error) {
      claim.abandon();
      unavailable(res, 'GET', 'the blob storage could not be reached');
      store.report({ kind: 'miss', digest, bytes: 0, reason: 'upstream-error', detail: errorCode(error) });
      return;
    }
    const status = upstream.statusCode ?? 502;
    if (status !== 200) {
      claim.abandon();
      const received = await relayResponse(upstream, res);
      store.report({ kind: 'miss', digest, bytes: received, reason: 'upstream-status', detail: String(status) });
      return;
    }
    const started = await claim.start(upstream, { headers: blobHeaders(upstream), declared: contentLength(upstream.headers['content-length']) });
    if ('reason' in started) {
      // Nothing to share: this client reads storage's answer directly, at its own pace, as a pass-through would.
      const relayed = await relayVerified(upstream, digest, fromStart(), req, res, limits.readerIdleMs);
      store.report({ kind: 'miss', digest, bytes: relayed.received, ...(relayed.failure ?? started) });
      return;
    }
    await follow(cache, digest, source, started, true, req, res, options);
  } finally {
    // Clients that joined never wait on a fill that something unforeseen ended before it started.
    claim.abandon();
  }
}

/** A GET of a digest being filled: reads that fill's spool, or fetches on its own when the fill is not shared. */
async function joinFill(cache: Cache, digest: string, joined: FillJoined, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions): Promise<void> {
  const shared = await joined.fill;
  if (shared === undefined) return fallBack(cache, digest, source, req, res, options, fromStart());
  await follow(cache, digest, source, shared, false, req, res, options);
}

/**
 * One client's answer from a shared fill: the spool file's bytes as its socket takes them, one chunk at a time, so
 * its pace is its own. Ends verified, or falls back to its own storage URL when the fill ends without verifying.
 */
async function follow(cache: Cache, digest: string, source: URL, fill: Fill, starter: boolean, req: IncomingMessage, res: ServerResponse, options: FillOptions): Promise<void> {
  const claim = fill.declared !== undefined || readsChunked(req) ? digest : undefined;
  const head = () => {
    if (!res.headersSent) setHeaders(res, 200, { ...fill.headers, ...(claim === undefined ? {} : { 'docker-content-digest': claim }) });
  };
  let buffer: Buffer | undefined;
  let sent = 0;
  let end: Fill['end'];
  try {
    for (;;) {
      if (res.destroyed) return;
      end = fill.end;
      // A fill that ended unverified feeds what it spooled only to a client already under way, up to where it stopped.
      if (end?.verified === false && (sent === 0 || end.resume === undefined || sent >= end.resume.at)) break;
      const limit = end === undefined ? fill.sendable : fill.written;
      if (sent < limit) {
        head();
        // Keeping up with the fill: its newest bytes are still in memory, with no copy and no read of the spool.
        const held = fill.peek(sent, Math.min(limit, sent + BLOB_CACHE_LIMITS.chunkBytes));
        if (held.length > 0) {
          await sendWithin(res, held, cache.limits.readerIdleMs);
          sent += held.reduce((sum, chunk) => sum + chunk.length, 0);
          // A socket that takes everything at once calls back on the next tick: without a turn of the event loop, one
          // fast reader with more to send would keep every other request waiting.
          if (sent < (fill.end === undefined ? fill.sendable : fill.written)) await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
        buffer ??= Buffer.allocUnsafe(BLOB_CACHE_LIMITS.chunkBytes);
        const read = await fill.read(buffer, Math.min(buffer.length, limit - sent), sent);
        if (read === 0) throw new Error('the spool file is shorter than what was written');
        await sendWithin(res, buffer.subarray(0, read), cache.limits.readerIdleMs);
        sent += read;
        continue;
      }
      if (end?.verified === true) {
        head();
        res.end();
        return;
      }
      await progressOrClose(fill.changed, res);
    }
  } catch {
    return void res.destroy();
  } finally {
    fill.release();
    if (!starter && (sent > 0 || end?.verified === true)) cache.store.report({ kind: 'hit', digest, bytes: sent });
  }
  if (end === undefined || end.verified) return;
  if (sent > 0 && end.resume === undefined) return void res.destroy();
  // Only the fill's own client is told its source's bytes are wrong; another may have been sent elsewhere.
  if (sent === 0 && end.resume === undefined && starter) return unavailable(res, 'GET', 'the blob storage sent bytes that do not match the digest');
  await fallBack(cache, digest, source, req, res, options, sent === 0 || end.resume === undefined ? fromStart() : { at: sent, hash: end.resume.hash.copy() });
}

class DigestMismatch extends Error {}
class ClientGone extends Error {}

function contentLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Writes the answer for a verified entry; returns the body bytes sent. */
async function answerFromDisk(entry: VerifiedEntry, digest: string, req: IncomingMessage, res: ServerResponse, idleMs: number): Promise<number> {
  const { size } = entry;
  const etag = `"${digest}"`;
  const headers = { 'content-type': 'application/octet-stream', 'docker-content-digest': digest, 'accept-ranges': 'bytes', etag };
  const ifRange = req.headers['if-range'];
  const wanted = ifRange === undefined || ifRange === etag ? selectRange(req.headers.range, size) : ({ kind: 'whole' } as const);
  if (wanted.kind === 'unsatisfiable') {
    setHeaders(res, 416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
    res.end();
    return 0;
  }
  const [start, end] = wanted.kind === 'part' ? [wanted.start, wanted.end] : [0, size - 1];
  const length = end - start + 1;
  // Set one by one, not through writeHead, so the door's log can read the Content-Length back.
  setHeaders(res, wanted.kind === 'part' ? 206 : 200, {
    ...headers,
    ...(wanted.kind === 'part' ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    'content-length': String(length),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return 0;
  }
  let sent = 0;
  // One read ahead, into the other of two buffers: the disk and the client's socket work at the same time, and a
  // buffer is read into again only once the socket has taken what it held.
  const buffers = [0, 1].map(() => Buffer.allocUnsafe(Math.min(BLOB_CACHE_LIMITS.diskChunkBytes, length)));
  let reads = 0;
  const readAt = async (offset: number) => {
    const buffer = buffers[reads++ % 2] ?? Buffer.alloc(0);
    const bytesRead = await entry.read(buffer, Math.min(buffer.length, length - offset), start + offset);
    if (bytesRead === 0) throw new Error('the entry is shorter than it was');
    return buffer.subarray(0, bytesRead);
  };
  let next: Promise<Buffer> | undefined = readAt(0);
  try {
    while (next !== undefined) {
      const chunk: Buffer = await next;
      next = sent + chunk.length < length ? readAt(sent + chunk.length) : undefined;
      // Settled either way, so that a client gone mid-read leaves no rejection unhandled.
      next?.catch(() => undefined);
      await sendWithin(res, chunk, idleMs);
      sent += chunk.length;
    }
    res.end();
  } catch {
    res.destroy();
    // The entry closes once its last read is done.
    await next?.catch(() => undefined);
  }
  return sent;
}

/** Resolves when `changed` does or the client goes away; no listener outlives it (a race with one long-lived promise would keep one per call). */
function progressOrClose(changed: Promise<void>, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    void changed.then(done);
  });
}

/** Status and headers for an answer whose head leaves with its first body byte, so a 502 is still possible until then. */
function setHeaders(res: ServerResponse, status: number, headers: Readonly<Record<string, string>>): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** The first byte position of a 206's Content-Range. */
function rangeStart(contentRange: string | undefined): number | undefined {
  const match = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(contentRange ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Relays storage's answer to one client, hashing on from `from` and holding the last chunk back until the digest checks
 * out: wrong bytes end as a short read (or a 502 while nothing was sent). With `from.at` 0 this is the whole answer
 * (anything but a 200 passes through as it is, unclaimed); else it continues a body already begun, from a 206 that starts
 * there or a 200 whose first `from.at` bytes are skipped. Never rejects.
 */
async function relayVerified(upstream: IncomingMessage, digest: string, from: Resumable, req: IncomingMessage, res: ServerResponse, idleMs: number): Promise<{ received: number; failure?: Refusal }> {
  const status = upstream.statusCode ?? 502;
  let skip = 0;
  if (from.at === 0) {
    if (status !== 200) return { received: await relayResponse(upstream, res), failure: { reason: 'upstream-status', detail: String(status) } };
    const declared = contentLength(upstream.headers['content-length']);
    // Wrong bytes end as a short read, which a client without Content-Length or chunked framing cannot tell from the end.
    setHeaders(res, 200, blobHeaders(upstream, declared !== undefined || readsChunked(req) ? digest : undefined));
  } else if (status === 200) {
    skip = from.at;
  } else if (status !== 206 || rangeStart(upstream.headers['content-range']) !== from.at) {
    upstream.resume();
    res.destroy();
    return { received: 0, failure: { reason: 'upstream-status', detail: String(status) } };
  }
  const hash = from.hash;
  let received = 0;
  try {
    await pipeline(upstream, async (chunks: AsyncIterable<Buffer>) => {
      let held: Buffer | undefined;
      for await (const arrived of chunks) {
        received += arrived.length;
        const chunk = skip > 0 ? arrived.subarray(Math.min(skip, arrived.length)) : arrived;
        skip -= arrived.length - chunk.length;
        if (chunk.length === 0) continue;
        hash.update(chunk);
        if (held !== undefined) await sendWithin(res, held, idleMs);
        held = chunk;
      }
      if (skip > 0 || `sha256:${hash.digest('hex')}` !== digest) throw new DigestMismatch();
      if (held !== undefined) await sendWithin(res, held, idleMs);
    });
  } catch (error) {
    const reason: CacheReason = error instanceof DigestMismatch ? 'digest-mismatch' : error instanceof ClientGone ? 'client-gone' : 'upstream-error';
    unavailable(res, 'GET', reason === 'digest-mismatch' ? 'the blob storage sent bytes that do not match the digest' : 'the blob storage broke off');
    return { received, failure: { reason, detail: reason === 'upstream-error' ? errorCode(error) : undefined } };
  }
  res.end();
  return { received };
}

/** The headers a blob answer takes from the source, plus Docker-Content-Digest when the fill vouches for `claim`. */
function blobHeaders(upstream: IncomingMessage, claim?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['content-length', 'content-type', 'content-range', 'accept-ranges']) {
    const value = upstream.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  const status = upstream.statusCode;
  if (status === 200 || status === 206) out['content-type'] ??= 'application/octet-stream';
  if (claim !== undefined) out['docker-content-digest'] = claim;
  return out;
}

/** Whether Node frames a body of unknown length to this client (chunked, HTTP/1.1 and later), so a cut-off shows. */
function readsChunked(req: IncomingMessage): boolean {
  return req.httpVersionMajor > 1 || (req.httpVersionMajor === 1 && req.httpVersionMinor >= 1);
}

function requestSource(source: URL, method: 'GET' | 'HEAD', headers: Record<string, string>, options: FillOptions, idleMs: number): Promise<IncomingMessage> {
  const request = source.protocol === 'https:' ? httpsRequest : source.protocol === 'http:' ? httpRequest : undefined;
  if (request === undefined) return Promise.reject(new Error(`the blob storage URL must be http or https, not ${source.protocol}`));
  return new Promise((resolve, reject) => {
    let answer: IncomingMessage | undefined;
    const outgoing = request(source, { method, headers, agent: options.agent, signal: options.signal, timeout: idleMs }, (response) => resolve((answer = response)));
    outgoing.once('timeout', () => {
      // The answer too, so that whoever reads it learns why it ended.
      const error = Object.assign(new Error('the blob storage sent nothing in time'), { code: 'ETIMEDOUT' });
      answer?.destroy(error);
      outgoing.destroy(error);
    });
    outgoing.once('error', reject);
    outgoing.end();
  });
}

/** Relays the source's answer to the client unchanged (bar the headers kept); returns body bytes received. */
async function relay(source: URL, method: 'GET' | 'HEAD', headers: Record<string, string>, res: ServerResponse, options: FillOptions, idleMs: number): Promise<{ bytes: number; detail?: string }> {
  let upstream: IncomingMessage;
  try {
    upstream = await requestSource(source, method, headers, options, idleMs);
  } catch (error) {
    unavailable(res, method, 'the blob storage could not be reached');
    return { bytes: 0, detail: errorCode(error) };
  }
  return { bytes: await relayResponse(upstream, res) };
}

/** Storage's answer as it is: its bytes are not checked here, so it claims no digest. */
async function relayResponse(upstream: IncomingMessage, res: ServerResponse): Promise<number> {
  setHeaders(res, upstream.statusCode ?? 502, blobHeaders(upstream));
  let received = 0;
  try {
    await pipeline(
      upstream,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          received += chunk.length;
          yield chunk;
        }
      },
      res,
    );
  } catch {
    res.destroy();
  }
  return received;
}

/** The headers a blob answer sets; an error answer drops them and keeps the caller's own. */
const BLOB_HEADERS = ['content-length', 'content-type', 'content-range', 'accept-ranges', 'docker-content-digest', 'etag'];

/** A 502 OCI error while nothing has been sent; after that, only breaking the connection is honest. */
function unavailable(res: ServerResponse, method: string, message: string): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  for (const name of BLOB_HEADERS) res.removeHeader(name);
  const answer = ociError(502, 'UNAVAILABLE', message);
  setHeaders(res, answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(method === 'HEAD' ? undefined : answer.body);
}

/**
 * Writes a chunk (or several, at once) to the client and waits until its socket has taken it, so the chunk may be
 * reused; rejects once the client has gone, or when it took nothing for `idleMs` (then it is dropped).
 */
function sendWithin(res: ServerResponse, chunk: Buffer | Buffer[], idleMs: number): Promise<void> {
  if (res.destroyed) return Promise.reject(new ClientGone());
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (gone: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      res.off('close', onClose);
      if (gone) reject(new ClientGone());
      else resolve();
    };
    const onClose = () => settle(true);
    const timer = setTimeout(() => {
      res.destroy();
      settle(true);
    }, idleMs);
    res.once('close', onClose);
    const chunks = Array.isArray(chunk) ? chunk : [chunk];
    // Corked, several chunks leave in one write; the last one's callback says the socket has taken them all.
    if (chunks.length > 1) res.cork();
    chunks.forEach((part, index) => res.write(part, index === chunks.length - 1 ? (error) => settle(error !== null && error !== undefined) : undefined));
    if (chunks.length > 1) res.uncork();
  });
}
