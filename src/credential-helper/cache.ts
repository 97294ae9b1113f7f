/**
 * On-disk token cache: one 0600 JSON file per (registry, region, identity) in a 0700 directory.
 * Every operation swallows its errors: a broken cache only costs an API call, never the command.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './sha256.ts';

export interface CachedToken {
  username: string;
  password: string;
  /** Epoch milliseconds. */
  fetchedAt: number;
  expiresAt: number;
}

export interface CacheEntry {
  token?: CachedToken;
  /** Epoch ms of the last failed refresh, so processes waiting on the lock don't all retry it. */
  failedAt?: number;
  failure?: string;
}

export interface LockOptions {
  /** Give up waiting (and go on without the lock) after this long. */
  timeoutMs: number;
  /** A lock file older than this is left over from a crash. */
  staleMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Checked between polls; when it returns true the wait ends early. */
  done: () => boolean;
}

const VERSION = 1;

function remove(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // nothing to clean up, or nowhere to clean it up
  }
}

function isToken(value: unknown): value is CachedToken {
  const t = value as CachedToken;
  return (
    typeof t === 'object' && t !== null && typeof t.username === 'string' && typeof t.password === 'string' &&
    Number.isFinite(t.fetchedAt) && Number.isFinite(t.expiresAt)
  );
}

export class TokenCache {
  readonly file: string;
  private readonly lockFile: string;

  /** `parts` identify the entry; they are hashed, so no credential ever appears in a file name. */
  constructor(
    readonly dir: string,
    parts: readonly string[],
  ) {
    const name = sha256Hex(JSON.stringify(parts)).slice(0, 40);
    this.file = join(dir, `${name}.json`);
    this.lockFile = join(dir, `${name}.lock`);
  }

  /**
   * Why this cache may not hold a token: its directory or file can be read or written by other
   * users (a restored backup, a shared cache directory). Undefined when it is private.
   */
  exposure(): string | undefined {
    const uid = process.getuid?.();
    for (const [path, what] of [
      [this.dir, 'directory'],
      [this.file, 'file'],
    ] as const) {
      try {
        const info = statSync(path);
        if ((info.mode & 0o077) !== 0 || (uid !== undefined && info.uid !== uid)) return `the token cache ${what} ${path} is open to other users`;
      } catch {
        // not there yet: nothing exposed
      }
    }
    return undefined;
  }

  /** Makes an exposed cache private again: the file goes, the directory becomes 0700. False when it cannot. */
  secure(): boolean {
    remove(this.file);
    try {
      this.ensureDir();
      return this.exposure() === undefined;
    } catch {
      return false;
    }
  }

  read(): CacheEntry {
    if (this.exposure() !== undefined) return {};
    try {
      const raw = JSON.parse(readFileSync(this.file, 'utf8')) as { version?: unknown } & CacheEntry;
      if (raw.version !== VERSION) return {};
      const entry: CacheEntry = {};
      if (isToken(raw.token)) entry.token = raw.token;
      if (Number.isFinite(raw.failedAt)) entry.failedAt = raw.failedAt as number;
      if (typeof raw.failure === 'string') entry.failure = raw.failure;
      return entry;
    } catch {
      return {};
    }
  }

  /** Writes a temp file and renames it into place, so readers see the old entry or the new one. */
  write(entry: CacheEntry): boolean {
    const temp = `${this.file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      this.ensureDir();
      writeFileSync(temp, JSON.stringify({ version: VERSION, ...entry }), { mode: 0o600 });
      renameSync(temp, this.file);
      return true;
    } catch {
      remove(temp);
      return false;
    }
  }

  /**
   * Takes the refresh lock (an O_EXCL lock file holding our pid) so that parallel cold starts
   * make one API call. Waits while another live process holds it, until `done()` or the timeout.
   * Returns a release function, or undefined when it went on without the lock.
   */
  async lock(options: LockOptions): Promise<(() => void) | undefined> {
    const deadline = options.now() + options.timeoutMs;
    try {
      this.ensureDir();
    } catch {
      return undefined;
    }
    for (;;) {
      try {
        const fd = openSync(this.lockFile, 'wx', 0o600);
        try {
          writeSync(fd, `${process.pid}\n`);
        } finally {
          closeSync(fd);
        }
        return () => remove(this.lockFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      }
      const holder = this.holder(options);
      if (holder === 'gone') continue;
      // Two waiters may both clear an abandoned lock; the worst case is one extra API call.
      if (holder === 'abandoned') {
        remove(this.lockFile);
        continue;
      }
      if (options.done() || options.now() >= deadline) return undefined;
      await options.sleep(20 + Math.random() * 30);
      if (options.done()) return undefined;
    }
  }

  private holder(options: LockOptions): 'alive' | 'gone' | 'abandoned' {
    try {
      // File times are wall-clock time, so they are compared with Date.now(), not the injected clock.
      const age = Date.now() - statSync(this.lockFile).mtimeMs;
      if (age > options.staleMs) return 'abandoned';
      const pid = Number(readFileSync(this.lockFile, 'utf8').trim());
      // An empty file is a holder between open and write, unless it has been empty for a while.
      if (!Number.isInteger(pid) || pid <= 0) return age > 1000 ? 'abandoned' : 'alive';
      process.kill(pid, 0);
      return 'alive';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOENT: just released. ESRCH: the holder died. EPERM: alive, run by another user.
      return code === 'ENOENT' ? 'gone' : code === 'ESRCH' ? 'abandoned' : 'alive';
    }
  }

  /** Removes other entries untouched for 36 h (tokens last 12 h), by file time; called after an API call. */
  prune(): void {
    try {
      const now = statSync(this.file).mtimeMs;
      for (const name of readdirSync(this.dir)) {
        const path = join(this.dir, name);
        if (path === this.file || !/\.(json|tmp|lock)$/.test(name)) continue;
        if (now - statSync(path).mtimeMs > 36 * 3600_000) remove(path);
      }
    } catch {
      // pruning is best effort
    }
  }

  private ensureDir(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    if (statSync(this.dir).mode & 0o077) chmodSync(this.dir, 0o700);
  }
}
