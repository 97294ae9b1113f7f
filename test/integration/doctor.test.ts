/**
 * The built `bin/ecr-custom-domain doctor` as a process, against `serve` (each door, and a bare
 * 307 alias) in front of a small TLS registry that answers like ECR, with credentials from the
 * helper's config and a token from an ECR API stand-in.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DelayProxy, delayProxy, type WanLink } from '../support/delay-proxy.ts';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { createPki } from '../support/pki.ts';
import { outcomeOf, ROOT, SERVE_BIN, type Started, startServe } from '../support/processes.ts';

const PASSWORD = 'doctor-registry-password';
const BASIC = Buffer.from(`AWS:${PASSWORD}`).toString('base64');
const SECRET_ACCESS_KEY = 'doctor-secret-access-key';
const STORAGE = '127.0.0.84:9';

interface Seen {
  method: string;
  path: string;
  authorized: boolean;
}

const digestOf = (body: Buffer | string) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/**
 * A TLS registry on 127.0.0.83 that answers like ECR: Basic AWS:<password>, blob GETs 307 to storage, absolute upload
 * Locations on the host it was asked under, and a monolithic blob PUT `?digest=` checked against the bytes it got.
 */
async function startRegistry(tls: { cert: Buffer; key: Buffer }) {
  const seen: Seen[] = [];
  /** Blobs pushed, by digest: their sizes. */
  const pushed = new Map<string, number>();
  const hooks: { uploadOpened?: (repository: string, host: string) => void } = {};
  let host = '';
  const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
  const layer = { digest: digestOf('layer'), size: 123_456 };
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
    }),
  );
  const server: Server = createServer(tls, (req, res) => {
    const body = createHash('sha256');
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      body.update(chunk);
      received += chunk.length;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://registry');
      const path = url.pathname;
      const authorized = req.headers.authorization === `Basic ${BASIC}`;
      seen.push({ method: req.method ?? '', path, authorized });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(req.method === 'HEAD' ? undefined : text);
      };
      if (!authorized) return json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'Not Authorized' }] }, { 'www-authenticate': `Basic realm="https://${host}/",service="ecr.amazonaws.com"` });
      if (path === '/v2/') return json(200, {});
      if (path === '/v2/_catalog') return json(200, { repositories: ['team/app'] });
      if (path === '/v2/team/app/tags/list') {
        const n = url.searchParams.get('n');
        return n === '1' ? json(200, { name: 'team/app', tags: ['v1'] }, { link: `<https://${req.headers.host ?? host}/v2/team/app/tags/list?last=v1&n=1>; rel="next"` }) : json(200, { name: 'team/app', tags: ['v1', 'v2'] });
      }
      if (path === '/v2/team/app/manifests/v1' || path === `/v2/team/app/manifests/${digestOf(manifest)}`) {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': manifest.length, 'docker-content-digest': digestOf(manifest) });
        return res.end(req.method === 'HEAD' ? undefined : manifest);
      }
      const uploads = /^\/v2\/(team\/(?:app|probe))\/blobs\/uploads\/(5e55-10n)?$/.exec(path);
      if (req.method === 'POST' && uploads?.[1] !== undefined && uploads[2] === undefined) {
        hooks.uploadOpened?.(uploads[1], req.headers.host ?? '');
        res.writeHead(202, { location: `https://${req.headers.host ?? host}/v2/${uploads[1]}/blobs/uploads/5e55-10n?_state=opaque`, 'content-length': '0' });
        return res.end();
      }
      if (req.method === 'DELETE' && uploads?.[2] !== undefined) {
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'PUT' && uploads?.[2] !== undefined) {
        const digest = url.searchParams.get('digest') ?? '';
        if (url.searchParams.get('_state') !== 'opaque' || digest !== `sha256:${body.digest('hex')}` || String(received) !== req.headers['content-length']) {
          return json(400, { errors: [{ code: 'DIGEST_INVALID', message: 'provided digest did not match uploaded content' }] });
        }
        pushed.set(digest, received);
        res.writeHead(201, { location: `/v2/${uploads[1]}/blobs/${digest}`, 'docker-content-digest': digest, 'content-length': '0' });
        return res.end();
      }
      const blob = /^\/v2\/team\/(?:app|probe)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path)?.[1];
      const size = blob === layer.digest ? layer.size : blob === digestOf(config) ? config.length : blob === undefined ? undefined : pushed.get(blob);
      if (blob !== undefined && size !== undefined) {
        if (req.method === 'HEAD') {
          res.writeHead(200, { 'content-length': size, 'docker-content-digest': blob });
          return res.end();
        }
        res.writeHead(307, { location: `https://${STORAGE}/blobs/${blob}?X-Amz-Signature=abc`, 'content-length': '0' });
        return res.end();
      }
      return json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'not here' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.83', resolve));
  host = `127.0.0.83:${(server.address() as AddressInfo).port}`;
  return { server, seen, pushed, hooks, host };
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** An ECR password is base64, as is the Basic token made of it: + / = are what URL encoding changes. */
const TRICKY_PASSWORD = 'eyJwYX+sb2Fk/IjoiQw==';
const TRICKY_BASIC = Buffer.from(`AWS:${TRICKY_PASSWORD}`).toString('base64');
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
/** Each secret as is, URL-encoded once and twice (either hex case). */
const TRICKY_FORMS = [TRICKY_PASSWORD, `AWS:${TRICKY_PASSWORD}`, TRICKY_BASIC].flatMap((form) => {
  const once = encodeURIComponent(form);
  return [form, once, lowerHex(once), encodeURIComponent(once), lowerHex(encodeURIComponent(once))];
});

/**
 * A hostile domain on 127.0.0.90: its unauthenticated ping redirects to a capturing host on
 * 127.0.0.91, its upload Locations point there, and it echoes the credentials it gets in every
 * encoding back in redirects. The capturing host records which requests carried Authorization.
 */
async function startHostileDomain(tls: { cert: Buffer; key: Buffer }) {
  const captured: { method: string; path: string; authorization: boolean }[] = [];
  const capture = createServer(tls, (req, res) => {
    req.resume();
    captured.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization !== undefined });
    res.writeHead(404, { 'content-length': '0' });
    res.end();
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.91', resolve));
  const captureHost = `127.0.0.91:${(capture.address() as AddressInfo).port}`;
  let host = '';
  const domain = createServer(tls, (req, res) => {
    req.resume();
    const authorization = req.headers.authorization;
    const answer = (status: number, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-length': '0', ...headers });
      res.end();
    };
    if (authorization === undefined) {
      if (req.url === '/v2/') return answer(307, { location: `https://${captureHost}/v2/` });
      return answer(401, { 'www-authenticate': `Basic realm="https://${host}/"` });
    }
    if (req.method === 'POST') return answer(202, { location: `https://${captureHost}/v2/team/app/blobs/uploads/5e55-10n?_state=x` });
    const basic = authorization.replace(/^Basic /, '');
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const echoed = [basic, decoded, decoded.slice(4)].flatMap((form) => [form, encodeURIComponent(form), encodeURIComponent(encodeURIComponent(form)), lowerHex(encodeURIComponent(form))]);
    return answer(307, { location: `https://${captureHost}/echo/${echoed.join('/')}` });
  });
  await new Promise<void>((resolve) => domain.listen(0, '127.0.0.90', resolve));
  host = `127.0.0.90:${(domain.address() as AddressInfo).port}`;
  return { capture, domain, captured, url: `https://${host}`, host };
}

describe('ecr-custom-domain doctor', () => {
  let dir: string;
  let caFile: string;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let api: EcrApiStandIn;
  let notRegistry: Server;
  let hostile: Awaited<ReturnType<typeof startHostileDomain>>;
  // Hands out a token with + / = in it; and one that never answers.
  let trickyApi: EcrApiStandIn;
  let stalledApi: EcrApiStandIn;
  type DoorName = 'apiGateway' | 'cloudfront' | 'bare' | 'public' | 'publicBasic' | 'slow';
  // The link from the slow door to the registry: fast until a test slows it.
  const link: WanLink = { oneWayMs: 0, windowBytes: 1024 * 1024 };
  let slowLink: DelayProxy;
  const doors = {} as Record<DoorName, Started>;
  const outputs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doctor-'));
    const pki = await createPki(dir);
    caFile = pki.caFile;
    const registryTls = await pki.issue('registry', ['127.0.0.83', '127.0.0.94']);
    const aliasTls = await pki.issue('alias', ['127.0.0.81', '127.0.0.82', '127.0.0.86', '127.0.0.87', '127.0.0.89', '127.0.0.80', '127.0.0.90', '127.0.0.91', '127.0.0.95']);
    const read = async (files: { certFile: string; keyFile: string }) => ({ cert: await readFile(files.certFile), key: await readFile(files.keyFile) });
    registry = await startRegistry(await read(registryTls));
    slowLink = await delayProxy('127.0.0.94', registry.host, link);
    api = await startEcrApiStandIn({ host: '127.0.0.85', password: PASSWORD });
    trickyApi = await startEcrApiStandIn({ host: '127.0.0.92', password: TRICKY_PASSWORD });
    stalledApi = await startEcrApiStandIn({ host: '127.0.0.93', mode: 'stall' });
    hostile = await startHostileDomain(await read(aliasTls));
    notRegistry = createServer(await read(aliasTls), (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    });
    await new Promise<void>((resolve) => notRegistry.listen(0, '127.0.0.87', resolve));
    const tls = ['--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile, '--registry', registry.host];
    const env = { NODE_EXTRA_CA_CERTS: caFile };
    // Public access pulls with serve's own token, from the same ECR API stand-in.
    const publicEnv = { ...env, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_ECR: api.url, AWS_ACCESS_KEY_ID: 'AKIDSERVEEXAMPLE', AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_EC2_METADATA_DISABLED: 'true' };
    await writeFile(join(dir, 'public-password'), 'reader:public-door-password');
    [doors.apiGateway, doors.cloudfront, doors.bare, doors.public, doors.publicBasic, doors.slow] = await Promise.all([
      startServe(['--listen', '127.0.0.81:0', ...tls], env),
      startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.82:0', ...tls], env),
      startServe(['--listen', '127.0.0.86:0', '--handler', `${ROOT}test/fixtures/bare-redirect.mjs`, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile], { ...env, ECR_REGISTRY: registry.host }),
      startServe(['--listen', '127.0.0.89:0', '--access', 'public', '--repositories', 'team/*', ...tls], publicEnv),
      startServe(['--listen', '127.0.0.80:0', '--access', 'public', '--repositories', 'team/*', '--auth', 'basic', '--basic-auth-file', join(dir, 'public-password'), ...tls], publicEnv),
      // CloudFront with a 3 s origin response timeout, over a link to the registry that a test can slow down.
      startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.95:0', '--timeout', '3', '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile, '--registry', slowLink.authority], env),
    ]);
    const hosts = [doors.apiGateway, doors.cloudfront, doors.bare, doors.slow].map((door) => new URL(door.url).host);
    await writeFile(
      join(dir, 'custom.json'),
      JSON.stringify({ ...Object.fromEntries(hosts.map((host) => [host, { registry: registry.host, region: 'us-east-1' }])), [hostile.host]: '123456789012.dkr.ecr.us-east-1.amazonaws.com' }),
    );
    await mkdir(join(dir, 'docker'));
    await writeFile(join(dir, 'docker', 'config.json'), JSON.stringify({ credHelpers: Object.fromEntries([...hosts, registry.host].map((host) => [host, 'ecr-custom'])) }));
  });
  afterAll(async () => {
    await Promise.all(Object.values(doors).map((door) => door?.stop()));
    slowLink?.close();
    registry?.server.closeAllConnections();
    registry?.server.close();
    notRegistry?.closeAllConnections();
    notRegistry?.close();
    for (const server of [hostile?.domain, hostile?.capture]) {
      server?.closeAllConnections();
      server?.close();
    }
    await Promise.all([api?.close(), trickyApi?.close(), stalledApi?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  function spawnDoctor(args: string[], env: Record<string, string> = {}) {
    return spawn(SERVE_BIN, ['doctor', ...args], {
      env: {
        PATH: `${ROOT}bin:${process.env.PATH ?? ''}`,
        HOME: dir,
        AWS_ECR_CUSTOM_CONFIG: join(dir, 'custom.json'),
        AWS_ECR_CUSTOM_CACHE_DIR: join(dir, 'cache'),
        DOCKER_CONFIG: join(dir, 'docker'),
        AWS_ACCESS_KEY_ID: 'AKIDDOCTOREXAMPLE',
        AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
        AWS_ENDPOINT_URL_ECR: api.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** The child's outcome, with its run time; a doctor still running at `boundMs` is killed (by PID), so the test fails instead of hanging. */
  async function outcome(child: ReturnType<typeof spawnDoctor>, boundMs = 60_000): Promise<Result & { ms: number }> {
    const started = Date.now();
    const bound = setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), boundMs);
    const result = await outcomeOf(child).finally(() => clearTimeout(bound));
    outputs.push(result.stdout, result.stderr);
    return { ...result, ms: Date.now() - started };
  }

  function doctor(args: string[], env: Record<string, string> = {}): Promise<Result> {
    return outcome(spawnDoctor(args, env));
  }

  const lines = (text: string) => text.trim().split('\n');
  const line = (text: string, name: string) => lines(text).find((l) => l.slice(2).startsWith(`${name}:`)) ?? '';

  it('passes through the api-gateway door, opening and cancelling one upload session on the registry', async () => {
    const before = registry.seen.length;
    const result = await doctor([doors.apiGateway.url, '--ca-file', caFile]);
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'ping')).toMatch(/^✓ ping: .*api-gateway door/);
    expect(line(result.stdout, 'classic docker')).toMatch(/^✓ .*307 to the registry, path and query kept/);
    expect(line(result.stdout, 'containerd challenge')).toMatch(/^✓ .*401 Basic realm="https:\/\/127\.0\.0\.81:\d+\/"/);
    expect(line(result.stdout, 'manifest HEAD')).toMatch(/^✓ manifest HEAD: team\/app:v1: Content-Length \d+ and Docker-Content-Digest/);
    expect(line(result.stdout, 'blob HEAD')).toMatch(/^✓ blob HEAD: .*Content-Length 123456 matches/);
    expect(line(result.stdout, 'upload')).toMatch(/^✓ upload: Location absolute on the registry .*cancelled the session \(DELETE answered 204\)/);
    expect(line(result.stdout, 'blob GET')).toMatch(/^✓ blob GET: .*307 to 127\.0\.0\.84:9/);
    expect(line(result.stdout, 'tag paging')).toMatch(/^✓ tag paging: .*https:\/\/127\.0\.0\.81:\d+\/v2\/team\/app\/tags\/list/);
    expect(line(result.stdout, 'helper mapping')).toMatch(/^✓ /);
    expect(line(result.stdout, 'docker config')).toMatch(/^✓ /);
    expect(line(result.stdout, 'podman auth')).toMatch(/^– podman auth: .*does not exist/);
    // The session was opened and cancelled on the registry host itself, and nothing was downloaded from storage.
    const upload = registry.seen.slice(before).filter((s) => s.path.includes('/blobs/uploads/'));
    expect(upload.map((s) => [s.method, s.authorized])).toEqual([
      ['POST', true],
      ['DELETE', true],
    ]);
  });

  it('passes through the cloudfront door, where uploads stay on the domain', async () => {
    const result = await doctor([doors.cloudfront.url, '--ca-file', caFile]);
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'ping')).toMatch(/cloudfront door/);
    expect(line(result.stdout, 'classic docker')).toMatch(/^✓ .*401 with the registry’s challenge, no 307/);
    expect(line(result.stdout, 'upload')).toMatch(/^✓ upload: Location a path on the domain \(\/v2\/team\/app\/blobs\/uploads\/5e55-10n\).*cancelled the session/);
    expect(line(result.stdout, 'tag paging')).toMatch(/^✓ .*\(\/v2\/team\/app\/tags\/list\)/);
  });

  it('fails a bare 307 alias, naming the clients it breaks', async () => {
    const result = await doctor([doors.bare.url, '--ca-file', caFile, '--image', 'team/app:v1']);
    expect(result.code, result.stdout).toBe(1);
    const challenge = line(result.stdout, 'containerd challenge');
    expect(challenge).toMatch(/^✗ /);
    for (const client of ['containerd', 'Docker >= 29', 'Docker Desktop', 'BuildKit', 'kubelet CRI']) expect(challenge).toContain(client);
    expect(line(result.stdout, 'classic docker')).toMatch(/^✗ .*drops the query string/);
    expect(line(result.stdout, 'manifest HEAD')).toMatch(/^✗ .*307 to https:\/\/127\.0\.0\.83:\d+\/v2\/team\/app\/manifests\/v1: skopeo, podman and buildah/);
  });

  it('recognises public access and checks anonymous pulls, without push checks or credentials', async () => {
    const result = await doctor([doors.public.url, '--ca-file', caFile]);
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'ping')).toMatch(/^✓ ping: .*public access, read-only, anonymous/);
    expect(line(result.stdout, 'credentials')).toBe('');
    expect(line(result.stdout, 'manifest HEAD')).toMatch(/^✓ manifest HEAD: team\/app:v1: Content-Length/);
    expect(line(result.stdout, 'blob GET')).toMatch(/^✓ .*307 to 127\.0\.0\.84:9/);
    expect(line(result.stdout, 'upload')).toMatch(/^– upload: public access is read-only \(POST answered 405\)/);
    expect(line(result.stdout, 'tag paging')).toMatch(/^✓ .*https:\/\/127\.0\.0\.89:\d+\/v2\/team\/app\/tags\/list/);
    expect(line(result.stdout, 'docker config')).toMatch(/^– /);
  });

  it('recognises public access with a password by its read-only answer to uploads', async () => {
    const result = await doctor([doors.publicBasic.url, '--ca-file', caFile]);
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'ping')).toMatch(/^✓ ping: .*uploads refused with 405: public access, read-only, with credentials/);
    expect(line(result.stdout, 'containerd challenge')).toMatch(/^✓ .*401 Basic realm="https:\/\/127\.0\.0\.80:\d+\/"/);
    expect(line(result.stdout, 'manifest HEAD')).toMatch(/^– manifest HEAD: public access with credentials: doctor has no password/);
  });

  it('reports the authenticated checks as failed, with the init command, for a domain the helper does not map', async () => {
    await writeFile(join(dir, 'empty.json'), '{}');
    const result = await doctor([doors.apiGateway.url, '--ca-file', caFile], { AWS_ECR_CUSTOM_CONFIG: join(dir, 'empty.json') });
    expect(result.code).toBe(1);
    const init = `docker-credential-ecr-custom init --alias ${new URL(doors.apiGateway.url).host} --registry ${registry.host} --region <region>`;
    for (const name of ['credentials', 'manifest HEAD', 'upload', 'helper mapping']) expect(line(result.stdout, name)).toMatch(/^✗ /);
    expect(line(result.stdout, 'helper mapping')).toContain(init);
    expect(line(result.stdout, 'containerd challenge')).toMatch(/^✓ /);
  });

  it('prints one JSON document with --json', async () => {
    const result = await doctor([doors.cloudfront.url, '--ca-file', caFile, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { door: string; registry: string; ok: boolean; checks: { name: string; status: string; detail: string }[] };
    expect(report).toMatchObject({ door: 'cloudfront', registry: registry.host, ok: true, image: 'team/app:v1' });
    expect(report.checks.map((c) => c.name)).toEqual(['dns', 'tls', 'ping', 'credentials', 'classic docker', 'containerd challenge', 'manifest HEAD', 'blob HEAD', 'upload', 'blob GET', 'tag paging', 'helper mapping', 'docker config', 'podman auth']);
  });

  it.each([
    ['a closed port', 'https://127.0.0.88:9', /nothing listens on 127\.0\.0\.88:9 \(connection refused\)/],
    ['a name that does not resolve', 'https://registry.doctor.invalid', /registry\.doctor\.invalid does not resolve \(ENOTFOUND\) — create the DNS record/],
  ])('says in one line, with exit 2, that %s is unreachable', async (_what, url, message) => {
    const result = await doctor([url, '--ca-file', caFile]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+\)?$/m);
  });

  it('says in one line, with exit 2, that an HTTPS server answering 404 is not a registry', async () => {
    const url = `https://127.0.0.87:${(notRegistry.address() as AddressInfo).port}`;
    const result = await doctor([url, '--ca-file', caFile]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/GET \/v2\/ answers 404: not a registry API — point the domain at the door/);
  });

  it('says in one line, with exit 2, that a certificate from an unknown CA is not valid', async () => {
    const result = await doctor([doors.apiGateway.url]);
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/TLS certificate of 127\.0\.0\.81:\d+ is not valid .* pass --ca-file/);
  });

  it('answers --help and -h, through the ecr-custom-domain dispatcher, with its usage on stdout and exit 0', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await doctor([flag]);
      expect([result.code, result.stderr]).toEqual([0, '']);
      expect(result.stdout).toMatch(/^usage: ecr-custom-domain doctor https:\/\/DOMAIN /);
    }
  });

  it('refuses bad usage with exit 2', async () => {
    const result = await doctor(['ftp://x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecr-custom-domain doctor: give the domain as https:\/\/DOMAIN/);
  });

  it('sends credentials only to the mapped registry, never to the host a hostile domain’s ping names, and prints no encoding of the token', async () => {
    for (const json of [[], ['--json']]) {
      const result = await doctor([hostile.url, '--ca-file', caFile, '--image', 'team/app:v1', ...json], { AWS_ENDPOINT_URL_ECR: trickyApi.url, AWS_ECR_CUSTOM_CACHE_DIR: join(dir, 'cache-hostile') });
      expect(result.code, result.stderr).toBe(1);
      expect(hostile.captured.filter((request) => request.authorization)).toEqual([]);
      expect(result.stdout).toContain('[redacted]');
      for (const [index, form] of TRICKY_FORMS.entries()) expect(result.stdout.includes(form) || result.stderr.includes(form), `form ${index} printed`).toBe(false);
    }
    expect(trickyApi.calls.length).toBeGreaterThan(0);
  });

  it('ends within 30 s when the ECR API never answers, with one line naming the problem and the fix', async () => {
    const result = await outcome(spawnDoctor([doors.apiGateway.url, '--ca-file', caFile], { AWS_ENDPOINT_URL_ECR: stalledApi.url, AWS_ECR_CUSTOM_CACHE_DIR: join(dir, 'cache-stalled') }), 30_000);
    expect(result.ms).toBeLessThan(30_000);
    expect(result.code, result.stdout).toBe(1);
    expect(line(result.stdout, 'credentials')).toMatch(
      /^✗ credentials: no token for 127\.0\.0\.83:\d+: GetAuthorizationToken in us-east-1 got no answer within 8 s: check that this machine reaches the ECR API \(.*\) and try again — check the AWS credentials/,
    );
    expect(line(result.stdout, 'manifest HEAD')).toMatch(/^✗ manifest HEAD: not checked: no credentials/);
    expect(stalledApi.calls.length).toBeGreaterThan(0);
  }, 40_000);

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('exits at the first %s while a check waits on a stalled ECR API, with exit %i', async (signal, code) => {
    const calls = stalledApi.calls.length;
    const child = spawnDoctor([doors.apiGateway.url, '--ca-file', caFile], { AWS_ECR_CUSTOM_CACHE_DIR: join(dir, `cache-${signal}`), AWS_ENDPOINT_URL_ECR: stalledApi.url });
    const finished = outcome(child, 30_000);
    // Mid-check: the credentials check has reached the API, which will not answer.
    for (let waited = 0; stalledApi.calls.length === calls && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stalledApi.calls.length).toBeGreaterThan(calls);
    const sent = Date.now();
    child.kill(signal);
    const result = await finished;
    // A guard, not a benchmark: the API call alone would last 8 s more.
    expect(Date.now() - sent).toBeLessThan(3_000);
    expect(result.code).toBe(code);
    expect(lines(result.stderr)).toEqual([`ecr-custom-domain doctor: ${doors.apiGateway.url}: stopped by ${signal} before every check ran — run doctor again and let it finish`]);
    expect(line(result.stdout, 'ping')).toMatch(/^✓ /);
  }, 40_000);

  /** HEAD of a blob on the registry itself, with its credentials: whether the registry holds it. */
  function registryHead(path: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const [hostname, port] = registry.host.split(':');
      httpsRequest({ host: hostname, port: Number(port), path, method: 'HEAD', ca: readFileSync(caFile), headers: { authorization: `Basic ${BASIC}` }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
  }

  it('push-probe: pushes one unreferenced blob through the cloudfront door, as containerd does, and reports its throughput against the origin response timeout', async () => {
    const before = new Set(registry.pushed.keys());
    const seen = registry.seen.length;
    const result = await doctor([doors.cloudfront.url, '--ca-file', caFile, '--push-probe', '8M', '--repository', 'team/app', '--largest-layer', '1M']);
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'push-probe')).toMatch(
      /^✓ push-probe: PUT of 8\.0 MB to team\/app through the cloudfront door: 201 in [\d.]+ s, [\d.]+ MB\/s \([\d.]+ Mbit\/s\): at this rate a layer up to .+ fits in the 60 s origin response timeout \(the module’s default; --door-timeout gives yours\), .*; a 1\.0 MB layer would take [\d.]+ s at this rate, [\d.]+ s within it$/,
    );
    const added = [...registry.pushed].filter(([digest]) => !before.has(digest));
    expect(added.map(([, size]) => size)).toEqual([8_000_000]);
    expect(await registryHead(`/v2/team/app/blobs/${added[0]?.[0] ?? ''}`)).toBe(200);
    // One PUT, of the blob, with credentials; no manifest PUT, so no tag.
    const puts = registry.seen.slice(seen).filter((request) => request.method === 'PUT');
    expect(puts).toEqual([{ method: 'PUT', path: '/v2/team/app/blobs/uploads/5e55-10n', authorized: true }]);
  });

  it('push-probe: through the api-gateway door the blob goes straight to the registry, with no door limit', async () => {
    const before = registry.pushed.size;
    const result = await doctor([doors.apiGateway.url, '--ca-file', caFile, '--push-probe', '1M', '--repository', 'team/app']);
    expect(result.code, result.stdout).toBe(0);
    expect(line(result.stdout, 'push-probe')).toMatch(/^✓ push-probe: PUT of 1\.0 MB to team\/app straight to the registry .*: no door limit applies; skopeo, podman, buildah and the classic docker engine upload layers straight to ECR like this/);
    expect(registry.pushed.size).toBe(before + 1);
  });

  it('push-probe: reports the door’s 504 when the upload does not finish within serve’s --timeout 3 over a slow link', async () => {
    const before = registry.pushed.size;
    // The link turns slow (2 s each way, 1 MiB in flight: 8 MB would take 30 s) once the probe's session opens, so the checks before it stay fast.
    registry.hooks.uploadOpened = (repository, host) => {
      if (repository === 'team/probe' && host === slowLink.authority) link.oneWayMs = 2_000;
    };
    try {
      const result = await outcome(spawnDoctor([doors.slow.url, '--ca-file', caFile, '--push-probe', '8M', '--repository', 'team/probe', '--door-timeout', '3']), 40_000);
      expect(result.code, result.stdout).toBe(1);
      expect(line(result.stdout, 'push-probe')).toMatch(
        /^✗ push-probe: PUT of 8\.0 MB to team\/probe through the cloudfront door answered 504(?: UNAVAILABLE)? after [\d.]+ s, .*: the upload did not finish within the 3 s origin response timeout — push from a faster uplink, raise cloudfront\.origin_read_timeout .*ecs door/,
      );
      // A guard, not a benchmark: the PUT's own deadline is the door's 3 s plus 15.
      expect(result.ms).toBeLessThan(35_000);
      expect(registry.pushed.size).toBe(before);
    } finally {
      delete registry.hooks.uploadOpened;
      link.oneWayMs = 0;
    }
  }, 45_000);

  it('never prints the token, its password or the AWS secret key', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const text of [...outputs, ...Object.values(doors).flatMap((door) => [door.stdout(), door.stderr()])]) {
      for (const secret of [PASSWORD, BASIC, SECRET_ACCESS_KEY]) expect(text).not.toContain(secret);
    }
  });
});
