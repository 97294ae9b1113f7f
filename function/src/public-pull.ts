/** The public catalog: allowed repositories only, paged anew. */
import type { ForwardResponse } from './forward.ts';
import type { HttpApiResult } from './http-api.ts';
import { ociError } from './outcome.ts';
import type { RepositoryMatcher } from './registry-path.ts';

/** The repository names of a catalog page, or undefined when the answer is not catalog JSON (or too big to parse). */
function catalogNames(body: Buffer): string[] | undefined {
  if (body.length > 1024 * 1024) return undefined;
  try {
    const page: unknown = JSON.parse(body.toString('utf8'));
    if (page === null || typeof page !== 'object') return undefined;
    const names = (page as { repositories?: unknown }).repositories ?? [];
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : undefined;
  } catch {
    return undefined;
  }
}

function ociResult(status: number, message: string): HttpApiResult {
  const reply = ociError(status, 'UNAVAILABLE', message);
  return { statusCode: reply.status, headers: { ...reply.headers }, body: reply.body };
}

/** Upstream catalog pages are read this big, and at most this many per request. */
const UPSTREAM_PAGE = 1000;
const MAX_UPSTREAM_PAGES = 20;

/**
 * One page of `/v2/_catalog` with only allowed repositories. The registry's catalog is read page
 * by page and filtered; the next-page cursor is always an allowed name, so paging never reveals
 * another repository.
 */
export async function catalogPage(
  request: { n: number | undefined; last: string | undefined },
  allows: RepositoryMatcher,
  get: (url: string) => Promise<ForwardResponse>,
  registry: string,
  alias: string,
): Promise<HttpApiResult> {
  const found: string[] = [];
  let cursor = request.last;
  let more = true;
  for (let page = 0; more && page < MAX_UPSTREAM_PAGES && (request.n === undefined || found.length <= request.n); page++) {
    const query = new URLSearchParams({ n: String(UPSTREAM_PAGE) });
    if (cursor !== undefined) query.set('last', cursor);
    const upstream = await get(`https://${registry}/v2/_catalog?${query}`);
    if (upstream.status !== 200) {
      return { statusCode: upstream.status >= 500 ? 502 : upstream.status, headers: { 'content-type': 'application/json' }, body: upstream.body.toString('utf8') };
    }
    const names = catalogNames(upstream.body);
    if (names === undefined) return ociResult(502, 'the registry’s catalog answer is not the JSON the alias can read');
    const list = names;
    for (const name of list) if (allows(name)) found.push(name);
    more = list.length > 0 && /rel="?next"?/.test(upstream.headers.link ?? '');
    cursor = list.at(-1);
  }
  const repositories = request.n === undefined ? found : found.slice(0, request.n);
  const hasNext = request.n !== undefined && (found.length > request.n || (more && repositories.length > 0));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const lastShown = repositories.at(-1);
  if (hasNext && lastShown !== undefined) {
    headers.link = `<https://${alias}/v2/_catalog?${new URLSearchParams({ last: lastShown, n: String(request.n) })}>; rel="next"`;
  }
  return { statusCode: 200, headers, body: JSON.stringify({ repositories }) };
}
