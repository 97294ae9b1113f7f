import { httpsUrl } from './http.ts';

// Characters RFC 3986 allows unescaped in a path (pchar plus "/"); anything else is percent-encoded.
const PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const PATH_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g;
// A query keeps its existing escapes ("%"), so only characters that are never legal get encoded.
const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;
const QUERY_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+/g;

function percentEncode(text: string): string {
  let out = '';
  // Buffer.from replaces lone surrogates with U+FFFD instead of throwing as encodeURIComponent does.
  const bytes = Buffer.from(text, 'utf8');
  // An index loop: this module also goes into the CloudFront Function, whose runtime has no for-of.
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    out += `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;
  }
  return out;
}

/**
 * Re-encodes a decoded path (API Gateway's rawPath) for use in a URL. Every character outside
 * RFC 3986's path set is percent-encoded, so CR, LF, "?", "#", "%" and spaces cannot end the
 * path, inject a header or change the URL's meaning.
 */
export function encodePath(path: string): string {
  return PATH_UNSAFE.test(path) ? path.replace(PATH_UNSAFE_ALL, percentEncode) : path;
}

/** Keeps a raw query string as sent (existing escapes intact) and encodes only characters that are never legal in one. */
export function encodeQuery(query: string): string {
  return QUERY_UNSAFE.test(query) ? query.replace(QUERY_UNSAFE_ALL, percentEncode) : query;
}

/**
 * The alias's host[:port] as it may appear in a header the alias writes (the challenge realm,
 * Link): the one sanitiser for a value taken from the request. Only host characters survive, so
 * nothing a client sends can add quotes, parameters, links or lines.
 */
export function aliasHost(domainName: string): string {
  return domainName.replace(/[^A-Za-z0-9.:[\]-]/g, '').slice(0, 260);
}

/** `https://<registry><path>[?<query>]`: the host is always the configured registry. */
export function registryUrl(registry: string, path: string, query: string): string {
  const base = httpsUrl(registry, encodePath(path));
  return query === '' ? base : `${base}?${encodeQuery(query)}`;
}

// The authority ends at the first of these (RFC 3986).
const AUTHORITY_END = /[/?#]/;
// A line break after the authority marks a hostile value: it stays as the registry sent it.
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
// What a path on the alias may hold: printable ASCII, no backslash (some clients read "/\\" as "//").
const SAFE_PATH = /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/;

/**
 * The path and query of a URL that names the registry, as a path on the alias: `https://<registry>/v2/x?y`
 * (or `:443` spelled out, any case) becomes `/v2/x?y`. Anything else (another host such as blob
 * storage, a relative URL, userinfo, a protocol-relative or backslash path, whitespace or control
 * characters) gives undefined, so the caller leaves it as the registry sent it.
 *
 * Written in the subset of JavaScript that CloudFront Functions (cloudfront-js-2.0) run, because
 * the streaming door's viewer-response function is built from it.
 */
export function pathOnRegistry(url: string, registry: string): string | undefined {
  // Scanned in parts, not matched by one pattern: backtracking over a registry's header value can take quadratic time.
  if (url.slice(0, 8).toLowerCase() !== 'https://') return undefined;
  const afterScheme = url.slice(8);
  const end = afterScheme.search(AUTHORITY_END);
  if (end === -1) return undefined;
  const authority = afterScheme.slice(0, end).toLowerCase();
  const host = registry.toLowerCase();
  if (authority !== host && authority !== `${host}:443`) return undefined;
  const rest = afterScheme.slice(end);
  if (LINE_TERMINATOR.test(rest)) return undefined;
  const hash = rest.indexOf('#');
  const path = hash === -1 ? rest : rest.slice(0, hash);
  return SAFE_PATH.test(path) ? path : undefined;
}
