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
}

export function isRegistryPath(path: string): boolean {
  return path === '/v2' || path.startsWith('/v2/');
}

/** The decision core: every routing rule of the alias lives here. */
export function decide(request: RegistryRequest, config: AliasConfig): Outcome {
  if (!isRegistryPath(request.path)) {
    return ociError(404, 'UNSUPPORTED', 'not a registry API path: the registry API is served under /v2/');
  }
  return { kind: 'redirect', location: registryUrl(config.registry, request.path, request.query) };
}
