/**
 * Public access's rules for what the registry answers: pure functions, so the handler only sends
 * requests and returns what these make of the answers. A repository the registry hides looks like
 * a denied one, the registry's challenge stays with the alias, a refused token is renewed once, and
 * the catalog lists allowed repositories only, paged anew.
 */
import { type Answer, type AnswerContext, forwardedAnswer } from './answer.ts';
import type { ForwardRequest, ForwardResponse } from './forward.ts';
import { NAME_UNKNOWN, ociError, type Reply } from '../../src/core/oci.ts';
import type { Outcome } from './outcome.ts';
import type { RepositoryMatcher } from '../../src/core/registry-path.ts';
import { registryUrl } from '../../src/core/location.ts';

/** A request to the registry, before the handler adds the token and the deadline. */
export type UpstreamRequest = Pick<ForwardRequest, 'url' | 'method' | 'headers'>;

/** The registry's answer to a pull, as the client gets it. */
export function pullAnswer(upstream: ForwardResponse, context: AnswerContext): Answer {
  // A repository the registry lacks, or one IAM keeps from the alias, looks exactly like a denied one.
  if ((upstream.status === 404 && upstream.body.includes('NAME_UNKNOWN')) || upstream.status === 403) return NAME_UNKNOWN;
  // The registry's challenge is for the alias's token, not for the client.
  const { 'www-authenticate': _challenge, ...headers } = upstream.headers;
  return forwardedAnswer({ status: upstream.status, headers, body: upstream.body }, context);
}

/** No registry token could be had: the request cannot be sent. */
export const NO_TOKEN = ociError(503, 'UNAVAILABLE', 'the alias could not get a registry token');

const TOKEN_REFUSED = ociError(502, 'UNAVAILABLE', 'the registry refused the alias’s token');

/**
 * What the registry's status says about the alias's token on the `attempt`th try (from 0):
 * `answered` when it did not refuse it (the answer stands); on a 401, `renew` it once (a token can
 * be revoked), and end the request with a 502 when a renewed one is refused too.
 */
export function tokenVerdict(status: number, attempt: number): 'answered' | 'renew' | Reply {
  if (status !== 401) return 'answered';
  return attempt === 0 ? 'renew' : TOKEN_REFUSED;
}

/** Upstream catalog pages are read this big, and at most this many per request. */
const UPSTREAM_PAGE = 1000;
const MAX_UPSTREAM_PAGES = 20;

type CatalogRequest = Omit<Extract<Outcome, { kind: 'catalog' }>, 'kind'>;

/** Where the reading of the registry's catalog stands. */
export interface CatalogPaging {
  /** The client's page size (at most 1000) and cursor. */
  readonly request: CatalogRequest;
  /** The allowed names read so far, in the registry's order. */
  readonly found: readonly string[];
  /** The registry's own cursor: the last name it listed, allowed or not. */
  readonly cursor: string | undefined;
  /** Whether the registry said it has another page. */
  readonly more: boolean;
  /** Registry pages read so far. */
  readonly pages: number;
}

/** Nothing read yet: the registry is asked from the client's cursor on. */
export function startCatalog(request: CatalogRequest): CatalogPaging {
  return { request: { n: request.n, last: request.last }, found: [], cursor: request.last, more: true, pages: 0 };
}

/**
 * The next page to ask the registry for, or undefined once enough is read: the registry has no
 * more, the page limit is reached, or there is one name beyond the client's page (which tells
 * whether to offer a next one).
 */
export function nextCatalogPage(paging: CatalogPaging, registry: string): UpstreamRequest | undefined {
  const { n } = paging.request;
  if (!paging.more || paging.pages >= MAX_UPSTREAM_PAGES || (n !== undefined && paging.found.length > n)) return undefined;
  const query = new URLSearchParams({ n: String(UPSTREAM_PAGE) });
  if (paging.cursor !== undefined) query.set('last', paging.cursor);
  return { url: registryUrl(registry, '/v2/_catalog', query.toString()), method: 'GET', headers: { accept: 'application/json' } };
}

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

const NOT_CATALOG = ociError(502, 'UNAVAILABLE', 'the registry’s catalog answer is not the JSON the alias can read');

/** One page of the registry's catalog read into the paging, keeping allowed names only; an answer that is not a page ends the request. */
export function readCatalogPage(paging: CatalogPaging, upstream: ForwardResponse, allows: RepositoryMatcher): CatalogPaging | Reply {
  if (upstream.status !== 200) {
    return { kind: 'reply', status: upstream.status >= 500 ? 502 : upstream.status, headers: { 'content-type': 'application/json' }, body: upstream.body.toString('utf8') };
  }
  const names = catalogNames(upstream.body);
  if (names === undefined) return NOT_CATALOG;
  return {
    request: paging.request,
    found: [...paging.found, ...names.filter((name) => allows(name))],
    cursor: names.at(-1),
    more: names.length > 0 && /rel="?next"?/.test(upstream.headers.link ?? ''),
    pages: paging.pages + 1,
  };
}

/**
 * The client's page of `/v2/_catalog`: allowed repositories only, and a Link to the next page
 * whose cursor is always an allowed name, so paging never reveals another repository.
 */
export function catalogReply({ request, found, more }: CatalogPaging, alias: string): Reply {
  const repositories = request.n === undefined ? found : found.slice(0, request.n);
  const hasNext = request.n !== undefined && (found.length > request.n || (more && repositories.length > 0));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const lastShown = repositories.at(-1);
  if (hasNext && lastShown !== undefined) {
    headers.link = `<https://${alias}/v2/_catalog?${new URLSearchParams({ last: lastShown, n: String(request.n) })}>; rel="next"`;
  }
  return { kind: 'reply', status: 200, headers, body: JSON.stringify({ repositories }) };
}
