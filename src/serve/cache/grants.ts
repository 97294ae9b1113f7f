/**
 * What the registry recently let a credential have: for `ttlMs` after the registry answered a blob request of
 * credential C for repository R and digest D with a redirect to storage, the layer cache may answer C's next requests
 * for that same blob of R from disk without asking again (the registry round trip is most of a hit's time over a WAN).
 *
 * Bounded, as operators of distribution's proxy and Harbor expect of a grant: a registry bearer token carries a
 * repository's pull access for its whole lifetime, 60 s when the token server says nothing and never less (the
 * distribution token spec), with no further check. The default bound is that 60 s; it is never extended by a hit,
 * only by the registry granting the blob again.
 * Revoked early: once the registry answers a credential 401 or 403 for anything (a manifest, the version check, a
 * blob), none of its grants is used any more. A pull begins with the manifest, so a revoked credential loses its
 * grants with its next pull's first request; a client that asks for blobs alone keeps them until the bound.
 * Per credential, repository and blob: a grant for one blob of R says nothing of another blob, or of R's other blobs.
 * The version check too: for the same bound after the registry answered a credential's GET /v2/ with 200, that
 * credential's next version checks get the registry's answer again without a round trip (distribution's proxy and
 * Harbor answer /v2/ themselves). It grants nothing: every manifest, tag list or upload still goes to the registry,
 * and a 401 or 403 there revokes it with the rest.
 * Keyed by an HMAC of the Authorization value under a key drawn at start: the credential itself is never kept, and the
 * keys mean nothing outside this process. At most `maxEntries` grants; past that the oldest go first.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const GRANT_LIMITS = {
  /** How long a redirect to storage lets the cache answer the same credential's same blob without asking again. */
  ttlMs: 60_000,
  /** Grants kept at most (a few hundred bytes each). */
  maxEntries: 10_000,
} as const;

export interface GrantOptions {
  /** Default GRANT_LIMITS.ttlMs; 0 keeps no grant: every request is asked upstream. */
  ttlMs?: number;
  /** Default GRANT_LIMITS.maxEntries. */
  maxEntries?: number;
  /** A monotonic clock in ms (default performance.now). */
  now?: () => number;
}

/** The registry's answer to a version check, replayed (without its Date) to a credential it admitted. */
export interface VersionAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
}

export interface Grants {
  /** Now, on the grants' clock: taken when a request is sent on, and passed with what its answer grants. */
  mark(): number;
  /**
   * The registry redirected `authorization` (undefined: anonymous) to storage for `repository`'s blob `digest`, in
   * answer to a request sent at `askedAt` (mark()): not granted when the registry has refused that credential since.
   */
  grant(authorization: string | undefined, repository: string, digest: string, askedAt?: number): void;
  /** Whether the registry did so within the bound, and has refused that credential nothing since. */
  allows(authorization: string | undefined, repository: string, digest: string): boolean;
  /** The registry answered that blob request otherwise: that grant goes. */
  forget(authorization: string | undefined, repository: string, digest: string): void;
  /** The registry answered `authorization`'s version check, sent at `askedAt`, with `answer` (a 200); as `grant`. */
  admit(authorization: string | undefined, answer: VersionAnswer, askedAt?: number): void;
  /** The registry's answer to this credential's version check when it admitted it within the bound and has refused it nothing since. */
  admitted(authorization: string | undefined): VersionAnswer | undefined;
  /** The registry refused `authorization` something (401 or 403): all its grants go. */
  revoke(authorization: string | undefined): void;
  size(): number;
}

export function rememberGrants(options: GrantOptions = {}): Grants {
  const ttlMs = options.ttlMs ?? GRANT_LIMITS.ttlMs;
  const maxEntries = options.maxEntries ?? GRANT_LIMITS.maxEntries;
  const now = options.now ?? (() => performance.now());
  if (!(ttlMs >= 0) || !Number.isSafeInteger(maxEntries) || maxEntries < 0) throw new TypeError('grants: ttlMs and maxEntries must be 0 or more');
  const key = randomBytes(32);
  const credentialOf = (authorization: string | undefined) => createHmac('sha256', key).update(authorization ?? '').digest('base64');
  // A digest holds no newline, so `credential\nrepository@digest` names one grant.
  const keyOf = (credential: string, repository: string, digest: string) => `${credential}\n${repository}@${digest}`;
  // Every blob grant's key holds an `@`: `credential\n/v2/` names a credential's version check and nothing else.
  const admission = (credential: string) => `${credential}\n/v2/`;
  /** Each admission's version-check answer: the registry's answer to that credential. */
  const answers = new Map<string, VersionAnswer>();
  /** Every grant with when it ends, least recently granted first. */
  const grants = new Map<string, number>();
  /** Each credential's grants, for revoke. */
  const byCredential = new Map<string, Set<string>>();
  /** When the registry last refused each credential, least recently first (at most maxEntries). */
  const refusedAt = new Map<string, number>();
  /** Whether the registry refused `credential` since `askedAt`: an answer to an older request grants nothing. */
  const refusedSince = (credential: string, askedAt: number | undefined) => askedAt !== undefined && (refusedAt.get(credential) ?? Number.NEGATIVE_INFINITY) >= askedAt;
  const drop = (credential: string, grant: string) => {
    grants.delete(grant);
    answers.delete(grant);
    const its = byCredential.get(credential);
    its?.delete(grant);
    if (its?.size === 0) byCredential.delete(credential);
  };
  const add = (credential: string, grant: string) => {
    grants.delete(grant);
    grants.set(grant, now() + ttlMs);
    const its = byCredential.get(credential) ?? new Set<string>();
    byCredential.set(credential, its.add(grant));
    for (const [oldest] of grants) {
      if (grants.size <= maxEntries) break;
      drop(oldest.slice(0, oldest.indexOf('\n')), oldest);
    }
  };
  /** Whether `grant` of `credential` stands; an expired one goes. */
  const stands = (credential: string, grant: string) => {
    const until = grants.get(grant);
    if (until === undefined) return false;
    if (now() < until) return true;
    drop(credential, grant);
    return false;
  };
  return {
    mark: () => now(),
    grant(authorization, repository, digest, askedAt) {
      if (ttlMs === 0 || maxEntries === 0) return;
      const credential = credentialOf(authorization);
      if (refusedSince(credential, askedAt)) return;
      add(credential, keyOf(credential, repository, digest));
    },
    allows(authorization, repository, digest) {
      if (grants.size === 0) return false;
      const credential = credentialOf(authorization);
      return stands(credential, keyOf(credential, repository, digest));
    },
    admit(authorization, answer, askedAt) {
      if (ttlMs === 0 || maxEntries === 0) return;
      const credential = credentialOf(authorization);
      if (refusedSince(credential, askedAt)) return;
      add(credential, admission(credential));
      answers.set(admission(credential), answer);
    },
    admitted(authorization) {
      if (answers.size === 0) return undefined;
      const credential = credentialOf(authorization);
      const grant = admission(credential);
      return stands(credential, grant) ? answers.get(grant) : undefined;
    },
    forget(authorization, repository, digest) {
      if (grants.size === 0) return;
      const credential = credentialOf(authorization);
      drop(credential, keyOf(credential, repository, digest));
    },
    revoke(authorization) {
      if (ttlMs === 0 || maxEntries === 0) return;
      const credential = credentialOf(authorization);
      refusedAt.delete(credential);
      refusedAt.set(credential, now());
      for (const [oldest] of refusedAt) {
        if (refusedAt.size <= maxEntries) break;
        refusedAt.delete(oldest);
      }
      for (const grant of byCredential.get(credential) ?? []) {
        grants.delete(grant);
        answers.delete(grant);
      }
      byCredential.delete(credential);
    },
    size: () => grants.size,
  };
}
