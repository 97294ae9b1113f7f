import type { HeadPlan } from './answer.ts';
import type { AliasConfig, PublicConfig } from '../../src/core/config.ts';
import { aliasHost, registryUrl } from '../../src/core/location.ts';
import { NAME_UNKNOWN, ociError } from '../../src/core/oci.ts';
import type { Outcome } from './outcome.ts';
import { isBasePath, parseRegistryPath, type RegistryPath, registryPathOf } from '../../src/core/registry-path.ts';
import { httpsUrl, notPassedOn } from '../../src/core/http.ts';

/** A registry request as the alias sees it, independent of API Gateway or `serve`. */
export interface RegistryRequest {
  readonly method: string;
  /** Decoded path, as API Gateway's rawPath. */
  readonly path: string;
  /** Raw query string without "?", still percent-encoded. */
  readonly query: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The alias's own host[:port], as the client addressed it (API Gateway's domainName), through aliasHost(). */
  readonly alias: string;
  /** Public access with `basic` auth: the request's Basic credentials checked against the configured ones. */
  readonly credentials?: CredentialCheck;
}

/** `unavailable`: the configured password could not be loaded, so no credentials can be judged. */
export type CredentialCheck = 'valid' | 'invalid' | 'unavailable';

export function isRegistryPath(path: string): boolean {
  return path === '/v2' || path.startsWith('/v2/');
}

const NOT_REGISTRY_PATH = ociError(404, 'UNSUPPORTED', 'not a registry API path: the registry API is served under /v2/');
const PASSWORD_UNAVAILABLE: Outcome = { kind: 'unavailable', reply: ociError(503, 'UNAVAILABLE', 'the alias could not load its credentials') };

// A "." or ".." segment: URL normalisation would move the upstream path, even out of /v2/.
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)/;

function hasDotSegment(path: string): boolean {
  return DOT_SEGMENT.test(path);
}

/** The version check most clients send first; containerd and CRI never send it. */
function isPing(request: RegistryRequest): boolean {
  return isBasePath(request.path) && (request.method === 'GET' || request.method === 'HEAD');
}

/**
 * The docker engine's containerd image store (Docker Engine >= 29 and Docker Desktop >= 4.34 by
 * default) names itself `docker/<version> ... containerd-client/<version> ...`. It is containerd's
 * resolver with credentials for the image's own host only: a 307 to the registry strands it
 * without credentials, so it must be challenged for the alias host like containerd, its
 * `GET /v2/` probe included.
 */
function usesContainerdStore(userAgent: string | undefined): boolean {
  return userAgent?.includes(' containerd-client/') === true;
}

/**
 * The docker engine's classic registry client (User-Agent `docker/<version> go/...`, once the
 * containerd image store is told apart) applies credentials per hop: its ping follows our 307, learns the
 * registry's challenge, and from then on sends nothing to the alias and expects 307s. A 401 from
 * the alias breaks it.
 */
function authenticatesPerHop(userAgent: string | undefined): boolean {
  return userAgent?.startsWith('docker/') === true;
}

// Request headers the registry must not see: hop-by-hop (RFC 9110 §7.6.1) and what API Gateway adds.
const NOT_FORWARDED = notPassedOn(
  'host',
  'proxy-authenticate',
  'proxy-authorization',
  'content-length',
  // The alias hands bodies back byte for byte, so it asks for them uncompressed.
  'accept-encoding',
  'expect',
  'forwarded',
  'via',
);

export function forwardedHeaders(headers: RegistryRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name) || name.startsWith('x-forwarded-') || name.startsWith('x-amzn-')) continue;
    out[name] = value;
  }
  return out;
}

/**
 * The decision core: every routing rule of the alias lives here. What the registry answers is
 * shaped by answer.ts, and in public access by public-answer.ts.
 *
 * - Requests that carry credentials are forwarded; the registry's answer (its 307s to blob
 *   storage and absolute upload Locations included) goes back as it is, so layers never pass
 *   through the alias.
 * - Without credentials, the ping and the classic docker engine get a 307 to the registry: they
 *   authenticate per hop.
 * - Everyone else without credentials gets a Basic challenge for the alias host, because
 *   containerd, Docker's containerd image store (its ping included), BuildKit, CRI (credentials
 *   the kubelet scoped to the alias) and other unknown clients only send credentials to a host
 *   that asked for them.
 * - Public access: see decidePublic; `/` is the registry page (decidePage). Private access has no page.
 */
export function decide(request: RegistryRequest, config: AliasConfig): Outcome {
  // Without its password, public `basic` access answers nothing else.
  if (request.credentials === 'unavailable') return PASSWORD_UNAVAILABLE;
  if (config.public !== undefined && request.path === '/') return decidePage(request, config.public);
  if (!isRegistryPath(request.path)) return NOT_REGISTRY_PATH;
  // Public access rebuilds the upstream path from its canonical parse; private access sends the path on as it is.
  if (config.public !== undefined) return decidePublic(request, config.registry, config.public);
  if (hasDotSegment(request.path)) return NOT_REGISTRY_PATH;
  const url = registryUrl(config.registry, request.path, request.query);
  if (request.headers.authorization !== undefined) {
    return { kind: 'forward', url, headers: forwardedHeaders(request.headers), ...upstreamMethod(request.method, () => parseRegistryPath(request.path).kind) };
  }
  const userAgent = request.headers['user-agent'];
  // The containerd image store also says docker/: it is told apart first, and is never redirected.
  if (!usesContainerdStore(userAgent) && (isPing(request) || authenticatesPerHop(userAgent))) {
    return { kind: 'redirect', location: url };
  }
  return challenge(request);
}

/** A HEAD of a manifest goes upstream as GET, so its answer carries a body the gateway measures (see HeadPlan). */
function upstreamMethod(method: string, pathKind: () => RegistryPath['kind']): { method: string; head?: HeadPlan } {
  if (method !== 'HEAD') return { method };
  return pathKind() === 'manifest' ? { method: 'GET', head: 'fetch' } : { method, head: 'measure' };
}

function challenge(request: RegistryRequest): Outcome {
  return { kind: 'challenge', realm: httpsUrl(aliasHost(request.alias), '/') };
}

// Request headers a public pull passes on; the client's own Authorization never reaches the registry.
const PULL_HEADERS = ['accept', 'user-agent', 'range', 'if-none-match', 'if-modified-since'] as const;
// Query parameters each public endpoint understands; anything else is dropped.
const QUERY_KEYS: Record<string, readonly string[]> = { tags: ['n', 'last'], catalog: ['n', 'last'], referrers: ['artifactType'] };

function pullQuery(kind: string, raw: string): string {
  const keys = QUERY_KEYS[kind];
  if (keys === undefined || raw === '') return '';
  const params = new URLSearchParams(raw);
  const kept = new URLSearchParams();
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null) kept.set(key, value);
  }
  return kept.toString();
}

const READ_ONLY = ociError(405, 'UNSUPPORTED', 'this registry is read-only: only GET and HEAD are served', { allow: 'GET, HEAD' });

/** Public access's registry page: asked for credentials first exactly like a pull (a custom authorizer ran before). */
function decidePage(request: RegistryRequest, config: PublicConfig): Outcome {
  if (request.method !== 'GET' && request.method !== 'HEAD') return READ_ONLY;
  if (config.auth === 'basic' && request.credentials !== 'valid') return challenge(request);
  return { kind: 'page', query: request.query };
}

/**
 * Public access: read-only pulls of allowed repositories with the alias's own registry token.
 * A denied repository, an invalid name and a missing repository all get the same 404.
 */
function decidePublic(request: RegistryRequest, registry: string, config: PublicConfig): Outcome {
  if (request.method !== 'GET' && request.method !== 'HEAD') return READ_ONLY;
  if (config.auth === 'basic' && request.credentials !== 'valid') return challenge(request);
  const parsed = parseRegistryPath(request.path);
  if (parsed.kind === 'base') {
    // With a custom authorizer in front of every other route, /v2/ only asks for credentials.
    if (config.auth === 'custom' && request.headers.authorization === undefined) return challenge(request);
    return { kind: 'reply', status: 200, headers: { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' }, body: '{}' };
  }
  if (parsed.kind === 'catalog') {
    const params = new URLSearchParams(request.query);
    const n = Number(params.get('n') ?? Number.NaN);
    return { kind: 'catalog', n: Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : undefined, last: params.get('last') ?? undefined };
  }
  if (parsed.kind === 'invalid' || parsed.kind === 'upload' || !config.allows(parsed.name)) return NAME_UNKNOWN;
  const headers: Record<string, string> = {};
  for (const name of PULL_HEADERS) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const url = registryUrl(registry, registryPathOf(parsed), pullQuery(parsed.kind, request.query));
  return { kind: 'pull', url, headers, ...upstreamMethod(request.method, () => parsed.kind) };
}
