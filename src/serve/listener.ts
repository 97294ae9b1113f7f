/**
 * serve's HTTP(S) listener, whichever door it plays: connection guards and limits, /healthz, /readyz, /metrics, the
 * access log and the drain on close. Every other request goes to the door.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { BlobCache } from './cache/http.ts';
import type { Outcome, ServeMetrics } from './metrics.ts';

/** What every door shares: where to listen, TLS, health and readiness, the access log. */
export interface ServerOptions {
  host: string;
  /** The streaming door: request bodies of any size, bounded by the idle timeout only. */
  streaming?: boolean;
  port: number;
  tls?: { cert: Buffer; key: Buffer };
  /** Receives one entry per request, like the door's access log (never headers or query). */
  accessLog?: (entry: AccessLogEntry) => void;
  /** Answers GET /readyz (serve's own probe, outside /v2); GET /healthz always answers 200. */
  ready?: () => Promise<{ ready: boolean; detail: string }>;
  /** Served on GET /metrics, and fed by every request. */
  metrics?: ServeMetrics;
  /** The layer cache, and the registry whose storage redirects it takes over. */
  cache?: { blobs: BlobCache; registry: string };
  /** On close: how long requests in flight may take to finish before their connections are cut (default 2 s). */
  drainMs?: number;
  /** Connections one address may hold open at once (default SERVER_LIMITS.connectionsPerSource; 0 = no limit). */
  connectionsPerSource?: number;
  /** How long a kept-alive connection may sit idle between requests (default SERVER_LIMITS.keepAliveTimeoutMs); behind a load balancer, longer than its idle timeout. */
  keepAliveMs?: number;
  /** Operator messages (readiness changes and why), one line each; never sent to clients. */
  notice?: (line: string) => void;
}

/** One request as a door handles it; `log` writes its access-log entry once the answer is sent. */
export interface DoorExchange {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  requestId: string;
  log(entry: { status: number; requestBytes: number; responseBytes: number; outcome?: Outcome }): void;
}

export interface AccessLogEntry {
  requestId: string;
  method: string;
  path: string;
  status: number;
  /** Body bytes received from the client and sent back to it: what passed through the alias. */
  requestBytes: number;
  responseBytes: number;
  ms: number;
}

export interface RunningServer {
  /** Base URL, e.g. `https://127.0.0.5:8443`. */
  url: string;
  close(): Promise<void>;
}

/** A whole answer, its body held in memory. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Writes a whole answer with `length` as its Content-Length (none when undefined); a HEAD gets the headers only.
 * Returns the body bytes sent. Throws, having sent nothing, when Node refuses a header value or the status.
 */
export function send(res: ServerResponse, method: string, response: HttpResponse, length: string | undefined): number {
  for (const [name, value] of Object.entries(response.headers)) {
    if (name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    res.setHeader(name, value);
  }
  if (length !== undefined) res.setHeader('content-length', length);
  res.statusCode = response.status;
  res.end(method === 'HEAD' ? undefined : response.body);
  return method === 'HEAD' ? 0 : response.body.length;
}

/**
 * Reads and drops the rest of the request body; resolves once it has ended, or after 2 s. An answer sent before then
 * would reach a client still writing as a reset: Node ends a connection whose request is unfinished when its answer is sent.
 */
export function dropBody(req: IncomingMessage): Promise<void> {
  if (req.complete) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 2_000);
    req.once('end', done);
    req.once('error', done);
    req.resume();
  });
}

export const SERVER_LIMITS = {
  /** Request line and headers must arrive within this. */
  headersTimeoutMs: 10_000,
  /** The TLS handshake must finish within this (Node's default, 120 s, lets silent connections pile up). */
  handshakeTimeoutMs: 10_000,
  /** A new connection must bring its first request's headers within this (Node's header timeout only starts at the first byte). */
  firstRequestTimeoutMs: 10_000,
  /**
   * The whole request, body included: API Gateway's payload is at most 10 MB, so 30 s; the
   * streaming door carries layers of any size, so only the idle timeout bounds it.
   */
  requestTimeoutMs: (options: ServerOptions) => (options.streaming === true ? 0 : 30_000),
  /** A socket with no bytes either way for this long is closed: longer than the longest origin response timeout (180 s). */
  idleTimeoutMs: 190_000,
  keepAliveTimeoutMs: 5_000,
  /** Connections open at once; more are refused until some close. */
  maxConnections: 4_096,
  /** Connections open at once from one address, so one source cannot take all of maxConnections. */
  connectionsPerSource: 256,
  /** /readyz answers within this whatever its check does, and reuses a check's answer for readyReuseMs. */
  readyTimeoutMs: 5_000,
  readyReuseMs: 1_000,
} as const;

type Readiness = () => Promise<{ ready: boolean; detail: string }>;

/**
 * /readyz on its own budget: one check at a time, its answer reused briefly, and an answer within
 * readyTimeoutMs whatever the check does; the detail goes to the operator's log when it changes, never to the prober.
 */
function readinessProbe(check: Readiness, notice: (line: string) => void): Readiness {
  let running: Promise<{ ready: boolean; detail: string }> | undefined;
  let last: { ready: boolean; detail: string; at: number } | undefined;
  return () => {
    if (last && performance.now() - last.at < SERVER_LIMITS.readyReuseMs) return Promise.resolve(last);
    running ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<{ ready: boolean; detail: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ready: false, detail: 'the readiness check did not finish in time' }), SERVER_LIMITS.readyTimeoutMs);
      });
      const checked = check().catch((error: unknown) => ({ ready: false, detail: error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : 'error' }));
      const state = await Promise.race([checked, late]);
      clearTimeout(timer);
      if (state.ready !== last?.ready || state.detail !== last.detail) notice(state.ready ? `ready: ${state.detail}` : `not ready: ${state.detail}`);
      last = { ...state, at: performance.now() };
      running = undefined;
      return state;
    })();
    return running;
  };
}

/** One address per client, whether it came in over IPv4 or as IPv4-mapped IPv6. */
function sourceOf(socket: Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Connection limits a gateway has and Node lacks: at most `perSource` connections from one address, and a
 * connection that brings no complete request headers within firstRequestTimeoutMs of being accepted (or of its
 * TLS handshake) is closed, so silent connections cannot lock real clients out.
 */
function guardConnections(server: Server, tls: boolean, perSource: number): void {
  const open = new Map<string, number>();
  const firstRequest = new WeakMap<Socket, NodeJS.Timeout>();
  const awaitRequest = (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), SERVER_LIMITS.firstRequestTimeoutMs);
    firstRequest.set(socket, timer);
    socket.once('close', () => clearTimeout(timer));
  };
  server.on('connection', (socket: Socket) => {
    const source = sourceOf(socket);
    const count = (open.get(source) ?? 0) + 1;
    if (perSource > 0 && count > perSource) return void socket.destroy();
    open.set(source, count);
    socket.once('close', () => {
      const left = (open.get(source) ?? 1) - 1;
      if (left > 0) open.set(source, left);
      else open.delete(source);
    });
    if (!tls) awaitRequest(socket);
  });
  if (tls) server.on('secureConnection', awaitRequest);
  server.on('request', (req: IncomingMessage) => {
    const timer = firstRequest.get(req.socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    firstRequest.delete(req.socket);
  });
}

/** Listens for a door: /healthz and /readyz are serve's own; every other request goes to the door. */
export async function listen(options: ServerOptions, maxHeaderSize: number, door: (exchange: DoorExchange) => Promise<void>): Promise<RunningServer> {
  let draining = false;
  const ready = readinessProbe(options.ready ?? (() => Promise.resolve({ ready: true, detail: 'no readiness check' })), options.notice ?? (() => undefined));
  const listener = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const requestId = randomUUID();
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if ((method === 'GET' || method === 'HEAD') && (path === '/healthz' || path === '/readyz')) {
      // Ready or not, and nothing else: why goes to the operator's log, not to whoever asks.
      const state = path === '/healthz' ? { ready: true } : draining ? { ready: false } : await ready();
      const body = Buffer.from(`${JSON.stringify({ status: state.ready ? 'ok' : 'unavailable' })}\n`);
      send(res, method, { status: state.ready ? 200 : 503, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body }, String(body.length));
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && path === '/metrics' && options.metrics) {
      const body = Buffer.from(await options.metrics.text());
      send(res, method, { status: 200, headers: { 'content-type': options.metrics.contentType, 'cache-control': 'no-store' }, body }, String(body.length));
      return;
    }
    const finished = options.metrics?.started(method);
    const log: DoorExchange['log'] = ({ status, requestBytes, responseBytes, outcome }) => {
      finished?.(status, outcome ?? 'door');
      options.accessLog?.({ requestId, method, path, status, requestBytes, responseBytes, ms: Math.round((performance.now() - started) * 100) / 100 });
    };
    try {
      await door({ req, res, method, requestId, log });
    } finally {
      // A request the door ended without an answer to log (the client went away) still leaves the in-flight count.
      finished?.(res.statusCode, 'door');
    }
  };
  // serve's own limits, as a gateway has them: a slow client cannot hold a connection for long.
  const limits = {
    maxHeaderSize,
    headersTimeout: SERVER_LIMITS.headersTimeoutMs,
    requestTimeout: SERVER_LIMITS.requestTimeoutMs(options),
    keepAliveTimeout: options.keepAliveMs ?? SERVER_LIMITS.keepAliveTimeoutMs,
    // How often Node checks the header and request timeouts (its default, 30 s, would triple them).
    connectionsCheckingInterval: 1_000,
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...limits, handshakeTimeout: SERVER_LIMITS.handshakeTimeoutMs, cert: options.tls.cert, key: options.tls.key }, listener)
    : createHttpServer(limits, listener);
  server.maxConnections = SERVER_LIMITS.maxConnections;
  guardConnections(server, options.tls !== undefined, options.connectionsPerSource ?? SERVER_LIMITS.connectionsPerSource);
  // Idle sockets (no bytes either way) are closed; a streaming upload keeps its socket busy.
  server.setTimeout(Math.max(SERVER_LIMITS.idleTimeoutMs, (options.keepAliveMs ?? 0) + 10_000), (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
    // Drain: server.close() takes no new connections, closes idle ones and ends each busy one with its answer
    // (Connection: close); /readyz says so; what is left is cut after drainMs.
    close: () =>
      new Promise<void>((resolve) => {
        draining = true;
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), options.drainMs ?? 2_000).unref();
      }),
  };
}

export async function readTls(certFile: string, keyFile: string): Promise<{ cert: Buffer; key: Buffer }> {
  const [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  return { cert, key };
}
