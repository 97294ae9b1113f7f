/**
 * What the streaming door does in AWS, locally: CloudFront in front of the registry with caching
 * disabled and the managed AllViewerExceptHostHeader origin request policy, plus the project's own
 * CloudFront Function on viewer-response. Bodies stream both ways and are never held whole.
 */
import { readFile } from 'node:fs/promises';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { runInNewContext } from 'node:vm';
import { framed, type Framing, notPassedOn, requestFraming } from '../core/http.ts';
import { ociError, type Reply } from '../core/oci.ts';
import { answerByCache } from './layer-cache.ts';
import { type DoorExchange, dropBody, listen, type RunningServer, type ServerOptions } from './serve.ts';

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
export class OriginError extends Error {
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

/** Where a streaming door sends requests on: the origin, the pool of connections to it, and how long it may take. */
export interface Origin {
  hostname: string;
  port: number;
  agent: Agent;
  /** Longest wait for the origin's first byte, and between bytes. */
  timeoutMs: number;
}

/** One request as a streaming door sends it on; `headers` carry no framing, `framing` says how the body goes. */
export interface OriginRequest {
  method: string;
  path: string;
  headers: OutgoingHttpHeaders;
  framing: Exclude<Framing, { kind: 'refuse' }>;
}

/**
 * Sends the viewer's request on to the origin with its body framed, counting body bytes through `inbound`;
 * `answered` rejects with an OriginError, `sent` settles once the body has gone or been given up.
 * A connection goes back to the pool only after a request sent whole before its answer: the origin may read
 * what is left of a body cut short or answered early as the start of the next client's request.
 */
export function sendOn(req: IncomingMessage, origin: Origin, request: OriginRequest, inbound: Transform): { upstream: ClientRequest; answered: Promise<IncomingMessage>; sent: Promise<void> } {
  const upstream = httpsRequest({
    host: origin.hostname,
    port: origin.port,
    servername: origin.hostname,
    method: request.method,
    path: request.path,
    headers: framed(request.headers, request.framing),
    agent: origin.agent,
  });
  const connectTimer = setTimeout(() => upstream.destroy(new OriginError(504, 'the registry did not accept a connection in time')), CLOUDFRONT_LIMITS.connectTimeoutMs);
  upstream.once('socket', (socket) => {
    if (!socket.connecting) return clearTimeout(connectTimer);
    socket.once('connect', () => clearTimeout(connectTimer));
  });
  upstream.once('close', () => clearTimeout(connectTimer));
  upstream.setTimeout(origin.timeoutMs, () => upstream.destroy(new OriginError(504, 'the registry did not answer in time')));
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    upstream.once('response', (response: IncomingMessage) => {
      // Answered before the body was all sent: once both are done the connection is closed, never pooled.
      // Synchronous listeners, so the socket is gone before Node frees it on the next tick.
      if (!upstream.writableFinished) {
        let open = 2;
        const close = () => {
          if (--open === 0) upstream.socket?.destroy();
        };
        upstream.once('finish', close);
        response.once('end', close);
      }
      resolve(response);
    });
    upstream.once('error', (error) => reject(error instanceof OriginError ? error : new OriginError(502, 'the registry could not be reached')));
  });
  if (request.framing.kind === 'none') {
    upstream.end();
    return { upstream, answered, sent: Promise.resolve() };
  }
  // A body that does not arrive whole ends the origin request and its connection. Node does not abort a request
  // whose answer has been sent when the viewer's connection then closes, so the door watches the connection too.
  const viewer = req.socket;
  const cut = () => {
    if (!req.complete) upstream.destroy();
  };
  viewer.once('close', cut);
  const sent = pipeline(req, inbound, upstream)
    .catch(() => void upstream.destroy())
    .finally(() => viewer.off('close', cut));
  return { upstream, answered, sent };
}

/** The door's answer to a request whose body it will not send on: CloudFront answers a GET with a body 403. */
function framingRefusal(method: string, why: Extract<Framing, { kind: 'refuse' }>['why']): Reply {
  if (why === 'transfer-coding') return ociError(501, 'UNSUPPORTED', 'the only transfer coding accepted is chunked: send the body with Content-Length or Transfer-Encoding: chunked');
  return ociError(403, 'UNSUPPORTED', `a ${method} request carries no body: send it without one`);
}

const NOT_ORIGIN_FORM = ociError(400, 'UNSUPPORTED', 'the request target must be a path, e.g. /v2/: send the request in origin form');

/** The door's own answer (OCI error JSON), with CloudFront's request id. */
function reply({ res, method, requestId, log }: DoorExchange, answer: Reply, requestBytes: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  res.writeHead(answer.status, { ...answer.headers, ...headers, 'content-length': Buffer.byteLength(answer.body), 'x-amz-cf-id': requestId });
  res.end(method === 'HEAD' ? undefined : answer.body);
  log({ status: answer.status, requestBytes, responseBytes: method === 'HEAD' ? 0 : Buffer.byteLength(answer.body) });
}

/** The streaming door: CloudFront → registry, the CloudFront Function on every answer below 400. */
export function startStreamingServer(options: StreamingOptions): Promise<RunningServer> {
  const agent = originAgent();
  const [hostname, port] = splitAuthority(options.registry);
  const origin: Origin = { hostname, port, agent, timeoutMs: options.originTimeoutMs ?? CLOUDFRONT_LIMITS.originTimeoutMs };

  const door = async (exchange: DoorExchange) => {
    const { req, res, method, requestId, log } = exchange;
    const target = req.url ?? '/';
    const framing = requestFraming(method, req.headers);
    // A refused request is never sent on: its body is dropped, and the connection closed after the answer.
    const refuse = async (answer: Reply) => {
      await dropBody(req);
      reply(exchange, answer, 0, { connection: 'close' });
    };
    if (framing.kind === 'refuse') return refuse(framingRefusal(method, framing.why));
    if (!target.startsWith('/')) return refuse(NOT_ORIGIN_FORM);
    const inbound = counter();
    const outbound = counter();
    const toOrigin = originHeaders(req.headers, options.registry, req.socket.remoteAddress ?? '');
    const { upstream, answered, sent } = sendOn(req, origin, { method, path: target, headers: toOrigin, framing }, inbound);
    // The client going away mid-request ends the origin request too.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    let response: IncomingMessage;
    const sentAt = performance.now();
    try {
      response = await answered;
    } catch (error) {
      options.metrics?.upstream((performance.now() - sentAt) / 1000, 'error');
      req.resume();
      const failure = error as OriginError;
      reply(exchange, ociError(failure.status, 'UNAVAILABLE', failure.message), inbound.bytes);
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
