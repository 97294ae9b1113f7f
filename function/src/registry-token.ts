/** The alias's own registry token for public access: fetched once, kept across invocations, renewed before expiry. */
import type { EcrToken } from '../../src/core/ecr.ts';

/** Fetches a token; gives up when `signal` aborts. */
export type IssueToken = (signal: AbortSignal) => Promise<EcrToken>;

export interface TokenKeeper {
  /** A Basic Authorization value for the registry, fetched only when none is held or it nears expiry. */
  authorization(): Promise<string>;
  /** Forget the held token (the registry refused it), so a later call fetches a new one. */
  discard(): void;
}

export interface TokenKeeperOptions {
  now?: () => number;
  /** Renew this long before expiry (15 min: one fetch covers a 12 h ECR token). */
  marginMs?: number;
  /** Longest one fetch may take; a stuck fetch never holds requests longer than this. */
  fetchTimeoutMs?: number;
  /** First and longest wait before fetching again after a failed fetch or a refused token. */
  backoffMs?: { first: number; max: number };
}

export class TokenUnavailable extends Error {
  override name = 'TokenUnavailable';
}

// A token this close to expiry is no longer handed out: a request may take this long to reach the registry.
const EXPIRY_SAFETY_MS = 60_000;
// A token the registry refuses within this long of being fetched points at a lasting problem (IAM, wrong registry).
const FRESH_MS = 60_000;

/**
 * ECR tokens last 12 h; a warm container renews 15 minutes before expiry and keeps handing out
 * the held token while renewal fails, as long as it is valid. Concurrent callers share one fetch,
 * each fetch has a deadline, and failed fetches and freshly refused tokens back off exponentially,
 * so a failing ECR API or a refusing registry is not hammered by every request.
 */
export function createTokenKeeper(issue: IssueToken, options: TokenKeeperOptions = {}): TokenKeeper {
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 15 * 60_000;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? 5_000;
  const backoff = options.backoffMs ?? { first: 1_000, max: 60_000 };
  let current: { authorization: string; renewAt: number; expiresAt: number; fetchedAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let retryAt = 0;
  let failures = 0;
  let refusals = 0;
  const wait = (count: number) => Math.min(backoff.max, backoff.first * 2 ** Math.max(0, count - 1));

  const fetch = (): Promise<string> => {
    const signal = AbortSignal.timeout(fetchTimeoutMs);
    const deadline = new Promise<never>((_resolve, reject) => {
      signal.addEventListener('abort', () => reject(new TokenUnavailable(`no registry token within ${fetchTimeoutMs} ms`)), { once: true });
    });
    return Promise.race([issue(signal), deadline])
      .then((token) => {
        const authorization = `Basic ${Buffer.from(`${token.username}:${token.password}`).toString('base64')}`;
        const fetchedAt = now();
        const expiresAt = token.expiresAt.getTime();
        const lifetime = expiresAt - fetchedAt;
        // A token shorter-lived than twice the margin is renewed at half its life instead.
        current = { authorization, renewAt: fetchedAt + (lifetime > 2 * marginMs ? lifetime - marginMs : lifetime / 2), expiresAt, fetchedAt };
        failures = 0;
        retryAt = 0;
        return authorization;
      })
      .catch((error: unknown) => {
        failures++;
        retryAt = now() + wait(failures);
        throw error;
      })
      .finally(() => {
        pending = undefined;
      });
  };

  return {
    authorization() {
      const t = now();
      if (current !== undefined && t < current.renewAt) return Promise.resolve(current.authorization);
      if (pending === undefined && t >= retryAt) pending = fetch();
      const usable = current !== undefined && t < current.expiresAt - EXPIRY_SAFETY_MS ? current.authorization : undefined;
      if (usable !== undefined) {
        // Renewal runs in the background; its failure only matters once the held token lapses.
        pending?.catch(() => undefined);
        return Promise.resolve(usable);
      }
      return pending ?? Promise.reject(new TokenUnavailable('no registry token: the last fetch failed, trying again shortly'));
    },
    discard() {
      if (current === undefined) return;
      refusals = now() - current.fetchedAt < FRESH_MS ? refusals + 1 : 1;
      current = undefined;
      // The first refusal fetches again at once (a token can be revoked); repeated ones back off.
      if (refusals > 1) retryAt = Math.max(retryAt, now() + wait(refusals - 1));
    },
  };
}

/** GetAuthorizationToken with the function's own identity, bounded by `signal`; the call and the SDK load on first use only. */
export function ecrIssuer(region: string): IssueToken {
  return async (signal) => (await import('./aws-calls.ts')).registryToken(region, signal);
}
