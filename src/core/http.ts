/** HTTP pieces every door shares: the hop-by-hop headers and https URLs on a host. */

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
