import { type Answer, forwardedAnswer, isReply, upstreamFailure } from './answer.ts';
import type { AliasConfig } from '../../src/core/config.ts';
import { type CredentialCheck, decide, type RegistryRequest } from './decide.ts';
import { type ForwardRequest, type ForwardResponse, forward, UpstreamError } from './forward.ts';
import type { HttpApiEvent, HttpApiResult } from '../../src/core/http-api.ts';
import { LIMITS_FOR_LAMBDA } from './limits.ts';
import { aliasHost } from '../../src/core/location.ts';
import { challengeReply, type Reply } from '../../src/core/oci.ts';
import type { Outcome } from './outcome.ts';
import { catalogReply, NO_TOKEN, nextCatalogPage, pullAnswer, readCatalogPage, startCatalog, tokenVerdict, type UpstreamRequest } from './public-answer.ts';
import type { TokenKeeper } from './registry-token.ts';
import type { TaggedRepositories } from './repository-tags.ts';

/** Receives one finished JSON log line (no trailing newline). */
export type LogSink = (line: string) => void;
export type Forwarder = (request: ForwardRequest) => Promise<ForwardResponse>;

/** What public access needs besides the configuration: the registry token, the password check, the tag and the page. */
export interface PublicServices {
  token: TokenKeeper;
  checkCredentials?: (authorization: string | undefined) => Promise<boolean>;
  /** Repositories published by an ECR tag (config.public.allows already includes them). */
  tags?: Pick<TaggedRepositories, 'settling'>;
  /** The registry page for GET / with this raw query, on the alias `host`, made within `deadlineMs`. */
  page?: (rawQuery: string, host: string, deadlineMs: number) => Promise<Reply>;
}

/**
 * Longest a request waits for the repositories published by tag, and only when they are not current: the first
 * requests of a cold container, or the first after it sat idle past the TTL. Past it, what is known answers.
 */
export const TAG_WAIT_MS = 2_000;
// Kept from the page's deadline for rendering and answering.
const PAGE_RENDER_MS = 250;

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

/** The password check's verdict; a password that cannot be loaded is for decide to answer. */
function checkCredentials(check: NonNullable<PublicServices['checkCredentials']>, authorization: string | undefined): Promise<CredentialCheck> {
  return check(authorization).then(
    (valid): CredentialCheck => (valid ? 'valid' : 'invalid'),
    (): CredentialCheck => 'unavailable',
  );
}

function replyResult(reply: Reply): HttpApiResult {
  return { statusCode: reply.status, headers: { ...reply.headers }, body: reply.body };
}

/** An answer as a function result: the alias's own as it is, the registry's with its body base64 (the gateway sets Content-Length). */
function answerResult(answer: Answer): HttpApiResult {
  if (isReply(answer)) return replyResult(answer);
  const result: HttpApiResult = { statusCode: answer.status, headers: answer.headers };
  if (answer.body.length > 0) {
    result.body = answer.body.toString('base64');
    result.isBase64Encoded = true;
  }
  return result;
}

function eventBody(event: HttpApiEvent): Buffer | undefined {
  if (event.body === undefined || event.body === '') return undefined;
  return Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
}

function forwardTimeout(context: InvocationContext | undefined): number {
  const limit = LIMITS_FOR_LAMBDA.upstreamTimeoutMs;
  if (context === undefined) return limit;
  return Math.max(1, Math.min(limit, context.getRemainingTimeInMillis() - LIMITS_FOR_LAMBDA.replyMarginMs));
}

interface Invocation {
  event: HttpApiEvent;
  /** The alias's own host[:port], through aliasHost(). */
  alias: string;
  config: AliasConfig;
  forwarder: Forwarder;
  context: InvocationContext | undefined;
  services: PublicServices | undefined;
}

async function runForward(outcome: Extract<Outcome, { kind: 'forward' }>, { event, alias, config, forwarder, context }: Invocation): Promise<Answer> {
  const body = eventBody(event);
  const upstream = await forwarder({ url: outcome.url, method: outcome.method, headers: outcome.headers, timeoutMs: forwardTimeout(context), ...(body ? { body } : {}) });
  return forwardedAnswer(upstream, { registry: config.registry, alias, head: outcome.head });
}

/** Sends a public request on with the alias's token, renewing it as tokenVerdict says: the registry's answer, or why there is none. */
export async function sendWithToken(request: UpstreamRequest, forwarder: Forwarder, token: TokenKeeper, timeoutMs: number): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let authorization: string;
    try {
      authorization = await token.authorization();
    } catch {
      return NO_TOKEN;
    }
    const upstream = await forwarder({ url: request.url, method: request.method, headers: { ...request.headers, authorization }, timeoutMs });
    const verdict = tokenVerdict(upstream.status, attempt);
    if (verdict === 'answered') return upstream;
    token.discard();
    if (verdict !== 'renew') return verdict;
  }
}

function forwardWithToken(request: UpstreamRequest, { forwarder, context, services }: Invocation): Promise<Answer> {
  if (services === undefined) throw new Error('public access without its services');
  return sendWithToken(request, forwarder, services.token, forwardTimeout(context));
}

/** The registry page, made within what is left of the function's deadline. */
async function runPage(outcome: Extract<Outcome, { kind: 'page' }>, { alias, context, services }: Invocation): Promise<HttpApiResult> {
  if (services?.page === undefined) throw new Error('the page outside public access');
  return replyResult(await services.page(outcome.query, alias, Math.max(1, forwardTimeout(context) - PAGE_RENDER_MS)));
}

/** Waits, at most TAG_WAIT_MS, for the tagged repositories when they are not current. */
async function tagsSettled(tags: NonNullable<PublicServices['tags']>): Promise<void> {
  const scan = tags.settling();
  if (scan === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([scan, new Promise<void>((resolve) => (timer = setTimeout(resolve, TAG_WAIT_MS)))]);
  clearTimeout(timer);
}

async function runPull(outcome: Extract<Outcome, { kind: 'pull' }>, invocation: Invocation): Promise<Answer> {
  const upstream = await forwardWithToken(outcome, invocation);
  if (isReply(upstream)) return upstream;
  return pullAnswer(upstream, { registry: invocation.config.registry, alias: invocation.alias, head: outcome.head });
}

/** Reads the registry's catalog page by page, as far as nextCatalogPage says. */
async function runCatalog(outcome: Extract<Outcome, { kind: 'catalog' }>, invocation: Invocation): Promise<Answer> {
  const { registry, public: publicConfig } = invocation.config;
  if (publicConfig === undefined) throw new Error('catalog outside public access');
  let paging = startCatalog(outcome);
  for (let page = nextCatalogPage(paging, registry); page !== undefined; page = nextCatalogPage(paging, registry)) {
    const upstream = await forwardWithToken(page, invocation);
    if (isReply(upstream)) return upstream;
    const read = readCatalogPage(paging, upstream, publicConfig.allows);
    if (isReply(read)) return read;
    paging = read;
  }
  return catalogReply(paging, invocation.alias);
}

/** Every outcome that asks the registry; a forward that fails becomes its OCI error. */
async function askRegistry(outcome: Extract<Outcome, { kind: 'forward' | 'pull' | 'catalog' }>, invocation: Invocation): Promise<HttpApiResult> {
  try {
    if (outcome.kind === 'forward') return answerResult(await runForward(outcome, invocation));
    if (outcome.kind === 'pull') return answerResult(await runPull(outcome, invocation));
    return answerResult(await runCatalog(outcome, invocation));
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return replyResult(upstreamFailure(error));
  }
}

/** Every outcome that needs no I/O. */
function answerLocally(outcome: Extract<Outcome, { kind: 'redirect' | 'challenge' | 'reply' | 'unavailable' }>): HttpApiResult {
  switch (outcome.kind) {
    case 'redirect':
      return { statusCode: 307, headers: { location: outcome.location }, body: '' };
    case 'challenge':
      return replyResult(challengeReply(outcome.realm));
    case 'reply':
      return replyResult(outcome);
    case 'unavailable':
      return replyResult(outcome.reply);
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
 * The Lambda handler over the decision core: it checks a public password when there is one, lets
 * tagged repositories settle when they are not current (TAG_WAIT_MS), asks decide, and does the I/O
 * the outcome calls for. It logs one line per request: method, path (never the query), status,
 * outcome and duration; never headers, cookies or bodies.
 */
export function createHandler(config: AliasConfig, log: LogSink, forwarder: Forwarder = forward, services?: PublicServices) {
  return async function handler(event: HttpApiEvent, context?: InvocationContext): Promise<HttpApiResult> {
    const started = performance.now();
    let request = toRegistryRequest(event);
    if (services?.checkCredentials !== undefined) {
      request = { ...request, credentials: await checkCredentials(services.checkCredentials, request.headers.authorization) };
    }
    if (services?.tags !== undefined) await tagsSettled(services.tags);
    const outcome = decide(request, config);
    // No await and no allocation beyond the answer on the redirect path: it is the hot path.
    let result: HttpApiResult;
    if (outcome.kind === 'forward' || outcome.kind === 'pull' || outcome.kind === 'catalog') {
      result = await askRegistry(outcome, { event, alias: request.alias, config, forwarder, context, services });
    } else if (outcome.kind === 'page') {
      result = await runPage(outcome, { event, alias: request.alias, config, forwarder, context, services });
    } else {
      result = answerLocally(outcome);
    }
    logRequest(log, event, result.statusCode, outcome.kind, started);
    return result;
  };
}
