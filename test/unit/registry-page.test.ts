import { describe, expect, it } from 'vitest';
import { type AliasDeps, createAlias } from '../../function/src/alias.ts';
import type { ForwardRequest } from '../../function/src/forward.ts';
import { createHandler, TAG_WAIT_MS } from '../../function/src/handler.ts';
import type { ScanTags } from '../../function/src/repository-tags.ts';
import { PAGE_CSP, renderMessage } from '../../function/src/page.ts';
import { readConfig } from '../../src/core/config.ts';
import type { TagScan, TagVerdict } from '../../src/core/ecr.ts';
import { httpApiEvent } from '../support/events.ts';
import { fakeRegistry, forwardTo } from '../support/page-registry.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const HOSTILE = '<img src=x onerror=alert(1)>';
const TOKEN = `Basic ${Buffer.from('AWS:alias-token').toString('base64')}`;

/** A registry with app (listed), shared/tool (tagged, a hostile description), team/secret (neither), and the calls the alias made to it. */
function world(verdicts: Record<string, TagVerdict> = { 'shared/tool': 'tagged', 'team/secret': 'untagged' }, scanDelayMs = 0) {
  const r = fakeRegistry();
  r.tag('app', 'latest', r.image({ architecture: 'amd64', os: 'linux' }, [1_000]).digest);
  r.tag('shared/tool', 'v1', r.image({ architecture: 'arm64', os: 'linux', config: { Labels: { 'org.opencontainers.image.description': HOSTILE } } }, [2_000]).digest);
  r.tag('team/secret', 'latest', r.image({ architecture: 'amd64', os: 'linux', config: { Labels: { 'org.opencontainers.image.description': 'private plans' } } }, [3_000]).digest);
  const forwarded: ForwardRequest[] = [];
  const forward = forwardTo(r.reader, registry);
  let scans = 0;
  const scanTags: ScanTags = async (signal) => {
    scans++;
    if (scanDelayMs < 0) return new Promise<TagScan>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    await new Promise((resolve) => setTimeout(resolve, scanDelayMs));
    return { repositories: new Map(Object.entries(verdicts)), truncated: false };
  };
  const deps: AliasDeps = {
    log: () => undefined,
    issuer: () => async () => ({ username: 'AWS', password: 'alias-token', expiresAt: new Date(Date.now() + 3_600_000) }),
    scanTags,
    forward: (request) => {
      forwarded.push(request);
      return forward(request);
    },
  };
  return { r, deps, forwarded, scans: () => scans };
}

const config = (env: Record<string, string> = {}) => readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_REPOSITORY_TAG: 'public=true', ...env });
const anonymous = (over: Parameters<typeof httpApiEvent>[0]) => {
  const event = httpApiEvent(over);
  delete event.headers?.authorization;
  return event;
};
const page = (query = '', method = 'GET') => anonymous({ method, rawPath: '/', rawQueryString: query, headers: { 'user-agent': 'Mozilla/5.0', accept: 'text/html' } });
const manifest = (repository: string) => anonymous({ rawPath: `/v2/${repository}/manifests/${repository === 'shared/tool' ? 'v1' : 'latest'}`, headers: { 'user-agent': 'containerd/1.6.20' } });

describe('public access with a registry page and a publishing tag', () => {
  it('answers GET / with the page of the listed and tagged repositories, read with the alias’s token, blobs from storage without it', async () => {
    const { deps, forwarded } = world();
    const result = await createAlias(config(), deps).handler(page());
    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_CSP, 'cache-control': 'public, max-age=30' } });
    const body = String(result.body);
    expect([...body.matchAll(/<h2 id="r\d+"><a [^>]*>([^<]*)<\/a><\/h2>/g)].map((m) => m[1])).toEqual(['app', 'shared/tool']);
    expect(body).toContain('<p>2 repositories.</p>');
    expect(body).toContain(`<p class="description">&lt;img src=x onerror=alert(1)&gt;</p>`);
    expect(body).not.toContain(HOSTILE);
    expect(body).toContain('value="docker pull ecr.example.com/shared/tool:v1"');
    // Never asked about, never shown, never counted.
    expect(body).not.toContain('team/secret');
    expect(body).not.toContain('private plans');
    expect(forwarded.some((request) => request.url.includes('team/secret'))).toBe(false);
    const toRegistry = forwarded.filter((request) => new URL(request.url).host === registry);
    const toStorage = forwarded.filter((request) => new URL(request.url).host === 'storage.example');
    expect(toRegistry.length).toBeGreaterThan(0);
    expect(toStorage.length).toBeGreaterThan(0);
    expect(toRegistry.every((request) => request.headers.authorization === TOKEN)).toBe(true);
    expect(toStorage.every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  it('pulls a tagged repository like a listed one, and answers an untagged, unlisted one as missing', async () => {
    const { deps } = world();
    const alias = createAlias(config(), deps);
    expect((await alias.handler(manifest('shared/tool'))).statusCode).toBe(200);
    expect((await alias.handler(manifest('app'))).statusCode).toBe(200);
    const denied = await alias.handler(manifest('team/secret'));
    expect(denied.statusCode).toBe(404);
    expect(JSON.parse(String(denied.body))).toMatchObject({ errors: [{ code: 'NAME_UNKNOWN' }] });
    expect((await alias.handler(page('repository=team%2Fsecret'))).statusCode).toBe(404);
    expect(alias.stats()).toMatchObject({ tags: { scans: 1, failedScans: 0, tagged: 1 } });
  });

  it('has the first request of a cold container wait for the first scan, and no later one', async () => {
    const { deps, scans } = world(undefined, 50);
    const alias = createAlias(config(), deps);
    expect((await alias.handler(manifest('shared/tool'))).statusCode).toBe(200);
    const started = performance.now();
    await alias.handler(manifest('shared/tool'));
    expect(performance.now() - started).toBeLessThan(40);
    expect(scans()).toBe(1);
  });

  it('waits at most TAG_WAIT_MS for a first scan that stalls, then opens nothing it has not seen tagged', async () => {
    const { deps } = world(undefined, -1);
    const alias = createAlias(config({ PUBLIC_REPOSITORY_TAG_TTL: '60' }), deps);
    const started = performance.now();
    const [tagged, listed] = await Promise.all([alias.handler(manifest('shared/tool')), alias.handler(manifest('app'))]);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(TAG_WAIT_MS - 5);
    expect(took).toBeLessThan(TAG_WAIT_MS + 1_000);
    expect([tagged.statusCode, listed.statusCode]).toEqual([404, 200]);
  });

  it('answers HEAD / with the page’s headers and a body the gateway measures', async () => {
    const { deps } = world();
    const result = await createAlias(config(), deps).handler(page('', 'HEAD'));
    expect(result).toMatchObject({ statusCode: 200, headers: { 'content-security-policy': PAGE_CSP } });
    expect(String(result.body)).toContain('<!doctype html>');
  });

  it('challenges the page before anything else in basic mode, and keeps it out of every cache behind the login', async () => {
    const { deps, forwarded } = world();
    const pages: string[] = [];
    const basic = readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_AUTH: 'basic', BASIC_AUTH_FILE: '/x' });
    const handler = createHandler(basic, () => undefined, deps.forward, {
      token: { authorization: async () => TOKEN, discard: () => undefined },
      checkCredentials: async (authorization) => authorization === 'Basic dTpw',
      page: async (query, host, deadlineMs) => {
        pages.push(query);
        return renderMessage(host, 404, `made within ${deadlineMs} ms`, true);
      },
    });
    const challenged = await handler(page('q=x'));
    expect(challenged).toMatchObject({ statusCode: 401, headers: { 'www-authenticate': 'Basic realm="https://ecr.example.com/"' } });
    expect(pages).toEqual([]);
    const shown = await handler(httpApiEvent({ rawPath: '/', rawQueryString: 'q=x', headers: { authorization: 'Basic dTpw' } }));
    expect(shown).toMatchObject({ statusCode: 404, headers: { 'cache-control': 'no-store' } });
    expect(pages).toEqual(['q=x']);
    expect(forwarded).toEqual([]);
  });

  it('makes the page within the function’s deadline when the registry stalls', async () => {
    const { r, deps } = world();
    r.stalled.add('/v2/app/tags/list');
    const started = performance.now();
    const result = await createAlias(config(), deps).handler(page(), { getRemainingTimeInMillis: () => 1_600 - (performance.now() - started) });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result.statusCode).toBe(200);
    expect(String(result.body)).toContain('Its tags could not be read just now');
  });

  it('has no page in private access', async () => {
    const { deps, forwarded } = world();
    const result = await createAlias(readConfig({ ECR_REGISTRY: registry }), deps).handler(page());
    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toBe('application/json');
    expect(forwarded).toEqual([]);
  });
});
