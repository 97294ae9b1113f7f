/**
 * What the streaming door does in AWS, locally: CloudFront in front of the registry with caching
 * disabled and the managed AllViewerExceptHostHeader origin request policy, plus the project's own
 * CloudFront Function on viewer-response. Bodies stream both ways and are never held whole.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runInNewContext } from 'node:vm';
import { ociError } from '../core/oci.ts';
import { answerByCache } from './layer-cache.ts';
import { type DoorExchange, listen, type RunningServer, type ServerOptions } from './serve.ts';
import { notPassedOn } from '../core/http.ts';

export const CLOUDFRONT_LIMITS = {
  /** Request line plus headers (CloudFront quota). */
  headerBytes: 20_480,
  /** Origin response timeout: CloudFront's default; the Terraform module's default is longer. */
  originTimeoutMs: 30_000,
  /** Origin connection timeout: CloudFront's default. */
  connectTimeoutMs: 10_000,
} as const;

/** The viewer-response function as serve calls it: status and headers in, headers out. */
export type ViewerResponse = (status: number, headers: Record<string, string | string[]>) => Record<string, string | string[]>;

type CloudFrontHeaders = Record<string, { value: string; multiValue?: { value: string }[] }>;

/**
 * Loads the compiled CloudFront Function (function/cloudfront-function.js) as Terraform deploys
 * it, the registry put in place of the placeholder, into a bare JavaScript context like
 * CloudFront's: no Node globals, no require.
 */
export async function loadViewerResponse(file: string, registry: string): Promise<ViewerResponse> {
  const code = (await readFile(file, 'utf8')).replace('__ECR_REGISTRY__', registry);
  const context: { handler?: (event: unknown) => { headers: CloudFrontHeaders } } = {};
  runInNewContext(`${code}\nthis.handler = handler;`, context, { filename: file });
  const handler = context.handler;
  if (typeof handler !== 'function') throw new Error(`${file} defines no handler function`);
  return (status, headers) => {
    const event: CloudFrontHeaders = {};
    for (const [name, value] of Object.entries(headers)) {
      event[name] = Array.isArray(value) ? { value: value[0] ?? '', multiValue: value.map((v) => ({ value: v })) } : { value };
    }
    const out = handler({ version: '1.0', context: { eventType: 'viewer-response' }, response: { statusCode: status, headers: event } }).headers;
    const result: Record<string, string | string[]> = {};
    for (const [name, header] of Object.entries(out)) result[name] = header.multiValue ? header.multiValue.map((v) => v.value) : header.value;
    return result;
  };
}

// Hop-by-hop headers (RFC 9110 §7.6.1) CloudFront does not pass on; Host is the origin's own.
const NOT_TO_ORIGIN = notPassedOn('host', 'proxy-authorization', 'expect');
const NOT_TO_VIEWER = notPassedOn('proxy-authenticate');

/** The viewer's request headers as AllViewerExceptHostHeader sends them on to the origin. */
export function originHeaders(viewer: IncomingHttpHeaders, registry: string, viewerIp: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(viewer)) {
    if (value === undefined || NOT_TO_ORIGIN.has(name)) continue;
    out[name] = value;
  }
  out.host = registry;
  const forwardedFor = viewer['x-forwarded-for'];
  out['x-forwarded-for'] = forwardedFor === undefined ? viewerIp : `${forwardedFor}, ${viewerIp}`;
  out.via = '1.1 serve.cloudfront.local (CloudFront)';
  return out;
}

function viewerHeaders(origin: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(origin)) {
    if (value === undefined || NOT_TO_VIEWER.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Counts the bytes that pass, for the access log (what went through the door). */
function counter(): Transform & { bytes: number } {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stream.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  stream.bytes = 0;
  return stream;
}

/** Why the origin gave no answer, and the status CloudFront answers the viewer with then. */
class OriginError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface StreamingOptions extends ServerOptions {
  /** Upstream registry authority, `host[:port]`: the origin. */
  registry: string;
  viewerResponse: ViewerResponse;
  /** Origin response timeout: longest wait for the origin's first byte, and between bytes. */
  originTimeoutMs?: number;
}

/** Connections to the origin are kept alive, as CloudFront keeps them. */
function originAgent(): Agent {
  return new Agent({ keepAlive: true, keepAliveMsecs: 5_000 });
}

/** The streaming door: CloudFront → registry, the CloudFront Function on every answer below 400. */
export function startStreamingServer(options: StreamingOptions): Promise<RunningServer> {
  const agent = originAgent();
  const [hostname, port] = splitAuthority(options.registry);
  const originTimeoutMs = options.originTimeoutMs ?? CLOUDFRONT_LIMITS.originTimeoutMs;

  const door = async (exchange: DoorExchange) => {
    const { req, res, method, requestId, log } = exchange;
    const inbound = counter();
    const outbound = counter();
    const upstream = httpsRequest({
      host: hostname,
      port,
      servername: hostname,
      method,
      path: req.url ?? '/',
      headers: originHeaders(req.headers, options.registry, req.socket.remoteAddress ?? ''),
      agent,
    });
    const connectTimer = setTimeout(() => upstream.destroy(new OriginError(504, 'the registry did not accept a connection in time')), CLOUDFRONT_LIMITS.connectTimeoutMs);
    upstream.once('socket', (socket) => {
      if (!socket.connecting) return clearTimeout(connectTimer);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    upstream.setTimeout(originTimeoutMs, () => upstream.destroy(new OriginError(504, 'the registry did not answer in time')));
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      upstream.once('response', resolve);
      upstream.once('error', reject);
    });
    // The client going away mid-request ends the origin request too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    const sent = pipeline(req, inbound, upstream).catch(() => undefined);
    let response: IncomingMessage;
    const sentAt = performance.now();
    try {
      response = await answered;
    } catch (error) {
      options.metrics?.upstream((performance.now() - sentAt) / 1000, 'error');
      clearTimeout(connectTimer);
      req.resume();
      const failure = error instanceof OriginError ? error : new OriginError(502, 'the registry could not be reached');
      if (res.headersSent || res.destroyed) return void res.destroy();
      const answer = ociError(failure.status, 'UNAVAILABLE', failure.message);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body), 'x-amz-cf-id': requestId });
      res.end(method === 'HEAD' ? undefined : answer.body);
      log({ status: answer.status, requestBytes: inbound.bytes, responseBytes: method === 'HEAD' ? 0 : Buffer.byteLength(answer.body) });
      return;
    }
    const status = response.statusCode ?? 502;
    options.metrics?.upstream((performance.now() - sentAt) / 1000, status);
    if (await answerByCache(options.cache, exchange, status, response.headers.location, inbound.bytes)) {
      response.resume();
      await sent;
      return;
    }
    let headers = viewerHeaders(response.headers);
    if (status < 400) headers = options.viewerResponse(status, headers);
    res.writeHead(status, { ...headers, via: '1.1 serve.cloudfront.local (CloudFront)', 'x-amz-cf-id': requestId });
    try {
      await pipeline(response, outbound, res);
    } catch {
      res.destroy();
    }
    await sent;
    log({ status, requestBytes: inbound.bytes, responseBytes: outbound.bytes });
  };
  // Readiness asks the registry over the door's own connections.
  return listen({ ready: originReady(options.registry, agent), ...options, streaming: true }, CLOUDFRONT_LIMITS.headerBytes, door);
}

function splitAuthority(authority: string): [string, number] {
  const colon = authority.lastIndexOf(':');
  if (colon === -1 || authority.endsWith(']')) return [authority.replace(/^\[|\]$/g, ''), 443];
  return [authority.slice(0, colon).replace(/^\[|\]$/g, ''), Number(authority.slice(colon + 1))];
}

/** Readiness of the streaming door: the registry answers its version check (200, or 401 asking for credentials). */
function originReady(registry: string, agent: Agent): () => Promise<{ ready: boolean; detail: string }> {
  const [hostname, port] = splitAuthority(registry);
  return () =>
    new Promise((resolve) => {
      const probe = httpsRequest({ host: hostname, port, servername: hostname, path: '/v2/', method: 'GET', headers: { host: registry }, agent, signal: AbortSignal.timeout(5_000) }, (response) => {
        response.resume();
        const ok = response.statusCode === 200 || response.statusCode === 401;
        resolve({ ready: ok, detail: ok ? 'registry answers' : `registry answered ${response.statusCode}` });
      });
      probe.once('error', (error) => resolve({ ready: false, detail: error.name === 'AbortError' ? 'the registry did not answer in time' : 'the registry could not be reached' }));
      probe.end();
    });
}
