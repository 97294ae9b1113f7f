/**
 * The proxy door: serve itself in front of the registry, as the ecs door runs it on Fargate behind a load balancer.
 * Requests and bodies stream to the registry with no size or time limit beyond serve's own; every Location and Link
 * on the registry becomes a path on this host by the same rule as the CloudFront Function. Nothing of CloudFront is
 * played: no origin response timeout counting the upload, no error caching, errors as OCI JSON.
 */
import { notPassedOn } from '../../core/http.ts';
import { ociError } from '../../core/oci.ts';
import { linkOnAlias, locationOnAlias } from '../../../function/src/streaming-door.ts';
import type { RunningServer, ServerOptions } from '../listener.ts';
import { type DoorProfile, startStreamingDoor } from '../streaming.ts';

export const PROXY_LIMITS = {
  /** Request line plus headers: what an Application Load Balancer passes (its limit is 64 KB). */
  headerBytes: 65_536,
  /** Longest wait for the registry's answer once the body is sent, and longest gap between bytes either way. */
  timeoutMs: 300_000,
} as const;

// Hop-by-hop headers, and what a load balancer in front says about the client: the registry learns nothing of this hop.
const NOT_TO_REGISTRY = notPassedOn('host', 'proxy-authorization', 'expect', 'forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-host', 'x-real-ip', 'x-amzn-trace-id');

export interface ProxyOptions extends ServerOptions {
  /** Upstream registry authority, `host[:port]`. */
  registry: string;
  /** Default PROXY_LIMITS.timeoutMs. */
  timeoutMs?: number;
}

/** Rewrites one header value, or each of its values. */
function rewritten(value: string | string[], to: (value: string, registry: string) => string, registry: string): string | string[] {
  return Array.isArray(value) ? value.map((v) => to(v, registry)) : to(value, registry);
}

export function startProxyServer(options: ProxyOptions): Promise<RunningServer> {
  const { registry } = options;
  const profile: DoorProfile = {
    headerBytes: PROXY_LIMITS.headerBytes,
    toOrigin: (viewer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(viewer)) if (value !== undefined && !NOT_TO_REGISTRY.has(name)) out[name] = value;
      out.host = registry;
      return out;
    },
    toViewer: (_status, headers) => {
      const out = { ...headers };
      if (out.location !== undefined) out.location = rewritten(out.location, locationOnAlias, registry);
      if (out.link !== undefined) out.link = rewritten(out.link, linkOnAlias, registry);
      return out;
    },
    stamp: () => ({}),
    failure: (error) => ociError(error.status, 'UNAVAILABLE', error.message),
    refusal: (method, why) => {
      if (why === 'transfer-coding') return ociError(501, 'UNSUPPORTED', 'the only transfer coding accepted is chunked: send the body with Content-Length or Transfer-Encoding: chunked');
      if (why === 'not-origin-form') return ociError(400, 'UNSUPPORTED', 'the request target must be a path, e.g. /v2/: send the request in origin form');
      return ociError(400, 'UNSUPPORTED', `a ${method} request carries no body: send it without one`);
    },
  };
  return startStreamingDoor({ ...options, origin: { timeoutMs: options.timeoutMs ?? PROXY_LIMITS.timeoutMs, uploadCounts: false } }, profile);
}
