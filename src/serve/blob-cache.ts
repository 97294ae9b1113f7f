/**
 * A content-addressed, verified cache of registry blobs on local disk, for `serve`.
 *
 * Layout: `<dir>/sha256/<first two hex>/<64 hex>` holds one blob; `<dir>/tmp/<random>.partial`
 * holds fills under way (removed at open). Only `sha256:` + 64 lowercase hex ever becomes a path.
 *
 * Private: entries are 0600 and every directory below `<dir>` 0700, whatever the umask; what an
 * older version made wider is tightened (directories on every use, entries at open). `<dir>` is the operator's: it
 * may be a symlink (resolved once, at open) and keeps its mode (0700 when the cache makes it).
 * Below it nothing is followed through a symlink, and only regular files are entries: a symlink,
 * FIFO, socket or device where a directory or entry should be means a miss and pass-through.
 *
 * Verified: every answer from disk first hashes the whole entry, then streams it, both through one
 * open file descriptor (the page cache makes the second read cheap). A changed, truncated, missing
 * or unreadable entry is removed and `serve` returns false, so the caller fetches the blob again.
 * We hash on every hit rather than trust files this process already verified while their
 * (size, mtime, inode) stay the same: that shortcut would miss every corruption that leaves the
 * stat alone — bit rot, bad sectors, writes to the block device — which is what the check is for.
 * The price is one extra sequential read per hit, and the first byte waits for it (~1 s per GB).
 * It also makes fsync before rename unnecessary: an entry torn by a crash fails its hash.
 *
 * Never fails the request: a full, read-only or missing disk, or a blob larger than the cache,
 * means the bytes pass through unstored. Upstream bytes that do not match the digest are never
 * stored, and the client gets a short read instead of the last chunk.
 *
 * Shared fills, paced by storage alone: one fetch per digest writes the spool file as bytes arrive,
 * whoever reads. Every client of that digest (the first included) reads the spool file at its own
 * pace, one 64 KiB buffer each, so a client that stops holds up no one; one whose socket takes
 * nothing for `readerIdleMs` is dropped. The last chunk stays held back from every client until the
 * digest checks out. A fill whose storage sends nothing for `sourceIdleMs` (or that the disk refuses)
 * ends; each of its clients then fetches the rest from its own storage URL (a Range request from
 * where the spool stopped, hashed on from the fill's state), or all of it when it has sent nothing.
 * A fill goes on when its clients go away: its bytes are stored for the next.
 *
 * Docker-Content-Digest goes only with bytes that are verified, or cut short when they are not:
 * an answer from disk, or a fill whose end the client can tell (a Content-Length, or chunked).
 * What passes through unchecked (HEAD, Range, other algorithms) carries storage's headers alone.
 *
 * One process per directory: the index and LRU order live in memory, persisted only as each
 * entry's mtime (set on store and on every hit). Temp files do not count towards `maxBytes`.
 *
 * Authorization is the caller's: answer from the cache only after the registry has allowed this
 * client this blob (e.g. it answered the client's request with a 307 to the storage URL).
 */
import { createHash, type Hash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, type FileHandle, lstat, mkdir, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import { type Agent, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ociError } from '../core/oci.ts';

export const BLOB_CACHE_LIMITS = {
  /** A source that sends nothing for this long is abandoned: a fill's deadline, whoever reads it. */
  sourceIdleMs: 30_000,
  /** A client whose socket takes no chunk for this long is dropped (a stopped or paused reader). */
  readerIdleMs: 60_000,
  /** What one client holds in memory at a time: one read of the spool or entry file. */
  chunkBytes: 64 * 1024,
} as const;

export interface BlobCacheOptions {
  dir: string;
  /** Upper bound for the bytes of all entries; least recently used entries go first. 0 stores nothing. */
  maxBytes: number;
  /** Clock for recency (ms since the epoch), written to entries' mtimes. */
  now?: () => number;
  /** Called synchronously for every event; an exception it throws is ignored. */
  onEvent?: (event: CacheEvent) => void;
  /** Default BLOB_CACHE_LIMITS. */
  limits?: { sourceIdleMs?: number; readerIdleMs?: number };
}

/** Why something was not cached, or an entry went away; few values, so fit for a metric label. */
export type CacheReason =
  /** bypass: not `sha256:` + 64 lowercase hex. */
  | 'unsupported-digest'
  /** bypass: a HEAD or a Range request on a miss goes to the source as it is. */
  | 'head'
  | 'range'
  /** bypass: read a fill of the same digest that ended unverified; fetched (the rest) from its own storage URL. */
  | 'fill-failed'
  /** bypass: the cache is closed. */
  | 'closed'
  /** miss: larger than maxBytes. */
  | 'too-large'
  /** miss: the disk refused a write (detail: the errno code). */
  | 'disk'
  /** miss: the source answered other than 200 (detail: the status). */
  | 'upstream-status'
  /** miss: the source could not be reached, broke off, or sent nothing for sourceIdleMs. */
  | 'upstream-error'
  /** miss: the source's bytes do not hash to the digest. corrupt: the entry's bytes do not. */
  | 'digest-mismatch'
  /** miss: the client went away before a blob it alone was fetching (one not spooled) was complete. */
  | 'client-gone'
  /** evict: least recently used, to stay within maxBytes. */
  | 'lru'
  /** corrupt: the entry's file is gone, or cannot be read (detail: the errno code). */
  | 'missing'
  | 'unreadable';

/**
 * One thing the cache did, for metrics. `bytes` by kind:
 * - `hit`: answered from disk, or from the spool of another client's fill; body bytes sent (0 for HEAD and 416).
 * - `miss`: fetched from the source to store it; body bytes received. `reason` when nothing was stored.
 * - `bypass`: passed through from the source without storing; body bytes received.
 * - `store`: a new entry; its size.
 * - `evict`: an entry removed to make room; its size.
 * - `corrupt`: an entry that failed verification and was removed; its recorded size.
 * Bytes fetched from the source = miss + bypass; bytes served from the cache = hit.
 */
export interface CacheEvent {
  kind: 'hit' | 'miss' | 'store' | 'evict' | 'corrupt' | 'bypass';
  digest: string;
  bytes: number;
  reason?: CacheReason;
  /** Free text for a log line: an errno code, an upstream status. */
  detail?: string;
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
  /** Stops fills under way (their clients fetch the rest themselves) and waits for them; afterwards `serve` answers false and `fill` only passes through. */
  close(): Promise<void>;
}

const SHA256 = /^sha256:([a-f0-9]{64})$/;
const ENTRY_NAME = /^[a-f0-9]{64}$/;
const PREFIX_NAME = /^[a-f0-9]{2}$/;
const TEMP_NAME = /^[a-f0-9]{24}\.partial$/;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** True for the digests the cache stores: `sha256:` followed by 64 lowercase hex digits. */
export function isCacheableDigest(digest: string): boolean {
  return SHA256.test(digest);
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

interface Entry {
  readonly size: number;
}

/** Why nothing was stored. */
interface Refusal {
  reason: CacheReason;
  detail?: string;
}

/** Where a client goes on from: the bytes it has sent, and their hash. */
interface Resumable {
  at: number;
  hash: Hash;
}

/** A fill whose bytes go to a spool file, which every client of its digest reads. */
interface Run {
  /** Storage's headers for the blob, without Docker-Content-Digest (each client's framing decides that). */
  readonly headers: Record<string, string>;
  readonly declared: number | undefined;
  readonly spool: Spool;
  /** Bytes in the spool file, all hashed. */
  written: number;
  /** What clients may have before the digest checks out: all but the last chunk received. */
  sendable: number;
  /** Verified: every byte may go. Not: unless the bytes were wrong, where clients go on from (the hash up to `written`). */
  end?: { verified: true } | { verified: false; resume?: Resumable };
  /** Resolves at the next change of `written` or `end`. */
  changed: Promise<void>;
}

/** A fill under way, found by every GET of its digest until it ends. */
interface FillEntry {
  /** Resolves once storage has answered: the run, or undefined when the fill is its first client's alone. */
  readonly run: Promise<Run | undefined>;
  /** Stops the fetch from storage (close). */
  readonly abort: AbortController;
  /** The fill and the clients reading its spool file, which closes when the last lets go. */
  holders: number;
}

export async function openBlobCache(options: BlobCacheOptions): Promise<BlobCache> {
  const { maxBytes } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new TypeError(`blob cache: maxBytes must be a whole number of bytes, 0 or more; got ${maxBytes}`);
  if (options.dir.trim() === '') throw new TypeError('blob cache: dir must name a directory');
  const named = resolve(options.dir);
  await mkdir(named, { recursive: true, mode: DIR_MODE }).catch(() => undefined);
  // The directory named may be a symlink, resolved here once; below it nothing is followed.
  const dir = await realpath(named).catch(() => named);
  const blobsDir = join(dir, 'sha256');
  const tmpDir = join(dir, 'tmp');
  const now = options.now ?? Date.now;
  /** Insertion order is recency: least recently used first. */
  const index = new Map<string, Entry>();
  const limits = { ...BLOB_CACHE_LIMITS, ...options.limits };
  const fills = new Map<string, FillEntry>();
  /** Fills reading from storage, for close. */
  const pumps = new Set<Promise<void>>();
  let bytes = 0;
  let closed = false;

  const emit = (event: CacheEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // Metrics must not break an answer.
    }
  };
  /** `<dir>` and each directory below it down to `names`, checked in order (see ownDirectory); the last one's path. */
  const checkedDir = async (create: boolean, ...names: string[]) => {
    await ownDirectory(dir, create, false);
    let path = dir;
    for (const name of names) await ownDirectory((path = join(path, name)), create, true);
    return path;
  };
  /** An entry's path, its directories checked (and made, when `create`); rejects when one is not ours. */
  const entryPath = async (digest: string, create: boolean) => {
    const hex = digest.slice('sha256:'.length);
    return join(await checkedDir(create, 'sha256', hex.slice(0, 2)), hex);
  };
  const removeEntry = async (digest: string) => {
    const path = await entryPath(digest, false).catch(() => undefined);
    if (path !== undefined) await rm(path, { force: true }).catch(() => undefined);
  };

  const evict = async () => {
    const removals: Promise<void>[] = [];
    for (const [digest, entry] of index) {
      if (bytes <= maxBytes) break;
      index.delete(digest);
      bytes -= entry.size;
      emit({ kind: 'evict', digest, bytes: entry.size, reason: 'lru' });
      removals.push(removeEntry(digest));
    }
    await Promise.all(removals);
  };

  /** Removes an entry that failed verification, unless it was already replaced or removed. */
  const forget = async (digest: string, entry: Entry, reason: CacheReason, detail?: string) => {
    if (index.get(digest) !== entry) return;
    index.delete(digest);
    bytes -= entry.size;
    emit({ kind: 'corrupt', digest, bytes: entry.size, reason, detail });
    await removeEntry(digest);
  };

  const store = async (digest: string, size: number) => {
    const previous = index.get(digest);
    if (previous !== undefined) bytes -= previous.size;
    index.delete(digest);
    index.set(digest, { size });
    bytes += size;
    emit({ kind: 'store', digest, bytes: size });
    await evict();
  };

  const serve = async (digest: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const entry = !closed && SHA256.test(digest) ? index.get(digest) : undefined;
    if (entry === undefined) return false;
    let handle: FileHandle;
    try {
      // O_NONBLOCK: a FIFO in an entry's place opens at once (and fails the regular-file check) instead of waiting for a writer.
      handle = await open(await entryPath(digest, false), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      const code = errorCode(error);
      await forget(digest, entry, code === 'ENOENT' ? 'missing' : 'unreadable', code);
      return false;
    }
    try {
      const size = await verify(handle, digest);
      if (typeof size !== 'number') {
        await forget(digest, entry, size.reason, size.detail);
        return false;
      }
      if (index.get(digest) === entry) {
        index.delete(digest);
        index.set(digest, entry);
      }
      const seconds = now() / 1000;
      await handle.utimes(seconds, seconds).catch(() => undefined);
      const sent = await answerFromDisk(handle, size, digest, req, res, limits.readerIdleMs);
      emit({ kind: 'hit', digest, bytes: sent });
      return true;
    } finally {
      await handle.close().catch(() => undefined);
    }
  };

  const passThrough = async (digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, reason: CacheReason) => {
    const method = req.method === 'HEAD' ? 'HEAD' : 'GET';
    const range = req.headers.range;
    const headers: Record<string, string> = method === 'GET' && range !== undefined ? { range } : {};
    const received = await relay(source, method, headers, res, options, limits.sourceIdleMs);
    emit({ kind: 'bypass', digest, bytes: received.bytes, reason, detail: received.detail });
  };

  /** Fetches `source` for this client alone, verified as it goes; `from` is what it has already sent (nothing: a whole answer). */
  const fetchOwn = async (digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, from: Resumable) => {
    const headers: Record<string, string> = from.at > 0 ? { range: `bytes=${from.at}-` } : {};
    let upstream: IncomingMessage;
    try {
      upstream = await requestSource(source, 'GET', headers, options, limits.sourceIdleMs);
    } catch (error) {
      unavailable(res, 'GET', 'the blob storage could not be reached');
      return { received: 0, failure: { reason: 'upstream-error', detail: errorCode(error) } satisfies Refusal };
    }
    return relayVerified(upstream, digest, from, req, res, limits.readerIdleMs);
  };

  /** A client that read a fill which ended unverified: the rest (or all) from its own storage URL. */
  const fallBack = async (digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions, from: Resumable) => {
    const fetched = await fetchOwn(digest, source, req, res, options, from);
    emit({ kind: 'bypass', digest, bytes: fetched.received, reason: 'fill-failed', detail: fetched.failure?.detail });
  };

  /** Drops a client's hold on a fill; the spool file closes once the fill and its last reader are done with it. */
  const letGo = (entry: FillEntry, run: Run | undefined) => {
    entry.holders -= 1;
    if (entry.holders === 0) void run?.spool.close();
  };

  /**
   * Reads the spool into storage's answer, ending the fill verified (stored, or not when the disk refused the rename) or
   * not; the fill's readers are woken at each step. Never rejects.
   */
  const pump = async (digest: string, entry: FillEntry, run: Run, upstream: IncomingMessage, wake: () => void) => {
    const hash = createHash('sha256');
    let received = 0;
    const finish = (end: NonNullable<Run['end']>, event?: Omit<CacheEvent, 'kind' | 'digest'>) => {
      run.end = end;
      if (fills.get(digest) === entry) fills.delete(digest);
      if (event !== undefined) emit({ kind: 'miss', digest, ...event });
      wake();
      letGo(entry, run);
    };
    try {
      await pipeline(upstream, async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          received += chunk.length;
          const refused = await run.spool.write(chunk);
          if (refused !== undefined) throw new SpoolRefused(refused);
          hash.update(chunk);
          // The last chunk is held back from readers until the digest checks out: wrong bytes end as a short read.
          run.sendable = run.written;
          run.written += chunk.length;
          wake();
        }
      });
    } catch (error) {
      const why: Refusal = error instanceof SpoolRefused ? error.refusal : { reason: entry.abort.signal.aborted ? 'closed' : 'upstream-error', detail: errorCode(error) };
      await run.spool.discard();
      return finish({ verified: false, resume: { at: run.written, hash } }, { bytes: received, ...why });
    }
    if (`sha256:${hash.digest('hex')}` !== digest) {
      await run.spool.discard();
      return finish({ verified: false }, { bytes: received, reason: 'digest-mismatch' });
    }
    // The entry is in place before any reader has its last byte, so its next request is a hit.
    const refused = await run.spool.commit(() => entryPath(digest, true), now());
    emit({ kind: 'miss', digest, bytes: received, reason: refused?.reason, detail: refused?.detail });
    if (refused === undefined) await store(digest, received).catch(() => undefined);
    finish({ verified: true });
  };

  /**
   * One client's answer from a shared fill: the spool file's bytes as its socket takes them, one chunk at a time, so
   * its pace is its own. Ends verified, or falls back to its own storage URL when the fill ends without verifying.
   */
  const follow = async (digest: string, source: URL, entry: FillEntry, run: Run, starter: boolean, req: IncomingMessage, res: ServerResponse, options: FillOptions) => {
    const claim = run.declared !== undefined || readsChunked(req) ? digest : undefined;
    let buffer: Buffer | undefined;
    let sent = 0;
    let end: Run['end'];
    try {
      for (;;) {
        if (res.destroyed) return;
        end = run.end;
        // A fill that ended unverified feeds what it spooled only to a client already under way, up to where it stopped.
        if (end?.verified === false && (sent === 0 || end.resume === undefined || sent >= end.resume.at)) break;
        const limit = end === undefined ? run.sendable : run.written;
        if (sent < limit) {
          if (!res.headersSent) setHeaders(res, 200, { ...run.headers, ...(claim === undefined ? {} : { 'docker-content-digest': claim }) });
          buffer ??= Buffer.allocUnsafe(BLOB_CACHE_LIMITS.chunkBytes);
          const read = await run.spool.read(buffer, Math.min(buffer.length, limit - sent), sent);
          if (read === 0) throw new Error('the spool file is shorter than what was written');
          await sendWithin(res, buffer.subarray(0, read), limits.readerIdleMs);
          sent += read;
          continue;
        }
        if (end?.verified === true) {
          if (!res.headersSent) setHeaders(res, 200, { ...run.headers, ...(claim === undefined ? {} : { 'docker-content-digest': claim }) });
          res.end();
          return;
        }
        await progressOrClose(run.changed, res);
      }
    } catch {
      return void res.destroy();
    } finally {
      letGo(entry, run);
      if (!starter && (sent > 0 || end?.verified === true)) emit({ kind: 'hit', digest, bytes: sent });
    }
    if (end === undefined || end.verified) return;
    if (sent > 0 && end.resume === undefined) return void res.destroy();
    // Only the fill's own client is told its source's bytes are wrong; another may have been sent elsewhere.
    if (sent === 0 && end.resume === undefined && starter) return unavailable(res, 'GET', 'the blob storage sent bytes that do not match the digest');
    await fallBack(digest, source, req, res, options, sent === 0 || end.resume === undefined ? { at: 0, hash: createHash('sha256') } : { at: sent, hash: end.resume.hash.copy() });
  };

  /** Starts the one fill of `digest` and answers its first client from it; the fill itself goes on whatever that client does. */
  const startFill = async (digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions) => {
    let share: (run: Run | undefined) => void = () => undefined;
    const entry: FillEntry = { run: new Promise((resolve) => (share = resolve)), abort: new AbortController(), holders: 1 };
    fills.set(digest, entry);
    let shared = false;
    // Not shared after all: the clients that joined fetch on their own, as a pass-through would.
    const alone = () => {
      if (shared) return;
      shared = true;
      if (fills.get(digest) === entry) fills.delete(digest);
      share(undefined);
    };
    try {
      let upstream: IncomingMessage;
      try {
        upstream = await requestSource(source, 'GET', {}, { agent: options.agent, signal: entry.abort.signal }, limits.sourceIdleMs);
      } catch (error) {
        alone();
        unavailable(res, 'GET', 'the blob storage could not be reached');
        emit({ kind: 'miss', digest, bytes: 0, reason: 'upstream-error', detail: errorCode(error) });
        return;
      }
      const status = upstream.statusCode ?? 502;
      if (status !== 200) {
        alone();
        const received = await relayResponse(upstream, res);
        emit({ kind: 'miss', digest, bytes: received, reason: 'upstream-status', detail: String(status) });
        return;
      }
      const declared = contentLength(upstream.headers['content-length']);
      const spool = declared !== undefined && declared > maxBytes ? ({ reason: 'too-large' } satisfies Refusal) : await openSpool(() => checkedDir(true, 'tmp'), maxBytes);
      if (!('write' in spool)) {
        alone();
        // Nothing to share: this client reads storage's answer directly, at its own pace, as a pass-through would.
        const relayed = await relayVerified(upstream, digest, { at: 0, hash: createHash('sha256') }, req, res, limits.readerIdleMs);
        emit({ kind: 'miss', digest, bytes: relayed.received, ...(relayed.failure ?? spool) });
        return;
      }
      const run: Run = { headers: blobHeaders(upstream), declared, spool, written: 0, sendable: 0, changed: Promise.resolve() };
      // Each wake resolves the promise readers wait on and sets up the next one.
      let wake: () => void = () => undefined;
      const next = () => {
        run.changed = new Promise<void>((resolve) => {
          wake = () => {
            next();
            resolve();
          };
        });
      };
      next();
      shared = true;
      share(run);
      entry.holders += 1;
      const pumping = pump(digest, entry, run, upstream, () => wake()).catch(() => undefined);
      pumps.add(pumping);
      void pumping.finally(() => pumps.delete(pumping));
      await follow(digest, source, entry, run, true, req, res, options);
    } finally {
      // Clients that joined never wait on a fill that something unforeseen ended before it was shared.
      alone();
    }
  };

  /** A GET of a digest being filled: reads that fill's spool, or fetches on its own when the fill is not shared. */
  const joinFill = async (digest: string, source: URL, entry: FillEntry, req: IncomingMessage, res: ServerResponse, options: FillOptions) => {
    entry.holders += 1;
    const run = await entry.run;
    if (run === undefined) {
      letGo(entry, run);
      return fallBack(digest, source, req, res, options, { at: 0, hash: createHash('sha256') });
    }
    await follow(digest, source, entry, run, false, req, res, options);
  };

  const fill = async (digest: string, source: URL, req: IncomingMessage, res: ServerResponse, options: FillOptions = {}) => {
    if (!SHA256.test(digest)) return passThrough(digest, source, req, res, options, 'unsupported-digest');
    if (closed) return passThrough(digest, source, req, res, options, 'closed');
    if (index.has(digest) && (await serve(digest, req, res))) return;
    if (req.method === 'HEAD') return passThrough(digest, source, req, res, options, 'head');
    if (req.headers.range !== undefined) return passThrough(digest, source, req, res, options, 'range');
    // No await between the lookup and startFill's registration: one fill per digest.
    const running = fills.get(digest);
    const answered = running === undefined ? startFill(digest, source, req, res, options) : joinFill(digest, source, running, req, res, options);
    await answered.catch(() => void res.destroy());
  };

  // Open: a cache that cannot create (or tighten) its directories still answers, by passing everything through.
  if (await checkedDir(true, 'tmp').then(() => true, () => false)) await removeTempFiles(tmpDir);
  const scanned = await checkedDir(true, 'sha256').then(() => scanEntries(blobsDir), () => []);
  for (const found of scanned) {
    index.set(found.digest, { size: found.size });
    bytes += found.size;
  }
  await evict();

  return {
    serve,
    fill,
    stats: () => ({ entries: index.size, bytes }),
    close: async () => {
      closed = true;
      for (const entry of fills.values()) entry.abort.abort();
      await Promise.all(pumps);
    },
  };
}

class DigestMismatch extends Error {}
class ClientGone extends Error {}
class SpoolRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : undefined;
}

function contentLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Hashes the whole file through `handle`: its size when it matches `digest`, else why not. */
async function verify(handle: FileHandle, digest: string): Promise<number | { reason: CacheReason; detail?: string }> {
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { reason: 'unreadable', detail: 'not a regular file' };
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(handle.createReadStream({ start: 0, autoClose: false }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
      }
    });
    return `sha256:${hash.digest('hex')}` === digest ? size : { reason: 'digest-mismatch' };
  } catch (error) {
    return { reason: 'unreadable', detail: errorCode(error) };
  }
}

/** Writes the answer for a verified entry; returns the body bytes sent. */
async function answerFromDisk(handle: FileHandle, size: number, digest: string, req: IncomingMessage, res: ServerResponse, idleMs: number): Promise<number> {
  const etag = `"${digest}"`;
  const headers = { 'content-type': 'application/octet-stream', 'docker-content-digest': digest, 'accept-ranges': 'bytes', etag };
  const ifRange = req.headers['if-range'];
  const wanted = ifRange === undefined || ifRange === etag ? selectRange(req.headers.range, size) : ({ kind: 'whole' } as const);
  if (wanted.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': '0' });
    res.end();
    return 0;
  }
  const [start, end] = wanted.kind === 'part' ? [wanted.start, wanted.end] : [0, size - 1];
  const length = end - start + 1;
  res.writeHead(wanted.kind === 'part' ? 206 : 200, {
    ...headers,
    ...(wanted.kind === 'part' ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    'content-length': String(length),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return 0;
  }
  const buffer = Buffer.allocUnsafe(Math.min(BLOB_CACHE_LIMITS.chunkBytes, length));
  let sent = 0;
  try {
    while (sent < length) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - sent), start + sent);
      if (bytesRead === 0) throw new Error('the entry is shorter than it was');
      await sendWithin(res, buffer.subarray(0, bytesRead), idleMs);
      sent += bytesRead;
    }
    res.end();
  } catch {
    res.destroy();
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
function setHeaders(res: ServerResponse, status: number, headers: Record<string, string>): void {
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
  res.writeHead(upstream.statusCode ?? 502, blobHeaders(upstream));
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
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  res.end(method === 'HEAD' ? undefined : answer.body);
}

/**
 * Writes one chunk to the client and waits until its socket has taken it, so the chunk may be reused; rejects once the
 * client has gone, or when it took nothing for `idleMs` (then it is dropped).
 */
function sendWithin(res: ServerResponse, chunk: Buffer, idleMs: number): Promise<void> {
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
    res.write(chunk, (error) => settle(error !== null && error !== undefined));
  });
}

/** The temp file of a shared fill: written in order by the fill, read at any position by its clients. */
interface Spool {
  /** Appends `chunk`; never rejects: resolves with why the spool takes no more (its file then removed), else undefined. */
  write(chunk: Buffer): Promise<Refusal | undefined>;
  /** Reads what was written, whatever became of the file's name since. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  /** Renames the finished file to the path `target` checks, with mtime `nowMs`; returns why not when it cannot. */
  commit(target: () => Promise<string>, nowMs: number): Promise<Refusal | undefined>;
  /** Removes the file; clients still reading it keep it open. */
  discard(): Promise<void>;
  /** Once the fill and every client are done with it. */
  close(): Promise<void>;
}

/** A temp file in the directory `tmpDir` checks (and makes again when it was removed while we ran), or why not. */
async function openSpool(tmpDir: () => Promise<string>, maxBytes: number): Promise<Spool | Refusal> {
  const name = `${randomBytes(12).toString('hex')}.partial`;
  let path: string;
  let handle: FileHandle;
  try {
    path = join(await tmpDir(), name);
    handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
  } catch (error) {
    return { reason: 'disk', detail: errorCode(error) };
  }
  let refused: Refusal | undefined;
  let written = 0;
  let removed: Promise<void> | undefined;
  const remove = () => (removed ??= rm(path, { force: true }).catch(() => undefined));
  const refuse = async (reason: CacheReason, detail?: string) => {
    refused ??= { reason, detail };
    await remove();
    return refused;
  };
  return {
    write: async (chunk) => {
      if (refused !== undefined) return refused;
      if (written + chunk.length > maxBytes) return refuse('too-large');
      try {
        for (let offset = 0; offset < chunk.length; ) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset, written + offset);
          if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no bytes'), { code: 'ENOSPC' });
          offset += bytesWritten;
        }
      } catch (error) {
        return refuse('disk', errorCode(error));
      }
      written += chunk.length;
      return undefined;
    },
    read: async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead,
    commit: async (target, nowMs) => {
      if (refused !== undefined) return refused;
      try {
        await handle.utimes(nowMs / 1000, nowMs / 1000);
        const finalPath = await target();
        // Checked again: rename must not take a file from wherever a swapped-in symlink points.
        await tmpDir();
        await rename(path, finalPath);
        return undefined;
      } catch (error) {
        return refuse('disk', errorCode(error));
      }
    },
    // The fill reports why it failed; the reason recorded here is never read.
    discard: async () => void (await refuse('upstream-error')),
    close: () => handle.close().catch(() => undefined),
  };
}

async function removeTempFiles(tmpDir: string): Promise<void> {
  const names = await readdir(tmpDir).catch(() => []);
  await Promise.all(names.filter((name) => TEMP_NAME.test(name)).map((name) => rm(join(tmpDir, name), { force: true }).catch(() => undefined)));
}

/**
 * Makes sure `path` is a directory itself, not a symlink to one, made (0700) when absent and `create`, and tightened to
 * 0700 when `tighten`. Rejects (ENOTDIR for a symlink or a file, EPERM ...) when it is not ours: nothing is stored there.
 */
async function ownDirectory(path: string, create: boolean, tighten: boolean): Promise<void> {
  const openDir = () => open(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  const handle = await openDir().catch(async (error: unknown) => {
    if (!create || errorCode(error) !== 'ENOENT') throw error;
    await mkdir(path, { recursive: true, mode: DIR_MODE });
    return openDir();
  });
  try {
    // Through the open directory, so a symlink swapped in after the check is not what gets changed.
    if (tighten && ((await handle.stat()).mode & 0o777) !== DIR_MODE) await handle.chmod(DIR_MODE);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * The entries under `blobsDir`, least recently used (oldest mtime) first. Files whose names are
 * not digests in their prefix directory, and anything but a regular file (a symlink, a FIFO), are
 * removed; prefix directories that cannot be made 0700 are skipped, entries tightened to 0600.
 */
async function scanEntries(blobsDir: string): Promise<{ digest: string; size: number; mtimeMs: number }[]> {
  const found: { digest: string; size: number; mtimeMs: number }[] = [];
  const prefixes = await readdir(blobsDir, { withFileTypes: true }).catch(() => []);
  await Promise.all(
    prefixes.map(async (prefix) => {
      const prefixDir = join(blobsDir, prefix.name);
      if (!prefix.isDirectory()) return void (await rm(prefixDir, { force: true }).catch(() => undefined));
      if (!PREFIX_NAME.test(prefix.name)) return;
      if (!(await ownDirectory(prefixDir, false, true).then(() => true, () => false))) return;
      const names = await readdir(prefixDir).catch(() => []);
      await Promise.all(
        names.map(async (name) => {
          const path = join(prefixDir, name);
          const stat = await lstat(path).catch(() => undefined);
          if (stat === undefined || stat.isDirectory()) return;
          if (!stat.isFile() || !ENTRY_NAME.test(name) || !name.startsWith(prefix.name)) return void (await rm(path, { force: true }).catch(() => undefined));
          if ((stat.mode & 0o777) !== FILE_MODE) await chmod(path, FILE_MODE).catch(() => undefined);
          found.push({ digest: `sha256:${name}`, size: stat.size, mtimeMs: stat.mtimeMs });
        }),
      );
    }),
  );
  return found.sort((a, b) => a.mtimeMs - b.mtimeMs || a.digest.localeCompare(b.digest));
}
