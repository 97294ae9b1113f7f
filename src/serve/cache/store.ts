/**
 * The layer cache's store: a content-addressed, verified set of registry blobs on local disk, with the fills under way.
 * No HTTP here: ./http.ts fetches from storage and answers clients, through this module's functions.
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
 * Verified: every entry's bytes were hashed whole by this process before its first answer — while they were written
 * (a fill), or at its first `open` (an entry found on disk at start). What the file was then is recorded: device,
 * inode, size, mtime and ctime (nanoseconds; the mtime is the store's own, set from its clock). Each later `open`
 * compares that record with the open descriptor's fstat, a few microseconds: a write through the file system (in
 * place, keeping the size, even with the mtime put back: the ctime moves), a truncation or a replacement changes it,
 * and the entry is hashed whole again before any byte goes; a changed, truncated, missing or unreadable entry is
 * removed and `open` gives undefined, so the caller fetches the blob again. The caller reads through the same
 * descriptor it was checked on.
 * Not seen between two starts: corruption that leaves the stat alone (bit rot, bad sectors, writes to the block
 * device), and a write in the microseconds between a hit's check and its own mtime update. Each start hashes every
 * entry again at its first use, and a crash needs no fsync before rename: an entry torn by it fails that hash.
 *
 * Never fails the caller: a full, read-only or missing disk, or a blob larger than the cache, is a refusal (the bytes
 * then pass through unstored). Bytes that do not match the digest are never stored.
 *
 * One fill per digest: whoever claims a digest first fetches it; every client of the digest reads its body at its own
 * offset (`Fill`): as it arrives, from memory, or from the spool file written behind it when the client falls behind.
 * The last chunk stays unsendable until the digest checks out and the entry is in place. A fill ends verified (stored,
 * unless the disk refused) or not, and then says where its readers may go on from.
 *
 * One process per directory: the index and LRU order live in memory, persisted only as each
 * entry's mtime (set on store and on every hit). Temp files do not count towards `maxBytes`.
 */
import { createHash, type Hash, randomBytes } from 'node:crypto';
import { type BigIntStats, constants } from 'node:fs';
import { chmod, type FileHandle, lstat, mkdir, open, readdir, realpath, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface BlobStoreOptions {
  dir: string;
  /** Upper bound for the bytes of all entries; least recently used entries go first. 0 stores nothing. */
  maxBytes: number;
  /** Clock for recency (ms since the epoch), written to entries' mtimes. */
  now?: () => number;
  /** Called synchronously for every event; an exception it throws is ignored. */
  onEvent?: (event: CacheEvent) => void;
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

/** Why nothing was stored. */
export interface Refusal {
  reason: CacheReason;
  detail?: string;
}

/** Where a client goes on from: the bytes it has sent, and their hash. */
export interface Resumable {
  at: number;
  hash: Hash;
}

/** How a fill ended. Verified: every byte may go. Not: unless the bytes were wrong, where readers go on from. */
export type FillEnd = { verified: true } | { verified: false; resume?: Resumable };

/** A verified entry, open for reading; close it when done. */
export interface VerifiedEntry {
  readonly size: number;
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** What storage said of a blob, passed on to every reader of its fill. */
export interface FillSource {
  /** Storage's headers for the blob, without Docker-Content-Digest (each client's framing decides that). */
  headers: Readonly<Record<string, string>>;
  /** The size storage announced, if it did. */
  declared: number | undefined;
}

/**
 * A fill whose bytes go to a spool file, which every reader of its digest reads at its own offset. Readers have each
 * byte as soon as it arrives: the last few MiB stay in memory while the spool file is written behind them.
 */
export interface Fill extends FillSource {
  /** Bytes received and hashed, each in the spool file or still in memory: what `read` can give. */
  readonly written: number;
  /** What readers may have before the digest checks out: all but the last chunk received. */
  readonly sendable: number;
  readonly end: FillEnd | undefined;
  /** Resolves at the next change of `written` or `end`. */
  readonly changed: Promise<void>;
  /** Reads bytes of the fill (below `written`), from memory or the spool file, whatever became of its name since. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  /**
   * The bytes from `position` up to `end` that are still in memory (the last few MiB received), as views, without a
   * copy or a read of the spool file; none when `position` is not among them. A reader that keeps up sends them as they are.
   */
  peek(position: number, end: number): Buffer[];
  /** A reader lets go (once each); the spool file closes when the fill and its last reader are done with it. */
  release(): void;
}

/** The one fill of a digest, claimed: the caller fetches the blob, then `start`s the fill or `abandon`s it. */
export interface FillClaim {
  readonly kind: 'claimed';
  /** Aborted when the store closes: the fetch from storage stops. */
  readonly signal: AbortSignal;
  /**
   * Spools `body` for every reader of the digest, from now on whatever the caller does (it must not read `body`), and
   * gives the fill, the caller being its first reader; why not when there is no spool (the claim is then abandoned,
   * `body` untouched).
   */
  start(body: Readable, source: FillSource): Promise<Fill | Refusal>;
  /** No shared fill after all: readers that joined fetch on their own. Does nothing once started. */
  abandon(): void;
}

/** A fill of the digest is under way: its spool (the caller one more reader), or undefined when it was abandoned. */
export interface FillJoined {
  readonly kind: 'joined';
  readonly fill: Promise<Fill | undefined>;
}

export interface BlobStore {
  /** True once `close` was called: nothing is opened or claimed any more. */
  isClosed(): boolean;
  /** Whether the index holds `digest` (not checked on disk: `open` does that). */
  has(digest: string): boolean;
  /**
   * The entry of `digest`, its file unchanged since its bytes were hashed (else hashed whole again and found right), a
   * use for the LRU order (its mtime set to now); undefined when there is none, or it was wrong, missing or unreadable
   * (then removed, reported `corrupt`).
   */
  open(digest: string): Promise<VerifiedEntry | undefined>;
  /** The fill under way of a cacheable digest, joined; else the digest's fill claimed. Synchronous: one fill per digest. */
  claim(digest: string): FillClaim | FillJoined;
  /** Reports an event of the caller's (a hit, a bypass, a miss) to `onEvent`. */
  report(event: CacheEvent): void;
  stats(): { entries: number; bytes: number };
  /** Aborts the fills under way and waits for their spooling to end. */
  close(): Promise<void>;
}

const SHA256 = /^sha256:([a-f0-9]{64})$/;
const ENTRY_NAME = /^[a-f0-9]{64}$/;
const PREFIX_NAME = /^[a-f0-9]{2}$/;
const TEMP_NAME = /^[a-f0-9]{24}\.partial$/;
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
/** A fill's bytes received but not yet in its spool file, at most (kept in memory for its readers): then storage waits for the disk. */
const SPOOL_QUEUE_BYTES = 2 * 1024 * 1024;
/** One write to a spool file, at most. */
const SPOOL_WRITE_BYTES = 1024 * 1024;
/** A fill's bytes already spooled that stay in memory too, for readers just behind the newest byte (more would live long enough to cost the GC). */
const TAIL_BYTES = 1024 * 1024;
/** Reads of an entry being hashed: large, as the hash is the only thing waiting for them. */
const HASH_READ_BYTES = 1024 * 1024;

/** True for the digests the cache stores: `sha256:` followed by 64 lowercase hex digits. */
export function isCacheableDigest(digest: string): boolean {
  return SHA256.test(digest);
}

/** A fill's bookkeeping: found by every reader of its digest until it ends. */
interface Claim {
  /** Resolves once the fill starts, or undefined when it is abandoned. */
  readonly fill: Promise<SpooledFill | undefined>;
  readonly abort: AbortController;
  /** The fill's pump and the readers of its spool file, which closes when the last lets go. */
  holders: number;
}

interface SpooledFill extends Fill {
  readonly spool: Spool;
  written: number;
  sendable: number;
  end: FillEnd | undefined;
  changed: Promise<void>;
  /** The last chunks received, where they start, and how many of their bytes: every one not yet spooled, and more up to TAIL_BYTES. */
  tail: Tail;
  /** Bytes in the spool file. */
  spooled: number;
}

/** What the store's functions share: its directory, index, fills under way and clock. */
interface State {
  readonly dir: string;
  readonly maxBytes: number;
  readonly now: () => number;
  readonly report: (event: CacheEvent) => void;
  readonly index: LruIndex;
  /** The fill under way of each digest. */
  readonly claims: Map<string, Claim>;
  /** Fills spooling from storage, for close. */
  readonly pumps: Set<Promise<void>>;
  closed: boolean;
}

export async function openBlobStore(options: BlobStoreOptions): Promise<BlobStore> {
  const { maxBytes, onEvent } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) throw new TypeError(`blob cache: maxBytes must be a whole number of bytes, 0 or more; got ${maxBytes}`);
  if (options.dir.trim() === '') throw new TypeError('blob cache: dir must name a directory');
  const named = resolve(options.dir);
  await mkdir(named, { recursive: true, mode: DIR_MODE }).catch(() => undefined);
  // The directory named may be a symlink, resolved here once; below it nothing is followed.
  const dir = await realpath(named).catch(() => named);
  const report = (event: CacheEvent) => {
    try {
      onEvent?.(event);
    } catch {
      // Metrics must not break an answer.
    }
  };
  const state: State = { dir, maxBytes, now: options.now ?? Date.now, report, index: lruIndex(), claims: new Map(), pumps: new Set(), closed: false };

  // A store that cannot create (or tighten) its directories still opens, and stores nothing.
  const tmpDir = await checkedDir(dir, true, 'tmp').catch(() => undefined);
  if (tmpDir !== undefined) await removeTempFiles(tmpDir);
  const scanned = await checkedDir(dir, true, 'sha256').then(scanEntries, () => []);
  for (const found of scanned) state.index.add(found.digest, found.size, undefined);
  await evict(state);

  return {
    isClosed: () => state.closed,
    has: (digest) => state.index.get(digest) !== undefined,
    open: (digest) => openEntry(state, digest),
    claim: (digest) => claimFill(state, digest),
    report,
    stats: () => state.index.stats(),
    close: async () => {
      state.closed = true;
      for (const claim of state.claims.values()) claim.abort.abort();
      await Promise.all(state.pumps);
    },
  };
}

/** `dir` and each directory below it down to `names`, checked in order (see ownDirectory); the last one's path. */
async function checkedDir(dir: string, create: boolean, ...names: string[]): Promise<string> {
  const paths = [dir];
  for (const name of names) paths.push(join(paths.at(-1) ?? dir, name));
  const path = paths.at(-1) ?? dir;
  // Mostly every level is there and ours: looked at all at once, changing nothing (in turn, each check is a round trip
  // to libuv's file threads, which a busy event loop stretches to many milliseconds).
  if ((await Promise.all(paths.map((level, depth) => isOwnDirectory(level, depth > 0)))).every(Boolean)) return path;
  // Else in order, so that nothing is made or changed below a level that is not ours.
  for (const [depth, level] of paths.entries()) await ownDirectory(level, create, depth > 0);
  return path;
}

/** Whether `path` is a directory, not a symlink, with mode 0700 when `strict`; false for anything else, errors included. */
async function isOwnDirectory(path: string, strict: boolean): Promise<boolean> {
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW).catch(() => undefined);
  if (handle === undefined) return false;
  try {
    return !strict || ((await handle.stat()).mode & 0o777) === DIR_MODE;
  } catch {
    return false;
  } finally {
    void handle.close().catch(() => undefined);
  }
}

/** An entry's path, its directories checked (and made, when `create`); rejects when one is not ours. */
async function entryPath(dir: string, digest: string, create: boolean): Promise<string> {
  const hex = digest.slice('sha256:'.length);
  return join(await checkedDir(dir, create, 'sha256', hex.slice(0, 2)), hex);
}

async function removeEntry(dir: string, digest: string): Promise<void> {
  const path = await entryPath(dir, digest, false).catch(() => undefined);
  if (path !== undefined) await rm(path, { force: true }).catch(() => undefined);
}

/** Removes least recently used entries until the rest fit in maxBytes. */
async function evict(state: State): Promise<void> {
  const evicted = state.index.overflow(state.maxBytes);
  for (const { digest, size } of evicted) state.report({ kind: 'evict', digest, bytes: size, reason: 'lru' });
  await Promise.all(evicted.map(({ digest }) => removeEntry(state.dir, digest)));
}

/** Removes an entry that failed verification, unless it was already replaced or removed. */
async function forget(state: State, digest: string, entry: Entry, refusal: Refusal): Promise<void> {
  if (!state.index.remove(digest, entry)) return;
  state.report({ kind: 'corrupt', digest, bytes: entry.size, ...refusal });
  await removeEntry(state.dir, digest);
}

/** Indexes an entry just put in place, its bytes hashed as they were written, as the most recently used, and makes room for it. */
async function addEntry(state: State, digest: string, size: number, identity: Identity): Promise<void> {
  state.index.add(digest, size, identity);
  state.report({ kind: 'store', digest, bytes: size });
  await evict(state);
}

/** BlobStore.open: the entry checked (see the file's comment) through the descriptor its reader then uses. */
async function openEntry(state: State, digest: string): Promise<VerifiedEntry | undefined> {
  const entry = !state.closed && SHA256.test(digest) ? state.index.get(digest) : undefined;
  if (entry === undefined) return undefined;
  let handle: FileHandle;
  try {
    // O_NONBLOCK: a FIFO in an entry's place opens at once (and fails the regular-file check) instead of waiting for a writer.
    handle = await open(await entryPath(state.dir, digest, false), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error);
    await forget(state, digest, entry, { reason: code === 'ENOENT' ? 'missing' : 'unreadable', detail: code });
    return undefined;
  }
  const checked = await check(handle, digest, entry);
  if (!('ino' in checked)) {
    await handle.close().catch(() => undefined);
    await forget(state, digest, entry, checked);
    return undefined;
  }
  state.index.touch(digest, entry);
  const seconds = state.now() / 1000;
  await handle.utimes(seconds, seconds).catch(() => undefined);
  // What the file is now, our own mtime update included, is what the next open compares with.
  entry.identity = laterOf(entry.identity, await handle.stat({ bigint: true }).then(identityOf, () => checked));
  return {
    size: Number(checked.size),
    read: async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead,
    close: () => handle.close().catch(() => undefined),
  };
}

/** BlobStore.claim: joins the fill under way of `digest`, or registers a new one, with no await in between. */
function claimFill(state: State, digest: string): FillClaim | FillJoined {
  const running = state.claims.get(digest);
  if (running !== undefined) {
    running.holders += 1;
    const joined = running.fill.then((fill) => {
      if (fill === undefined) letGo(running, fill);
      return fill;
    });
    return { kind: 'joined', fill: joined };
  }
  let share: (fill: SpooledFill | undefined) => void = () => undefined;
  const claim: Claim = { fill: new Promise((resolve) => (share = resolve)), abort: new AbortController(), holders: 1 };
  state.claims.set(digest, claim);
  let settled = false;
  const settle = (fill: SpooledFill | undefined) => {
    if (settled) return;
    settled = true;
    if (fill === undefined && state.claims.get(digest) === claim) state.claims.delete(digest);
    share(fill);
  };
  return {
    kind: 'claimed',
    signal: claim.abort.signal,
    start: async (body, source) => {
      const started = await startFill(state, digest, claim, settle, body, source).catch((error: unknown) => ({ reason: 'disk', detail: errorCode(error) }) satisfies Refusal);
      if (!('read' in started)) settle(undefined);
      return started;
    },
    abandon: () => settle(undefined),
  };
}

/** Drops one hold on a fill; the spool file closes once the fill and its last reader are done with it. */
function letGo(claim: Claim, fill: SpooledFill | undefined): void {
  claim.holders -= 1;
  if (claim.holders === 0) void fill?.spool.close();
}

/** Opens the spool and shares the fill with the claim's readers, the claimant the first of them; the pump writes `body` to it. */
async function startFill(state: State, digest: string, claim: Claim, share: (fill: SpooledFill) => void, body: Readable, source: FillSource): Promise<Fill | Refusal> {
  const { maxBytes } = state;
  const spool = source.declared !== undefined && source.declared > maxBytes ? ({ reason: 'too-large' } satisfies Refusal) : await openSpool(() => checkedDir(state.dir, true, 'tmp'), maxBytes);
  if (!('write' in spool)) return spool;
  // Each wake resolves the promise readers wait on and sets up the next one; the chunks of one turn of the event loop
  // wake readers once.
  let wake: () => void = () => undefined;
  let waking = false;
  const next = () => {
    fill.changed = new Promise<void>((resolve) => {
      wake = () => {
        next();
        resolve();
      };
    });
  };
  const wakeSoon = () => {
    if (waking) return;
    waking = true;
    setImmediate(() => {
      waking = false;
      wake();
    });
  };
  const fill: SpooledFill = {
    ...source,
    spool,
    written: 0,
    sendable: 0,
    end: undefined,
    changed: Promise.resolve(),
    read: (buffer, length, position) => readFill(fill, buffer, length, position),
    peek: (position, end) => slices(fill.tail, position, end),
    release: () => letGo(claim, fill),
    tail: { at: 0, chunks: [], bytes: 0 },
    spooled: 0,
  };
  next();
  share(fill);
  claim.holders += 1;
  const pumping = pump(state, digest, claim, fill, body, wakeSoon).catch(() => undefined);
  state.pumps.add(pumping);
  void pumping.finally(() => state.pumps.delete(pumping));
  return fill;
}

/**
 * Takes `body` in for the fill's readers and writes it to the spool behind them (up to SPOOL_QUEUE_BYTES ahead of the
 * disk, then storage waits), ending the fill verified (stored, unless the disk refused) or not. Never rejects.
 */
async function pump(state: State, digest: string, claim: Claim, fill: SpooledFill, body: Readable, wake: () => void): Promise<void> {
  const hash = createHash('sha256');
  let received = 0;
  /** Why the spool took no more. */
  let refused: Refusal | undefined;
  let writing: Promise<void> | undefined;
  let discarded = false;
  // Settles after each write, for storage waiting on the disk.
  let wrote: () => void = () => undefined;
  let written = new Promise<void>((resolve) => (wrote = resolve));
  const progressed = () => {
    const settle = wrote;
    written = new Promise<void>((resolve) => (wrote = resolve));
    settle();
  };
  // One write at a time, of whatever has arrived since the last (a write per chunk would pace storage by the disk), up
  // to SPOOL_WRITE_BYTES: a longer write would hold one of libuv's 4 file threads long enough to make every other
  // request's file work (another fill's commit, a hit's open) wait behind it.
  const spoolOn = async () => {
    while (!discarded && refused === undefined && fill.spooled < fill.written) {
      const batch = slices(fill.tail, fill.spooled, Math.min(fill.written, fill.spooled + SPOOL_WRITE_BYTES));
      refused = await fill.spool.write(batch);
      if (refused === undefined) {
        const bytes = batch.reduce((sum, chunk) => sum + chunk.length, 0);
        fill.spooled += bytes;
        trim(fill.tail, fill.spooled);
      }
      progressed();
    }
    writing = undefined;
    progressed();
  };
  const spooled = async () => {
    while (writing !== undefined) await writing;
  };
  const finish = (end: FillEnd, event: Omit<CacheEvent, 'kind' | 'digest'>) => {
    fill.end = end;
    if (state.claims.get(digest) === claim) state.claims.delete(digest);
    state.report({ kind: 'miss', digest, ...event });
    wake();
    letGo(claim, fill);
  };
  const giveUp = async (end: FillEnd, why: Refusal) => {
    discarded = true;
    await spooled();
    await fill.spool.discard();
    // Readers go on from what was received: what the spool file lacks stays in memory.
    finish(end, { bytes: received, ...why });
  };
  try {
    await pipeline(body, async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        received += chunk.length;
        if (refused !== undefined) throw new SpoolRefused(refused);
        if (fill.written + chunk.length > state.maxBytes) throw new SpoolRefused({ reason: 'too-large' });
        hash.update(chunk);
        add(fill.tail, chunk);
        // The last chunk is held back from readers until the digest checks out: wrong bytes end as a short read.
        fill.sendable = fill.written;
        fill.written += chunk.length;
        wake();
        writing ??= spoolOn();
        while (fill.written - fill.spooled >= SPOOL_QUEUE_BYTES && writing !== undefined) await written;
      }
    });
  } catch (error) {
    const why: Refusal = error instanceof SpoolRefused ? error.refusal : { reason: claim.abort.signal.aborted ? 'closed' : 'upstream-error', detail: errorCode(error) };
    return giveUp({ verified: false, resume: { at: fill.written, hash } }, why);
  }
  if (`sha256:${hash.digest('hex')}` !== digest) return giveUp({ verified: false }, { reason: 'digest-mismatch' });
  // The entry is in place before any reader has its last byte, so its next request is a hit: the disk catches up first.
  await spooled();
  const committed = refused ?? (await fill.spool.commit(() => entryPath(state.dir, digest, true), state.now()));
  if ('reason' in committed) {
    await fill.spool.discard();
    // Every byte received is in memory or the spool file, whatever the disk refused.
    return finish({ verified: true }, { bytes: received, reason: committed.reason, detail: committed.detail });
  }
  state.report({ kind: 'miss', digest, bytes: received });
  await addEntry(state, digest, received, committed).catch(() => undefined);
  fill.end = { verified: true };
  if (state.claims.get(digest) === claim) state.claims.delete(digest);
  wake();
  letGo(claim, fill);
}

/** BlobStore's Fill.read: from the fill's tail in memory when `position` is there, else from the spool file (below what it holds). */
async function readFill(fill: SpooledFill, buffer: Buffer, length: number, position: number): Promise<number> {
  const held = slices(fill.tail, position, Math.min(position + length, fill.written));
  if (held.length > 0) {
    let copied = 0;
    for (const chunk of held) copied += chunk.copy(buffer, copied);
    return copied;
  }
  return position < fill.spooled ? fill.spool.read(buffer, Math.min(length, fill.spooled - position), position) : 0;
}

interface Entry {
  readonly size: number;
  /** What the file was when this process last found its bytes right; undefined until it has hashed them. */
  identity: Identity | undefined;
  /** Settles when an open hashing the file is done. */
  hashing?: Promise<void>;
}

/** A file's identity and its last change, from fstat in nanoseconds: any write, truncation or replacement changes it. */
interface Identity {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
}

function identityOf(stat: BigIntStats): Identity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeNs: stat.mtimeNs, ctimeNs: stat.ctimeNs };
}

function sameIdentity(a: Identity, b: Identity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** Of two records of one file, the later change: concurrent hits may learn theirs out of order. */
function laterOf(known: Identity | undefined, seen: Identity): Identity {
  return known !== undefined && known.dev === seen.dev && known.ino === seen.ino && known.ctimeNs > seen.ctimeNs ? known : seen;
}

type LruIndex = ReturnType<typeof lruIndex>;

/** The entries and their total size, least recently used first (a Map's insertion order). */
function lruIndex() {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  return {
    get: (digest: string): Entry | undefined => entries.get(digest),
    /** Adds (or replaces) an entry, as the most recently used. */
    add(digest: string, size: number, identity: Identity | undefined): void {
      const previous = entries.get(digest);
      if (previous !== undefined) bytes -= previous.size;
      entries.delete(digest);
      entries.set(digest, { size, identity });
      bytes += size;
    },
    /** Marks `entry` most recently used, unless it was replaced or removed meanwhile. */
    touch(digest: string, entry: Entry): void {
      if (entries.get(digest) !== entry) return;
      entries.delete(digest);
      entries.set(digest, entry);
    },
    /** Removes `entry` unless it was replaced or removed meanwhile; whether it did. */
    remove(digest: string, entry: Entry): boolean {
      if (entries.get(digest) !== entry) return false;
      entries.delete(digest);
      bytes -= entry.size;
      return true;
    },
    /** Removes least recently used entries until the rest fit in `maxBytes`; the ones removed. */
    overflow(maxBytes: number): { digest: string; size: number }[] {
      const removed: { digest: string; size: number }[] = [];
      for (const [digest, entry] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(digest);
        bytes -= entry.size;
        removed.push({ digest, size: entry.size });
      }
      return removed;
    },
    stats: () => ({ entries: entries.size, bytes }),
  };
}

class SpoolRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** The errno code of a failure (ENOSPC, ETIMEDOUT ...), or its name; for events' detail. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : undefined;
}

/**
 * The file behind `handle` as it is now, when it is a regular file that is what `entry` recorded, or whose bytes hash
 * to `digest` (then hashed whole through `handle`, and recorded); else why not.
 */
async function check(handle: FileHandle, digest: string, entry: Entry): Promise<Identity | Refusal> {
  try {
    const stat = await handle.stat({ bigint: true });
    if (!stat.isFile()) return { reason: 'unreadable', detail: 'not a regular file' };
    const identity = identityOf(stat);
    // Another open hashing this file: its verdict stands for this one too when the file is the same.
    await entry.hashing;
    if (entry.identity !== undefined && sameIdentity(entry.identity, identity)) return identity;
    // Recorded before the opens waiting on it resume, so that they find it.
    const right = hashFile(handle, stat.size).then((hex) => {
      if (`sha256:${hex}` === digest) entry.identity = identity;
      return `sha256:${hex}` === digest;
    });
    const hashing = right.then(() => (entry.hashing = undefined), () => (entry.hashing = undefined));
    entry.hashing = hashing;
    return (await right) ? identity : { reason: 'digest-mismatch' };
  } catch (error) {
    return { reason: 'unreadable', detail: errorCode(error) };
  }
}

/** The SHA-256 (hex) of the file behind `handle`, read whole through one buffer; rejects when it is not `size` bytes long. */
async function hashFile(handle: FileHandle, size: bigint): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  // Changed while it was read: not what the stat said, so not to be recorded as such.
  if (BigInt(position) !== size) throw Object.assign(new Error('the entry changed while it was hashed'), { code: 'ECHANGED' });
  return hash.digest('hex');
}

/** The temp file of a shared fill: written in order by the fill, read at any position by its clients. */
interface Spool {
  /** Appends `chunks`; never rejects: resolves with why the spool takes no more (its file then removed), else undefined. */
  write(chunks: Buffer[]): Promise<Refusal | undefined>;
  /** Reads what was written, whatever became of the file's name since. */
  read(buffer: Buffer, length: number, position: number): Promise<number>;
  /** Renames the finished file to the path `target` checks, with mtime `nowMs`; what the file then is, or why not. */
  commit(target: () => Promise<string>, nowMs: number): Promise<Identity | Refusal>;
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
    write: async (chunks) => {
      if (refused !== undefined) return refused;
      const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
      if (written + length > maxBytes) return refuse('too-large');
      try {
        for (let rest = chunks, offset = 0; offset < length; ) {
          const { bytesWritten } = await handle.writev(rest, written + offset);
          if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no bytes'), { code: 'ENOSPC' });
          offset += bytesWritten;
          rest = unwritten(rest, bytesWritten);
        }
      } catch (error) {
        return refuse('disk', errorCode(error));
      }
      written += length;
      return undefined;
    },
    read: async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead,
    commit: async (target, nowMs) => {
      if (refused !== undefined) return refused;
      try {
        // The temp directory checked again (rename must not take a file from wherever a swapped-in symlink points),
        // the target's directories and the mtime at once.
        const [finalPath] = await Promise.all([target(), tmpDir(), handle.utimes(nowMs / 1000, nowMs / 1000)]);
        await rename(path, finalPath);
        return identityOf(await handle.stat({ bigint: true }));
      } catch (error) {
        return refuse('disk', errorCode(error));
      }
    },
    // The fill reports why it failed; the reason recorded here is never read.
    discard: async () => void (await refuse('upstream-error')),
    close: () => handle.close().catch(() => undefined),
  };
}

/** A fill's last chunks received, in memory: `bytes` of them from `at` on. */
interface Tail {
  at: number;
  chunks: Buffer[];
  bytes: number;
}

function add(tail: Tail, chunk: Buffer): void {
  tail.chunks.push(chunk);
  tail.bytes += chunk.length;
}

/** Drops the tail's oldest chunks that are spooled, as long as TAIL_BYTES remain. */
function trim(tail: Tail, spooled: number): void {
  for (let first = tail.chunks[0]; first !== undefined && tail.at + first.length <= spooled && tail.bytes - first.length >= TAIL_BYTES; first = tail.chunks[0]) {
    tail.chunks.shift();
    tail.at += first.length;
    tail.bytes -= first.length;
  }
}

/** Views of the bytes from `position` up to `end` among `chunks`, which start at `at`; none when `position` is not among them. */
function slices({ at, chunks }: Tail, position: number, end: number): Buffer[] {
  const views: Buffer[] = [];
  let offset = at;
  for (const chunk of chunks) {
    const from = Math.max(position, offset);
    const to = Math.min(end, offset + chunk.length);
    if (from < to && (views.length > 0 || from === position)) views.push(chunk.subarray(from - offset, to - offset));
    offset += chunk.length;
    if (offset >= end) break;
  }
  return views;
}

/** What is left of `chunks` once their first `bytes` are written. */
function unwritten(chunks: Buffer[], bytes: number): Buffer[] {
  const rest: Buffer[] = [];
  let skip = bytes;
  for (const chunk of chunks) {
    if (skip >= chunk.length) skip -= chunk.length;
    else {
      rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
      skip = 0;
    }
  }
  return rest;
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
