/**
 * Publishing by ECR tag and the registry page, end to end through real processes: `ecr-custom-domain serve --access
 * public --repository-tag team=public` (the api-gateway door, and the proxy door) in front of Debian's docker-registry
 * (test/e2e/stand-in.ts, the distribution profile: TLS, Basic auth as ECR, blobs redirected to a separate storage
 * host), learning tags from the ECR API stand-in with the real SDK through AWS_ENDPOINT_URL_ECR. skopeo pulls
 * anonymously; the page is read over HTTPS as a browser would.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alias, type StandIn, startStandIn } from '../e2e/stand-in.ts';
import { send } from '../support/http.ts';
import { ROOT, startServe } from '../support/processes.ts';
import { pushImage, type Registry } from '../support/oci-push.ts';

const run = promisify(execFile);
const HOSTILE = '<img src=x onerror=alert(1)>';
const TTL_SECONDS = 2;
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIAPUBLISHBYTAG0001', AWS_SECRET_ACCESS_KEY: 'publish-by-tag-secret', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

let dir: string;
let s: StandIn;
let ca: Buffer;
let certDir: string;
let alias: Alias;
/** Manifest digests pushed, by repository. */
const pushed = new Map<string, string>();

async function skopeoPull(host: string, reference: string): Promise<{ ok: boolean; digest?: string; error?: string }> {
  const out = join(dir, `pull-${Math.random().toString(36).slice(2)}`);
  try {
    await run('skopeo', ['copy', '--src-no-creds', '--src-cert-dir', certDir, `docker://${host}/${reference}`, `oci:${out}:x`], { env: { PATH: process.env.PATH, HOME: dir }, timeout: 60_000 });
  } catch (error) {
    return { ok: false, error: String((error as { stderr?: string }).stderr ?? error).trim().split('\n').at(-1) ?? '' };
  }
  const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  return { ok: true, ...(index.manifests[0] ? { digest: index.manifests[0].digest } : {}) };
}

const page = (query = '', method = 'GET', headers: Record<string, string> = {}) => send(`https://${alias.host}`, `/${query}`, { method, ca, headers: { accept: 'text/html', ...headers } });
const manifest = (host: string, repository: string) =>
  send(`https://${host}`, `/v2/${repository}/manifests/v1`, { ca, headers: { accept: 'application/vnd.oci.image.manifest.v1+json', 'user-agent': 'containerd/1.6.20~ds1' } });
/** The repositories the page shows, in order. */
const shown = (html: string) => [...html.matchAll(/<h2 id="r\d+"><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]);

/** Polls every 50 ms for up to `ms` until `condition` holds; the time it took, or undefined. */
async function within(ms: number, condition: () => Promise<boolean>): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (await condition()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-by-tag-'));
  s = await startStandIn(join(dir, 'stand-in'), { profile: 'distribution' });
  ca = await readFile(s.caFile);
  certDir = join(dir, 'certs');
  await mkdir(certDir);
  await copyFile(s.caFile, join(certDir, 'ca.crt'));
  const registry: Registry = { base: `https://${s.registry}`, authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}`, ca };
  const images: [string, Record<string, string>][] = [
    ['app', { 'org.opencontainers.image.description': 'Listed by name.' }],
    ['shared/tool', { 'org.opencontainers.image.description': HOSTILE, 'org.opencontainers.image.source': 'javascript:alert(2)' }],
    ['team/secret', { 'org.opencontainers.image.description': 'Secret plans.' }],
    ['later', { 'org.opencontainers.image.description': 'Tagged later.' }],
  ];
  for (const [repository, labels] of images) pushed.set(repository, (await pushImage(registry, repository, ['v1'], { labels, created: '2024-05-01T12:34:56Z', layers: [2048, 512] })).digest);
  s.api.tag('app');
  s.api.tag('shared/tool', { team: 'public', owner: 'tools' });
  s.api.tag('team/secret', { team: 'private' });
  s.api.tag('later', { owner: 'later' });
  alias = await s.startAlias(
    ['--access', 'public', '--repositories', 'app', '--repository-tag', 'team=public', '--repository-tag-ttl', String(TTL_SECONDS)],
    { ...AWS_ENV, AWS_ENDPOINT_URL_ECR: s.api.url },
  );
}, 120_000);

afterAll(async () => {
  await s?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('serve --access public --repository-tag team=public', () => {
  it('pulls a repository tagged in the ECR API anonymously with skopeo, as it pulls a listed one', async () => {
    for (const repository of ['shared/tool', 'app']) {
      const pulled = await skopeoPull(alias.host, `${repository}:v1`);
      expect(pulled, repository).toEqual({ ok: true, digest: pushed.get(repository) });
    }
    // The tags were read with the real SDK from the stand-in, with serve's own identity; listed repositories were not asked about.
    const tagCalls = s.api.calls.filter((call) => call.operation === 'ListTagsForResource');
    expect(tagCalls.length).toBeGreaterThan(0);
    expect(tagCalls.every((call) => call.accessKeyId === AWS_ENV.AWS_ACCESS_KEY_ID && call.region === 'us-east-1')).toBe(true);
    expect(tagCalls.some((call) => call.repository === 'app')).toBe(false);
  });

  it('neither pulls nor shows nor counts an untagged, unlisted repository', async () => {
    const pulled = await skopeoPull(alias.host, 'team/secret:v1');
    expect(pulled.ok).toBe(false);
    for (const method of ['GET', 'HEAD']) {
      const answer = await send(`https://${alias.host}`, '/v2/team/secret/manifests/v1', { method, ca });
      expect(answer.status, method).toBe(404);
    }
    const catalog = await send(`https://${alias.host}`, '/v2/_catalog', { ca });
    expect(JSON.parse(catalog.body.toString())).toEqual({ repositories: ['app', 'shared/tool'] });
    const html = (await page()).body.toString();
    expect(shown(html)).toEqual(['app', 'shared/tool']);
    expect(html).toContain('<p>2 repositories.</p>');
    expect(html).not.toContain('secret');
    expect(html).not.toContain('Secret plans');
    expect((await page('?repository=team%2Fsecret')).status).toBe(404);
    expect((await page('?q=secret')).body.toString()).toContain('No repositories matching “secret”.');
  });

  it('answers GET / with the page: tags, digest, platform, size, created time, the description as text, pull commands', async () => {
    const answer = await page();
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=30', 'x-content-type-options': 'nosniff' });
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
    const html = answer.body.toString();
    expect(html).toContain(`<h1><a href="/">${alias.host}</a></h1>`);
    expect(html).toContain('<p class="description">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('javascript:');
    expect(html).toContain(`value="docker pull ${alias.host}/shared/tool:v1"`);
    expect(html).toContain(`<code title="${pushed.get('shared/tool')}">`);
    expect(html).toContain('<li>linux/amd64</li>');
    expect(html).toContain('<time datetime="2024-05-01T12:34:56.000Z">2024-05-01 12:34 UTC</time>');
    // Compressed size: config and two gzipped layers of random bytes, about 3 kB.
    expect(html).toMatch(/<data value="\d+">\d\.\d kB<\/data>/);
    const head = await page('', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(answer.body.length));
  });

  it('stops serving a repository within the TTL of its tag being removed, and starts serving one tagged meanwhile', async () => {
    s.api.untag('shared/tool', ['team']);
    s.api.tag('later', { team: 'public' });
    try {
      // Each poll is traffic, as clients would make: scans follow it.
      const took = await within(4 * TTL_SECONDS * 1000, async () => {
        const [gone, added] = await Promise.all([manifest(alias.host, 'shared/tool'), manifest(alias.host, 'later')]);
        return gone.status === 404 && added.status === 200;
      });
      expect(took).toBeDefined();
      expect(took).toBeLessThanOrEqual(TTL_SECONDS * 1000);
      expect(shown((await page()).body.toString())).toEqual(['app', 'later']);
      expect((await skopeoPull(alias.host, 'later:v1')).digest).toBe(pushed.get('later'));
    } finally {
      s.api.tag('shared/tool', { team: 'public' });
      s.api.untag('later', ['team']);
    }
  });

  it('asks ECR nothing while idle, and answers the first request after the TTL from a fresh scan', async () => {
    // Settle back to shared/tool tagged, later not.
    expect(await within(4 * TTL_SECONDS * 1000, async () => (await manifest(alias.host, 'shared/tool')).status === 200 && (await manifest(alias.host, 'later')).status === 404)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000));
    const calls = s.api.calls.length;
    s.api.untag('shared/tool', ['team']);
    try {
      await new Promise((resolve) => setTimeout(resolve, TTL_SECONDS * 1000));
      expect(s.api.calls.length).toBe(calls);
      // One request, no polling: it waits for the scan it starts.
      expect((await manifest(alias.host, 'shared/tool')).status).toBe(404);
      expect(s.api.calls.length).toBeGreaterThan(calls);
    } finally {
      s.api.tag('shared/tool', { team: 'public' });
    }
  });

  it('counts its tag scans on /metrics', async () => {
    const metrics = (await send(`https://${alias.host}`, '/metrics', { ca })).body.toString();
    expect(metrics).toMatch(/^ecr_custom_domain_tag_scans_total\{[^}]*result="ok"[^}]*\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^ecr_custom_domain_tagged_repositories\{[^}]*\} \d+$/m);
  });
});

describe('the page in the other modes', () => {
  it('challenges for the page first with --auth basic, then shows it, kept by no cache', async () => {
    const passwordFile = join(dir, 'basic-auth');
    await writeFile(passwordFile, 'visitor:page-password\n', { mode: 0o600 });
    const basic = await s.startAlias(['--access', 'public', '--repository-tag', 'team=public', '--auth', 'basic', '--basic-auth-file', passwordFile], { ...AWS_ENV, AWS_ENDPOINT_URL_ECR: s.api.url });
    try {
      const challenged = await send(`https://${basic.host}`, '/', { ca });
      expect(challenged.status).toBe(401);
      expect(challenged.headers['www-authenticate']).toBe(`Basic realm="https://${basic.host}/"`);
      expect(challenged.body.toString()).not.toContain('shared/tool');
      const authorization = `Basic ${Buffer.from('visitor:page-password').toString('base64')}`;
      const shownPage = await send(`https://${basic.host}`, '/', { ca, headers: { authorization } });
      expect(shownPage.status).toBe(200);
      expect(shownPage.headers['cache-control']).toBe('no-store');
      const html = shownPage.body.toString();
      expect(shown(html)).toEqual(['shared/tool']);
      expect(html).toContain(`<code>docker login ${basic.host}</code>`);
    } finally {
      await basic.stop();
    }
  });

  it('serves the page and tagged pulls at the proxy door too (the ecs door’s serve)', async () => {
    const proxy = await s.startAlias(['--front-door', 'proxy', '--access', 'public', '--repository-tag', 'team=public'], { ...AWS_ENV, AWS_ENDPOINT_URL_ECR: s.api.url }, { listen: '127.0.0.8', tls: await s.issueTls('proxy-public', ['127.0.0.8']) });
    try {
      expect(shown((await send(`https://${proxy.host}`, '/', { ca })).body.toString())).toEqual(['shared/tool']);
      expect((await skopeoPull(proxy.host, 'shared/tool:v1')).digest).toBe(pushed.get('shared/tool'));
      expect((await manifest(proxy.host, 'team/secret')).status).toBe(404);
    } finally {
      await proxy.stop();
    }
  });

  it('does the same in the built Lambda bundle (what function/dist.zip holds, run by serve --handler), configured by PUBLIC_REPOSITORY_TAG', async () => {
    const lambda = await startServe(['--listen', '127.0.0.2:0', '--tls-cert', s.aliasTls.certFile, '--tls-key', s.aliasTls.keyFile, '--handler', `${ROOT}dist/function/index.js`], {
      ...AWS_ENV,
      AWS_ENDPOINT_URL_ECR: s.api.url,
      NODE_EXTRA_CA_CERTS: s.caFile,
      ECR_REGISTRY: s.registry,
      ACCESS: 'public',
      PUBLIC_REPOSITORY_TAG: 'team=public',
    });
    const host = lambda.url.replace('https://', '');
    try {
      expect(shown((await send(lambda.url, '/', { ca })).body.toString())).toEqual(['shared/tool']);
      expect((await skopeoPull(host, 'shared/tool:v1')).digest).toBe(pushed.get('shared/tool'));
      expect((await manifest(host, 'team/secret')).status).toBe(404);
    } finally {
      await lambda.stop();
    }
  });

  it('has no page in private access: GET / is the JSON 404 it always was', async () => {
    const answer = await send(`https://${s.alias}`, '/', { ca, headers: { accept: 'text/html' } });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });
});
