/**
 * serve's layer cache at either door: a GET or HEAD of a blob that the registry (or, at the api-gateway door, the
 * Lambda bundle) answers with a redirect to blob storage is answered from the cache instead, or fetched from that
 * storage URL into it. The redirect is the authorization: it is only given to a client the registry (private access)
 * or the allow-list (public access) lets have the blob, so no cached byte goes to a client that was not allowed it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRegistryPath } from '../core/registry-path.ts';
import type { BlobCache } from './blob-cache.ts';
import type { Outcome } from './metrics.ts';
import { httpsUrl } from '../core/http.ts';

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

/**
 * Answers from a verified entry, or fills the cache from the storage URL while answering a GET. Undefined, having
 * written nothing, for a HEAD of a blob the cache lacks: the door passes the registry's answer on.
 */
export async function answerFromCache(cache: BlobCache, target: CacheTarget, req: IncomingMessage, res: ServerResponse): Promise<Extract<Outcome, 'cache_hit' | 'cache_fill'> | undefined> {
  if (await cache.serve(target.digest, req, res)) return 'cache_hit';
  if (req.method === 'HEAD') return undefined;
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  await cache.fill(target.digest, target.source, req, res, { signal: gone.signal });
  return 'cache_fill';
}
