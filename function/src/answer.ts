/**
 * How the api-gateway door shapes the registry's answers before they go back through API Gateway,
 * in either access mode: Locations stay on the registry, Links come onto the alias, HEAD sizes
 * survive any gateway, and what a Lambda cannot return or the registry could not give becomes OCI
 * error JSON. Public access adds its own rules in public-answer.ts.
 */
import type { ForwardResponse, UpstreamError } from './forward.ts';
import { LIMITS_FOR_LAMBDA } from './limits.ts';
import { pathOnRegistry } from '../../src/core/location.ts';
import { ociError, type Reply } from '../../src/core/oci.ts';
import { httpsUrl } from '../../src/core/http.ts';

/** What goes back to the client: the registry's answer, or one the alias makes itself. */
export type Answer = ForwardResponse | Reply;

export function isReply<T extends object>(answer: T | Reply): answer is Reply {
  return 'kind' in answer;
}

/** What the shaping of one answer needs to know. */
export interface AnswerContext {
  /** The configured registry host[:port]. */
  readonly registry: string;
  /** The alias's own host[:port], through aliasHost(). */
  readonly alias: string;
  /** How a HEAD went upstream; undefined for every other method. */
  readonly head: HeadPlan | undefined;
}

/**
 * How a HEAD goes upstream and comes back. API Gateway may keep, drop or zero a Content-Length the
 * function sets on a body-less answer (unverified which), but it measures a body itself. So a
 * HEAD is answered with a body as long as the GET body would be, which the gateway measures and
 * never sends:
 * - `fetch`: a manifest (at most 4 MiB on ECR) is fetched with GET and its own bytes are that body;
 * - `measure`: anything else is sent as HEAD and answered with filler as long as the registry's
 *   Content-Length; a size the alias cannot carry that way (unknown, or over the Lambda payload)
 *   gets 404 BLOB_UNKNOWN, so clients upload the blob again rather than trust a wrong size.
 */
export type HeadPlan = 'fetch' | 'measure';

/** A relative upload Location made absolute on the registry, so clients upload there and not through the alias. */
export function locationOnRegistry(location: string, registry: string): string {
  return location.startsWith('/') && !location.startsWith('//') ? httpsUrl(registry, location) : location;
}

/**
 * Points a registry `Link` header at the alias: absolute URLs on the registry host and relative
 * ones both become `https://<alias>/v2/...`. Anything else is dropped rather than passed on.
 */
export function rewriteLink(link: string, registry: string, alias: string): string | undefined {
  const match = /^<([^>]*)>(.*)$/.exec(link.trim());
  if (!match) return undefined;
  const target = match[1] ?? '';
  const path = target.startsWith('/v2/') ? target : pathOnRegistry(target, registry);
  if (path === undefined || !path.startsWith('/v2/')) return undefined;
  return `<https://${alias}${path}>${match[2] ?? ''}`;
}

/** The registry's answer to a HEAD (or to the GET standing in for it) as the HEAD answer the function returns. */
function headAnswer(upstream: ForwardResponse, plan: HeadPlan): ForwardResponse | Reply {
  const { 'content-length': length, ...headers } = upstream.headers;
  if (upstream.status < 200 || upstream.status > 299) return { status: upstream.status, headers, body: Buffer.alloc(0) };
  if (plan === 'fetch') return { status: upstream.status, headers, body: upstream.body };
  const size = length !== undefined && /^\d{1,10}$/.test(length) ? Number(length) : undefined;
  if (size === undefined || size > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return ociError(404, 'BLOB_UNKNOWN', 'the alias cannot pass this blob’s size through the gateway; upload it again');
  }
  return { status: upstream.status, headers, body: Buffer.alloc(size) };
}

const TOO_LARGE = ociError(502, 'SIZE_INVALID', 'the registry answer is larger than the alias can return; blobs must come by redirect');

/**
 * The registry's answer as the function returns it: an upload Location stays on the registry, a
 * Link comes onto the alias (or goes), a HEAD follows its plan, and Content-Length is left to the
 * gateway, which measures the body itself.
 */
export function forwardedAnswer(upstream: ForwardResponse, { registry, alias, head }: AnswerContext): Answer {
  const { location, link, ...headers } = upstream.headers;
  if (location !== undefined) headers.location = locationOnRegistry(location, registry);
  const linkOnAlias = link === undefined ? undefined : rewriteLink(link, registry, alias);
  if (linkOnAlias !== undefined) headers.link = linkOnAlias;
  let answer: ForwardResponse = { status: upstream.status, headers, body: upstream.body };
  if (head !== undefined) {
    const shaped = headAnswer(answer, head);
    if (isReply(shaped)) return shaped;
    answer = shaped;
  }
  if (answer.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) return TOO_LARGE;
  const { 'content-length': _length, ...kept } = answer.headers;
  return { status: answer.status, headers: kept, body: answer.body };
}

/** A forward that failed (the deadline passed, the registry could not be reached, too many waiting) as its OCI error. */
export function upstreamFailure(error: UpstreamError): Reply {
  return ociError(error.status, 'UNAVAILABLE', error.message, { ...error.headers });
}
