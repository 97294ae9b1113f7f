// The layer cache's store alone: plain files in a temporary directory, bodies from in-memory streams; no HTTP.
import { createHash, randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlobStore, type CacheEvent, type Fill, type FillEnd, openBlobStore, type Refusal } from '../../src/serve/cache/store.ts';

const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const entryFile = (dir: string, digest: string) => join(dir, 'sha256', digest.slice(7, 9), digest.slice(7));
const modeOf = async (path: string) => (await lstat(path)).mode & 0o777;

/** How `fill` ended, once it has. */
async function ended(fill: Fill): Promise<FillEnd> {
  while (fill.end === undefined) await fill.changed;
  return fill.end;
}

/** Waits for the fill's next step (a chunk spooled, or its end). */
async function step(fill: Fill): Promise<void> {
  if (fill.end === undefined) await fill.changed;
}

/** Claims `digest` and spools `body` as its fill; how the fill ended, or why the store took none. */
async function spool(store: BlobStore, digest: string, body: Readable, declared?: number): Promise<FillEnd | Refusal> {
  const claim = store.claim(digest);
  if (claim.kind !== 'claimed') throw new Error(`a fill of ${digest} is under way`);
  const fill = await claim.start(body, { headers: {}, declared });
  if ('reason' in fill) return fill;
  const end = await ended(fill);
  fill.release();
  return end;
}

/** Stores `body` as a fill of its own digest would; its digest. */
async function put(store: BlobStore, body: Buffer): Promise<string> {
  const digest = sha(body);
  expect(await spool(store, digest, Readable.from([body]), body.length)).toEqual({ verified: true });
  return digest;
}

/** The verified entry's bytes, or undefined when `open` found none. */
async function readEntry(store: BlobStore, digest: string): Promise<Buffer | undefined> {
  const entry = await store.open(digest);
  if (entry === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(entry.size);
    expect(await entry.read(buffer, entry.size, 0)).toBe(entry.size);
    return buffer;
  } finally {
    await entry.close();
  }
}

describe('blob store', () => {
  let root: string;
  let dirs = 0;
  let events: CacheEvent[] = [];
  const kinds = () => events.map((e) => (e.reason === undefined ? e.kind : `${e.kind}:${e.reason}`));
  const newDir = async () => {
    dirs += 1;
    const dir = join(root, `store-${dirs}`);
    await mkdir(dir);
    return dir;
  };
  const open = (dir: string, maxBytes = 1024 * 1024, now?: () => number) => {
    events = [];
    return openBlobStore({ dir, maxBytes, now, onEvent: (event) => events.push(event) });
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cache-store-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('verified writes', () => {
    it('stores a spooled blob whose bytes match its digest, and opens it verified', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const body = randomBytes(100_000);
      const digest = await put(store, body);
      expect(kinds()).toEqual(['miss', 'store']);
      expect(events.map((e) => e.bytes)).toEqual([100_000, 100_000]);
      expect(store.stats()).toEqual({ entries: 1, bytes: 100_000 });
      expect(store.has(digest)).toBe(true);
      expect((await readFile(entryFile(dir, digest))).equals(body)).toBe(true);
      expect((await readEntry(store, digest))?.equals(body)).toBe(true);
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    });

    it('discards a spool whose bytes do not match the digest: no entry, no temp file, and no reader goes on from it', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const digest = sha(randomBytes(1_000));
      expect(await spool(store, digest, Readable.from([randomBytes(600), randomBytes(400)]), 1_000)).toEqual({ verified: false });
      expect(events).toEqual([{ kind: 'miss', digest, bytes: 1_000, reason: 'digest-mismatch' }]);
      expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
      expect(await store.open(digest)).toBeUndefined();
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
      await expect(lstat(entryFile(dir, digest))).rejects.toThrow(/ENOENT/);
    });

    it('lets readers have all but the last chunk until the digest checks out', async () => {
      const store = await open(await newDir());
      const [first, second] = [randomBytes(1_000), randomBytes(500)];
      const digest = sha(Buffer.concat([first, second]));
      const claim = store.claim(digest);
      if (claim.kind !== 'claimed') throw new Error('expected to claim the fill');
      const body = new PassThrough();
      const fill = await claim.start(body, { headers: { 'content-type': 'application/octet-stream' }, declared: undefined });
      if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
      expect(fill.headers).toEqual({ 'content-type': 'application/octet-stream' });
      body.write(first);
      await step(fill);
      expect({ written: fill.written, sendable: fill.sendable }).toEqual({ written: 1_000, sendable: 0 });
      body.write(second);
      await step(fill);
      expect({ written: fill.written, sendable: fill.sendable, end: fill.end }).toEqual({ written: 1_500, sendable: 1_000, end: undefined });
      const spooled = Buffer.alloc(1_500);
      expect(await fill.read(spooled, 1_500, 0)).toBe(1_500);
      expect(spooled.equals(Buffer.concat([first, second]))).toBe(true);
      body.end();
      expect(await ended(fill)).toEqual({ verified: true });
      fill.release();
      expect(kinds()).toEqual(['miss', 'store']);
    });

    it('gives readers that keep up the newest bytes from memory, and one far behind the older bytes from the spool file', async () => {
      const store = await open(await newDir(), 16 * 1024 * 1024);
      const whole = randomBytes(6 * 1024 * 1024);
      const claim = store.claim(sha(whole));
      if (claim.kind !== 'claimed') throw new Error('expected to claim the fill');
      const body = new PassThrough();
      const fill = await claim.start(body, { headers: {}, declared: whole.length });
      if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
      const first = whole.subarray(0, 64 * 1024);
      body.write(first);
      await step(fill);
      expect(Buffer.concat(fill.peek(0, fill.written)).equals(first)).toBe(true);
      // The rest, 64 KiB at a time: the first bytes leave memory once they are in the spool file.
      for (let at = first.length; at < whole.length - 64 * 1024; at += 64 * 1024) body.write(whole.subarray(at, at + 64 * 1024));
      while (fill.written < whole.length - 64 * 1024) await step(fill);
      await expect.poll(() => fill.peek(0, 1).length, { timeout: 5_000 }).toBe(0);
      // Read as a reader does, each read taking what the spool file or memory holds at its offset.
      const start = Buffer.alloc(100_000);
      for (let at = 0; at < start.length; ) {
        const read = await fill.read(start.subarray(at), start.length - at, at);
        expect(read).toBeGreaterThan(0);
        at += read;
      }
      expect(start.equals(whole.subarray(0, 100_000))).toBe(true);
      // The newest bytes are still in memory, as views of what arrived.
      const newest = fill.peek(fill.written - 1_000, fill.written);
      expect(Buffer.concat(newest).equals(whole.subarray(fill.written - 1_000, fill.written))).toBe(true);
      body.end(whole.subarray(whole.length - 64 * 1024));
      expect(await ended(fill)).toEqual({ verified: true });
      fill.release();
      expect((await readEntry(store, sha(whole)))?.equals(whole)).toBe(true);
    });

    it('ends a fill whose body breaks off unverified, telling its readers where to go on from and the hash so far', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const whole = randomBytes(3_000);
      const claim = store.claim(sha(whole));
      if (claim.kind !== 'claimed') throw new Error('expected to claim the fill');
      const body = new PassThrough();
      const fill = await claim.start(body, { headers: {}, declared: 3_000 });
      if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
      body.write(whole.subarray(0, 1_200));
      await step(fill);
      body.destroy(Object.assign(new Error('the connection was reset'), { code: 'ECONNRESET' }));
      const end = await ended(fill);
      fill.release();
      if (end.verified || end.resume === undefined) throw new Error(`expected a resumable end, got ${JSON.stringify(end)}`);
      expect(end.resume.at).toBe(1_200);
      expect(end.resume.hash.copy().update(whole.subarray(1_200)).digest('hex')).toBe(sha(whole).slice(7));
      expect(events).toMatchObject([{ kind: 'miss', bytes: 1_200, reason: 'upstream-error', detail: 'ECONNRESET' }]);
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    });

    it('refuses a blob whose announced size exceeds maxBytes before it opens a spool', async () => {
      const dir = await newDir();
      const store = await open(dir, 1_000);
      const body = randomBytes(2_000);
      expect(await spool(store, sha(body), Readable.from([body]), body.length)).toEqual({ reason: 'too-large' });
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
      // The claim was given up: the next one is a claim again, not a join.
      expect(store.claim(sha(body)).kind).toBe('claimed');
    });

    it('ends a spool of unannounced size once it outgrows maxBytes, resumable from what it holds', async () => {
      const dir = await newDir();
      const store = await open(dir, 1_000);
      const body = randomBytes(2_000);
      const end = await spool(store, sha(body), Readable.from([body.subarray(0, 800), body.subarray(800)]));
      expect(end).toMatchObject({ verified: false, resume: { at: 800 } });
      expect(events).toMatchObject([{ kind: 'miss', reason: 'too-large', bytes: 2_000 }]);
      expect(store.stats().entries).toBe(0);
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    });
  });

  describe('one fill per digest', () => {
    it('gives every claim of a digest under way the same fill, whose bytes each reader reads at its own offset', async () => {
      const store = await open(await newDir());
      const whole = randomBytes(2_000);
      const digest = sha(whole);
      const claim = store.claim(digest);
      const joined = store.claim(digest);
      if (claim.kind !== 'claimed' || joined.kind !== 'joined') throw new Error(`expected claimed then joined, got ${claim.kind}, ${joined.kind}`);
      const body = new PassThrough();
      const fill = await claim.start(body, { headers: {}, declared: 2_000 });
      if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
      const shared = await joined.fill;
      expect(shared).toBe(fill);
      body.end(whole);
      expect(await ended(fill)).toEqual({ verified: true });
      const tail = Buffer.alloc(500);
      expect(await shared?.read(tail, 500, 1_500)).toBe(500);
      expect(tail.equals(whole.subarray(1_500))).toBe(true);
      fill.release();
      shared?.release();
      // Ended: the next claim starts a new fill (the HTTP part asks the index first).
      expect(store.claim(digest).kind).toBe('claimed');
    });

    it('tells a reader that joined an abandoned claim to fetch on its own', async () => {
      const store = await open(await newDir());
      const digest = sha(Buffer.from('abandoned'));
      const claim = store.claim(digest);
      const joined = store.claim(digest);
      if (claim.kind !== 'claimed' || joined.kind !== 'joined') throw new Error('expected claimed then joined');
      claim.abandon();
      expect(await joined.fill).toBeUndefined();
      expect(store.claim(digest).kind).toBe('claimed');
    });

    it('aborts the fills under way when it closes: they end unverified, and nothing opens afterwards', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const stored = await put(store, randomBytes(1_000));
      const claim = store.claim(sha(randomBytes(2_000)));
      if (claim.kind !== 'claimed') throw new Error('expected to claim the fill');
      // As the HTTP part's request to storage does: the claim's signal stops the body.
      const body = new PassThrough();
      claim.signal.addEventListener('abort', () => body.destroy(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' })));
      const fill = await claim.start(body, { headers: {}, declared: 2_000 });
      if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
      body.write(randomBytes(700));
      await step(fill);
      await store.close();
      expect(store.isClosed()).toBe(true);
      expect(fill.end).toMatchObject({ verified: false, resume: { at: 700 } });
      fill.release();
      expect(events.at(-1)).toMatchObject({ kind: 'miss', reason: 'closed', detail: 'ABORT_ERR' });
      expect(await store.open(stored)).toBeUndefined();
      expect(await readdir(join(dir, 'tmp'))).toEqual([]);
    });
  });

  describe('index and LRU', () => {
    it('evicts the least recently used entry, an open counting as a use, and keeps that order across a restart', async () => {
      const dir = await newDir();
      let clock = Date.UTC(2026, 0, 1);
      const store = await open(dir, 3_000, () => clock);
      const [a, b, c, d] = [randomBytes(1_000), randomBytes(1_000), randomBytes(1_000), randomBytes(1_000)];
      const digests: string[] = [];
      for (const body of [a, b, c]) {
        clock += 1_000;
        digests.push(await put(store, body));
      }
      const [da, db, dc] = digests as [string, string, string];
      clock += 1_000;
      expect((await readEntry(store, da))?.equals(a)).toBe(true);
      clock += 1_000;
      const dd = await put(store, d);
      expect(events.filter((e) => e.kind === 'evict')).toEqual([{ kind: 'evict', digest: db, bytes: 1_000, reason: 'lru' }]);
      await expect(stat(entryFile(dir, db))).rejects.toThrow(/ENOENT/);
      expect(store.has(db)).toBe(false);
      expect(store.stats()).toEqual({ entries: 3, bytes: 3_000 });
      expect((await stat(entryFile(dir, da))).mtimeMs).toBe(Date.UTC(2026, 0, 1) + 4_000);
      await store.close();

      // mtimes carry the order: c (stored at +3 s) is older than a (opened at +4 s) and d (+5 s).
      const reopened = await open(dir, 2_000);
      expect(events).toEqual([{ kind: 'evict', digest: dc, bytes: 1_000, reason: 'lru' }]);
      expect(reopened.stats()).toEqual({ entries: 2, bytes: 2_000 });
      expect([reopened.has(da), reopened.has(dd)]).toEqual([true, true]);
    });

    it('stores nothing with maxBytes 0: the entry goes as soon as it is made', async () => {
      const dir = await newDir();
      const store = await open(dir, 0);
      const body = randomBytes(100);
      const digest = sha(body);
      expect(await spool(store, digest, Readable.from([body]))).toMatchObject({ verified: false, resume: { at: 0 } });
      expect(kinds()).toEqual(['miss:too-large']);
      expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
    });

    it('finds its entries after a restart, having removed temp files and files that are not entries', async () => {
      const dir = await newDir();
      const body = randomBytes(4_000);
      const digest = await put(await open(dir), body);
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

      const store = await open(dir);
      expect(store.stats()).toEqual({ entries: 1, bytes: 4_000 });
      for (const file of junk) await expect(lstat(file)).rejects.toThrow(/ENOENT/);
      await expect(readFile(keep, 'utf8')).resolves.toBe('someone else');
      await expect(readFile(outside, 'utf8')).resolves.toBe('outside');
      expect((await readEntry(store, digest))?.equals(body)).toBe(true);
      expect(events).toEqual([]);
    });

    it('refuses a negative or fractional maxBytes', async () => {
      await expect(openBlobStore({ dir: root, maxBytes: -1 })).rejects.toThrow(/maxBytes/);
      await expect(openBlobStore({ dir: root, maxBytes: 1.5 })).rejects.toThrow(/maxBytes/);
    });

    it('opens no digest that is not sha256 and 64 lowercase hex, and claims nothing on disk for it', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const hex = (await put(store, randomBytes(100))).slice(7);
      for (const digest of [`sha256:${hex.toUpperCase()}`, `sha256:${hex}/`, 'sha256:../../x', '']) expect(await store.open(digest), digest).toBeUndefined();
      expect(kinds()).toEqual(['miss', 'store']);
    });
  });

  describe('entries that are damaged', () => {
    it.each([
      ['changed bytes', (file: string) => writeFile(file, randomBytes(2_000)), 'digest-mismatch'],
      ['a truncated file', (file: string) => truncate(file, 1_500), 'digest-mismatch'],
      ['a removed file', (file: string) => rm(file), 'missing'],
    ])('drops an entry with %s when it opens it', async (_name, damage, reason) => {
      const dir = await newDir();
      const store = await open(dir);
      const digest = await put(store, randomBytes(2_000));
      await damage(entryFile(dir, digest));
      expect(await store.open(digest)).toBeUndefined();
      expect(events.at(-1)).toMatchObject({ kind: 'corrupt', digest, bytes: 2_000, reason });
      expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
      await expect(lstat(entryFile(dir, digest))).rejects.toThrow(/ENOENT/);
    });

    it('treats a symlink in an entry\'s place as unreadable: removes the link, leaves its target alone', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const body = randomBytes(1_000);
      const digest = await put(store, body);
      const target = join(await newDir(), 'target');
      await writeFile(target, body);
      await rm(entryFile(dir, digest));
      await symlink(target, entryFile(dir, digest));
      expect(await store.open(digest)).toBeUndefined();
      expect(events.at(-1)).toMatchObject({ kind: 'corrupt', reason: 'unreadable', detail: 'ELOOP' });
      await expect(lstat(entryFile(dir, digest))).rejects.toThrow(/ENOENT/);
      expect((await readFile(target)).equals(body)).toBe(true);
    });

    // A FIFO opens at once (O_NONBLOCK) and then fails this same check; making one needs mkfifo, so the FIFO cases are
    // in test/integration/blob-cache.test.ts.
    it('treats anything but a regular file in an entry\'s place (here a directory) as unreadable, without reading it', async () => {
      const dir = await newDir();
      const store = await open(dir);
      const digest = await put(store, randomBytes(1_000));
      await rm(entryFile(dir, digest));
      await mkdir(entryFile(dir, digest));
      expect(await store.open(digest)).toBeUndefined();
      expect(events.at(-1)).toMatchObject({ kind: 'corrupt', reason: 'unreadable', detail: 'not a regular file' });
      expect(store.has(digest)).toBe(false);
    });
  });

  describe('file modes', () => {
    it.each([0o000, 0o022, 0o077].map((umask) => [umask.toString(8).padStart(3, '0'), umask] as const))('makes files 0600 and directories 0700 under umask %s', async (_name, umask) => {
      const dir = join(await newDir(), 'made');
      const previous = process.umask(umask);
      try {
        const store = await open(dir);
        const whole = randomBytes(2_000);
        const claim = store.claim(sha(whole));
        if (claim.kind !== 'claimed') throw new Error('expected to claim the fill');
        const body = new PassThrough();
        const fill = await claim.start(body, { headers: {}, declared: 2_000 });
        if ('reason' in fill) throw new Error(`no spool: ${fill.reason}`);
        const [partial = ''] = await readdir(join(dir, 'tmp'));
        expect(await modeOf(join(dir, 'tmp', partial))).toBe(0o600);
        body.end(whole);
        expect(await ended(fill)).toEqual({ verified: true });
        fill.release();
        for (const sub of ['', 'sha256', join('sha256', sha(whole).slice(7, 9)), 'tmp']) expect(await modeOf(join(dir, sub)), sub).toBe(0o700);
        expect(await modeOf(entryFile(dir, sha(whole)))).toBe(0o600);
      } finally {
        process.umask(previous);
      }
    });

    it('tightens what an older version made, 0755 directories and 0644 entries, when it opens; the directory named is left as it is', async () => {
      const dir = await newDir();
      const body = randomBytes(1_000);
      const digest = sha(body);
      const file = entryFile(dir, digest);
      await mkdir(dirname(file), { recursive: true });
      await mkdir(join(dir, 'tmp'));
      await writeFile(file, body);
      for (const sub of ['', 'sha256', join('sha256', digest.slice(7, 9)), 'tmp']) await chmod(join(dir, sub), 0o755);
      await chmod(file, 0o644);
      const store = await open(dir);
      expect(store.stats().entries).toBe(1);
      for (const sub of ['sha256', join('sha256', digest.slice(7, 9)), 'tmp']) expect(await modeOf(join(dir, sub)), sub).toBe(0o700);
      expect(await modeOf(file)).toBe(0o600);
      expect(await modeOf(dir)).toBe(0o755);
    });
  });

  describe('directories that are not the store\'s own', () => {
    it.each(['sha256', 'prefix', 'tmp'])('stores nothing through a symlinked %s directory', async (name) => {
      const dir = await newDir();
      const store = await open(dir);
      const outside = await newDir();
      const body = randomBytes(1_000);
      const digest = sha(body);
      const planted = name === 'prefix' ? join(dir, 'sha256', digest.slice(7, 9)) : join(dir, name);
      await rm(planted, { recursive: true, force: true });
      await symlink(outside, planted);
      const result = await spool(store, digest, Readable.from([body]), body.length);
      // No spool behind a symlinked tmp; else the rename into place is what the store refuses, and readers had every byte.
      expect(result).toEqual(name === 'tmp' ? { reason: 'disk', detail: 'ENOTDIR' } : { verified: true });
      if (name !== 'tmp') expect(events).toMatchObject([{ kind: 'miss', reason: 'disk', detail: 'ENOTDIR' }]);
      expect(await readdir(outside, { recursive: true })).toEqual([]);
      expect(store.stats().entries).toBe(0);
    });

    it.each([
      ['the same bytes', true],
      ['other bytes', false],
    ])('neither reads nor removes a file behind a symlinked prefix directory holding %s', async (_name, same) => {
      const dir = await newDir();
      const store = await open(dir);
      const body = randomBytes(2_000);
      const digest = await put(store, body);
      const outside = await newDir();
      const outsideFile = join(outside, digest.slice(7));
      const planted = same ? body : randomBytes(2_000);
      await writeFile(outsideFile, planted);
      await rm(join(dir, 'sha256', digest.slice(7, 9)), { recursive: true });
      await symlink(outside, join(dir, 'sha256', digest.slice(7, 9)));
      expect(await store.open(digest)).toBeUndefined();
      expect((await readFile(outsideFile)).equals(planted)).toBe(true);
      expect(kinds()).toEqual(['miss', 'store', 'corrupt:unreadable']);
    });

    it('indexes nothing behind a symlinked sha256 directory when it opens', async () => {
      const outside = await newDir();
      const body = randomBytes(1_000);
      const digest = sha(body);
      await mkdir(join(outside, digest.slice(7, 9)));
      await writeFile(join(outside, digest.slice(7, 9), digest.slice(7)), body);
      const dir = await newDir();
      await symlink(outside, join(dir, 'sha256'));
      const store = await open(dir);
      expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
      expect((await readFile(join(outside, digest.slice(7, 9), digest.slice(7)))).equals(body)).toBe(true);
    });

    it('takes a store directory that is itself a symlink, resolved once when it opens', async () => {
      const target = await newDir();
      const link = join(root, `link-${dirs}`);
      await symlink(target, link);
      const store = await open(link);
      const body = randomBytes(1_000);
      const digest = await put(store, body);
      expect((await readEntry(store, digest))?.equals(body)).toBe(true);
      expect((await readFile(entryFile(target, digest))).equals(body)).toBe(true);
    });

    it('opens, storing nothing, when its directory is a file', async () => {
      const dir = join(await newDir(), 'file');
      await writeFile(dir, 'not a directory');
      const store = await open(dir);
      const body = randomBytes(1_000);
      expect(await spool(store, sha(body), Readable.from([body]), body.length)).toEqual({ reason: 'disk', detail: 'ENOTDIR' });
      expect(store.stats()).toEqual({ entries: 0, bytes: 0 });
      await expect(readFile(dir, 'utf8')).resolves.toBe('not a directory');
    });

    it('makes its directories again when they were removed', async () => {
      const dir = await newDir();
      const store = await open(dir);
      await rm(dir, { recursive: true });
      const body = randomBytes(1_000);
      const digest = await put(store, body);
      expect((await readEntry(store, digest))?.equals(body)).toBe(true);
    });
  });
});
