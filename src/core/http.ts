/** HTTP pieces every door shares: the hop-by-hop headers, how a forwarded body is framed, and https URLs on a host. */
import type { OutgoingHttpHeaders } from 'node:http';

/** Headers that describe one connection, not the message (RFC 9110 §7.6.1, and the old proxy-connection): never passed on. */
export const HOP_BY_HOP: readonly string[] = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/** A header-name set: the hop-by-hop headers plus `more`. */
export function notPassedOn(...more: string[]): ReadonlySet<string> {
  // concat, not spread: this module also goes into the CloudFront Function, whose runtime lacks spread.
  return new Set(HOP_BY_HOP.concat(more));
}

/** `https://<host><pathAndQuery>`; the caller has made `pathAndQuery` safe (it starts with "/"). */
export function httpsUrl(host: string, pathAndQuery: string): string {
  return `https://${host}${pathAndQuery}`;
}

/** Methods that carry no request body here (RFC 9110 §9.3): one sent with a body is refused, never passed on. */
export const BODILESS_METHODS: readonly string[] = ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'];

/**
 * How a request's body goes on to the next hop: not at all, with the viewer's Content-Length, chunked (when the viewer
 * sent chunked, or no length at all), or refused: a body on a bodiless method; a transfer coding other than chunked,
 * which the hop would have to decode.
 */
export type Framing = { kind: 'none' } | { kind: 'length'; length: string } | { kind: 'chunked' } | { kind: 'refuse'; why: 'body-on-bodiless-method' | 'transfer-coding' };

/**
 * The framing for a request whose headers a strict parser (Node's) has accepted: it has refused Content-Length
 * with Transfer-Encoding, a Content-Length that is not one number, and a Transfer-Encoding that does not end in chunked.
 */
export function requestFraming(method: string, headers: Readonly<Record<string, string | string[] | undefined>>): Framing {
  const coding = headers['transfer-encoding'];
  const length = headers['content-length'];
  if (BODILESS_METHODS.indexOf(method) !== -1) {
    return coding === undefined && (length === undefined || Number(length) === 0) ? { kind: 'none' } : { kind: 'refuse', why: 'body-on-bodiless-method' };
  }
  if (coding !== undefined) return typeof coding === 'string' && coding.toLowerCase() === 'chunked' ? { kind: 'chunked' } : { kind: 'refuse', why: 'transfer-coding' };
  if (typeof length === 'string' && /^\d+$/.test(length)) return { kind: 'length', length };
  return { kind: 'chunked' };
}

/** `headers` with the framing headers set for `framing` and no others: what reaches the next hop is framed one way only. */
export function framed(headers: OutgoingHttpHeaders, framing: Framing): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  // forEach, not for-of: this module also goes into the CloudFront Function (see notPassedOn).
  Object.keys(headers).forEach((name) => {
    if (name !== 'content-length' && name !== 'transfer-encoding') out[name] = headers[name];
  });
  if (framing.kind === 'length') out['content-length'] = framing.length;
  if (framing.kind === 'chunked') out['transfer-encoding'] = 'chunked';
  return out;
}
