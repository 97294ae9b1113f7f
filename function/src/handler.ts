import type { AliasConfig } from './config.ts';
import { decide, type RegistryRequest } from './decide.ts';
import { type ForwardRequest, type ForwardResponse, forward, UpstreamError } from './forward.ts';
import type { HttpApiEvent, HttpApiResult } from './http-api.ts';
import { LIMITS_FOR_LAMBDA } from './limits.ts';
import { type Outcome, ociError, type Reply } from './outcome.ts';

/** Receives one finished JSON log line (no trailing newline). */
export type LogSink = (line: string) => void;
export type Forwarder = (request: ForwardRequest) => Promise<ForwardResponse>;

export function toRegistryRequest(event: HttpApiEvent): RegistryRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {},
    alias: event.requestContext.domainName,
  };
}

function reply(outcome: Reply): HttpApiResult {
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
}

function eventBody(event: HttpApiEvent): Buffer | undefined {
  if (event.body === undefined || event.body === '') return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

/** The part of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

function forwardTimeout(context: InvocationContext | undefined): number {
  const limit = LIMITS_FOR_LAMBDA.upstreamTimeoutMs;
  if (context === undefined) return limit;
  return Math.max(1, Math.min(limit, context.getRemainingTimeInMillis() - LIMITS_FOR_LAMBDA.replyMarginMs));
}

async function forwardResult(
  url: string,
  headers: Readonly<Record<string, string>>,
  event: HttpApiEvent,
  send: Forwarder,
  context: InvocationContext | undefined,
): Promise<HttpApiResult> {
  const method = event.requestContext.http.method;
  let upstream: ForwardResponse;
  try {
    const body = eventBody(event);
    upstream = await send({ url, method, headers, timeoutMs: forwardTimeout(context), ...(body ? { body } : {}) });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return reply(ociError(error.status, 'UNSUPPORTED', error.message));
  }
  if (upstream.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return reply(ociError(502, 'SIZE_INVALID', 'the registry answer is larger than the alias can return; blobs must come by redirect'));
  }
  // HEAD keeps the registry's Content-Length (clients take the manifest size from it); otherwise the gateway sets it.
  if (method !== 'HEAD') delete upstream.headers['content-length'];
  const result: HttpApiResult = { statusCode: upstream.status, headers: upstream.headers };
  if (upstream.body.length > 0) {
    result.body = upstream.body.toString('base64');
    result.isBase64Encoded = true;
  }
  return result;
}

/** Every outcome but forward, answered without I/O. */
function answerLocally(outcome: Exclude<Outcome, { kind: 'forward' }>): HttpApiResult {
  switch (outcome.kind) {
    case 'redirect':
      return { statusCode: 307, headers: { location: outcome.location }, body: '' };
    case 'challenge':
      return reply(
        ociError(401, 'UNAUTHORIZED', 'authentication required', {
          'www-authenticate': `Basic realm="${outcome.realm}"`,
          'docker-distribution-api-version': 'registry/2.0',
        }),
      );
    case 'reply':
      return reply(outcome);
  }
}

// What JSON.stringify would escape in a string: quote, backslash, control characters, lone surrogates.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * The Lambda handler over the decision core. It logs one line per request: method, path
 * (never the query), status, outcome and duration; never headers, cookies or bodies.
 */
export function createHandler(config: AliasConfig, log: LogSink, send: Forwarder = forward) {
  return async function handler(event: HttpApiEvent, context?: InvocationContext): Promise<HttpApiResult> {
    const started = performance.now();
    const outcome = decide(toRegistryRequest(event), config);
    // No await on the redirect path: it is the hot path and needs no I/O.
    const result = outcome.kind === 'forward' ? await forwardResult(outcome.url, outcome.headers, event, send, context) : answerLocally(outcome);
    const ms = Math.round((performance.now() - started) * 100) / 100;
    // Hand-assembled JSON: the log line is most of a redirect's cost.
    log(
      `{"method":${jsonString(event.requestContext.http.method)},"path":${jsonString(event.rawPath)},"status":${result.statusCode},"outcome":"${outcome.kind}","ms":${ms}}`,
    );
    return result;
  };
}
