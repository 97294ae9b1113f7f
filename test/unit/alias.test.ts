import { describe, expect, it } from 'vitest';
import { type AliasDeps, createAlias } from '../../function/src/alias.ts';
import type { ForwardRequest } from '../../function/src/forward.ts';
import { readConfig } from '../../src/core/config.ts';
import { httpApiEvent } from '../support/events.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const privateConfig = readConfig({ ECR_REGISTRY: registry });
const publicConfig = readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app' });
const hour = 3_600_000;

/** Deps that touch nothing: probes answered with `status`, tokens issued (or refused) as `tokens` says, in order. */
function fakes(status: number | Error, tokens: ('ok' | 'fail')[] = []) {
  const probed: Omit<ForwardRequest, 'body'>[] = [];
  const forwarded: ForwardRequest[] = [];
  const lines: string[] = [];
  const deps: AliasDeps = {
    log: (line) => lines.push(line),
    forward: async (request) => {
      forwarded.push(request);
      return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') };
    },
    probe: async (request) => {
      probed.push(request);
      if (status instanceof Error) throw status;
      return status;
    },
    issuer: () => async () => {
      if (tokens.shift() === 'ok') return { username: 'AWS', password: 'alias-token', expiresAt: new Date(Date.now() + 12 * hour) };
      throw new Error('AccessDeniedException: not allowed\nat line 2');
    },
  };
  return { deps, probed, forwarded, lines };
}

describe('createAlias', () => {
  it('redirects through its handler, and logs the request’s one line to the given sink', async () => {
    const { deps, lines, forwarded } = fakes(200);
    const event = httpApiEvent({ rawPath: '/v2/app/tags/list', rawQueryString: 'n=1' });
    delete event.headers?.authorization;
    const result = await createAlias(privateConfig, deps).handler(event);
    expect(result).toMatchObject({ statusCode: 307, headers: { location: `https://${registry}/v2/app/tags/list?n=1` } });
    expect(forwarded).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ path: '/v2/app/tags/list', status: 307, outcome: 'redirect' });
  });

  it('forwards a request that carries credentials with the forward it was given', async () => {
    const { deps, forwarded } = fakes(200);
    const result = await createAlias(privateConfig, deps).handler(httpApiEvent({ rawPath: '/v2/app/tags/list' }));
    expect(result.statusCode).toBe(200);
    expect(forwarded.map((request) => request.url)).toEqual([`https://${registry}/v2/app/tags/list`]);
  });

  it.each([
    [200, true, 'registry answers'],
    [401, true, 'registry answers'],
    [500, false, 'registry answered 500'],
    [new Error('connect ECONNREFUSED 127.0.0.3:1\nstack'), false, 'connect ECONNREFUSED 127.0.0.3:1'],
  ] as const)('is ready in private mode when the registry’s /v2/ answers %s: %s', async (status, ready, detail) => {
    const { deps, probed } = fakes(status);
    expect(await createAlias(privateConfig, deps).ready()).toEqual({ ready, detail });
    expect(probed).toEqual([{ url: `https://${registry}/v2/`, method: 'GET', headers: {}, timeoutMs: expect.any(Number) }]);
    expect(probed[0]?.timeoutMs).toBeLessThanOrEqual(5_000);
  });

  it('is ready in public mode with a registry token, which it sends to the registry, and counts the tokens fetched', async () => {
    const { deps, probed } = fakes(200, ['ok']);
    const alias = createAlias(publicConfig, deps);
    expect(alias.stats()).toEqual({ tokensFetched: 0, tokenFetchesFailed: 0 });
    expect(await alias.ready()).toEqual({ ready: true, detail: 'registry answers' });
    expect(probed[0]?.headers).toEqual({ authorization: `Basic ${Buffer.from('AWS:alias-token').toString('base64')}` });
    expect(alias.stats()).toEqual({ tokensFetched: 1, tokenFetchesFailed: 0 });
  });

  it('is not ready in public mode without a token, says why in one line, asks the registry nothing and counts the failure', async () => {
    const { deps, probed } = fakes(200, ['fail']);
    const alias = createAlias(publicConfig, deps);
    expect(await alias.ready()).toEqual({ ready: false, detail: 'AccessDeniedException: not allowed' });
    expect(probed).toEqual([]);
    expect(alias.stats()).toEqual({ tokensFetched: 0, tokenFetchesFailed: 1 });
  });

  it('is not ready in public mode when the registry answers 401 to its token', async () => {
    const { deps } = fakes(401, ['ok']);
    expect(await createAlias(publicConfig, deps).ready()).toEqual({ ready: false, detail: 'registry answered 401' });
  });

  it('keeps its counters per alias: two aliases share nothing', async () => {
    const first = createAlias(publicConfig, fakes(200, ['ok']).deps);
    const second = createAlias(publicConfig, fakes(200, ['fail']).deps);
    await Promise.all([first.ready(), second.ready()]);
    expect([first.stats(), second.stats()]).toEqual([
      { tokensFetched: 1, tokenFetchesFailed: 0 },
      { tokensFetched: 0, tokenFetchesFailed: 1 },
    ]);
  });
});
