/**
 * What the streaming doors share: each request goes on to the registry with its body framed and streamed, its
 * answer streams back, and the door's own rules (which headers go on, how answers are rewritten, what a failure
 * looks like, what is timed) come from a profile. The cloudfront door (cloudfront.ts) and the proxy door
 * (proxy.ts) are two profiles.
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { framed, type Framing, notPassedOn, requestFraming } from '../core/http.ts';
import type { Reply } from '../core/oci.ts';
import { admittedVersionCheck, answerByCache, answerByGrant, keepsVersionCheck, learnVersionCheck } from './cache/layer-cache.ts';
import { type DoorExchange, dropBody, listen, type RunningServer, type ServerOptions } from './listener.ts';

/** How long the registry may take to accept a connection (CloudFront's default origin connection timeout). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Why the registry gave no answer, and the status the door answers with then. */
export class OriginError extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

/** Where a streaming door sends requests on, the pool of connections to it, and how it times them. */
export interface Origin {
  hostname: string;
  port: number;
  agent: Agent;
  /** Longest wait for the answer's headers, then longest gap between the answer's bytes. */
  timeoutMs: number;
  /**
   * true: the wait for the answer starts once the request is on its way, so the upload counts (CloudFront's origin
   * response timeout, as users report it); false: it starts once the body is sent, and the upload is timed by its gaps.
   */
  uploadCounts: boolean;
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
    ...serverName(origin.hostname),
    method: request.method,
    path: request.path,
    headers: framed(request.headers, request.framing),
    agent: origin.agent,
  });
  // One timer, re-armed as the exchange moves on (Node's socket timeouts fire late on a TLS socket still connecting).
  let timer: NodeJS.Timeout | undefined;
  const arm = (ms: number, message: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => upstream.destroy(new OriginError(504, message)), ms);
  };
  const LATE = 'the registry did not answer in time';
  arm(CONNECT_TIMEOUT_MS, 'the registry did not accept a connection in time');
  let answeredYet = false;
  upstream.once('socket', (socket) => {
    // From here the wait for the answer runs (cloudfront: the upload counts), or the upload is timed by its gaps (proxy).
    const connected = () => arm(origin.timeoutMs, LATE);
    if (socket.connecting) socket.once('connect', connected);
    else connected();
  });
  if (!origin.uploadCounts) {
    inbound.on('data', () => {
      if (!upstream.writableFinished && !answeredYet) arm(origin.timeoutMs, LATE);
    });
    upstream.once('finish', () => {
      if (!answeredYet) arm(origin.timeoutMs, LATE);
    });
  }
  upstream.once('close', () => clearTimeout(timer));
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    upstream.once('response', (response: IncomingMessage) => {
      answeredYet = true;
      // Then the longest gap between the answer's bytes.
      const stalled = () => arm(origin.timeoutMs, 'the registry stopped sending its answer');
      stalled();
      // The socket already flows into Node's parser: listening there does not start the answer before it is piped.
      const socket = upstream.socket;
      socket?.on('data', stalled);
      response.once('close', () => {
        socket?.off('data', stalled);
        clearTimeout(timer);
      });
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

/** Counts the bytes that pass, for the access log (what went through the door). */
export function counter(): Transform & { bytes: number } {
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      stream.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { bytes: number };
  stream.bytes = 0;
  return stream;
}

/** SNI names a host, never an address (RFC 6066). */
function serverName(hostname: string): { servername?: string } {
  return isIP(hostname) === 0 ? { servername: hostname } : {};
}

export function splitAuthority(authority: string): [string, number] {
  const colon = authority.lastIndexOf(':');
  if (colon === -1 || authority.endsWith(']')) return [authority.replace(/^\[|\]$/g, ''), 443];
  return [authority.slice(0, colon).replace(/^\[|\]$/g, ''), Number(authority.slice(colon + 1))];
}

/** An answer the door keeps and gives again, as CloudFront keeps errors. */
export interface KeptAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  /** The body, empty when the answer was kept from a HEAD. */
  body: Buffer;
  fromHead: boolean;
  ageSeconds: number;
}

/** Answers a door keeps per request target (the cloudfront door's error caching). */
export interface AnswerStore {
  find(method: string, target: string): KeptAnswer | undefined;
  /** Whether an answer with this status and these headers is kept. */
  keeps(method: string, status: number, headers: IncomingHttpHeaders | Record<string, string | string[]>): boolean;
  keep(method: string, target: string, answer: Omit<KeptAnswer, 'fromHead' | 'ageSeconds'>): void;
}

/** A streaming door's own rules. */
export interface DoorProfile {
  /** Request line plus headers the door accepts. */
  headerBytes: number;
  /** The viewer's request headers as they go on to the registry. */
  toOrigin(viewer: IncomingHttpHeaders, viewerIp: string): OutgoingHttpHeaders;
  /** The registry's answer headers as they go to the viewer. */
  toViewer(status: number, headers: Record<string, string | string[]>): Record<string, string | string[]>;
  /** Headers the door puts on every answer it sends, its own or the registry's. */
  stamp(requestId: string): Record<string, string>;
  /** The door's answer when the registry gives none. */
  failure(error: OriginError): Reply;
  /** The door's answer to a request it will not send on. */
  refusal(method: string, why: 'body-on-bodiless-method' | 'transfer-coding' | 'not-origin-form'): Reply;
  /** Answers kept and given again (the cloudfront door's error caching). */
  answers?: AnswerStore;
}

export interface StreamingOptions extends ServerOptions {
  /** Upstream registry authority, `host[:port]`. */
  registry: string;
  origin: Pick<Origin, 'timeoutMs' | 'uploadCounts'>;
}

const NOT_TO_VIEWER = notPassedOn('proxy-authenticate');

function viewerHeaders(origin: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(origin)) {
    if (value === undefined || NOT_TO_VIEWER.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** Collects up to `cap` bytes of what passes; `body()` is undefined once more passed. */
function collector(cap: number): Transform & { body(): Buffer | undefined } {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size <= cap) chunks.push(chunk);
      done(null, chunk);
    },
  }) as Transform & { body(): Buffer | undefined };
  stream.body = () => (size <= cap ? Buffer.concat(chunks) : undefined);
  return stream;
}

/** Error answers are small; a bigger one is passed on without being kept. */
const KEPT_BODY_BYTES = 64 * 1024;

/** Starts a streaming door with `profile`'s rules in front of `options.registry`. */
export function startStreamingDoor(options: StreamingOptions, profile: DoorProfile): Promise<RunningServer> {
  const agent = new Agent({ keepAlive: true, keepAliveMsecs: 5_000 });
  const [hostname, port] = splitAuthority(options.registry);
  const origin: Origin = { hostname, port, agent, ...options.origin };
  const { answers } = profile;

  /** The door's own answer, with its stamp. */
  const reply = ({ res, method, requestId, log }: DoorExchange, answer: { status: number; headers: Readonly<Record<string, string | string[]>>; body: string | Buffer }, requestBytes: number, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return void res.destroy();
    res.writeHead(answer.status, { ...answer.headers, ...headers, ...profile.stamp(requestId), 'content-length': Buffer.byteLength(answer.body) });
    res.end(method === 'HEAD' ? undefined : answer.body);
    log({ status: answer.status, requestBytes, responseBytes: method === 'HEAD' ? 0 : Buffer.byteLength(answer.body) });
  };

  const door = async (exchange: DoorExchange) => {
    const { req, res, method, requestId, log } = exchange;
    const target = req.url ?? '/';
    const framing = requestFraming(method, req.headers);
    // A refused request is never sent on: its body is dropped, and the connection closed after the answer.
    const refuse = async (answer: Reply) => {
      await dropBody(req);
      reply(exchange, answer, 0, { connection: 'close' });
    };
    if (framing.kind === 'refuse') return refuse(profile.refusal(method, framing.why));
    if (!target.startsWith('/')) return refuse(profile.refusal(method, 'not-origin-form'));
    const kept = answers?.find(method, target);
    if (kept) {
      const length = kept.fromHead && method !== 'HEAD' ? 0 : kept.body.length;
      const headers = kept.fromHead ? { ...kept.headers, ...(method === 'HEAD' ? {} : { 'content-length': '0' }) } : { ...kept.headers, 'content-length': String(length) };
      res.writeHead(kept.status, { ...headers, age: String(kept.ageSeconds), ...profile.stamp(requestId) });
      res.end(method === 'HEAD' || kept.fromHead ? undefined : kept.body);
      log({ status: kept.status, requestBytes: 0, responseBytes: method === 'HEAD' ? 0 : length });
      return;
    }
    if (await answerByGrant(options.cache, exchange)) return;
    const admitted = admittedVersionCheck(options.cache, req, method);
    if (admitted) return reply(exchange, admitted, 0);
    const inbound = counter();
    const outbound = counter();
    const askedAt = options.cache?.blobs.grants.mark();
    const { upstream, answered, sent } = sendOn(req, origin, { method, path: target, headers: profile.toOrigin(req.headers, req.socket.remoteAddress ?? ''), framing }, inbound);
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
      const answer = profile.failure(error as OriginError);
      // A client still uploading has the rest of its body dropped with the connection.
      reply(exchange, answer, inbound.bytes, req.complete ? {} : { connection: 'close' });
      if (answers?.keeps(method, answer.status, answer.headers)) answers.keep(method, target, { status: answer.status, headers: { ...answer.headers }, body: method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(answer.body) });
      return;
    }
    const status = response.statusCode ?? 502;
    options.metrics?.upstream((performance.now() - sentAt) / 1000, status);
    if (await answerByCache(options.cache, exchange, status, response.headers.location, inbound.bytes, askedAt)) {
      response.resume();
      await sent;
      return;
    }
    const headers = profile.toViewer(status, viewerHeaders(response.headers));
    const keepsError = answers?.keeps(method, status, response.headers) === true;
    const keepsVersion = keepsVersionCheck(options.cache, req, method, status, response.headers);
    const keeping = keepsError || keepsVersion ? collector(KEPT_BODY_BYTES) : undefined;
    res.writeHead(status, { ...headers, ...profile.stamp(requestId) });
    try {
      await (keeping ? pipeline(response, keeping, outbound, res) : pipeline(response, outbound, res));
      const body = keeping?.body();
      if (body !== undefined && keepsError) answers?.keep(method, target, { status, headers, body });
      if (keepsVersion) learnVersionCheck(options.cache, req, method, status, headers, body, askedAt);
    } catch {
      res.destroy();
    }
    await sent;
    log({ status, requestBytes: inbound.bytes, responseBytes: outbound.bytes });
  };
  return listen({ ready: originReady(options.registry, agent), ...options, streaming: true }, profile.headerBytes, door);
}

/** Readiness of a streaming door: the registry answers its version check (200, or 401 asking for credentials), over the door's own connections. */
function originReady(registry: string, agent: Agent): () => Promise<{ ready: boolean; detail: string }> {
  const [hostname, port] = splitAuthority(registry);
  return () =>
    new Promise((resolve) => {
      const probe = httpsRequest({ host: hostname, port, ...serverName(hostname), path: '/v2/', method: 'GET', headers: { host: registry }, agent, signal: AbortSignal.timeout(5_000) }, (response) => {
        response.resume();
        const ok = response.statusCode === 200 || response.statusCode === 401;
        resolve({ ready: ok, detail: ok ? 'registry answers' : `registry answered ${response.statusCode}` });
      });
      probe.once('error', (error) => resolve({ ready: false, detail: error.name === 'AbortError' ? 'the registry did not answer in time' : 'the registry could not be reached' }));
      probe.end();
    });
}
