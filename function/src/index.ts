import { type BasicAuthSource, handedConfig, readConfig } from '../../src/core/config.ts';
import { forward, probe } from './forward.ts';
import { createHandler, type PublicServices } from './handler.ts';
import { createTokenKeeper, ecrIssuer, type IssueToken } from './registry-token.ts';
import { registryUrl } from '../../src/core/location.ts';

// Read and validate once at init: a bad variable fails the cold start with one clear line. Under serve, the
// configuration it checked from its flags.
const config = handedConfig() ?? readConfig(process.env);

/** The password check loads (with node:crypto) on the first request, off the redirect path's cold start. */
function basicAuth(source: BasicAuthSource): NonNullable<PublicServices['checkCredentials']> {
  let check: Promise<NonNullable<PublicServices['checkCredentials']>> | undefined;
  return async (authorization) => {
    check ??= import('./basic-auth.ts').then((m) => m.createBasicAuth(m.credentialLoader(source)));
    return (await check)(authorization);
  };
}

/** Registry tokens fetched and failed since init, for `serve`'s /metrics. */
const tokens = { fetched: 0, failed: 0 };
function counted(issue: IssueToken): IssueToken {
  return async (signal) => {
    try {
      const token = await issue(signal);
      tokens.fetched++;
      return token;
    } catch (error) {
      tokens.failed++;
      throw error;
    }
  };
}

// Public access keeps its registry token and its password across invocations of a warm container.
const services: PublicServices | undefined = config.public && {
  token: createTokenKeeper(counted(ecrIssuer(config.public.region))),
  ...(config.public.basic ? { checkCredentials: basicAuth(config.public.basic) } : {}),
};

export const handler = createHandler(
  config,
  (line) => {
    process.stdout.write(`${line}\n`);
  },
  forward,
  services,
);

/** Readiness for `serve`'s /readyz: the registry answers, and in public mode a token is held. */
export async function ready(): Promise<{ ready: boolean; detail: string }> {
  // One deadline for the whole check: the token keeper bounds its own fetch, the forward gets what is left.
  const deadline = Date.now() + 5_000;
  try {
    const headers: Record<string, string> = {};
    if (services) headers.authorization = await services.token.authorization();
    const status = await probe({ url: registryUrl(config.registry, '/v2/', ''), method: 'GET', headers, timeoutMs: Math.max(1, deadline - Date.now()) });
    const ok = services ? status === 200 : status === 200 || status === 401;
    return { ready: ok, detail: ok ? 'registry answers' : `registry answered ${status}` };
  } catch (error) {
    return { ready: false, detail: error instanceof Error ? error.message.split('\n')[0] ?? 'error' : 'error' };
  }
}

/** Counters `serve` publishes on /metrics (the Lambda does not call this). */
export function stats(): { tokensFetched: number; tokenFetchesFailed: number } {
  return { tokensFetched: tokens.fetched, tokenFetchesFailed: tokens.failed };
}
