/**
 * Slows down password guessing against serve's public `basic` access: each source address that
 * keeps sending credentials the function refuses waits longer before its next answer. In AWS the
 * stage's throttling (rate and burst for all clients together) is what limits guessing; a
 * per-source limit there needs AWS WAF in front of the API.
 */
export interface GuessLimiter {
  /** How long to hold this source's request before answering it. */
  delayMs(source: string): number;
  /** A request from `source` carried credentials; `refused` says whether they were refused. */
  record(source: string, refused: boolean): void;
}

export interface GuessLimiterOptions {
  now?: () => number;
  /** Refusals forgiven before any delay. */
  free?: number;
  /** Delay after the first counted refusal, doubling with each further one, up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** A source quiet for this long starts over. */
  forgetMs?: number;
  /** Sources remembered at most; the oldest are forgotten first. */
  maxSources?: number;
}

export function createGuessLimiter(options: GuessLimiterOptions = {}): GuessLimiter {
  const now = options.now ?? Date.now;
  const free = options.free ?? 5;
  const first = options.firstDelayMs ?? 100;
  const max = options.maxDelayMs ?? 5_000;
  const forgetMs = options.forgetMs ?? 10 * 60_000;
  const maxSources = options.maxSources ?? 10_000;
  // Insertion order is last-touched order: touching a source moves it to the end.
  const refusals = new Map<string, { count: number; at: number }>();
  const current = (source: string) => {
    const entry = refusals.get(source);
    if (entry === undefined || now() - entry.at > forgetMs) return 0;
    return entry.count;
  };
  return {
    delayMs(source) {
      const count = current(source) - free;
      return count <= 0 ? 0 : Math.min(max, first * 2 ** (count - 1));
    },
    record(source, refused) {
      const count = refused ? current(source) + 1 : 0;
      refusals.delete(source);
      if (count === 0) return;
      refusals.set(source, { count, at: now() });
      if (refusals.size > maxSources) refusals.delete(refusals.keys().next().value ?? '');
    },
  };
}
