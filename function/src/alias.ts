/** The alias from its checked configuration: the handler, its readiness and its counters, for Lambda and serve alike. */
import type { AliasConfig, BasicAuthSource } from '../../src/core/config.ts';
import type { HttpApiEvent, HttpApiResult } from '../../src/core/http-api.ts';
import { registryUrl } from '../../src/core/location.ts';
import { type ForwardRequest, forward, probe } from './forward.ts';
import { createHandler, type Forwarder, type InvocationContext, type LogSink, type PublicServices, sendWithToken } from './handler.ts';
import { createTokenKeeper, ecrIssuer, type IssueToken } from './registry-token.ts';
import { createTaggedRepositories, ecrTagScan, publicMatcher, type ScanTags, type TaggedRepositories } from './repository-tags.ts';
import { DEFAULT_TAG_TTL_SECONDS } from '../../src/core/repository-tag.ts';

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
  /** Scans the registry for the repositories carrying public access's tag (default: ECR's API, see ecrTagScan). */
  scanTags?: ScanTags;
}

export interface Readiness {
  ready: boolean;
  detail: string;
}

/** Registry tokens fetched and failed since the alias was made. */
export interface AliasStats {
  tokensFetched: number;
  tokenFetchesFailed: number;
  /** Public access with a tag: scans of the registry's tags that ended well and that failed, and the repositories it publishes now. */
  tags?: { scans: number; failedScans: number; tagged: number };
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

/**
 * The repositories public access's tag publishes, scanned only when a request finds the last scan due (an idle
 * alias asks ECR nothing) and never for a listed repository, which is served anyway.
 */
function taggedRepositories(config: AliasConfig, scan: ScanTags | undefined): TaggedRepositories | undefined {
  const settings = config.public;
  if (settings?.repositoryTag === undefined) return undefined;
  const ttlMs = (settings.repositoryTagTtlSeconds ?? DEFAULT_TAG_TTL_SECONDS) * 1000;
  return createTaggedRepositories(scan ?? ecrTagScan(config.registry, settings.region, settings.repositoryTag, { skip: settings.allows }), { ttlMs });
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
  const forwarder = deps.forward ?? forward;
  const tagged = taggedRepositories(config, deps.scanTags);
  // The decision core sees one allow-list: the listed repositories or the tagged ones.
  const effective: AliasConfig = config.public && tagged ? { ...config, public: { ...config.public, allows: publicMatcher(config.public.allows, tagged) } } : config;
  // Public access keeps its registry token, its password and the tagged repositories across invocations of a warm container.
  let services: PublicServices | undefined;
  if (effective.public) {
    const token = createTokenKeeper(counted((deps.issuer ?? ecrIssuer)(effective.public.region)));
    const { registry } = effective;
    const { repositories, allows, auth, basic } = effective.public;
    let page: ReturnType<typeof loadPage> | undefined;
    const loadPage = () =>
      import('./registry-page.ts').then((m) =>
        m.createRegistryPage({ registry, listed: repositories, tagged, allows, login: auth !== 'none', send: (request, timeoutMs) => sendWithToken(request, forwarder, token, timeoutMs), forward: forwarder }),
      );
    services = {
      token,
      ...(basic ? { checkCredentials: basicAuth(basic) } : {}),
      ...(tagged ? { tags: tagged } : {}),
      page: async (rawQuery, host, deadlineMs) => (await (page ??= loadPage()))(rawQuery, host, deadlineMs),
    };
  }
  const log = deps.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const ask = deps.probe ?? probe;
  const handler = createHandler(effective, log, forwarder, services);

  const ready = async (): Promise<Readiness> => {
    // One deadline for the whole check: the token keeper bounds its own fetch, the probe gets what is left.
    const deadline = Date.now() + 5_000;
    // A serve behind a load balancer learns its tagged repositories before its first request (once: later scans follow traffic).
    void tagged?.ready();
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
  const stats = (): AliasStats => {
    const counts: AliasStats = { tokensFetched: tokens.fetched, tokenFetchesFailed: tokens.failed };
    if (tagged === undefined) return counts;
    const { scans, failedScans, tagged: published } = tagged.stats();
    return { ...counts, tags: { scans, failedScans, tagged: published } };
  };
  return { handler, ready, stats };
}
