/**
 * What API Gateway HTTP API does around a Lambda proxy integration (payload format 2.0):
 * request → event, result → response, and the service's limits.
 */
import { randomUUID } from 'node:crypto';
import type { HttpApiEvent, HttpApiResult } from '../core/http-api.ts';

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
  /** Header values as received, one entry per header line (Node's headersDistinct). */
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
        sourceIp: request.sourceIp.replace(/^::ffff:/, ''),
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

/** API Gateway's requestContext.time format, e.g. `12/Mar/2020:19:03:58 +0000`. */
function formatRequestTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
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
