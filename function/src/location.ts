// Characters RFC 3986 allows unescaped in a path (pchar plus "/"); anything else is percent-encoded.
const PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/;
const PATH_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]+/g;
// A query keeps its existing escapes ("%"), so only characters that are never legal get encoded.
const QUERY_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]/;
const QUERY_UNSAFE_ALL = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]+/g;

function percentEncode(text: string): string {
  let out = '';
  // Buffer.from replaces lone surrogates with U+FFFD instead of throwing as encodeURIComponent does.
  for (const byte of Buffer.from(text, 'utf8')) {
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

/** `https://<registry><path>[?<query>]`: the host is always the configured registry. */
export function registryUrl(registry: string, path: string, query: string): string {
  const base = `https://${registry}${encodePath(path)}`;
  return query === '' ? base : `${base}?${encodeQuery(query)}`;
}
