/**
 * serve's layer cache at either door: a GET or HEAD of a blob that the registry (or, at the api-gateway door, the
 * Lambda bundle) answers with a redirect to blob storage is answered from the cache instead, or fetched from that
 * storage URL into it. The redirect is the authorization: it is only given to a client the registry (private access)
 * or the allow-list (public access) lets have the blob, so no cached byte goes to a client that was not allowed it.
 * A streaming door first asks the cache's grants (./grants.ts): a redirect of the same credential to the same blob of
 * the same repository within the bound stands in for asking the registry again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBasePath, parseRegistryPath } from '../../core/registry-path.ts';
import type { Grants, VersionAnswer } from './grants.ts';
import type { BlobCache } from './http.ts';
import type { Outcome } from '../metrics.ts';
import type { DoorExchange } from '../listener.ts';
import { httpsUrl } from '../../core/http.ts';

export interface CacheTarget {
  repository: string;
  digest: string;
  /** Where the registry sent the client: the bytes' source on a miss. */
  source: URL;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The blob and its storage URL when an answer to `method url` is a redirect to storage; undefined for anything else,
 * including a redirect to the registry itself (the api-gateway door's private access), which only the client's own
 * credentials can follow.
 */
export function storageRedirect(method: string, url: string, status: number, location: string | undefined, registry: string): CacheTarget | undefined {
  const blob = REDIRECTS.has(status) && location !== undefined ? blobRequest(method, url) : undefined;
  if (blob === undefined || location === undefined) return undefined;
  let source: URL;
  try {
    source = new URL(location, httpsUrl(registry, url));
  } catch {
    return undefined;
  }
  if ((source.protocol !== 'https:' && source.protocol !== 'http:') || source.host === registry) return undefined;
  return { ...blob, source };
}

/** The repository and digest of a blob GET or HEAD, or undefined for any other request. */
function blobRequest(method: string, url: string): { repository: string; digest: string } | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  let parsed: ReturnType<typeof parseRegistryPath>;
  try {
    parsed = parseRegistryPath(decodeURIComponent(url.split('?')[0] ?? ''));
  } catch {
    return undefined;
  }
  return parsed.kind === 'blob' ? { repository: parsed.name, digest: parsed.digest } : undefined;
}

/** What an answer of the registry's says of the client's grants: a redirect to storage grants that blob; a 401 or 403 revokes them all. */
function learn(grants: Grants, req: IncomingMessage, method: string, status: number, target: CacheTarget | undefined, askedAt: number): void {
  const authorization = req.headers.authorization;
  if (target !== undefined) return grants.grant(authorization, target.repository, target.digest, askedAt);
  if (status === 401 || status === 403) return grants.revoke(authorization);
  const blob = blobRequest(method, req.url ?? '/');
  if (blob !== undefined) grants.forget(authorization, blob.repository, blob.digest);
}

/**
 * At a streaming door, before it asks the registry: a blob GET or HEAD whose credential the registry redirected to
 * storage for this blob of this repository within the grant's bound is answered from a verified entry, and logged;
 * true then. False, having written nothing, for anything else: the door asks the registry.
 */
export async function answerByGrant(cache: { blobs: BlobCache } | undefined, { req, res, method, log }: DoorExchange): Promise<boolean> {
  if (!cache || cache.blobs.grants.size() === 0) return false;
  const blob = blobRequest(method, req.url ?? '/');
  if (blob === undefined || !cache.blobs.grants.allows(req.headers.authorization, blob.repository, blob.digest)) return false;
  if (!(await cache.blobs.serve(blob.digest, req, res))) return false;
  log({ status: res.statusCode, requestBytes: 0, responseBytes: sentBytes(res, method), outcome: 'cache_hit' });
  return true;
}

/** A version check: GET or HEAD of /v2/, with no query. */
function isVersionCheck(method: string, url: string): boolean {
  return (method === 'GET' || method === 'HEAD') && isBasePath(url);
}

/**
 * At a streaming door, before it asks the registry: for a version check of a credential the registry admitted
 * within the grant's bound (./grants.ts), the registry's own answer to give again; undefined for anything else.
 */
export function admittedVersionCheck(cache: { blobs: BlobCache } | undefined, req: IncomingMessage, method: string): VersionAnswer | undefined {
  if (!cache || !isVersionCheck(method, req.url ?? '/')) return undefined;
  return cache.blobs.grants.admitted(req.headers.authorization);
}

/**
 * The registry answered a version check sent at `askedAt` (grants.mark()): a 200 whose body was kept admits its
 * credential, unless the registry refused that credential since (a 401 or 403 revokes it, in `learn`).
 */
export function learnVersionCheck(
  cache: { blobs: BlobCache } | undefined,
  req: IncomingMessage,
  method: string,
  status: number,
  headers: Readonly<Record<string, string | string[]>>,
  body: Buffer | undefined,
  askedAt: number | undefined,
): void {
  if (!cache || body === undefined || !keepsVersionCheck(cache, req, method, status, headers)) return;
  // A replayed answer is stamped with its own time.
  const { date: _date, ...kept } = headers;
  cache.blobs.grants.admit(req.headers.authorization, { status, headers: kept, body }, askedAt);
}

/**
 * Whether a GET's answer is worth keeping for learnVersionCheck: a 200 to a request that carried no cookie (the
 * registry may have answered the cookie, which the grant's key does not hold), setting none and not encoded for this
 * client alone.
 */
export function keepsVersionCheck(cache: { blobs: BlobCache } | undefined, req: IncomingMessage, method: string, status: number, headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  if (cache === undefined || status !== 200 || method !== 'GET' || !isVersionCheck(method, req.url ?? '/')) return false;
  return req.headers.cookie === undefined && headers['set-cookie'] === undefined && headers['content-encoding'] === undefined;
}

/** Body bytes of an answer the cache wrote: its Content-Length, once it was all handed to the socket. */
function sentBytes(res: ServerResponse, method: string): number {
  if (method === 'HEAD' || !res.writableEnded) return 0;
  return Number(res.getHeader('content-length') ?? 0) || 0;
}

/**
 * At either door, once the registry (or the Lambda bundle) has answered with `status` and `location`: a redirect of
 * a blob to storage is answered from a verified entry, or by filling the cache from the storage URL while answering
 * a GET, and logged; true then. False, having written nothing, for any other answer and for a HEAD of a blob the
 * cache lacks: the door passes its answer on. A door that answers by grants (the streaming doors) passes `askedAt`,
 * when it sent the request on (grants.mark()), and the answer's grant or refusal is learned; without it nothing is,
 * as no one would ask.
 */
export async function answerByCache(
  cache: { blobs: BlobCache; registry: string } | undefined,
  { req, res, method, log }: DoorExchange,
  status: number,
  location: string | undefined,
  requestBytes: number,
  askedAt?: number,
): Promise<boolean> {
  if (!cache) return false;
  const target = storageRedirect(method, req.url ?? '/', status, location, cache.registry);
  if (askedAt !== undefined) learn(cache.blobs.grants, req, method, status, target, askedAt);
  if (!target) return false;
  let outcome: Extract<Outcome, 'cache_hit' | 'cache_fill'> = 'cache_hit';
  if (!(await cache.blobs.serve(target.digest, req, res))) {
    if (method === 'HEAD') return false;
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    await cache.blobs.fill(target.digest, target.source, req, res, { signal: gone.signal });
    outcome = 'cache_fill';
  }
  log({ status: res.statusCode, requestBytes, responseBytes: sentBytes(res, method), outcome });
  return true;
}
