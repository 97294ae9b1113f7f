/**
 * Repositories published by an ECR resource tag: learned by scanning the registry (DescribeRepositories, then
 * ListTagsForResource per repository), kept in memory. Scans follow traffic: a read that finds the last scan due
 * starts one for everyone, so an alias nobody asks makes no ECR call. A read never waits; a request waits (see
 * settling) only when what is known is not current: before the first scan, or after the alias sat idle past the TTL.
 * A repository is served only once a scan saw the tag on it; an error keeps what earlier scans saw (for at most
 * maxStaleMs) and never adds a repository.
 */
import type { TagScan, TagScanRequest } from '../../src/core/ecr.ts';
import type { RepositoryMatcher } from '../../src/core/registry-path.ts';
import { ecrAccount } from '../../src/core/registry-host.ts';
import type { RepositoryTag } from '../../src/core/repository-tag.ts';

/** One scan of the registry; gives up when `signal` aborts. */
export type ScanTags = (signal: AbortSignal) => Promise<TagScan>;

export interface TaggedRepositoriesOptions {
  now?: () => number;
  /**
   * While the ECR API answers, a tag added or removed takes effect within this long (default 60 s): a scan is due
   * 0.4 TTL after the last one started and must end within 0.5 TTL, and a request finding the last one older than
   * the TTL waits for a new one (settling).
   */
  ttlMs?: number;
  /** A tagged repository that no scan has confirmed for this long is no longer served, whatever failed (default 10 min). */
  maxStaleMs?: number;
  /** First and longest wait before scanning again after a failed scan. */
  backoffMs?: { first: number; max: number };
}

export interface TagStats {
  /** Scans that ended with an answer, and that failed (error or deadline). */
  scans: number;
  failedScans: number;
  /** Repositories served because of the tag now. */
  tagged: number;
  /** The last scan stopped at its maximum: repositories beyond it are not served by tag. */
  truncated: boolean;
  /** When the last successful scan started (ms since the epoch), if any. */
  lastScanAt: number | undefined;
}

export interface TaggedRepositories {
  /** Whether `name` carries the tag, as last known. Never waits; starts a background scan when one is due. */
  allows: RepositoryMatcher;
  /** The repositories known to carry the tag, sorted. Never waits; starts a background scan when one is due. */
  list(): string[];
  /** Resolves once a first scan has ended, well or not (it starts one if none is running); never rejects. For a cold start. */
  ready(): Promise<void>;
  /**
   * Undefined while what is known is current: the last scan that ended well started within the TTL, or the last
   * scan failed (what is known stands, and waiting would not help). Otherwise (no scan has ended yet, or no request
   * came for longer than the TTL, so none was due) the scan to wait for, started if none runs; it never rejects.
   */
  settling(): Promise<void> | undefined;
  /** Scans now, or joins the running scan; resolves when it ends, never rejects. */
  refresh(): Promise<void>;
  stats(): TagStats;
}

export function createTaggedRepositories(scan: ScanTags, options: TaggedRepositoriesOptions = {}): TaggedRepositories {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxStaleMs = options.maxStaleMs ?? 600_000;
  const backoff = options.backoffMs ?? { first: 1_000, max: 60_000 };
  // Tagged repository → start of the last scan that saw the tag on it.
  const confirmed = new Map<string, number>();
  let pending: Promise<void> | undefined;
  let scannedOnce = false;
  let nextScanAt = 0;
  let failures = 0;
  let lastFailed = false;
  const stats: TagStats = { scans: 0, failedScans: 0, tagged: 0, truncated: false, lastScanAt: undefined };

  const adopt = (result: TagScan, startedAt: number) => {
    // A repository the registry no longer lists (deleted, or beyond the maximum) is not served.
    for (const name of confirmed.keys()) if (!result.repositories.has(name)) confirmed.delete(name);
    for (const [name, verdict] of result.repositories) {
      if (verdict === 'tagged') confirmed.set(name, startedAt);
      else if (verdict === 'untagged') confirmed.delete(name);
      // 'unknown' keeps what an earlier scan saw, until maxStaleMs.
    }
    stats.scans++;
    stats.truncated = result.truncated;
    stats.lastScanAt = startedAt;
    failures = 0;
    lastFailed = false;
    nextScanAt = startedAt + 0.4 * ttlMs;
  };

  const run = (): Promise<void> => {
    const startedAt = now();
    const signal = AbortSignal.timeout(Math.max(1, 0.5 * ttlMs));
    // The scan may ignore its signal (a stalled socket): the deadline ends the wait regardless.
    const deadline = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    return Promise.race([scan(signal), deadline])
      .then(
        (result) => adopt(result, startedAt),
        () => {
          failures++;
          lastFailed = true;
          stats.failedScans++;
          nextScanAt = now() + Math.min(backoff.max, backoff.first * 2 ** (failures - 1));
        },
      )
      .finally(() => {
        pending = undefined;
        scannedOnce = true;
      });
  };

  const startIfDue = () => {
    if (pending === undefined && now() >= nextScanAt) pending = run();
  };

  const fresh = (name: string, t: number) => {
    const at = confirmed.get(name);
    return at !== undefined && t - at < maxStaleMs;
  };

  return {
    allows(name) {
      startIfDue();
      return fresh(name, now());
    },
    list() {
      startIfDue();
      const t = now();
      return [...confirmed.keys()].filter((name) => fresh(name, t)).sort();
    },
    ready() {
      if (!scannedOnce) pending ??= run();
      return pending ?? Promise.resolve();
    },
    settling() {
      if (lastFailed || (stats.lastScanAt !== undefined && now() - stats.lastScanAt < ttlMs)) return undefined;
      startIfDue();
      return pending;
    },
    refresh() {
      pending ??= run();
      return pending;
    },
    stats() {
      const t = now();
      return { ...stats, tagged: [...confirmed.keys()].filter((name) => fresh(name, t)).length };
    },
  };
}

/** Public access's allow-list: a repository listed (names and globs) or carrying the tag. */
export function publicMatcher(listed: RepositoryMatcher, tagged: TaggedRepositories | undefined): RepositoryMatcher {
  return tagged === undefined ? listed : (name) => listed(name) || tagged.allows(name);
}

export interface EcrTagScanOptions {
  /** Repositories looked at per scan, at most (default 2000); beyond it none is served by tag. */
  maxRepositories?: number;
  /** ListTagsForResource calls at once (default 8). */
  concurrency?: number;
  /** Repositories served anyway (the listed ones): their tags are not asked for. */
  skip?: RepositoryMatcher;
}

/** Scans of the registry `registry` (its account when it is an ECR host) in `region` with the function's own identity; the SDK loads on the first scan. */
export function ecrTagScan(registry: string, region: string, tag: RepositoryTag, options: EcrTagScanOptions = {}): ScanTags {
  const registryId = ecrAccount(registry);
  const request: TagScanRequest = {
    ...(registryId ? { registryId } : {}),
    key: tag.key,
    value: tag.value,
    maxRepositories: options.maxRepositories ?? 2_000,
    concurrency: options.concurrency ?? 8,
    ...(options.skip ? { skip: options.skip } : {}),
  };
  return async (signal) => (await import('./aws-calls.ts')).repositoryTagScan(region, request, signal);
}
