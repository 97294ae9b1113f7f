import { headAnswer, locationOnRegistry, rewriteLink } from './answer.ts';
import type { AliasConfig } from './config.ts';
import { decide, type RegistryRequest } from './decide.ts';
import { type ForwardRequest, type ForwardResponse, forward, UpstreamError } from './forward.ts';
import type { HttpApiEvent, HttpApiResult } from './http-api.ts';
import { LIMITS_FOR_LAMBDA } from './limits.ts';
import { aliasHost } from './location.ts';
import { NAME_UNKNOWN_BODY, type Outcome, ociError, type Reply } from './outcome.ts';
import { catalogPage } from './public-pull.ts';
import type { TokenKeeper } from './registry-token.ts';

/** Receives one finished JSON log line (no trailing newline). */
export type LogSink = (line: string) => void;
export type Forwarder = (request: ForwardRequest) => Promise<ForwardResponse>;

/** What public access needs besides the configuration: the registry token and the password check. */
export interface PublicServices {
  token: TokenKeeper;
  checkCredentials?: (authorization: string | undefined) => Promise<boolean>;
}

/** The part of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

export function toRegistryRequest(event: HttpApiEvent): RegistryRequest {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: event.rawQueryString,
    headers: event.headers ?? {},
    alias: aliasHost(event.requestContext.domainName),
  };
}

function reply(outcome: Reply): HttpApiResult {
  return { statusCode: outcome.status, headers: { ...outcome.headers }, body: outcome.body };
}

const notFound = (): HttpApiResult => ({ statusCode: 404, headers: { 'content-type': 'application/json' }, body: NAME_UNKNOWN_BODY });

function eventBody(event: HttpApiEvent): Buffer | undefined {
  if (event.body === undefined || event.body === '') return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

function forwardTimeout(context: InvocationContext | undefined): number {
  const limit = LIMITS_FOR_LAMBDA.upstreamTimeoutMs;
  if (context === undefined) return limit;
  return Math.max(1, Math.min(limit, context.getRemainingTimeInMillis() - LIMITS_FOR_LAMBDA.replyMarginMs));
}

/**
 * The registry's answer as a function result: an upload Location stays on the registry, a Link
 * comes onto the alias, a HEAD follows its plan, the body goes base64 and the gateway sets
 * Content-Length.
 */
function toResult(outcome: Extract<Outcome, { kind: 'forward' | 'pull' }>, upstream: ForwardResponse, { config, event }: Invocation): HttpApiResult {
  const location = upstream.headers.location;
  if (location !== undefined) upstream.headers.location = locationOnRegistry(location, config.registry);
  const link = upstream.headers.link;
  if (link !== undefined) {
    const rewritten = rewriteLink(link, config.registry, aliasHost(event.requestContext.domainName));
    if (rewritten === undefined) delete upstream.headers.link;
    else upstream.headers.link = rewritten;
  }
  let answer = upstream;
  if (outcome.head !== undefined) {
    const shaped = headAnswer(upstream, outcome.head);
    if ('kind' in shaped) return reply(shaped);
    answer = shaped;
  }
  if (answer.body.length > LIMITS_FOR_LAMBDA.responseBodyBytes) {
    return reply(ociError(502, 'SIZE_INVALID', 'the registry answer is larger than the alias can return; blobs must come by redirect'));
  }
  const { 'content-length': _length, ...headers } = answer.headers;
  const result: HttpApiResult = { statusCode: answer.status, headers };
  if (answer.body.length > 0) {
    result.body = answer.body.toString('base64');
    result.isBase64Encoded = true;
  }
  return result;
}

function upstreamFailure(error: unknown): HttpApiResult {
  if (!(error instanceof UpstreamError)) throw error;
  return reply(ociError(error.status, 'UNAVAILABLE', error.message, { ...error.headers }));
}

interface Invocation {
  event: HttpApiEvent;
  config: AliasConfig;
  send: Forwarder;
  context: InvocationContext | undefined;
  services: PublicServices | undefined;
}

async function forwardResult(outcome: Extract<Outcome, { kind: 'forward' }>, invocation: Invocation): Promise<HttpApiResult> {
  const { event, send, context } = invocation;
  try {
    const body = eventBody(event);
    const upstream = await send({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(context), ...(body ? { body } : {}) });
    return toResult(outcome, upstream, invocation);
  } catch (error) {
    return upstreamFailure(error);
  }
}

/** Sends a public request on with the alias's token; a refused token is renewed once. */
/** A failure between the alias and the registry that ends the request with this answer. */
class Refused extends Error {
  constructor(readonly result: HttpApiResult) {
    super('refused');
  }
}

/** Sends a public request on with the alias's token; a refused token is renewed once. */
async function sendWithToken(request: ForwardRequest, { send, services }: Invocation): Promise<ForwardResponse> {
  if (services === undefined) throw new Error('public access without its services');
  for (let attempt = 0; ; attempt++) {
    const authorization = await services.token.authorization().catch(() => {
      throw new Refused(reply(ociError(503, 'UNAVAILABLE', 'the alias could not get a registry token')));
    });
    const upstream = await send({ ...request, headers: { ...request.headers, authorization } });
    if (upstream.status !== 401) return upstream;
    services.token.discard();
    if (attempt === 1) throw new Refused(reply(ociError(502, 'UNAVAILABLE', 'the registry refused the alias’s token')));
  }
}

/** Runs a public request; token and transport failures become their OCI error answers. */
async function publicAnswer(run: () => Promise<HttpApiResult>): Promise<HttpApiResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.result;
    return upstreamFailure(error);
  }
}

function pullResult(outcome: Extract<Outcome, { kind: 'pull' }>, invocation: Invocation): Promise<HttpApiResult> {
  return publicAnswer(async () => {
    const upstream = await sendWithToken({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(invocation.context) }, invocation);
    // A repository the registry lacks, or one IAM keeps from the alias, looks exactly like a denied one.
    if ((upstream.status === 404 && upstream.body.includes('NAME_UNKNOWN')) || upstream.status === 403) return notFound();
    delete upstream.headers['www-authenticate'];
    return toResult(outcome, upstream, invocation);
  });
}

function catalogResult(outcome: Extract<Outcome, { kind: 'catalog' }>, invocation: Invocation): Promise<HttpApiResult> {
  const allows = invocation.config.public?.allows;
  if (allows === undefined) throw new Error('catalog outside public access');
  const get = (url: string) => sendWithToken({ url, method: 'GET', headers: { accept: 'application/json' }, timeoutMs: forwardTimeout(invocation.context) }, invocation);
  return publicAnswer(() => catalogPage(outcome, allows, get, invocation.config.registry, aliasHost(invocation.event.requestContext.domainName)));
}

/** Every outcome that needs no I/O. */
function answerLocally(outcome: Extract<Outcome, { kind: 'redirect' | 'challenge' | 'reply' }>): HttpApiResult {
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

/** The one log line of a request; hand-assembled JSON, because it is most of a redirect's cost. */
function logRequest(log: LogSink, event: HttpApiEvent, status: number, outcome: Outcome['kind'], started: number): void {
  const ms = Math.round((performance.now() - started) * 100) / 100;
  log(`{"method":${jsonString(event.requestContext.http.method)},"path":${jsonString(event.rawPath)},"status":${status},"outcome":"${outcome}","ms":${ms}}`);
}

/**
 * The Lambda handler over the decision core. It logs one line per request: method, path
 * (never the query), status, outcome and duration; never headers, cookies or bodies.
 */
export function createHandler(config: AliasConfig, log: LogSink, send: Forwarder = forward, services?: PublicServices) {
  return async function handler(event: HttpApiEvent, context?: InvocationContext): Promise<HttpApiResult> {
    const started = performance.now();
    let request = toRegistryRequest(event);
    if (services?.checkCredentials !== undefined) {
      const credentialsValid = await services.checkCredentials(request.headers.authorization).catch(() => undefined);
      if (credentialsValid === undefined) {
        const result = reply(ociError(503, 'UNAVAILABLE', 'the alias could not load its credentials'));
        logRequest(log, event, result.statusCode, 'reply', started);
        return result;
      }
      request = { ...request, credentialsValid };
    }
    const outcome = decide(request, config);
    let result: HttpApiResult;
    // No await and no allocation beyond the answer on the redirect path: it is the hot path.
    if (outcome.kind === 'redirect' || outcome.kind === 'challenge' || outcome.kind === 'reply') result = answerLocally(outcome);
    else {
      const invocation: Invocation = { event, config, send, context, services };
      if (outcome.kind === 'forward') result = await forwardResult(outcome, invocation);
      else if (outcome.kind === 'pull') result = await pullResult(outcome, invocation);
      else result = await catalogResult(outcome, invocation);
    }
    logRequest(log, event, result.statusCode, outcome.kind, started);
    return result;
  };
}
