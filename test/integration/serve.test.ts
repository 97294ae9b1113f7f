import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { ROOT, SERVE_BIN, type Started, startServe } from '../support/processes.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const probe = `${ROOT}test/fixtures/gateway-probe.mjs`;
const secretHeaders = { authorization: 'Basic QVdTOnNlcnZlLXNlY3JldA==', cookie: 'sid=serve-cookie-secret' };
const docker = { 'user-agent': 'docker/20.10.24+dfsg1 go/go1.19.8' };

describe('serve as the api-gateway door over HTTPS', () => {
  let dir: string;
  let ca: Buffer;
  let alias: Started;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-test-'));
    const pki = await createPki(dir);
    const { certFile, keyFile } = await pki.issue('alias', ['127.0.0.2']);
    ca = await readFile(pki.caFile);
    alias = await startServe(['--listen', '127.0.0.2:0', '--registry', registry, '--tls-cert', certFile, '--tls-key', keyFile]);
  });
  afterAll(async () => {
    await alias?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('redirects a registry request with path and query intact, over verified TLS', async () => {
    const response = await send(alias.url, '/v2/team/app/tags/list?n=10&last=v1', { ca, headers: { ...docker, cookie: secretHeaders.cookie } });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`https://${registry}/v2/team/app/tags/list?n=10&last=v1`);
    expect(response.headers['apigw-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each(['HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'])('redirects %s too', async (method) => {
    const response = await send(alias.url, '/v2/app/blobs/uploads/?mount=sha256%3Aabc&from=other', { method, ca, headers: docker });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`https://${registry}/v2/app/blobs/uploads/?mount=sha256%3Aabc&from=other`);
  });

  it('re-encodes a path that API Gateway decoded, so nothing can be injected into Location', async () => {
    const response = await send(alias.url, '/v2/a%0D%0ASet-Cookie:%20x=1/b%3Fc', { ca, headers: docker });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe(`https://${registry}/v2/a%0D%0ASet-Cookie:%20x=1/b%3Fc`);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('answers 404 with OCI error JSON outside /v2', async () => {
    const response = await send(alias.url, '/index.html', { ca });
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it('answers 413 to a request payload over 10 MB, before the function runs', async () => {
    const response = await send(alias.url, '/v2/app/blobs/uploads/oversized', { method: 'PATCH', ca, headers: docker, body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    await send(alias.url, '/v2/after-oversized-request', { ca, headers: docker });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alias.stdout()).toContain('/v2/after-oversized-request');
    expect(alias.stdout()).not.toContain('uploads/oversized');
  });

  it('answers 413 to a body that fits 10 MB but not, base64-encoded, Lambda’s 6 MB invocation payload', async () => {
    const response = await send(alias.url, '/v2/app/blobs/uploads/x', { method: 'PATCH', ca, headers: docker, body: Buffer.alloc(5 * 1024 * 1024) });
    expect(response.status).toBe(413);
  });

  it('passes a body that fits the invocation payload to the function', async () => {
    const response = await send(alias.url, '/v2/app/blobs/uploads/x', { method: 'PATCH', ca, headers: docker, body: Buffer.alloc(4 * 1024 * 1024) });
    expect(response.status).toBe(307);
  });

  it('challenges a client without credentials that is not the docker engine', async () => {
    const response = await send(alias.url, '/v2/app/manifests/v1', { method: 'HEAD', ca, headers: { 'user-agent': 'containerd/1.6.20~ds1' } });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(`Basic realm="https://${alias.url.replace('https://', '')}/"`);
  });

  it('logs one JSON line per request with no credentials, cookies or query', async () => {
    await send(alias.url, '/v2/app/manifests/v1?token=query-secret', { ca, headers: secretHeaders });
    const lines = alias.stdout().trim().split('\n');
    for (const line of lines) expect(Object.keys(JSON.parse(line)).sort()).toEqual(['method', 'ms', 'outcome', 'path', 'status']);
    const all = alias.stdout() + alias.stderr();
    for (const secret of ['QVdTOnNlcnZlLXNlY3JldA==', 'serve-cookie-secret', 'query-secret']) expect(all).not.toContain(secret);
  });
});

/** One request written byte for byte on a fresh connection; everything the server sent back, as text. */
function rawExchange(base: string, request: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe.each([
  ['keep', '1234', '1234'],
  ['drop', undefined, '1234'],
  ['zero', '0', '1234'],
] as const)('serve --head-content-length %s', (mode, setByFunction, measured) => {
  let gateway: Started;
  beforeAll(async () => {
    gateway = await startServe(['--listen', '127.0.0.2:0', '--handler', probe, '--head-content-length', mode], { ECR_REGISTRY: registry });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it(`answers a HEAD whose Content-Length the function set with ${setByFunction ?? 'none'}`, async () => {
    const response = await send(gateway.url, '/head', { method: 'HEAD' });
    expect(response.headers['content-length']).toBe(setByFunction);
    expect(response.headers['docker-content-digest']).toBe('sha256:abc');
  });

  it('measures a HEAD answer’s body whatever it does with a set Content-Length', async () => {
    const response = await send(gateway.url, '/head-measured', { method: 'HEAD' });
    expect(response.headers['content-length']).toBe(measured);
  });
});

describe('serve as API Gateway, with a probe handler', () => {
  let gateway: Started;
  beforeAll(async () => {
    gateway = await startServe(['--listen', '127.0.0.2:0', '--handler', probe, '--timeout', '1'], { ECR_REGISTRY: registry });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('delivers a faithful payload 2.0 event', async () => {
    const response = await send(gateway.url, '/ech%6F?b=2&a=1&a=3', {
      method: 'POST',
      headers: { 'X-Dup': ['one', 'two'], Cookie: 'c1=v1; c2=v2', 'User-Agent': 'probe/1', 'content-type': 'application/octet-stream' },
      body: Buffer.from([1, 2, 3]),
    });
    expect(response.status).toBe(200);
    const { event, remainingMs } = JSON.parse(response.body.toString());
    expect(event).toMatchObject({
      version: '2.0',
      rawPath: '/echo',
      rawQueryString: 'b=2&a=1&a=3',
      queryStringParameters: { a: '1,3', b: '2' },
      cookies: ['c1=v1', 'c2=v2'],
      headers: { 'x-dup': 'one,two', 'user-agent': 'probe/1' },
      requestContext: { domainName: gateway.url.replace('http://', ''), http: { method: 'POST', path: '/echo', sourceIp: '127.0.0.1', userAgent: 'probe/1' } },
      body: 'AQID',
      isBase64Encoded: true,
    });
    expect(event.headers.cookie).toBeUndefined();
    expect(remainingMs).toBeGreaterThan(0);
    expect(remainingMs).toBeLessThanOrEqual(1000);
  });

  it('maps the result back: status, headers, cookies', async () => {
    const response = await send(gateway.url, '/echo');
    expect(response.headers['x-mixed-case']).toBe('yes');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
  });

  it('decodes a base64 result body', async () => {
    const response = await send(gateway.url, '/binary');
    expect([...response.body]).toEqual([0, 1, 254, 255]);
  });

  it('keeps the function’s Content-Length on HEAD', async () => {
    const response = await send(gateway.url, '/head', { method: 'HEAD' });
    expect(response.headers['content-length']).toBe('1234');
    expect(response.headers['docker-content-digest']).toBe('sha256:abc');
  });

  it('measures the body the function returned for a HEAD, and sends none of it', async () => {
    const response = await send(gateway.url, '/head-measured', { method: 'HEAD' });
    expect(response.headers['content-length']).toBe('1234');
    expect(response.body.length).toBe(0);
    const raw = await rawExchange(gateway.url, 'HEAD /head-measured HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe('');
  });

  it('answers a result without statusCode as 200 JSON', async () => {
    const response = await send(gateway.url, '/no-status');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ hello: 'world' });
  });

  it('answers 502 when the function response is over 6 MB', async () => {
    expect((await send(gateway.url, '/big')).status).toBe(502);
  });

  it('answers 504 when the function runs past the integration timeout', async () => {
    expect((await send(gateway.url, '/slow')).status).toBe(504);
  });

  it('answers 500 when the function throws, without its message', async () => {
    const response = await send(gateway.url, '/throw');
    expect(response.status).toBe(500);
    expect(response.body.toString()).not.toContain('secret detail');
  });

  it('answers 502 when the function returns a header value with CR/LF', async () => {
    expect((await send(gateway.url, '/bad-header')).status).toBe(502);
  });

  it('answers 502 when the function returns a status HTTP cannot carry, and goes on serving', async () => {
    expect((await send(gateway.url, '/bad-status')).status).toBe(502);
    expect((await send(gateway.url, '/echo')).status).toBe(200);
  });

  it('runs the bundle with the environment serve was started with, as Lambda would: serve adds nothing to it', async () => {
    const response = await send(gateway.url, '/env');
    expect(JSON.parse(response.body.toString())).toEqual(['ECR_REGISTRY', 'PATH']);
  });

  it('answers 400 to malformed percent-encoding in the path', async () => {
    expect((await send(gateway.url, '/v2/%zz')).status).toBe(400);
  });

  it('answers 431 past 10,240 bytes of headers', async () => {
    expect((await send(gateway.url, '/echo', { headers: { 'x-big': 'y'.repeat(11_000) } })).status).toBe(431);
  });
});

describe('serve as a process', () => {
  it('shuts down cleanly on SIGTERM and on SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await startServe(['--listen', '127.0.0.2:0', '--registry', registry]);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      if (server.child.pid !== undefined) process.kill(server.child.pid, signal);
      expect(await exited).toBe(0);
      expect(server.stderr()).toContain('serve: stopped');
    }
  });

  it.each([
    [['serve', '--bogus'], /Unknown option '--bogus'/],
    [['serve', '--listen', 'nope', '--registry', registry], /--listen must be HOST:PORT/],
    [['serve'], /--registry \(or ECR_REGISTRY\) is not set/],
    [['serve', '--registry', 'https://x.example.com'], /--registry must be a registry host/],
    [['serve', '--registry', registry, '--tls-cert', 'a.pem'], /--tls-cert and --tls-key go together/],
    [['serve', '--registry', registry, '--timeout', '60'], /--timeout must be 1 to 30 seconds/],
    [['launch'], /unknown command "launch"/],
    [['serve', '--registry', registry, '--access', 'open'], /--access must be private or public/],
    [['serve', '--registry', registry, '--access', 'public'], /--access public needs --repositories/],
    [['serve', '--registry', registry, '--repositories', 'app'], /--repositories goes with --access public/],
    [['serve', '--registry', registry, '--access', 'public', '--repositories', 'App'], /--repositories has "App"/],
    [['serve', '--registry', registry, '--access', 'public', '--repositories', 'app', '--auth', 'custom'], /--auth must be none or basic/],
    [['serve', '--registry', registry, '--access', 'public', '--repositories', 'app', '--auth', 'basic'], /--auth basic goes with exactly one of --basic-auth-file FILE, --basic-auth-ssm-parameter NAME or --basic-auth-secret-id ID/],
    [['serve', '--handler', probe, '--registry', registry], /^ecr-custom-domain: --registry configures the alias built into serve: a bundle given with --handler reads its configuration from serve's environment, as in Lambda, so set ECR_REGISTRY/],
    [['serve', '--handler', probe, '--access', 'public', '--repositories', 'app'], /^ecr-custom-domain: --access configures the alias built into serve/],
    [['serve', '--handler', probe], /ECR_REGISTRY \(which the --handler bundle reads\) is not set/],
    [['serve', '--handler', probe, '--help', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with one line, usage and exit 2', (args, message) => {
    const result = spawnSync(SERVE_BIN, args, { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 10_000 });
    expect(result.status).toBe(2);
    const [first, second] = result.stderr.split('\n');
    expect(first).toMatch(message);
    expect(second).toMatch(/^usage: ecr-custom-domain serve/);
  });

  it('refuses a --handler bundle whose environment its cold start would refuse, naming the variable', () => {
    const result = spawnSync(SERVE_BIN, ['serve', '--handler', probe], { encoding: 'utf8', env: { PATH: process.env.PATH, ECR_REGISTRY: registry, ACCESS: 'public' }, timeout: 10_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(/^ecr-custom-domain: --handler: PUBLIC_REPOSITORIES is empty/);
  });

  it.each([[['--help']], [['-h']], [['help']], [['serve', '--help']], [['serve', '-h']], [['serve', '--registry', registry, '--help']]])(
    'prints the usage on stdout and exits 0 for %j, with no registry needed',
    (args) => {
      const result = spawnSync(SERVE_BIN, args, { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 10_000 });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^usage: ecr-custom-domain serve .*\n[^]*--handler FILE[^]*--connections-per-source N\n/);
      expect(result.stderr).toBe('');
    },
  );

  it('answers /healthz, and /readyz with 503 while the registry cannot be reached; serve’s own answers carry no API Gateway request id', async () => {
    const server = await startServe(['--listen', '127.0.0.2:0', '--registry', '127.0.0.3:1']);
    try {
      const health = await send(server.url, '/healthz');
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body.toString())).toMatchObject({ status: 'ok' });
      const ready = await send(server.url, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body.toString())).toMatchObject({ status: 'unavailable' });
      const metrics = await send(server.url, '/metrics');
      expect(metrics.status).toBe(200);
      for (const own of [health, ready, metrics]) expect(own.headers['apigw-requestid']).toBeUndefined();
      // The door's answers do carry it, as API Gateway's do.
      expect((await send(server.url, '/v2/', { headers: docker })).headers['apigw-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.stop();
    }
  });

  it('reads the registry from ECR_REGISTRY', async () => {
    const server = await startServe(['--listen', '127.0.0.2:0'], { ECR_REGISTRY: registry });
    const response = await send(server.url, '/v2/');
    expect(response.headers.location).toBe(`https://${registry}/v2/`);
    expect(await server.stop()).toBe(0);
  });
});

describe('serve’s executable and the AWS SDK file beside it', () => {
  let dir: string;
  beforeAll(async () => {
    // The launcher and the executable's bundle, without dist/aws-sdk-client-ecr.cjs: whatever would load the SDK fails loudly.
    dir = await mkdtemp(join(tmpdir(), 'serve-sdk-'));
    await mkdir(join(dir, 'bin'));
    await mkdir(join(dir, 'dist'));
    await copyFile(SERVE_BIN, join(dir, 'bin/ecr-custom-domain'));
    await copyFile(`${ROOT}bin/package.json`, join(dir, 'bin/package.json'));
    await copyFile(`${ROOT}dist/ecr-custom-domain.cjs`, join(dir, 'dist/ecr-custom-domain.cjs'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function startCopy(args: string[]): Promise<Started> {
    return startServe(args, {}, join(dir, 'bin/ecr-custom-domain'));
  }

  it('serves private access without loading the SDK', async () => {
    const server = await startCopy(['--listen', '127.0.0.2:0', '--registry', registry]);
    try {
      expect((await send(server.url, '/v2/app/manifests/v1', { headers: docker })).status).toBe(307);
    } finally {
      await server.stop();
    }
    expect(server.stderr()).not.toMatch(/aws-sdk-client-ecr|Cannot find module/);
  });

  it('loads the SDK from beside the executable for public access, on its first token', async () => {
    const server = await startCopy(['--listen', '127.0.0.2:0', '--registry', registry, '--access', 'public', '--repositories', 'app']);
    try {
      expect(server.stderr()).not.toContain('aws-sdk-client-ecr.cjs');
      expect((await send(server.url, '/readyz')).status).toBe(503);
      await expect.poll(() => server.stderr(), { timeout: 5_000 }).toMatch(/serve: not ready: Cannot find module '\.\/aws-sdk-client-ecr\.cjs'/);
    } finally {
      await server.stop();
    }
  });
});
