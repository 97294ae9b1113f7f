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
  expectPushProbe,
  expectUploadSession,
  probeSession,
  type PushProbe,
  withCancel,
} from '../../src/doctor/checks.ts';
import { parseSize } from '../../src/core/cli.ts';
import { UsageError } from '../../src/core/errors.ts';
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

describe('sizes, as --push-probe, --largest-layer and serve’s --cache-max-bytes read them', () => {
  it.each<[string, number]>([
    ['50M', 50_000_000],
    ['1G', 1_000_000_000],
    ['100Mi', 100 * 2 ** 20],
    ['8000', 8000],
    ['2KiB', 2048],
    [' 64gi ', 64 * 2 ** 30],
  ])('reads %s', (text, bytes) => {
    expect(parseSize(text, '--push-probe')).toBe(bytes);
  });

  it.each(['', 'lots', '1.5G', '-1M', '1X', '10 MB/s', '99999999999T'])('refuses %j with one line naming the flag', (text) => {
    expect(() => parseSize(text, '--largest-layer')).toThrow(UsageError);
    expect(() => parseSize(text, '--largest-layer')).toThrow(/^--largest-layer must be a size such as 500000000, 50M, 1G or 100Mi; got /);
  });
});

describe('probeSession: where the push probe may PUT its blob', () => {
  const origin = `https://${DOMAIN}`;
  const mayReceive = (url: string) => [DOMAIN, REGISTRY].includes(new URL(url).host);
  it.each<[string, Answer, string, 'domain' | 'registry']>([
    ['a path on the domain, resolved against it', answer(202, { location: '/v2/app/blobs/uploads/u1?_state=s' }), `${origin}/v2/app/blobs/uploads/u1?_state=s`, 'domain'],
    ['absolute on the domain', answer(202, { location: `${origin}/v2/app/blobs/uploads/u1` }), `${origin}/v2/app/blobs/uploads/u1`, 'domain'],
    ['absolute on the mapped registry', answer(202, { location: `https://${REGISTRY}/v2/app/blobs/uploads/u1` }), `https://${REGISTRY}/v2/app/blobs/uploads/u1`, 'registry'],
  ])('follows %s', (_name, got, put, via) => {
    expect(probeSession(origin, 'app', got, mayReceive)).toEqual({ put: new URL(put), via });
  });

  it.each<[string, Answer, RegExp]>([
    ['a Location on another host', answer(202, { location: 'https://capture.example.net/v2/app/blobs/uploads/u1' }), /on capture\.example\.net, neither the domain nor the registry .*nothing uploaded, no credentials sent there/],
    ['a Location that is a manifest, not an upload', answer(202, { location: '/v2/app/manifests/latest' }), /not an upload of app: nothing uploaded/],
    ['an upload of another repository', answer(202, { location: '/v2/other/blobs/uploads/u1' }), /not an upload of app/],
    ['no session in the Location', answer(202, { location: '/v2/app/blobs/uploads/' }), /not an upload of app/],
    ['credentials that may not push', denied, /these credentials may not push to app \(POST \/v2\/app\/blobs\/uploads\/ answered 403 DENIED\)/],
    ['a redirect', answer(307, { location: `https://${REGISTRY}/v2/app/blobs/uploads/` }), /drop credentials/],
    ['a 404', answer(404, {}, '{"errors":[{"code":"NAME_UNKNOWN"}]}'), /answered 404 NAME_UNKNOWN, not 202: nothing uploaded/],
  ])('uploads nothing after %s', (_name, got, detail) => {
    const session = probeSession(origin, 'app', got, mayReceive);
    expect(session).toMatchObject({ check: { name: 'push-probe', status: 'fail', detail: expect.stringMatching(detail), fix: expect.any(String) } });
  });
});

describe('expectPushProbe: throughput against the door’s limit', () => {
  const probe = (outcome: PushProbe['outcome'], more: Partial<PushProbe> = {}): PushProbe => ({ repository: 'app', size: 8_000_000, via: 'domain', elapsedMs: 1000, sentBytes: 8_000_000, outcome, ...more });
  const created = answer(201, { location: '/v2/app/blobs/sha256:x' });
  const registryDoor: Door = { kind: 'registry' };
  it.each<[string, Door, PushProbe, Parameters<typeof expectPushProbe>[2], Check['status'], RegExp, RegExp | undefined]>([
    ['cloudfront: measures MB/s and Mbit/s and the largest layer that fits in the module’s 60 s', cloudfront, probe(created), {}, 'pass',
      /^PUT of 8\.0 MB to app through the cloudfront door: 201 in 1\.0 s, 8\.0 MB\/s \(64\.0 Mbit\/s\): at this rate a layer up to 480 MB fits in the 60 s origin response timeout \(the module’s default; --door-timeout gives yours\), if it runs while the client uploads, as users report \(not measured on AWS\)$/, undefined],
    ['cloudfront: --door-timeout sets the timeout', cloudfront, probe(created, { elapsedMs: 2000 }), { doorTimeoutS: 30 }, 'pass', /4\.0 MB\/s \(32\.0 Mbit\/s\): at this rate a layer up to 120 MB fits in the 30 s origin response timeout, if/, undefined],
    ['cloudfront: a largest layer that fits passes with its margin', cloudfront, probe(created), { largestLayer: 100_000_000 }, 'pass', /a 100 MB layer would take 13 s at this rate, 48 s within it$/, undefined],
    ['cloudfront: a largest layer past the timeout fails, naming the ecs door, the timeout and the uplink', cloudfront, probe(created), { largestLayer: 1_000_000_000 }, 'fail', /a 1\.0 GB layer would take 125 s at this rate, past the 60 s origin response timeout$/, /faster uplink.*cloudfront\.origin_read_timeout.*ecs door/],
    ['cloudfront: a probe that took longer than the timeout and passed says so', cloudfront, probe(created, { elapsedMs: 5000 }), { doorTimeoutS: 3 }, 'pass', /this probe took longer than 3 s and still passed/, undefined],
    ['cloudfront: the door’s 504 fails with the elapsed time and what was sent', cloudfront, probe(answer(504, {}, '{"errors":[{"code":"UNAVAILABLE","message":"x"}]}'), { elapsedMs: 3100, sentBytes: 2_500_000 }), { doorTimeoutS: 3 }, 'fail',
      /^PUT of 8\.0 MB to app through the cloudfront door answered 504 UNAVAILABLE after 3\.1 s, about 2\.5 MB of it sent: the upload did not finish within the 3 s origin response timeout$/, /ecs door/],
    ['cloudfront: a connection reset fails with its code', cloudfront, probe({ code: 'ECONNRESET', message: 'socket hang up' }, { elapsedMs: 61_000, sentBytes: 7_000_000 }), {}, 'fail', /failed \(ECONNRESET socket hang up\) after 61 s, about 7\.0 MB of it sent: the upload did not finish within the 60 s/, /ecs door/],
    ['a 401 on the PUT fails with the permissions fix', cloudfront, probe(answer(401, {}, '{"errors":[{"code":"UNAUTHORIZED"}]}')), {}, 'fail', /answered 401 UNAUTHORIZED after 1\.0 s, the whole blob sent: these credentials may not push to app/, /ecr:InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload/],
    ['a digest the registry did not get fails', cloudfront, probe(answer(400, {}, '{"errors":[{"code":"DIGEST_INVALID"}]}')), {}, 'fail', /the registry did not get the bytes sent/, /changes or cuts request bodies/],
    ['api-gateway, upload on the registry: no door limit, and who uploads that way', apiGateway, probe(created, { via: 'registry' }), { largestLayer: 5_000_000_000 }, 'pass',
      /straight to the registry .*: no door limit applies; skopeo, podman, buildah and the classic docker engine upload layers straight to ECR like this, containerd’s pusher .* cannot push through this door; a 5\.0 GB layer would take 625 s at this rate$/, undefined],
    ['api-gateway, upload through the door: 10 MB (API Gateway’s 10 MiB) and 30 s', apiGateway, probe(created, { size: 5_000_000, sentBytes: 5_000_000 }), {}, 'pass', /through the api-gateway door: .*a layer up to 10\.5 MB fits in the 30 s integration timeout$/, undefined],
    ['api-gateway, upload through the door: a layer over 10 MB cannot go through at all', apiGateway, probe(created, { size: 5_000_000 }), { largestLayer: 50_000_000 }, 'fail', /a 50\.0 MB layer cannot go through API Gateway at all \(10 MB per request\)$/, /upload straight to ECR.*need the cloudfront door/],
    ['api-gateway, upload through the door: 413', apiGateway, probe(answer(413, {}, '{"message":"Request Entity Too Large"}'), { size: 50_000_000, sentBytes: 11_000_000 }), {}, 'fail', /answered 413 after 1\.0 s, about 11\.0 MB of it sent: the door refuses a body this big/, /10 MB and 30 s per request/],
    ['a registry itself: no door limit', registryDoor, probe(created), { largestLayer: 10_000_000_000 }, 'pass', /to the registry: 201 .*: no door limit applies; a 10 GB layer would take 1250 s at this rate$/, undefined],
  ])('%s', (_name, door, measured, options, status, detail, fix) => {
    const check = expectPushProbe(door, measured, options);
    expect(check).toMatchObject({ name: 'push-probe', status });
    expect(check.detail).toMatch(detail);
    if (fix) expect(check.fix).toMatch(fix);
    else expect(check.fix).toBeUndefined();
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

  it.each([[['--help']], [['-h']], [['https://ecr.example.com', '--json', '--help']], [['--push-probe', 'nonsense', '-h']]])('answers %j with its usage on stdout and exit 0, sending nothing', async (args) => {
    const { code, stdout, stderr, sent } = await run(args, () => {
      throw new Error('doctor --help sent a request');
    });
    expect([code, stderr, sent.length]).toEqual([0, '', 0]);
    expect(stdout).toMatch(/^usage: ecr-custom-domain doctor https:\/\/DOMAIN /);
    expect(stdout).toContain('--push-probe SIZE');
  });

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

  /** The cloudfront door with credentials: an upload session on the domain (or at `location`), and a PUT that checks the blob it gets. */
  function cloudfrontDoor(location = '/v2/app/blobs/uploads/u1?_state=s') {
    const blobs: { url: string; length: string | undefined; bytes: number; digest: string }[] = [];
    const route = async (request: HttpRequest): Promise<Answer> => {
      if (request.headers.authorization === undefined) return answer(401, registryChallenge);
      if (request.method === 'POST' && request.url === `https://${DOMAIN}/v2/app/blobs/uploads/`) return answer(202, { location });
      if (request.method === 'PUT' && request.body !== undefined) {
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of request.body.chunks) {
          hash.update(chunk);
          bytes += chunk.length;
        }
        const digest = `sha256:${hash.digest('hex')}`;
        blobs.push({ url: request.url, length: request.headers['content-length'] ?? String(request.body.length), bytes, digest });
        const sent = new URL(request.url).searchParams.get('digest');
        return sent === digest ? answer(201, { location: `/v2/app/blobs/${digest}`, 'docker-content-digest': digest }) : answer(400, {}, '{"errors":[{"code":"DIGEST_INVALID"}]}');
      }
      return answer(404);
    };
    return { route, blobs };
  }
  const probeLine = (stdout: string) => stdout.split('\n').find((line) => line.slice(2).startsWith('push-probe:')) ?? '';

  it('pushes one blob as containerd does, POST then one PUT ?digest= of SIZE bytes, and never a manifest or a tag', async () => {
    const door = cloudfrontDoor();
    const result = await run([`https://${DOMAIN}`, '--image', 'app:v1', '--push-probe', '1Mi', '--repository', 'app', '--largest-layer', '1K'], door.route);
    expect(probeLine(result.stdout)).toMatch(/^✓ push-probe: PUT of 1\.0 MB to app through the cloudfront door: 201 in \d+\.\d s, [\d.]+ MB\/s \([\d.]+ Mbit\/s\): at this rate a layer up to .* fits in the 60 s origin response timeout .*; a 1\.0 kB layer would take/);
    expect(door.blobs).toHaveLength(1);
    const [blob] = door.blobs;
    expect(blob?.bytes).toBe(2 ** 20);
    expect(blob?.url).toBe(`https://${DOMAIN}/v2/app/blobs/uploads/u1?_state=s&digest=${encodeURIComponent(blob?.digest ?? '')}`);
    const puts = result.sent.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body?.length).toBe(2 ** 20);
    expect(puts[0]?.headers.authorization).toMatch(/^Basic /);
    // The only request with a body is that PUT; nothing names a manifest except the reads of --image.
    expect(result.sent.filter((request) => request.body !== undefined)).toEqual(puts);
    for (const request of result.sent.filter((r) => r.url.includes('/manifests/'))) expect(['GET', 'HEAD']).toContain(request.method);
    expect(result.sent.filter((r) => r.method === 'POST').map((r) => r.url)).toEqual([`https://${DOMAIN}/v2/app/blobs/uploads/`, `https://${DOMAIN}/v2/app/blobs/uploads/`]);
  });

  it('pushes a blob with a new digest on every run, so the registry cannot skip it as present', async () => {
    const door = cloudfrontDoor();
    for (let i = 0; i < 2; i++) await run([`https://${DOMAIN}`, '--push-probe', '100K', '--repository', 'app'], door.route);
    expect(door.blobs.map((b) => b.bytes)).toEqual([100_000, 100_000]);
    expect(new Set(door.blobs.map((b) => b.digest)).size).toBe(2);
  });

  it('sends the blob and credentials to an upload Location on the mapped registry, and nothing to one on another host', async () => {
    const toRegistry = cloudfrontDoor(`https://${REGISTRY}/v2/app/blobs/uploads/u1`);
    const ok = await run([`https://${DOMAIN}`, '--push-probe', '100K', '--repository', 'app'], toRegistry.route);
    expect(toRegistry.blobs.map((b) => new URL(b.url).host)).toEqual([REGISTRY]);
    expect(probeLine(ok.stdout)).toMatch(/^✓ push-probe: PUT of 100\.0 kB to app straight to the registry .*: no door limit applies/);

    const elsewhere = cloudfrontDoor('https://capture.example.net/v2/app/blobs/uploads/u1');
    const refused = await run([`https://${DOMAIN}`, '--push-probe', '100K', '--repository', 'app'], elsewhere.route);
    expect(refused.code).toBe(1);
    expect(refused.sent.some((r) => r.url.includes('capture.example.net'))).toBe(false);
    expect(refused.sent.some((r) => r.method === 'PUT')).toBe(false);
    expect(probeLine(refused.stdout)).toMatch(/^✗ push-probe: the upload Location is on capture\.example\.net, neither the domain nor the registry the helper maps it to: nothing uploaded, no credentials sent there — /);
  });

  it('reports the door’s 504 as a failed probe with the fix, and prints no token', async () => {
    const password = 'probe-token-password';
    const result = await run([`https://${DOMAIN}`, '--push-probe', '100K', '--repository', 'app', '--door-timeout', '3'], async (request) => {
      if (request.method === 'PUT') return answer(504, { 'content-type': 'application/json' }, `{"errors":[{"code":"UNAVAILABLE","message":"${password}"}]}`);
      return cloudfrontDoor().route(request);
    }, { password });
    expect(result.code).toBe(1);
    expect(probeLine(result.stdout)).toMatch(/^✗ push-probe: PUT of 100\.0 kB to app through the cloudfront door answered 504 UNAVAILABLE after .*: the upload did not finish within the 3 s origin response timeout — push from a faster uplink, raise cloudfront\.origin_read_timeout .*ecs door/);
    expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('uploads nothing through public access, which is read-only', async () => {
    const result = await run([`https://${DOMAIN}`, '--push-probe', '1M', '--repository', 'app'], (request) => (request.method === 'POST' ? answer(405) : answer(200, { 'content-type': 'application/json' }, '{}')));
    expect(probeLine(result.stdout)).toBe('– push-probe: public access is read-only: nothing to push');
    expect(result.sent.some((r) => r.method === 'PUT' || r.body !== undefined)).toBe(false);
  });

  it.each<[string[], RegExp]>([
    [['--push-probe', 'lots', '--repository', 'app'], /^ecr-custom-domain doctor: --push-probe must be a size such as 500000000, 50M, 1G or 100Mi; got "lots"\n/],
    [['--push-probe', '0', '--repository', 'app'], /^ecr-custom-domain doctor: --push-probe must be 1 byte to 10G; got "0"\n/],
    [['--push-probe', '50M'], /^ecr-custom-domain doctor: --push-probe needs --repository NAME, a repository these credentials may push to\n/],
    [['--push-probe', '50M', '--repository', 'Team/App'], /^ecr-custom-domain doctor: --repository must be a repository name as on the domain, e.g. team\/app; got "Team\/App"\n/],
    [['--push-probe', '50M', '--repository', 'app', '--largest-layer', 'big'], /^ecr-custom-domain doctor: --largest-layer must be a size/],
    [['--push-probe', '50M', '--repository', 'app', '--door-timeout', '0'], /^ecr-custom-domain doctor: --door-timeout must be a whole number of seconds, 1 to 180; got "0"\n/],
    [['--repository', 'app'], /^ecr-custom-domain doctor: --repository goes with --push-probe SIZE\n/],
    [['--largest-layer', '1G'], /^ecr-custom-domain doctor: --largest-layer goes with --push-probe SIZE\n/],
  ])('refuses the push probe’s usage %j with exit 2 and one line, before any request', async (args, message) => {
    const result = await run([`https://${DOMAIN}`, ...args], () => answer(200));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/\nusage: ecr-custom-domain doctor/);
    expect(result.sent).toEqual([]);
  });

  it.each([[[]], [['a', 'b']], [['https://x', '--image', 'UPPER:case']], [['https://x', '--bogus']]])('refuses usage %j with exit 2', async (args) => {
    const result = await run(args, () => answer(200));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecr-custom-domain doctor: .*\nusage: ecr-custom-domain doctor/);
  });
});
