/** Sends a request on to the registry and returns its answer unchanged: redirects are not followed. */
import type { IncomingMessage } from 'node:http';
import type { Agent, request as httpsRequest } from 'node:https';
import { notPassedOn } from '../../src/core/http.ts';

export interface ForwardRequest {
  url: string;
  method: string;
  headers: Readonly<Record<string, string>>;
  body?: Buffer;
  /** Give up after this long, so the function answers before Lambda or API Gateway time it out. */
  timeoutMs: number;
}

export interface ForwardResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 503 | 504,
    message: string,
    /** Headers for the client's answer, e.g. Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/**
 * Forwards under way at once. A request past this bound gets a fast 503 with Retry-After instead
 * of waiting in an unbounded queue behind a stalled registry; serve is the only place with
 * concurrency (a Lambda container handles one request at a time).
 */
export const MAX_IN_FLIGHT = 128;
let inFlight = 0;

// Response headers that describe this hop, not the registry's answer.
const NOT_ANSWERED = notPassedOn('proxy-authenticate');

// Connections to the registry stay open across requests (and warm invocations): a TLS handshake
// costs more than the rest of a forward. fetch is not used because undici does not reuse a
// connection after a HEAD, and HEAD manifest requests are most of a pull. node:https loads on the
// first forward, so a cold start that only redirects never pays for TLS.
let transport: Promise<{ agents: Record<'forward' | 'probe', Agent>; request: typeof httpsRequest }> | undefined;

function https(): Promise<{ agents: Record<'forward' | 'probe', Agent>; request: typeof httpsRequest }> {
  transport ??= import('node:https').then((m) => ({
    // As many sockets as forwards may be under way: no forward ever waits in the agent's queue behind a stalled one.
    agents: { forward: new m.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT, timeout: 30_000 }), probe: new m.Agent({ keepAlive: true, maxSockets: 1, timeout: 30_000 }) },
    request: m.request,
  }));
  return transport;
}

/**
 * A forward's one deadline: it covers waiting for a socket, connecting, TLS, the answer's headers
 * and its body, so a registry that stalls at any point cannot hold the request past it. A plain
 * timer cleared with the answer, not AbortSignal.timeout: that timer cannot be cleared, and the
 * signal it aborts (with its listeners and the request they hold) outlives each answer by the whole timeout.
 */
interface Deadline {
  passed: boolean;
  /** Ends the attempt under way when the deadline passes. */
  cut: (() => void) | undefined;
  timer: NodeJS.Timeout;
}

function startDeadline(timeoutMs: number): Deadline {
  const deadline: Deadline = {
    passed: false,
    cut: undefined,
    timer: setTimeout(() => {
      deadline.passed = true;
      deadline.cut?.();
    }, timeoutMs),
  };
  return deadline;
}

/** One attempt, ended by `deadline` wherever it is. */
async function attempt(request: ForwardRequest, deadline: Deadline, use: 'forward' | 'probe' = 'forward'): Promise<{ response: IncomingMessage; body: Buffer }> {
  const { agents, request: httpsRequest } = await https();
  const agent = agents[use];
  return new Promise((resolve, reject) => {
    if (deadline.passed) return void reject(new Error('the deadline passed'));
    const url = new URL(request.url);
    const req = httpsRequest(
      {
        host: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: { ...request.headers, ...(request.body && request.body.length > 0 ? { 'content-length': String(request.body.length) } : {}) },
        agent,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }));
        response.on('error', reject);
        // Cut off mid-body (the deadline, or the registry going away): never a half answer.
        response.on('close', () => {
          if (!response.complete) reject(new Error('the answer was cut off'));
        });
      },
    );
    // Destroying the request also ends one still waiting in the agent's queue for a socket.
    deadline.cut = () => {
      reject(new Error('the deadline passed'));
      req.destroy();
    };
    req.on('error', (error) => reject(Object.assign(error, { reused: req.reusedSocket })));
    req.end(request.body && request.body.length > 0 ? request.body : undefined);
  });
}

export async function forward(request: ForwardRequest): Promise<ForwardResponse> {
  if (inFlight >= MAX_IN_FLIGHT) {
    throw new UpstreamError(503, 'the alias has too many requests waiting on the registry; retry shortly', { 'retry-after': '1' });
  }
  inFlight++;
  const deadline = startDeadline(request.timeoutMs);
  let answer: Awaited<ReturnType<typeof attempt>>;
  try {
    answer = await attempt(request, deadline);
  } catch (error) {
    const idempotent = request.method === 'GET' || request.method === 'HEAD';
    // A kept-alive connection the registry closed while the function was frozen: try once more, within the same deadline.
    if (idempotent && (error as { reused?: boolean }).reused === true && !deadline.passed) {
      try {
        answer = await attempt(request, deadline);
      } catch {
        throw upstreamError(deadline);
      }
    } else {
      throw upstreamError(deadline);
    }
  } finally {
    clearTimeout(deadline.timer);
    inFlight--;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.response.headers)) {
    if (value === undefined || NOT_ANSWERED.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { status: answer.response.statusCode ?? 502, headers, body: answer.body };
}

/**
 * One request outside the bound on forwards, over its own connection: readiness has its own budget (serve runs
 * one check at a time), so probes never take a forward's place or wait behind forwards for a socket.
 */
export async function probe(request: Omit<ForwardRequest, 'body'>): Promise<number> {
  const deadline = startDeadline(request.timeoutMs);
  try {
    return (await attempt(request, deadline, 'probe')).response.statusCode ?? 502;
  } catch {
    throw upstreamError(deadline);
  } finally {
    clearTimeout(deadline.timer);
  }
}

/** What a failed forward tells the client: the deadline passed, or the registry could not be reached. */
function upstreamError(deadline: Deadline): UpstreamError {
  return deadline.passed ? new UpstreamError(504, 'the registry did not answer in time') : new UpstreamError(502, 'the registry could not be reached');
}
