import { describe, expect, it } from 'vitest';
import { createBasicAuth, parseCredentials } from '../../function/src/basic-auth.ts';
import { type AliasConfig, readConfig } from '../../src/core/config.ts';
import { decide, type RegistryRequest } from '../../function/src/decide.ts';
import type { ForwardRequest, ForwardResponse } from '../../function/src/forward.ts';
import { createHandler } from '../../function/src/handler.ts';
import { NAME_UNKNOWN } from '../../src/core/oci.ts';
import { rewriteLink } from '../../function/src/answer.ts';
import { createTokenKeeper, TokenUnavailable } from '../../function/src/registry-token.ts';
import { httpApiEvent } from '../support/events.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const publicConfig = (auth = 'none'): AliasConfig =>
  readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app,team/*', PUBLIC_AUTH: auth, ...(auth === 'basic' ? { BASIC_AUTH_FILE: '/x' } : {}) });
const request = (over: Partial<RegistryRequest>): RegistryRequest => ({ method: 'GET', path: '/v2/', query: '', headers: {}, alias: 'ecr.example.com', ...over });
const digest = 'sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce';

describe('public access configuration', () => {
  it('reads the allow-list, auth mode and the registry region', () => {
    const config = readConfig({ ECR_REGISTRY: '123456789012.dkr.ecr.eu-west-2.amazonaws.com', ACCESS: 'public', PUBLIC_REPOSITORIES: ' app , team/* ' });
    expect(config.public).toMatchObject({ repositories: ['app', 'team/*'], auth: 'none', region: 'eu-west-2' });
  });

  it.each([
    [{ ACCESS: 'open' }, /^ACCESS must be one of private, public/],
    [{ ACCESS: 'public' }, /^PUBLIC_REPOSITORIES is empty/],
    [{ ACCESS: 'public', PUBLIC_REPOSITORIES: 'App' }, /^PUBLIC_REPOSITORIES has "App"/],
    [{ ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_AUTH: 'oauth' }, /^PUBLIC_AUTH must be one of none, basic, custom/],
    [{ ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_AUTH: 'basic' }, /^PUBLIC_AUTH=basic needs exactly one of/],
    [{ ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_AUTH: 'basic', BASIC_AUTH_FILE: 'a', BASIC_AUTH_SSM_PARAMETER: 'b' }, /^PUBLIC_AUTH=basic needs exactly one of/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => readConfig({ ECR_REGISTRY: registry, ...env })).toThrow(message);
  });

  it('needs a region when the registry is not an ECR host', () => {
    expect(() => readConfig({ ECR_REGISTRY: '127.0.0.3:5000', ACCESS: 'public', PUBLIC_REPOSITORIES: 'app' })).toThrow(/region/);
    expect(readConfig({ ECR_REGISTRY: '127.0.0.3:5000', ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', AWS_REGION: 'us-west-2' }).public?.region).toBe('us-west-2');
  });
});

describe('public access decisions', () => {
  const config = publicConfig();

  it('answers /v2/ anonymously with the API version header', () => {
    expect(decide(request({}), config)).toEqual({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' }, body: '{}' });
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('refuses %s with 405 UNSUPPORTED, for allowed and denied repositories alike', (method) => {
    const allowed = decide(request({ method, path: '/v2/app/blobs/uploads/' }), config);
    const denied = decide(request({ method, path: '/v2/secret/blobs/uploads/' }), config);
    expect(allowed).toEqual(denied);
    expect(allowed).toMatchObject({ kind: 'reply', status: 405, headers: { allow: 'GET, HEAD' } });
    expect(JSON.parse((allowed as { body: string }).body)).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it.each([
    ['/v2/app/manifests/v1', `https://${registry}/v2/app/manifests/v1`],
    ['/v2/team/web/tags/list', `https://${registry}/v2/team/web/tags/list`],
    [`/v2/team/web/blobs/${digest}`, `https://${registry}/v2/team/web/blobs/${digest}`],
  ])('pulls %s from the registry with the alias token', (path, url) => {
    expect(decide(request({ path, headers: { accept: 'application/vnd.oci.image.index.v1+json', authorization: 'Basic Y2xpZW50', cookie: 'c=1' } }), config)).toEqual({
      kind: 'pull',
      url,
      method: 'GET',
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    });
  });

  it('passes only the query parameters each endpoint understands', () => {
    const outcome = decide(request({ path: '/v2/app/tags/list', query: 'n=1&last=v1&evil=%0d%0a&url=https://x' }), config);
    expect(outcome).toMatchObject({ kind: 'pull', url: `https://${registry}/v2/app/tags/list?n=1&last=v1` });
    expect(decide(request({ path: '/v2/app/manifests/v1', query: 'n=1' }), config)).toMatchObject({ url: `https://${registry}/v2/app/manifests/v1` });
  });

  it.each([
    '/v2/secret/manifests/v1',
    '/v2/team/web/sub/manifests/v1',
    '/v2/team/../secret/manifests/v1',
    '/v2/team//secret/manifests/v1',
    '/v2/App/manifests/v1',
    '/v2/APP/manifests/v1',
    '/v2/team%2Fweb/manifests/v1',
    '/v2/app/blobs/uploads/',
    '/v2/app/nothing',
  ])('answers %s exactly like a missing repository', (path) => {
    expect(decide(request({ path }), config)).toEqual({ kind: 'reply', status: 404, headers: { 'content-type': 'application/json' }, body: NAME_UNKNOWN.body });
  });

  it('asks for the catalog with n capped at 1000', () => {
    expect(decide(request({ path: '/v2/_catalog', query: 'n=5000&last=app' }), config)).toEqual({ kind: 'catalog', n: 1000, last: 'app' });
    expect(decide(request({ path: '/v2/_catalog' }), config)).toEqual({ kind: 'catalog', n: undefined, last: undefined });
  });

  it('challenges every request without valid Basic credentials in basic mode, /v2/ included', () => {
    const basic = publicConfig('basic');
    for (const path of ['/v2/', '/v2/app/manifests/v1', '/v2/secret/manifests/v1']) {
      expect(decide(request({ path, credentials: 'invalid' }), basic)).toEqual({ kind: 'challenge', realm: 'https://ecr.example.com/' });
    }
    expect(decide(request({ path: '/v2/app/manifests/v1', credentials: 'valid' }), basic)).toMatchObject({ kind: 'pull' });
  });

  it('answers every request 503 when basic mode cannot load its password, whatever it asks for', () => {
    const basic = publicConfig('basic');
    for (const over of [{ path: '/v2/' }, { path: '/v2/app/manifests/v1' }, { method: 'POST', path: '/v2/app/blobs/uploads/' }, { path: '/admin' }]) {
      const outcome = decide(request({ ...over, credentials: 'unavailable' }), basic);
      expect(outcome).toMatchObject({ kind: 'unavailable', reply: { status: 503 } });
    }
  });

  it.each(['GET', 'HEAD'])('answers %s / with the registry page, its query as sent', (method) => {
    expect(decide(request({ method, path: '/', query: 'q=a%20b&page=2' }), config)).toEqual({ kind: 'page', query: 'q=a%20b&page=2' });
  });

  it('refuses a write to / as read-only, and keeps every other path outside /v2 a 404', () => {
    expect(decide(request({ method: 'POST', path: '/' }), config)).toMatchObject({ kind: 'reply', status: 405, headers: { allow: 'GET, HEAD' } });
    for (const path of ['/index.html', '/favicon.ico', '//', '/?']) expect(decide(request({ path }), config)).toMatchObject({ kind: 'reply', status: 404 });
  });

  it('challenges the page first in basic mode, exactly like a pull; in custom mode the authorizer ran before it', () => {
    const basic = publicConfig('basic');
    for (const credentials of [undefined, 'invalid'] as const) {
      expect(decide(request({ path: '/', ...(credentials ? { credentials } : {}) }), basic)).toEqual({ kind: 'challenge', realm: 'https://ecr.example.com/' });
    }
    expect(decide(request({ path: '/', credentials: 'valid' }), basic)).toEqual({ kind: 'page', query: '' });
    expect(decide(request({ path: '/', credentials: 'unavailable' }), basic)).toMatchObject({ kind: 'unavailable' });
    expect(decide(request({ path: '/' }), publicConfig('custom'))).toEqual({ kind: 'page', query: '' });
  });

  it('has no page in private access: / stays the 404 outside /v2', () => {
    const outcome = decide(request({ path: '/', headers: { 'user-agent': 'Mozilla/5.0' } }), readConfig({ ECR_REGISTRY: registry }));
    expect(outcome).toMatchObject({ kind: 'reply', status: 404 });
    expect(JSON.parse((outcome as { body: string }).body)).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it('in custom mode, challenges /v2/ until the client sends credentials', () => {
    const custom = publicConfig('custom');
    expect(decide(request({}), custom)).toMatchObject({ kind: 'challenge' });
    expect(decide(request({ headers: { authorization: 'Bearer x' } }), custom)).toMatchObject({ kind: 'reply', status: 200 });
  });
});

describe('the registry token', () => {
  const token = (password: string, expiresAt: number) => ({ username: 'AWS', password, expiresAt: new Date(expiresAt) });
  const basic = (password: string) => `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`;
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('fetches once, reuses it across calls, and renews 15 minutes before expiry', async () => {
    let clock = 0;
    let calls = 0;
    const keeper = createTokenKeeper(async () => token(`p${++calls}`, clock + 12 * 3600_000), { now: () => clock });
    expect(await keeper.authorization()).toBe(basic('p1'));
    clock = 11 * 3600_000 + 44 * 60_000;
    expect(await keeper.authorization()).toBe(basic('p1'));
    expect(calls).toBe(1);
    clock = 11 * 3600_000 + 45 * 60_000;
    // The held token is still valid: it is handed out while the renewal runs.
    expect(await keeper.authorization()).toBe(basic('p1'));
    await settle();
    expect(await keeper.authorization()).toBe(basic('p2'));
    expect(calls).toBe(2);
  });

  it('shares one fetch between concurrent callers', async () => {
    let calls = 0;
    const keeper = createTokenKeeper(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return token('p', Date.now() + 3600_000);
    });
    await Promise.all(Array.from({ length: 20 }, () => keeper.authorization()));
    expect(calls).toBe(1);
  });

  it('keeps handing out a still-valid token while renewal fails, with one fetch per backoff step', async () => {
    let clock = 0;
    let calls = 0;
    let down = false;
    const keeper = createTokenKeeper(
      async () => {
        calls++;
        if (down) throw new Error('ECR API unavailable');
        return token(`p${calls}`, clock + 12 * 3600_000);
      },
      { now: () => clock },
    );
    await keeper.authorization();
    down = true;
    clock = 11 * 3600_000 + 46 * 60_000;
    for (let i = 0; i < 790; i++) {
      expect(await keeper.authorization()).toBe(basic('p1'));
      await settle();
      clock += 100;
    }
    // 79 s of failures: fetches at 0, 1, 3, 7, 15, 31 and 63 s into the window, never one per request.
    expect(calls).toBeLessThanOrEqual(1 + 8);
    down = false;
    clock += 60_000;
    await keeper.authorization();
    await settle();
    expect(await keeper.authorization()).toMatch(/^Basic /);
    expect(await keeper.authorization()).not.toBe(basic('p1'));
  });

  it('fails fast once no valid token is left, and fetches again after the backoff', async () => {
    let clock = 0;
    let calls = 0;
    const keeper = createTokenKeeper(
      async () => {
        calls++;
        throw new Error('AccessDenied');
      },
      { now: () => clock },
    );
    await expect(keeper.authorization()).rejects.toThrow('AccessDenied');
    for (let i = 0; i < 100; i++) await expect(keeper.authorization()).rejects.toThrow(TokenUnavailable);
    expect(calls).toBe(1);
    clock += 1_000;
    await expect(keeper.authorization()).rejects.toThrow('AccessDenied');
    expect(calls).toBe(2);
  });

  it('gives up on a fetch that never answers within its deadline, and the next request is not held by it', async () => {
    let calls = 0;
    const keeper = createTokenKeeper(
      (signal) => {
        calls++;
        return new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
      { fetchTimeoutMs: 50, backoffMs: { first: 0, max: 0 } },
    );
    const started = Date.now();
    await expect(keeper.authorization()).rejects.toThrow(/no registry token within 50 ms/);
    await expect(keeper.authorization()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(calls).toBe(2);
  });

  it('fetches at once after the first refusal, then backs off while fresh tokens keep being refused', async () => {
    let clock = 0;
    let calls = 0;
    const keeper = createTokenKeeper(async () => token(`p${++calls}`, clock + 12 * 3600_000), { now: () => clock });
    await keeper.authorization();
    clock += 2 * 3600_000;
    keeper.discard();
    await keeper.authorization();
    expect(calls).toBe(2);
    // 1,796 requests in 10 s, each refused by the registry.
    for (let i = 0; i < 1796; i++) {
      await keeper.authorization().catch(() => undefined);
      keeper.discard();
      clock += 10_000 / 1796;
    }
    expect(calls).toBeLessThan(12);
  });
});

describe('Basic credentials', () => {
  const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('accepts exactly the stored username and password', async () => {
    const check = createBasicAuth(async () => ({ username: 'puller', password: 's3cret:with:colons' }));
    expect(await check(header('puller', 's3cret:with:colons'))).toBe(true);
    for (const wrong of [header('puller', 's3cret'), header('other', 's3cret:with:colons'), header('', ''), 'Basic', 'Bearer x', undefined, 'Basic !!!']) {
      expect(await check(wrong)).toBe(false);
    }
  });

  it('loads the credentials once, and again only after a failed load', async () => {
    let loads = 0;
    const check = createBasicAuth(async () => {
      loads++;
      if (loads === 1) throw new Error('ssm down');
      return { username: 'u', password: 'p' };
    });
    await expect(check(header('u', 'p'))).rejects.toThrow('ssm down');
    expect(await check(header('u', 'p'))).toBe(true);
    expect(await check(header('u', 'p'))).toBe(true);
    expect(loads).toBe(2);
  });

  it.each([
    ['u:p', { username: 'u', password: 'p' }],
    ['  u:p:q\n', { username: 'u', password: 'p:q' }],
    ['{"username":"u","password":"p"}', { username: 'u', password: 'p' }],
  ])('parses %j', (text, expected) => {
    expect(parseCredentials(text, 'test')).toEqual(expected);
  });

  it.each(['', 'nocolon', ':p', 'u:', '{"username":"u"}'])('refuses %j without echoing it', (text) => {
    expect(() => parseCredentials(text, 'SSM parameter x')).toThrow(/^SSM parameter x must hold username:password/);
  });
});

describe('Link and catalog rewriting', () => {
  it.each([
    ['</v2/app/tags/list?last=v1&n=1>; rel="next"', '<https://ecr.example.com/v2/app/tags/list?last=v1&n=1>; rel="next"'],
    [`<https://${registry}/v2/app/tags/list?last=v1&n=1>; rel="next"`, '<https://ecr.example.com/v2/app/tags/list?last=v1&n=1>; rel="next"'],
    ['<https://evil.example.com/v2/x>; rel="next"', undefined],
    ['garbage', undefined],
  ])('rewrites %j', (link, expected) => {
    expect(rewriteLink(link, registry, 'ecr.example.com')).toBe(expected);
  });

  const upstreamCatalog = ['aaa', 'app', 'secret', 'team/a', 'team/b', 'team/b/deep', 'zzz'];
  const get = (pageSize: number) => async (url: string): Promise<ForwardResponse> => {
    const params = new URL(url).searchParams;
    const last = params.get('last');
    const start = last === null ? 0 : upstreamCatalog.findIndex((r) => r > last);
    const page = start === -1 ? [] : upstreamCatalog.slice(start, start + pageSize);
    const more = start !== -1 && start + pageSize < upstreamCatalog.length;
    return { status: 200, headers: more ? { link: `</v2/_catalog?last=${page.at(-1)}&n=${pageSize}>; rel="next"` } : {}, body: Buffer.from(JSON.stringify({ repositories: page })) };
  };
  const allows = publicConfig().public?.allows ?? (() => false);
  /** One page of the alias's catalog, through the handler, with `answer` standing in for the registry. */
  const catalogPage = (query: { n: number | undefined; last: string | undefined }, answer: (url: string) => Promise<ForwardResponse>) => {
    const token = createTokenKeeper(async () => ({ username: 'AWS', password: 't', expiresAt: new Date(Date.now() + 3600_000) }));
    const handler = createHandler(publicConfig(), () => undefined, (request) => answer(request.url), { token });
    const params = new URLSearchParams();
    if (query.n !== undefined) params.set('n', String(query.n));
    if (query.last !== undefined) params.set('last', query.last);
    return handler(httpApiEvent({ rawPath: '/v2/_catalog', rawQueryString: params.toString() }));
  };

  it('lists only allowed repositories', async () => {
    const page = await catalogPage({ n: undefined, last: undefined }, get(2));
    expect(JSON.parse(page.body ?? '')).toEqual({ repositories: ['app', 'team/a', 'team/b'] });
    expect(page.headers?.link).toBeUndefined();
  });

  it('pages with n, and every cursor it hands out is an allowed name', async () => {
    const seen: string[] = [];
    let last: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await catalogPage({ n: 1, last }, get(2));
      seen.push(...(JSON.parse(page.body ?? '') as { repositories: string[] }).repositories);
      const link = page.headers?.link;
      if (link === undefined) break;
      const next = new URL(/<([^>]+)>/.exec(link)?.[1] ?? '');
      expect(next.host).toBe('ecr.example.com');
      last = next.searchParams.get('last') ?? undefined;
      expect(allows(last ?? '')).toBe(true);
    }
    expect(seen).toEqual(['app', 'team/a', 'team/b']);
  });
});

describe('public pulls through the handler', () => {
  function setup(answer: (request: ForwardRequest) => ForwardResponse) {
    const sent: ForwardRequest[] = [];
    let fetched = 0;
    const token = createTokenKeeper(async () => {
      fetched++;
      return { username: 'AWS', password: `token-${fetched}`, expiresAt: new Date(Date.now() + 12 * 3600_000) };
    });
    const handler = createHandler(publicConfig(), () => undefined, async (request) => {
      sent.push(request);
      return answer(request);
    }, { token });
    return { handler, sent, fetched: () => fetched };
  }

  it('sends the alias token, never the client’s credentials, and drops the registry challenge', async () => {
    const { handler, sent } = setup(() => ({ status: 200, headers: { 'www-authenticate': 'Basic realm="x"', 'docker-content-digest': digest, 'content-length': '2' }, body: Buffer.from('{}') }));
    const result = await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/app/manifests/v1' }));
    expect(sent[0]?.headers.authorization).toBe(`Basic ${Buffer.from('AWS:token-1').toString('base64')}`);
    expect(result.headers?.['www-authenticate']).toBeUndefined();
    expect(result.headers?.['docker-content-digest']).toBe(digest);
    // A manifest HEAD is fetched with GET and answered with its body, which the gateway measures and never sends.
    expect(sent[0]?.method).toBe('GET');
    expect(result.headers?.['content-length']).toBeUndefined();
    expect(Buffer.from(result.body ?? '', 'base64').toString()).toBe('{}');
  });

  it('makes one token call for many requests, and renews once when the registry refuses the token', async () => {
    let refuse = false;
    const { handler, fetched } = setup(() => (refuse ? ((refuse = false), { status: 401, headers: {}, body: Buffer.alloc(0) }) : { status: 200, headers: {}, body: Buffer.alloc(0) }));
    for (let i = 0; i < 5; i++) await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }));
    expect(fetched()).toBe(1);
    refuse = true;
    expect((await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }))).statusCode).toBe(200);
    expect(fetched()).toBe(2);
  });

  it('answers 502 when the registry refuses a freshly fetched token too', async () => {
    const { handler, fetched } = setup(() => ({ status: 401, headers: {}, body: Buffer.alloc(0) }));
    const result = await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }));
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
    expect(fetched()).toBe(2);
  });

  it('lists the catalog through the handler with the alias token', async () => {
    const { handler, sent } = setup(() => ({ status: 200, headers: {}, body: Buffer.from('{"repositories":["app","secret","team/x"]}') }));
    const result = await handler(httpApiEvent({ rawPath: '/v2/_catalog' }));
    expect(JSON.parse(result.body ?? '')).toEqual({ repositories: ['app', 'team/x'] });
    expect(sent[0]?.url).toBe(`https://${registry}/v2/_catalog?n=1000`);
    expect(sent[0]?.headers.authorization).toMatch(/^Basic /);
  });

  it.each([
    ['HTML from a proxy', '<html>Bad Gateway</html>'],
    ['JSON without a list', '{"repositories":"app"}'],
    ['a JSON string', '"app"'],
  ])('answers a catalog that is %s with 502 OCI error JSON, logged, instead of throwing', async (_what, body) => {
    const lines: string[] = [];
    const handler = createHandler(publicConfig(), (line) => lines.push(line), async () => ({ status: 200, headers: {}, body: Buffer.from(body) }), {
      token: createTokenKeeper(async () => ({ username: 'AWS', password: 't', expiresAt: new Date(Date.now() + 3600_000) })),
    });
    const result = await handler(httpApiEvent({ rawPath: '/v2/_catalog' }));
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ status: 502, outcome: 'catalog' });
  });

  it('keeps a hostile Host out of the catalog’s Link', async () => {
    const { handler } = setup(() => ({ status: 200, headers: {}, body: Buffer.from('{"repositories":["app","team/x"]}') }));
    const event = httpApiEvent({ rawPath: '/v2/_catalog', rawQueryString: 'n=1' });
    event.requestContext.domainName = 'a>; rel="next", <https://evil.example/v2/_catalog';
    const result = await handler(event);
    const link = result.headers?.link ?? '';
    expect(link.match(/</g)).toHaveLength(1);
    expect(link).toMatch(/^<https:\/\/[A-Za-z0-9.:\[\]-]+\/v2\/_catalog\?/);
  });

  it('makes a repository the registry lacks look exactly like a denied one', async () => {
    const { handler, sent } = setup(() => ({ status: 404, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"errors":[{"code":"NAME_UNKNOWN","message":"The repository with name \'app\' does not exist"}]}') }));
    const missing = await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }));
    const denied = await handler(httpApiEvent({ rawPath: '/v2/secret/manifests/v1' }));
    expect(sent).toHaveLength(1);
    expect(missing).toEqual(denied);
  });

  it('rewrites the tags Link header to the alias', async () => {
    const { handler } = setup(() => ({ status: 200, headers: { link: '</v2/app/tags/list?last=v1&n=1>; rel="next"' }, body: Buffer.from('{"name":"app","tags":["v1"]}') }));
    const result = await handler(httpApiEvent({ rawPath: '/v2/app/tags/list', rawQueryString: 'n=1' }));
    expect(result.headers?.link).toBe('<https://ecr.example.com/v2/app/tags/list?last=v1&n=1>; rel="next"');
  });

  it('passes blob redirects to storage through untouched', async () => {
    const { handler } = setup(() => ({ status: 307, headers: { location: 'https://bucket.s3.amazonaws.com/x?X-Amz-Signature=s' }, body: Buffer.alloc(0) }));
    const result = await handler(httpApiEvent({ rawPath: `/v2/app/blobs/${digest}` }));
    expect(result).toMatchObject({ statusCode: 307, headers: { location: 'https://bucket.s3.amazonaws.com/x?X-Amz-Signature=s' } });
  });

  it.each([
    ['the configured credentials', async () => true, 200, 'pull'],
    ['other credentials', async () => false, 401, 'challenge'],
    ['a password that cannot be loaded', async () => Promise.reject(new Error('ssm down')), 503, 'unavailable'],
  ])('in basic mode, answers a pull with %s %i, logged as %s', async (_what, checkCredentials, status, outcome) => {
    const lines: string[] = [];
    const token = createTokenKeeper(async () => ({ username: 'AWS', password: 't', expiresAt: new Date(Date.now() + 3600_000) }));
    const handler = createHandler(publicConfig('basic'), (line) => lines.push(line), async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }), { token, checkCredentials });
    const result = await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }));
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ status, outcome });
  });

  it('answers 503 when no token can be had', async () => {
    const handler = createHandler(publicConfig(), () => undefined, async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) }), {
      token: createTokenKeeper(async () => {
        throw new Error('AccessDenied');
      }),
    });
    const result = await handler(httpApiEvent({ rawPath: '/v2/app/manifests/v1' }));
    expect(result.statusCode).toBe(503);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
  });
});
