import type { AliasConfig } from './config.ts';
import { registryUrl } from './location.ts';
import { type Outcome, ociError } from './outcome.ts';

/** A registry request as the alias sees it, independent of API Gateway or `serve`. */
export interface RegistryRequest {
  readonly method: string;
  /** Decoded path, as API Gateway's rawPath. */
  readonly path: string;
  /** Raw query string without "?", still percent-encoded. */
  readonly query: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The alias's own host[:port], as the client addressed it (API Gateway's domainName). */
  readonly alias: string;
}

export function isRegistryPath(path: string): boolean {
  return path === '/v2' || path.startsWith('/v2/');
}

/** The version check every client sends first; containerd and CRI never send it. */
function isPing(request: RegistryRequest): boolean {
  return (request.path === '/v2/' || request.path === '/v2') && (request.method === 'GET' || request.method === 'HEAD');
}

/**
 * The docker engine's own registry client (User-Agent `docker/<version> go/...`, the classic image
 * store) applies credentials per hop: its ping follows our 307, learns the registry's challenge,
 * and from then on sends nothing to the alias and expects 307s. A 401 from the alias breaks it.
 */
function authenticatesPerHop(userAgent: string | undefined): boolean {
  return userAgent?.startsWith('docker/') === true;
}

// Request headers the registry must not see: hop-by-hop (RFC 9110 §7.6.1) and what API Gateway adds.
const NOT_FORWARDED = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  // The alias hands bodies back byte for byte, so it asks for them uncompressed.
  'accept-encoding',
  'expect',
  'forwarded',
  'via',
]);

export function forwardedHeaders(headers: RegistryRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith('x-forwarded-') || name.startsWith('x-amzn-')) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The decision core: every routing rule of the alias lives here.
 *
 * - Requests that carry credentials are forwarded; the registry's answer (its 307s to blob
 *   storage and absolute upload Locations included) goes back as it is, so layers never pass
 *   through the alias.
 * - Without credentials, the ping and the docker engine get a 307 to the registry: they
 *   authenticate per hop.
 * - Everyone else without credentials gets a Basic challenge for the alias host, because
 *   containerd, CRI (credentials the kubelet scoped to the alias) and other unknown clients only
 *   send credentials to a host that asked for them.
 */
export function decide(request: RegistryRequest, config: AliasConfig): Outcome {
  if (!isRegistryPath(request.path)) {
    return ociError(404, 'UNSUPPORTED', 'not a registry API path: the registry API is served under /v2/');
  }
  const url = registryUrl(config.registry, request.path, request.query);
  if (request.headers.authorization !== undefined) {
    return { kind: 'forward', url, headers: forwardedHeaders(request.headers) };
  }
  if (isPing(request) || authenticatesPerHop(request.headers['user-agent'])) {
    return { kind: 'redirect', location: url };
  }
  // The realm names a host only: nothing a client sends can add quotes, parameters or lines to it.
  return { kind: 'challenge', realm: `https://${request.alias.replace(/[^A-Za-z0-9.:[\]-]/g, '')}/` };
}
