/**
 * The api-gateway door: what API Gateway HTTP API does around a Lambda proxy integration (payload format 2.0),
 * request → event, result → response, with the service's limits, in front of a Lambda handler.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpApiEvent, HttpApiResult } from '../../core/http-api.ts';
import { createGuessLimiter } from '../guesses.ts';
import { answerByCache } from '../cache/layer-cache.ts';
import { type DoorExchange, dropBody, type HttpResponse, listen, type RunningServer, send, type ServerOptions } from '../listener.ts';

export const LIMITS = {
  /** Request payload (body) limit. */
  requestBytes: 10 * 1024 * 1024,
  /** Synchronous Lambda invocation payload limit, for the event and for the response alike. */
  responseBytes: 6 * 1024 * 1024,
  /** Hard integration timeout. */
  timeoutMs: 30_000,
} as const;

export interface RequestFacts {
  method: string;
  /** Request target as sent: path plus optional "?query", still percent-encoded. */
  url: string;
  /** Header values as received: Node's headersDistinct (an array per header), or its headers when no header repeats. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
  sourceIp: string;
  now: Date;
  requestId?: string;
}

const TEXT_TYPE = /^(?:text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript|x-www-form-urlencoded)\b)/i;

export class BadRequest extends Error {}

/** Builds the payload 2.0 event API Gateway would send for this request. */
export function toHttpApiEvent(request: RequestFacts): HttpApiEvent {
  const q = request.url.indexOf('?');
  const encodedPath = q === -1 ? request.url : request.url.slice(0, q);
  const rawQueryString = q === -1 ? '' : request.url.slice(q + 1);
  let rawPath: string;
  try {
    rawPath = decodeURIComponent(encodedPath);
  } catch {
    throw new BadRequest('malformed percent-encoding in path');
  }

  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') {
      const all = Array.isArray(value) ? value : [value];
      cookies = all.flatMap((c) => c.split(/;\s*/)).filter((c) => c !== '');
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }

  const host = headers.host ?? '';
  const requestId = request.requestId ?? randomUUID();
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp.startsWith('::ffff:') ? request.sourceIp.slice(7) : request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: formatRequestTime(request.now),
      timeEpoch: request.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies !== undefined && cookies.length > 0) event.cookies = cookies;
  const parameters = queryParameters(rawQueryString);
  if (parameters !== undefined) event.queryStringParameters = parameters;
  if (request.body.length > 0) {
    const text = TEXT_TYPE.test(headers['content-type'] ?? '');
    event.body = request.body.toString(text ? 'utf8' : 'base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

function queryParameters(raw: string): Record<string, string> | undefined {
  if (raw === '') return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const seen = out[key];
    out[key] = seen === undefined ? value : `${seen},${value}`;
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The last second formatted: requests within one second share it.
let formatted = { second: Number.NaN, text: '' };

/** API Gateway's requestContext.time format, e.g. `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second === formatted.second) return formatted.text;
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  formatted = { second, text };
  return text;
}

export function gatewayError(status: number, message: string): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * Maps what the handler returned to the HTTP response, as API Gateway does: a result with a
 * statusCode is used as it is; anything else is a 200 JSON body. Oversized results are a 502.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  // Measuring means serializing: only results that may be near the 6 MB limit pay for it.
  const measure = !isProxyResult(result) || (result.body?.length ?? 0) >= 4 * 1024 * 1024 || JSON.stringify(result.headers ?? {}).length > 64 * 1024;
  const serialized = measure ? (JSON.stringify(result) ?? '') : '';
  if (Buffer.byteLength(serialized) > LIMITS.responseBytes) {
    return gatewayError(502, 'Internal Server Error');
  }
  if (!isProxyResult(result)) {
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(typeof result === 'string' ? result : serialized),
    };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    headers[name.toLowerCase()] = String(value);
  }
  if (result.cookies !== undefined && result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  return { status: result.statusCode, headers, body };
}

function isProxyResult(result: unknown): result is HttpApiResult {
  return (
    typeof result === 'object' &&
    result !== null &&
    'statusCode' in result &&
    Number.isInteger((result as { statusCode: unknown }).statusCode)
  );
}

export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: HttpApiEvent, context: LambdaContext) => Promise<unknown>;

/**
 * What the gateway does with a Content-Length the function sets on a HEAD answer (unverified for
 * HTTP APIs, so serve can play each): keep it; drop it (the answer has a length only if the
 * function returned a body); or zero it (the length of the body the function returned, 0 for none).
 */
export type HeadContentLength = 'keep' | 'drop' | 'zero';

export interface ApiGatewayOptions extends ServerOptions {
  handler: LambdaHandler;
  /** Integration timeout; API Gateway's is 30 s and cannot be raised. */
  timeoutMs?: number;
  /** What the gateway does with the function's Content-Length on a HEAD answer (default keep). */
  headContentLength?: HeadContentLength;
}

const EMPTY = Buffer.alloc(0);

/** Whether the request is framed with a body (Node's parser framed it the same way: without either header there is none). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

async function readBody(req: IncomingMessage, received: { bytes: number }): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received.bytes += chunk.length;
    if (received.bytes > LIMITS.requestBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function invoke(handler: LambdaHandler, event: HttpApiEvent, timeoutMs: number): Promise<HttpResponse> {
  const deadline = Date.now() + timeoutMs;
  const context: LambdaContext = {
    awsRequestId: randomUUID(),
    functionName: 'ecr-custom-domain-serve',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  // One promise settled by whichever comes first, the function's result or the gateway's timeout.
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(gatewayError(504, 'Gateway Timeout')), timeoutMs);
    const settle = (response: HttpResponse) => {
      clearTimeout(timer);
      resolve(response);
    };
    // Like API Gateway: a function error is a bare 500; its detail belongs in the function's log.
    const failed = () => settle(gatewayError(500, 'Internal Server Error'));
    let result: unknown;
    try {
      result = handler(event, context);
    } catch {
      return failed();
    }
    Promise.resolve(result).then((value) => {
      let response: HttpResponse;
      try {
        response = toHttpResponse(value);
      } catch {
        return failed();
      }
      settle(response);
    }, failed);
  });
}

function headLength(response: HttpResponse, mode: HeadContentLength): string | undefined {
  const set = response.headers['content-length'];
  if (mode === 'keep' && typeof set === 'string') return set;
  if (mode === 'drop' && response.body.length === 0) return undefined;
  return String(response.body.length);
}

/** The gateway's answer, stamped with its request id; body bytes sent. */
function answer(res: ServerResponse, method: string, response: HttpResponse, requestId: string, headMode: HeadContentLength = 'keep'): number {
  const length = method === 'HEAD' ? headLength(response, headMode) : String(response.body.length);
  try {
    return send(res, method, { ...response, headers: { ...response.headers, 'apigw-requestid': requestId } }, length);
  } catch {
    // A header value or status Node refuses (CR/LF, 42) would be refused by API Gateway too.
    if (res.headersSent) {
      res.destroy();
      return 0;
    }
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    const error = gatewayError(502, 'Internal Server Error');
    return send(res, method, error, String(error.body.length));
  }
}

/** API Gateway HTTP API in front of a Lambda handler: the default door. */
export function startApiGatewayServer(options: ApiGatewayOptions): Promise<RunningServer> {
  const timeoutMs = options.timeoutMs ?? LIMITS.timeoutMs;
  const guesses = createGuessLimiter();
  const tooLarge = async ({ req, res, method, requestId, log }: DoorExchange, requestBytes: number) => {
    await dropBody(req);
    const responseBytes = answer(res, method, gatewayError(413, 'Request Entity Too Large'), requestId);
    log({ status: res.statusCode, requestBytes, responseBytes });
  };
  const door = async (exchange: DoorExchange) => {
    const { req, res, method, requestId, log } = exchange;
    const received = { bytes: 0 };
    const respond = (response: HttpResponse) => {
      const responseBytes = answer(res, method, response, requestId, options.headContentLength);
      log({ status: res.statusCode, requestBytes: received.bytes, responseBytes });
    };
    if (Number(req.headers['content-length'] ?? 0) > LIMITS.requestBytes) return tooLarge(exchange, 0);
    let body: Buffer | undefined = EMPTY;
    if (hasBody(req)) {
      try {
        body = await readBody(req, received);
      } catch {
        res.destroy();
        return;
      }
    }
    if (body === undefined) return tooLarge(exchange, received.bytes);
    let event: HttpApiEvent;
    try {
      event = toHttpApiEvent({
        method,
        url: req.url ?? '/',
        // Node's own header object drops or joins repeated headers; only a request that repeats one needs the distinct view.
        headers: req.rawHeaders.length === 2 * Object.keys(req.headers).length ? req.headers : req.headersDistinct,
        body,
        sourceIp: req.socket.remoteAddress ?? '',
        now: new Date(),
        requestId,
      });
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      respond(gatewayError(400, 'Bad Request'));
      return;
    }
    // The event itself must fit Lambda's 6 MB synchronous invocation payload (bodies are base64 in it).
    // Headers are at most 10 kB, so only a body of 4 MB or more can take the event near the limit.
    if (body.length >= 4 * 1024 * 1024 && Buffer.byteLength(JSON.stringify(event)) > LIMITS.responseBytes) {
      respond(gatewayError(413, 'Request Entity Too Large'));
      return;
    }
    // Password guessing: a source whose credentials keep being refused waits longer for each answer.
    const source = event.requestContext.http.sourceIp;
    const hold = guesses.delayMs(source);
    if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
    const invoked = performance.now();
    const response = await invoke(options.handler, event, timeoutMs);
    options.metrics?.upstream((performance.now() - invoked) / 1000, response.status);
    if (req.headers.authorization !== undefined) guesses.record(source, response.status === 401);
    const location = response.headers.location;
    if (options.cache !== undefined && (await answerByCache(options.cache, exchange, response.status, typeof location === 'string' ? location : undefined, received.bytes))) return;
    respond(response);
  };
  // API Gateway allows 10,240 bytes of request line and headers; Node answers 431 past that.
  return listen(options, 10_240, door);
}
