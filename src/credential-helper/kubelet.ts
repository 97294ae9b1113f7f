/** Kubelet image credential provider (credentialprovider.kubelet.k8s.io): a request on stdin, a response on stdout. */
import { loadConfig, lookup } from './config.ts';
import { imageHost } from './host.ts';
import { credentialsFor, type TokenDeps } from './tokens.ts';

const GROUP = 'credentialprovider.kubelet.k8s.io/';
/** The kubelet rejects a response whose apiVersion differs from the request's, so answer in kind. */
const API_VERSIONS = new Set([`${GROUP}v1`, `${GROUP}v1beta1`, `${GROUP}v1alpha1`]);
/** After a failed refresh, ask the kubelet to come back soon rather than keep a stale token for hours. */
const STALE_CACHE_MS = 60_000;

export class KubeletRequestError extends Error {
  override name = 'KubeletRequestError';
}

export interface CredentialProviderResponse {
  apiVersion: string;
  kind: 'CredentialProviderResponse';
  cacheKeyType: 'Registry';
  cacheDuration: string;
  auth: Record<string, { username: string; password: string }>;
}

/** Formats milliseconds as a Go duration, e.g. `5h59m58s`. */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

function parseRequest(text: string): { apiVersion: string; image: string } {
  let request: { apiVersion?: unknown; kind?: unknown; image?: unknown };
  try {
    request = JSON.parse(text) as typeof request;
  } catch {
    throw new KubeletRequestError('stdin is not JSON: expected a CredentialProviderRequest');
  }
  if (typeof request !== 'object' || request === null || request.kind !== 'CredentialProviderRequest') {
    throw new KubeletRequestError('expected kind CredentialProviderRequest on stdin');
  }
  if (typeof request.apiVersion !== 'string' || !API_VERSIONS.has(request.apiVersion)) {
    throw new KubeletRequestError(`unsupported apiVersion ${JSON.stringify(request.apiVersion)}; supported: ${[...API_VERSIONS].join(', ')}`);
  }
  if (typeof request.image !== 'string' || request.image.trim() === '') throw new KubeletRequestError('the request has no image');
  return { apiVersion: request.apiVersion, image: request.image };
}

/** Auth for the image's registry host; empty auth (never cached) when the host is not configured. */
export async function respond(requestText: string, configFile: string, deps: TokenDeps): Promise<CredentialProviderResponse> {
  const { apiVersion, image } = parseRequest(requestText);
  const host = imageHost(image);
  const response: CredentialProviderResponse = { apiVersion, kind: 'CredentialProviderResponse', cacheKeyType: 'Registry', cacheDuration: '0s', auth: {} };
  const target = lookup(loadConfig(configFile), host);
  if (!target) {
    deps.warn(`no mapping for ${host} in ${configFile}`);
    return response;
  }
  const credentials = await credentialsFor(target, deps);
  const now = deps.now();
  const cacheUntil = credentials.stale ? Math.min(now + STALE_CACHE_MS, credentials.expiresAt) : credentials.refreshAt;
  response.cacheDuration = goDuration(cacheUntil - now);
  response.auth[host] = { username: credentials.username, password: credentials.password };
  return response;
}
