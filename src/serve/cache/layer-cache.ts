/**
 * serve's layer cache at either door: a GET or HEAD of a blob that the registry (or, at the api-gateway door, the
 * Lambda bundle) answers with a redirect to blob storage is answered from the cache instead, or fetched from that
 * storage URL into it. The redirect is the authorization: it is only given to a client the registry (private access)
 * or the allow-list (public access) lets have the blob, so no cached byte goes to a client that was not allowed it.
 */
import type { ServerResponse } from 'node:http';
import { parseRegistryPath } from '../../core/registry-path.ts';
import type { BlobCache } from './http.ts';
import type { Outcome } from '../metrics.ts';
import type { DoorExchange } from '../listener.ts';
import { httpsUrl } from '../../core/http.ts';

export interface CacheTarget {
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
  if ((method !== 'GET' && method !== 'HEAD') || !REDIRECTS.has(status) || location === undefined) return undefined;
  let path: string;
  let source: URL;
  try {
    path = decodeURIComponent(url.split('?')[0] ?? '');
    source = new URL(location, httpsUrl(registry, url));
  } catch {
    return undefined;
  }
  const parsed = parseRegistryPath(path);
  if (parsed.kind !== 'blob' || (source.protocol !== 'https:' && source.protocol !== 'http:') || source.host === registry) return undefined;
  return { digest: parsed.digest, source };
}

/** Body bytes of an answer the cache wrote: its Content-Length, once it was all sent. */
function sentBytes(res: ServerResponse, method: string): number {
  if (method === 'HEAD' || !res.writableFinished) return 0;
  return Number(res.getHeader('content-length') ?? 0) || 0;
}

/**
 * At either door, once the registry (or the Lambda bundle) has answered with `status` and `location`: a redirect of
 * a blob to storage is answered from a verified entry, or by filling the cache from the storage URL while answering
 * a GET, and logged; true then. False, having written nothing, for any other answer and for a HEAD of a blob the
 * cache lacks: the door passes its answer on.
 */
export async function answerByCache(
  cache: { blobs: BlobCache; registry: string } | undefined,
  { req, res, method, log }: DoorExchange,
  status: number,
  location: string | undefined,
  requestBytes: number,
): Promise<boolean> {
  const target = cache && storageRedirect(method, req.url ?? '/', status, location, cache.registry);
  if (!cache || !target) return false;
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
