/** The alias from its checked configuration: the handler, its readiness and its counters, for Lambda and serve alike. */
import type { AliasConfig, BasicAuthSource } from '../../src/core/config.ts';
import type { HttpApiEvent, HttpApiResult } from '../../src/core/http-api.ts';
import { registryUrl } from '../../src/core/location.ts';
import { type ForwardRequest, forward, probe } from './forward.ts';
import { createHandler, type Forwarder, type InvocationContext, type LogSink, type PublicServices } from './handler.ts';
import { createTokenKeeper, ecrIssuer, type IssueToken } from './registry-token.ts';

/** What the alias reaches outside itself; each defaults to the real one. */
export interface AliasDeps {
  /** Receives each request's one log line (default: stdout, where Lambda collects it). */
  log?: LogSink;
  /** Sends a request on to the registry. */
  forward?: Forwarder;
  /** Asks the registry for a status only: readiness. */
  probe?: (request: Omit<ForwardRequest, 'body'>) => Promise<number>;
  /** Fetches the alias's registry token for public access in `region`. */
  issuer?: (region: string) => IssueToken;
}

export interface Readiness {
  ready: boolean;
  detail: string;
}

/** Registry tokens fetched and failed since the alias was made. */
export interface AliasStats {
  tokensFetched: number;
  tokenFetchesFailed: number;
}

export interface Alias {
  handler: (event: HttpApiEvent, context?: InvocationContext) => Promise<HttpApiResult>;
  /** The registry answers, and in public mode a token is held: serve's /readyz. */
  ready: () => Promise<Readiness>;
  /** serve's /metrics (Lambda has no use for it). */
  stats: () => AliasStats;
}

/** The password check loads (with node:crypto and its SDK clients) on the first request, off the redirect path's cold start. */
function basicAuth(source: BasicAuthSource): NonNullable<PublicServices['checkCredentials']> {
  let check: Promise<NonNullable<PublicServices['checkCredentials']>> | undefined;
  return async (authorization) => {
    check ??= import('./basic-auth.ts').then((m) => m.createBasicAuth(m.credentialLoader(source)));
    return (await check)(authorization);
  };
}

export function createAlias(config: AliasConfig, deps: AliasDeps = {}): Alias {
  const tokens = { fetched: 0, failed: 0 };
  const counted = (issue: IssueToken): IssueToken => async (signal) => {
    try {
      const token = await issue(signal);
      tokens.fetched++;
      return token;
    } catch (error) {
      tokens.failed++;
      throw error;
    }
  };
  // Public access keeps its registry token and its password across invocations of a warm container.
  const services: PublicServices | undefined = config.public && {
    token: createTokenKeeper(counted((deps.issuer ?? ecrIssuer)(config.public.region))),
    ...(config.public.basic ? { checkCredentials: basicAuth(config.public.basic) } : {}),
  };
  const log = deps.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const ask = deps.probe ?? probe;
  const handler = createHandler(config, log, deps.forward ?? forward, services);

  const ready = async (): Promise<Readiness> => {
    // One deadline for the whole check: the token keeper bounds its own fetch, the probe gets what is left.
    const deadline = Date.now() + 5_000;
    try {
      const headers: Record<string, string> = {};
      if (services) headers.authorization = await services.token.authorization();
      const status = await ask({ url: registryUrl(config.registry, '/v2/', ''), method: 'GET', headers, timeoutMs: Math.max(1, deadline - Date.now()) });
      const ok = services ? status === 200 : status === 200 || status === 401;
      return { ready: ok, detail: ok ? 'registry answers' : `registry answered ${status}` };
    } catch (error) {
      return { ready: false, detail: error instanceof Error ? (error.message.split('\n')[0] ?? 'error') : 'error' };
    }
  };
  const stats = (): AliasStats => ({ tokensFetched: tokens.fetched, tokenFetchesFailed: tokens.failed });
  return { handler, ready, stats };
}
