import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Answer,
  type Check,
  classifyPing,
  type Door,
  expectBlobGet,
  expectBlobHead,
  expectClassicDocker,
  expectContainerdChallenge,
  expectCredHelper,
  expectHelperMapping,
  expectManifestHead,
  expectPublicUpload,
  expectTagLink,
  expectUploadSession,
  withCancel,
} from '../../src/doctor/checks.ts';
import { doctor, type DoctorIo, parseTarget, readManifest } from '../../src/doctor/doctor.ts';
import { type HttpRequest, type Network, NetworkError } from '../../src/doctor/network.ts';

const DOMAIN = 'ecr.example.com';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const S3 = 'prod-us-east-1-starport-layer-bucket.s3.us-east-1.amazonaws.com';
const apiGateway: Door = { kind: 'api-gateway', registry: REGISTRY };
const cloudfront: Door = { kind: 'cloudfront', registry: REGISTRY };
const publicNone: Door = { kind: 'public', auth: 'none' };
const publicBasic: Door = { kind: 'public', auth: 'basic' };

function answer(status: number, headers: Record<string, string> = {}, body: string | Buffer = ''): Answer {
  return { status, headers, body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
}

const sha = (body: string | Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;
const registryChallenge = { 'www-authenticate': `Basic realm="https://${REGISTRY}/",service="ecr.amazonaws.com"` };
const domainChallenge = { 'www-authenticate': `Basic realm="https://${DOMAIN}/"` };
const denied = answer(403, { 'content-type': 'application/json' }, '{"errors":[{"code":"DENIED","message":"no push"}]}');

describe('classifyPing tells the doors apart by their unauthenticated GET /v2/', () => {
  it.each<[string, Answer, Answer | undefined, Door]>([
    ['a 307 to the registry’s /v2/ is the api-gateway door', answer(307, { location: `https://${REGISTRY}/v2/` }), undefined, apiGateway],
    ['the registry’s own challenge is the cloudfront door', answer(401, registryChallenge), undefined, cloudfront],
    ['200 {} is anonymous public access', answer(200, { 'content-type': 'application/json' }, '{}'), undefined, publicNone],
    ['a challenge for the domain with uploads refused is public access with credentials', answer(401, domainChallenge), answer(405), publicBasic],
    ['a challenge for the domain with uploads accepted is a registry itself', answer(401, domainChallenge), answer(202, { location: '/v2/x/blobs/uploads/1' }), { kind: 'registry' }],
  ])('%s', (_name, ping, probe, door) => {
    const result = classifyPing(DOMAIN, ping, probe);
    expect(result).toMatchObject({ door, check: { status: 'pass' } });
  });

  it('asks for the upload probe before it calls a challenge for the domain public', () => {
    expect(classifyPing(DOMAIN, answer(401, domainChallenge))).toEqual({ needsUploadProbe: true });
  });

  it.each<[string, Answer, RegExp]>([
    ['404', answer(404, { 'content-type': 'text/html' }, '<html>'), /answers 404: not a registry API/],
    ['an HTML page', answer(200, { 'content-type': 'text/html' }, '<html>hi</html>'), /200 with text\/html that is not registry JSON/],
    ['a 401 without a challenge', answer(401), /401 without WWW-Authenticate/],
    ['a Bearer challenge', answer(401, { 'www-authenticate': 'Bearer realm="https://auth.docker.io/token"' }), /asks for bearer credentials/],
    ['a redirect to a web page', answer(302, { location: 'https://www.example.com/login' }), /not to a registry’s \/v2\//],
    ['a redirect to itself', answer(307, { location: `https://${DOMAIN}/v2/` }), /not to a registry’s \/v2\//],
    ['a 502 from the door', answer(502, {}, '{"errors":[{"code":"UNAVAILABLE","message":"x"}]}'), /answers 502 UNAVAILABLE: the door is up but fails/],
  ])('calls %s not a registry, with a fix', (_name, ping, problem) => {
    const result = classifyPing(DOMAIN, ping);
    expect(result).toMatchObject({ problem: expect.stringMatching(problem), fix: expect.any(String) });
  });
});

describe('expectClassicDocker', () => {
  const path = '/v2/app/tags/list?n=1';
  it.each<[string, Door, Answer, Check['status'], RegExp]>([
    ['api-gateway: a 307 keeping path and query passes', apiGateway, answer(307, { location: `https://${REGISTRY}${path}` }), 'pass', /path and query kept/],
    ['api-gateway: a bare 307 that drops the query fails', apiGateway, answer(307, { location: `https://${REGISTRY}/v2/app/tags/list` }), 'fail', /drops the query string/],
    ['api-gateway: a 401 fails, naming the classic engine', apiGateway, answer(401, domainChallenge), 'fail', /classic docker engine .* sends no credentials to the domain/],
    ['cloudfront: the registry’s 401 passes', cloudfront, answer(401, registryChallenge), 'pass', /no 307/],
    ['cloudfront: a 307 fails', cloudfront, answer(307, { location: `https://${REGISTRY}${path}` }), 'fail', /expected 401/],
    ['public with a password: the domain’s 401 passes', publicBasic, answer(401, domainChallenge), 'pass', /the domain’s challenge/],
    ['anonymous public access is skipped', publicNone, answer(200), 'skip', /answers every client alike/],
  ])('%s', (_name, door, got, status, detail) => {
    const check = expectClassicDocker(door, path, got);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
  });
});

describe('expectContainerdChallenge', () => {
  const probes = (got: Answer) => [
    { client: 'containerd', request: 'HEAD /v2/app/manifests/v1', answer: got },
    { client: 'Docker 29 (containerd store)', request: 'GET /v2/', answer: got },
  ];

  it('passes the api-gateway door’s 401 for the domain', () => {
    expect(expectContainerdChallenge(apiGateway, DOMAIN, probes(answer(401, domainChallenge)))).toMatchObject({ status: 'pass' });
  });

  it('fails a bare-307 alias, naming every client it strands', () => {
    const check = expectContainerdChallenge(apiGateway, DOMAIN, probes(answer(307, { location: `https://${REGISTRY}/v2/app/manifests/v1` })));
    expect(check.status).toBe('fail');
    for (const client of ['containerd', 'Docker >= 29', 'Docker Desktop', 'BuildKit', 'kubelet CRI']) expect(check.detail).toContain(client);
    expect(check.fix).toMatch(/401 Basic realm="https:\/\/ecr\.example\.com\/"/);
  });

  it('fails the api-gateway door when the realm names another host', () => {
    expect(expectContainerdChallenge(apiGateway, DOMAIN, probes(answer(401, registryChallenge)))).toMatchObject({ status: 'fail' });
  });

  it('passes the cloudfront door’s registry challenge', () => {
    expect(expectContainerdChallenge(cloudfront, DOMAIN, probes(answer(401, registryChallenge)))).toMatchObject({ status: 'pass' });
  });

  it('fails a 401 without a challenge', () => {
    expect(expectContainerdChallenge(cloudfront, DOMAIN, probes(answer(401)))).toMatchObject({ status: 'fail', detail: expect.stringContaining('no challenge') });
  });
});

describe('expectManifestHead compares HEAD with the GET body', () => {
  const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}';
  const get = answer(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body);
  const head = (headers: Record<string, string>) => answer(200, headers);
  it.each<[string, Answer, Check['status'], RegExp]>([
    ['kept: size and digest match', head({ 'content-length': String(body.length), 'docker-content-digest': sha(body) }), 'pass', /Content-Length 76 and Docker-Content-Digest sha256:/],
    ['missing Content-Length names skopeo, podman and buildah, and containerd’s fallback', head({ 'docker-content-digest': sha(body) }), 'fail', /no Content-Length: skopeo, podman and buildah fail .* containerd and Docker >= 29 fall back to GET/],
    ['Content-Length 0 names containerd, Docker >= 29 and CRI', head({ 'content-length': '0', 'docker-content-digest': sha(body) }), 'fail', /Content-Length 0 .*containerd, Docker >= 29 and kubelet CRI pulls fail \("Target.Size must be greater than zero"\)/],
    ['a wrong size', head({ 'content-length': '12', 'docker-content-digest': sha(body) }), 'fail', /Content-Length 12, but the manifest is 76 bytes/],
    ['no digest', head({ 'content-length': String(body.length) }), 'fail', /no Docker-Content-Digest/],
    ['a wrong digest', head({ 'content-length': String(body.length), 'docker-content-digest': sha('other') }), 'fail', /hashes to sha256:/],
    ['a redirect of a request with credentials', answer(307, { location: `https://${REGISTRY}/v2/app/manifests/v1` }), 'fail', /with credentials got 307 .*skopeo, podman and buildah drop credentials/],
  ])('%s', (_name, got, status, detail) => {
    const check = expectManifestHead('app:v1', got, get);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
    if (status === 'fail') expect(check.fix).toBeTruthy();
  });

  it('fails when the GET itself fails, pointing at --image', () => {
    const check = expectManifestHead('app:v1', head({}), answer(404, {}, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'));
    expect(check).toMatchObject({ status: 'fail', detail: 'GET app:v1 answered 404 MANIFEST_UNKNOWN' });
    expect(check.fix).toMatch(/--image/);
  });
});

describe('expectBlobHead', () => {
  const layer = { digest: sha('layer'), size: 52_000_000 };
  it.each<[string, Answer, Check['status'], RegExp]>([
    ['the manifest’s size passes', answer(200, { 'content-length': '52000000' }), 'pass', /Content-Length 52000000 matches the manifest/],
    ['a 404 passes: clients re-upload such layers', answer(404, {}, '{"errors":[{"code":"BLOB_UNKNOWN"}]}'), 'pass', /clients re-upload such layers/],
    ['a missing size fails', answer(200), 'fail', /no Content-Length/],
    ['a zero size fails', answer(200, { 'content-length': '0' }), 'fail', /Content-Length 0/],
    ['a 307 to storage passes, not followed', answer(307, { location: `https://${S3}/x?X-Amz-Signature=abc` }), 'pass', /not followed/],
    ['a 307 to the registry fails', answer(307, { location: `https://${REGISTRY}/v2/app/blobs/${layer.digest}` }), 'fail', /drop credentials/],
  ])('%s', (_name, got, status, detail) => {
    const check = expectBlobHead(apiGateway, layer, got);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
    expect(check.detail).not.toContain('X-Amz-Signature');
  });
});

describe('expectUploadSession', () => {
  const onRegistry = `https://${REGISTRY}/v2/app/blobs/uploads/0f3c?_state=secret-state`;
  it.each<[string, Door, Answer, Check['status'], RegExp, string | undefined]>([
    ['api-gateway: absolute on the registry passes, and is cancelled there', apiGateway, answer(202, { location: onRegistry }), 'pass', /absolute on the registry .*containerd’s pusher .* cannot/, onRegistry],
    ['api-gateway: a path on the domain fails (10 MB)', apiGateway, answer(202, { location: '/v2/app/blobs/uploads/0f3c' }), 'fail', /10 MB/, `https://${DOMAIN}/v2/app/blobs/uploads/0f3c`],
    ['cloudfront: a path on the domain passes, and is cancelled on the domain', cloudfront, answer(202, { location: '/v2/app/blobs/uploads/0f3c?_state=x' }), 'pass', /a path on the domain/, `https://${DOMAIN}/v2/app/blobs/uploads/0f3c?_state=x`],
    ['cloudfront: absolute on the registry fails, naming containerd’s pusher', cloudfront, answer(202, { location: onRegistry }), 'fail', /Docker >= 29, Docker Desktop, BuildKit .* fail with 401/, onRegistry],
    ['another host fails and gets no credentials', apiGateway, answer(202, { location: 'https://elsewhere.example.net/upload' }), 'fail', /not cancelled/, undefined],
    ['credentials that may not push skip', apiGateway, denied, 'skip', /may not push to app \(POST answered 403 DENIED\)/, undefined],
    ['a redirect fails', apiGateway, answer(307, { location: `https://${REGISTRY}/v2/app/blobs/uploads/` }), 'fail', /drop credentials/, undefined],
  ])('%s', (_name, door, got, status, detail, cancelUrl) => {
    const result = expectUploadSession(door, DOMAIN, 'app', got);
    expect(result.check.status).toBe(status);
    expect(result.check.detail).toMatch(detail);
    expect(result.check.detail).not.toContain('secret-state');
    expect(result.cancelUrl).toBe(cancelUrl);
  });

  it('says whether the session was cancelled', () => {
    const check = expectUploadSession(apiGateway, DOMAIN, 'app', answer(202, { location: onRegistry })).check;
    expect(withCancel(check, answer(204)).detail).toMatch(/cancelled the session \(DELETE answered 204\)$/);
    expect(withCancel(check, answer(405)).detail).toMatch(/could not cancel the session \(DELETE answered 405\)/);
    expect(withCancel(check, answer(405)).status).toBe('pass');
  });

  it.each<[number, Check['status']]>([
    [405, 'skip'],
    [202, 'fail'],
  ])('public access: POST %i is %s', (status, expected) => {
    expect(expectPublicUpload(answer(status)).status).toBe(expected);
  });
});

describe('expectBlobGet', () => {
  const config = '{"architecture":"amd64"}';
  const blob = { digest: sha(config), size: config.length };
  it.each<[string, Door, Answer, Check['status'], RegExp]>([
    ['a 307 to storage passes, not followed', apiGateway, answer(307, { location: `https://${S3}/x?X-Amz-Signature=abc` }), 'pass', new RegExp(`307 to ${S3.replace(/\./g, '\\.')} \\(blob storage, not followed\\)`)],
    ['a small blob served directly passes', cloudfront, answer(200, {}, config), 'pass', /200, served directly \(24 bytes, digest matches\)/],
    ['a body with another digest fails', cloudfront, answer(200, {}, 'other'), 'fail', /hashes to/],
    ['a 307 to the registry is a redirect, not a forward', apiGateway, answer(307, { location: `https://${REGISTRY}/v2/app/blobs/${blob.digest}` }), 'fail', /drop credentials/],
    ['a 404 fails', apiGateway, answer(404), 'fail', /answered 404/],
  ])('%s', (_name, door, got, status, detail) => {
    const check = expectBlobGet(door, DOMAIN, blob, got);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
  });
});

describe('expectTagLink', () => {
  const tags = (link?: string) => answer(200, link ? { link } : {}, '{"name":"app","tags":["v1"]}');
  it.each<[string, Door, Answer, Check['status']]>([
    ['api-gateway: absolute on the domain passes', apiGateway, tags(`<https://${DOMAIN}/v2/app/tags/list?last=v1&n=1>; rel="next"`), 'pass'],
    ['cloudfront: a path passes', cloudfront, tags('</v2/app/tags/list?last=v1&n=1>; rel="next"'), 'pass'],
    ['public: absolute on the domain passes', publicNone, tags(`<https://${DOMAIN}/v2/app/tags/list?last=v1&n=1>; rel="next"`), 'pass'],
    ['a Link on the registry fails', cloudfront, tags(`<https://${REGISTRY}/v2/app/tags/list?last=v1&n=1>; rel="next"`), 'fail'],
    ['a Link elsewhere fails', apiGateway, tags('<https://evil.example.net/v2/app/tags/list>; rel="next"'), 'fail'],
    ['no Link is skipped', apiGateway, tags(), 'skip'],
  ])('%s', (_name, door, got, status) => {
    const check = expectTagLink(door, DOMAIN, 'app', got);
    expect(check.status).toBe(status);
    if (status === 'fail') expect(check.fix).toMatch(door.kind === 'cloudfront' ? /CloudFront Function/ : /function/);
  });
});

describe('the client side: helper mapping, docker and podman', () => {
  const file = '/home/u/.ecr/custom.json';
  const init = `docker-credential-ecr-custom init --alias ${DOMAIN} --registry ${REGISTRY}`;
  it.each<[string, Door, Parameters<typeof expectHelperMapping>[3], Check['status']]>([
    ['a mapping to the door’s registry passes', apiGateway, { registry: REGISTRY, region: 'us-east-1' }, 'pass'],
    ['no mapping fails with the init command', apiGateway, undefined, 'fail'],
    ['a mapping to another registry fails', cloudfront, { registry: '210987654321.dkr.ecr.eu-west-1.amazonaws.com', region: 'eu-west-1' }, 'fail'],
    ['a config the helper cannot read fails', apiGateway, { error: `${file}: invalid JSON` }, 'fail'],
    ['public access needs none', publicNone, undefined, 'skip'],
  ])('%s', (_name, door, mapping, status) => {
    const check = expectHelperMapping(door, DOMAIN, file, mapping, init);
    expect(check.status).toBe(status);
    if (status === 'fail' && mapping === undefined) expect(check.fix).toBe(init);
  });

  const docker = (text: string | undefined, helperOnPath = true) => ({ kind: 'docker' as const, file: '/home/u/.docker/config.json', text, helperOnPath });
  it.each<[string, Door, Parameters<typeof expectCredHelper>[2], Check['status'], RegExp]>([
    ['docker: credHelpers for the domain and the registry passes', apiGateway, docker(JSON.stringify({ credHelpers: { [DOMAIN]: 'ecr-custom', [REGISTRY]: 'ecr-custom' } })), 'pass', /sends ecr\.example\.com to ecr-custom$/],
    ['docker: without the registry host it passes with a note', apiGateway, docker(JSON.stringify({ credHelpers: { [DOMAIN]: 'ecr-custom' } })), 'pass', /list 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com too/],
    ['docker: no entry fails', cloudfront, docker(JSON.stringify({ auths: {} })), 'fail', /has no credHelpers entry/],
    ['docker: another helper fails', cloudfront, docker(JSON.stringify({ credHelpers: { [DOMAIN]: 'ecr-login' } })), 'fail', /maps ecr\.example\.com to "ecr-login"/],
    ['docker: no file fails', cloudfront, docker(undefined), 'fail', /does not exist/],
    ['docker: not JSON fails', cloudfront, docker('{'), 'fail', /not JSON/],
    ['docker: the helper not on PATH fails', cloudfront, docker(JSON.stringify({ credHelpers: { [DOMAIN]: 'ecr-custom' } }), false), 'fail', /not on PATH/],
    ['podman: no file is skipped', cloudfront, { kind: 'podman', file: '/run/user/1/containers/auth.json', text: undefined, helperOnPath: true }, 'skip', /not set up/],
    ['podman: no entry fails', cloudfront, { kind: 'podman', file: '/run/user/1/containers/auth.json', text: '{"auths":{}}', helperOnPath: true }, 'fail', /podman, skopeo and buildah will not ask/],
  ])('%s', (_name, door, config, status, detail) => {
    const check = expectCredHelper(door, DOMAIN, config);
    expect(check.status).toBe(status);
    expect(check.detail).toMatch(detail);
  });
});

describe('parseTarget and readManifest', () => {
  it.each([
    ['https://ECR.example.com', { origin: 'https://ecr.example.com', host: 'ecr.example.com', port: 443, tls: true }],
    ['ecr.example.com:8443', { origin: 'https://ecr.example.com:8443', host: 'ecr.example.com:8443', port: 8443, tls: true }],
    ['https://ecr.example.com:443/', { host: 'ecr.example.com', port: 443 }],
    ['http://127.0.0.1:8080', { origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080', tls: false }],
  ])('reads %s', (value, expected) => {
    expect(parseTarget(value)).toMatchObject(expected);
  });

  it.each(['https://ecr.example.com/v2/', 'https://u:p@ecr.example.com', 'ftp://ecr.example.com'])('refuses %s', (value) => {
    expect(() => parseTarget(value)).toThrow(/https:\/\/DOMAIN/);
  });

  it('picks linux/amd64 from an index, skipping attestations', () => {
    const index = { manifests: [{ digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } }, { digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } }, { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } }] };
    expect(readManifest(Buffer.from(JSON.stringify(index)))).toEqual({ layers: [], child: 'sha256:amd' });
  });
});

/** A scripted registry behind a door, as doctor's network sees it. */
function fakeNetwork(route: (request: HttpRequest) => Answer | Promise<Answer>): { network: Network; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    network: {
      lookup: async () => ['192.0.2.10'],
      handshake: async () => ({ subject: `DNS:${DOMAIN}`, issuer: 'Amazon RSA 2048 M01', validTo: 'Jan  1 00:00:00 2030 GMT' }),
      send: async (request) => {
        sent.push(request);
        return route(request);
      },
    },
  };
}

describe('doctor (the runner, with a scripted network)', () => {
  const temps: string[] = [];
  afterEach(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function setup(): NodeJS.ProcessEnv {
    const home = mkdtempSync(join(tmpdir(), 'doctor-unit-'));
    temps.push(home);
    writeFileSync(join(home, 'custom.json'), JSON.stringify({ [DOMAIN]: REGISTRY }));
    return { HOME: home, PATH: '', AWS_ECR_CUSTOM_CONFIG: join(home, 'custom.json'), AWS_ECR_CUSTOM_DISABLE_CACHE: '1' };
  }

  async function run(args: string[], route: (request: HttpRequest) => Answer | Promise<Answer>, { password = 'unit-token-password', io = {} }: { password?: string; io?: Partial<DoctorIo> } = {}) {
    let stdout = '';
    let stderr = '';
    const { network, sent } = fakeNetwork(route);
    const code = await doctor(args, {
      env: setup(),
      version: '0.0.0-test',
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      now: () => Date.parse('2026-01-01T00:00:00Z'),
      network: () => network,
      tokenSource: () => ({ getToken: async () => ({ username: 'AWS', password, expiresAt: new Date('2026-01-01T12:00:00Z') }) }),
      ...io,
    });
    return { code, stdout, stderr, sent };
  }

  /** The api-gateway door as an unauthenticated client sees it: the ping redirected to `registry`, every other request challenged. */
  const unauthenticated = (request: HttpRequest, registry = REGISTRY) =>
    request.url.endsWith('/v2/') ? answer(307, { location: `https://${registry}/v2/` }) : answer(401, domainChallenge);

  it('never prints the token in any encoding an answer echoes it back in, in text and in --json', async () => {
    // An ECR password is base64, like the Basic token made of it: + / = are what URL encoding changes.
    const password = 'eyJwYX+sb2Fk/IjoiQw==';
    const basic = Buffer.from(`AWS:${password}`).toString('base64');
    expect(basic.endsWith('==')).toBe(true);
    const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
    const forms = [password, `AWS:${password}`, basic, Buffer.from(password).toString('base64')].flatMap((form) => {
      const once = encodeURIComponent(form);
      return [form, once, lowerHex(once), encodeURIComponent(once), lowerHex(encodeURIComponent(once))];
    });
    const echo = (request: HttpRequest) => request.headers.authorization === undefined ? unauthenticated(request) : answer(307, { location: `https://${REGISTRY}/echo/${forms.join('/')}` });
    for (const args of [[], ['--json']]) {
      const result = await run([`https://${DOMAIN}`, '--image', 'app:v1', ...args], echo, { password });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('[redacted]');
      for (const [index, form] of forms.entries()) expect(result.stdout.includes(form) || result.stderr.includes(form), `form ${index} printed`).toBe(false);
    }
  });

  it('sends credentials to no host the ping named, only to the domain and the registry the helper maps it to', async () => {
    const capture = 'capture.example.net';
    const result = await run([`https://${DOMAIN}`, '--image', 'app:v1'], (request) => {
      if (request.headers.authorization === undefined) return unauthenticated(request, capture);
      if (request.method === 'POST') return answer(202, { location: `https://${capture}/v2/app/blobs/uploads/1` });
      return answer(404);
    });
    expect(result.sent.filter((r) => r.headers.authorization !== undefined).map((r) => new URL(r.url).host)).not.toContain(capture);
    expect(result.stdout).toMatch(/✗ helper mapping: .* but the door fronts capture\.example\.net/);
    expect(result.stdout).toMatch(/upload: .*could not cancel the session \(no DELETE: capture\.example\.net is not the registry the helper maps ecr\.example\.com to, and gets no credentials\)/);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ])('stops at the first %s, mid-check, with exit %i and one line', async (signal, code) => {
    const shutdown = new AbortController();
    const result = await run([`https://${DOMAIN}`, '--image', 'app:v1'], (request) => {
      if (request.headers.authorization === undefined) return unauthenticated(request);
      // A registry that stalls: the signal arrives while doctor waits for it.
      setTimeout(() => shutdown.abort(signal), 10);
      return new Promise<Answer>(() => {});
    }, { io: { shutdown: shutdown.signal } });
    expect(result.code).toBe(code);
    expect(result.stderr).toBe(`ecr-custom-domain doctor: https://${DOMAIN}: stopped by ${signal} before every check ran — run doctor again and let it finish\n`);
    expect(result.stdout).toMatch(/✓ credentials: /);
  });

  it('never prints the token, even when an answer echoes it back', async () => {
    const basic = Buffer.from('AWS:unit-token-password').toString('base64');
    const result = await run([`https://${DOMAIN}`, '--image', 'app:v1'], (request) => {
      if (request.headers.authorization === undefined) return request.url.endsWith('/v2/') ? answer(307, { location: `https://${REGISTRY}/v2/` }) : answer(401, domainChallenge);
      return answer(307, { location: `https://${REGISTRY}/echo/unit-token-password/${basic}` });
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('[redacted]');
    for (const secret of ['unit-token-password', basic]) expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.sent.filter((r) => r.headers.authorization !== undefined).length).toBeGreaterThan(0);
  });

  it('sends only GET, HEAD, POST and DELETE, and no credentials to an upload Location on another host', async () => {
    const result = await run([`https://${DOMAIN}`, '--image', 'app:v1'], (request) => {
      if (request.headers.authorization === undefined) return request.url.endsWith('/v2/') ? answer(307, { location: `https://${REGISTRY}/v2/` }) : answer(401, domainChallenge);
      if (request.method === 'POST') return answer(202, { location: 'https://elsewhere.example.net/upload' });
      return answer(404);
    });
    for (const request of result.sent) expect(['GET', 'HEAD', 'POST', 'DELETE']).toContain(request.method);
    expect(result.sent.some((r) => r.url.startsWith('https://elsewhere.example.net'))).toBe(false);
    for (const request of result.sent.filter((r) => r.headers.authorization !== undefined)) expect(new URL(request.url).host).toBe(DOMAIN);
  });

  it('prints one line and exits 2 when the domain is refused, in --json mode too', async () => {
    const refused = () => {
      throw new NetworkError('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.10:443');
    };
    const lines = await run([`https://${DOMAIN}`], refused);
    expect(lines).toMatchObject({ code: 2, stdout: '' });
    expect(lines.stderr).toBe(`ecr-custom-domain doctor: https://${DOMAIN}: nothing listens on ${DOMAIN}:443 (connection refused) — check the domain and port, and that the door is deployed (or serve is running)\n`);
    const json = await run([`https://${DOMAIN}`, '--json'], refused);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { problem: expect.stringContaining('connection refused') } });
  });

  it.each([[[]], [['a', 'b']], [['https://x', '--image', 'UPPER:case']], [['https://x', '--bogus']]])('refuses usage %j with exit 2', async (args) => {
    const result = await run(args, () => answer(200));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecr-custom-domain doctor: .*\nusage: ecr-custom-domain doctor/);
  });
});
