/** A registry token for a target: from the cache while fresh, else from ECR under a lock, else stale. */
import { join } from 'node:path';
import { TOKEN_CALL_LIMITS, type TokenSource } from './aws.ts';
import { type CachedToken, type CacheEntry, TokenCache } from './cache.ts';
import { type Env, homeDir, type Target } from './config.ts';

export interface Credentials {
  username: string;
  password: string;
  /** Epoch ms: ECR's expiry, and the moment this helper would fetch a new token. */
  expiresAt: number;
  refreshAt: number;
  /** True when a refresh failed and this is the previous, still valid token. */
  stale: boolean;
}

export interface TokenDeps {
  env: Env;
  now: () => number;
  /** Created on first use, so the cached path never loads the AWS SDK. */
  source: () => TokenSource;
  /** One-line notes for stderr; never given a secret. */
  warn: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A token is fresh for the first half of its life (6 h of ECR's 12 h), like ecr-login: whatever
 * `get` returns has hours left for a long push or a kubelet cache entry, and when AWS or the
 * caller's session fails, the stale-token fallback covers the other half.
 */
export const FRESH_FRACTION = 0.5;
/** A stale token is still handed out until the last 5 % of its life (36 min of 12 h). */
export const USABLE_FRACTION = 0.95;
/** A holder in this version lets go by its call's deadline (plus loading the SDK); one holding on longer is stuck, so waiters call ECR themselves. */
export const LOCK_TIMEOUT_MS = TOKEN_CALL_LIMITS.deadlineMs + 3_000;
/** The longest a `get` takes: waiting for a parallel holder, then its own call (docker itself never times out a helper). */
export const GET_DEADLINE_MS = LOCK_TIMEOUT_MS + TOKEN_CALL_LIMITS.deadlineMs;
export const LOCK_STALE_MS = 60_000;

export const refreshAt = (t: CachedToken): number => t.fetchedAt + (t.expiresAt - t.fetchedAt) * FRESH_FRACTION;
export const usableUntil = (t: CachedToken): number => t.fetchedAt + (t.expiresAt - t.fetchedAt) * USABLE_FRACTION;

/**
 * What the SDK's default credential chain reads from the environment. Hashed into the cache key,
 * so another profile, access key, role or endpoint never reuses this token; the secret key and
 * session token are not part of it and no value reaches a file name unhashed.
 */
const IDENTITY_ENV = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ENDPOINT_URL_ECR',
  'AWS_ENDPOINT_URL',
] as const;

export function cacheKey(target: Target, env: Env): string[] {
  const identity = IDENTITY_ENV.filter((name) => env[name]).map((name) => `${name}=${env[name]}`);
  return [target.registry, target.region, `profile=${target.profile ?? ''}`, ...identity];
}

export function cacheDir(env: Env): string {
  return env.AWS_ECR_CUSTOM_CACHE_DIR || join(homeDir(env), '.ecr', 'custom-cache');
}

export function cacheDisabled(env: Env): boolean {
  return env.AWS_ECR_CUSTOM_DISABLE_CACHE === '1' || env.AWS_ECR_CUSTOM_DISABLE_CACHE === 'true';
}

function credentials(token: CachedToken, stale: boolean): Credentials {
  return { username: token.username, password: token.password, expiresAt: token.expiresAt, refreshAt: refreshAt(token), stale };
}

async function fetchToken(target: Target, deps: TokenDeps): Promise<CachedToken> {
  const fetchedAt = deps.now();
  const token = await deps.source().getToken(target.registry, target.region, target.profile);
  return { username: token.username, password: token.password, fetchedAt, expiresAt: token.expiresAt.getTime() };
}

export async function credentialsFor(target: Target, deps: TokenDeps): Promise<Credentials> {
  if (cacheDisabled(deps.env)) return credentials(await fetchToken(target, deps), false);

  const cache = new TokenCache(cacheDir(deps.env), cacheKey(target, deps.env));
  const exposed = cache.exposure();
  if (exposed !== undefined) {
    // Another user may have read the token, or planted one: never serve it, and replace it with a private one.
    if (!cache.secure()) {
      deps.warn(`${exposed} and cannot be made private; going on without the cache`);
      return credentials(await fetchToken(target, deps), false);
    }
    deps.warn(`${exposed}; ignored it and wrote a private one`);
  }
  const start = deps.now();
  const isFresh = (entry: CacheEntry) => entry.token !== undefined && deps.now() < refreshAt(entry.token);
  let entry = cache.read();
  if (isFresh(entry) && entry.token) return credentials(entry.token, false);

  const release = await cache.lock({
    timeoutMs: LOCK_TIMEOUT_MS,
    staleMs: LOCK_STALE_MS,
    now: deps.now,
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    // Stop waiting once the lock holder has stored a token, or has failed since we started.
    done: () => {
      entry = cache.read();
      return isFresh(entry) || (entry.failedAt ?? 0) >= start;
    },
  });
  try {
    entry = cache.read();
    if (isFresh(entry) && entry.token) return credentials(entry.token, false);
    const stale = entry.token && deps.now() < usableUntil(entry.token) ? entry.token : undefined;
    if (!release && (entry.failedAt ?? 0) >= start) {
      if (stale) return credentials(stale, true);
      throw new TokenRefreshError(entry.failure ?? 'GetAuthorizationToken failed in another process');
    }
    try {
      const token = await fetchToken(target, deps);
      if (!cache.write({ token })) deps.warn(`cannot write the token cache in ${cache.dir}; going on without it`);
      else cache.prune();
      return credentials(token, false);
    } catch (error) {
      const failure = (error as Error).message;
      cache.write({ ...(entry.token ? { token: entry.token } : {}), failedAt: deps.now(), failure });
      if (!stale) throw error;
      deps.warn(`${failure}; using the cached token, valid until ${new Date(stale.expiresAt).toISOString()}`);
      return credentials(stale, true);
    }
  } finally {
    release?.();
  }
}

export class TokenRefreshError extends Error {
  override name = 'TokenRefreshError';
}
