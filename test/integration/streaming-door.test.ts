import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { SERVE_BIN, type Started, startServe } from '../support/processes.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
}

/** A TLS origin on its own loopback address that records what reaches it and answers like ECR. */
async function startOrigin(tls: { cert: Buffer; key: Buffer }) {
  const seen: Seen[] = [];
  let registry = '';
  const server: Server = createServer(tls, (req, res) => {
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes, sha256: hash.digest('hex') });
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path === '/stall') return; // never answers
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { 'www-authenticate': `Basic realm="https://${registry}/",service="ecr.amazonaws.com"`, location: `https://${registry}/v2/not-rewritten`, 'content-type': 'application/json' });
        return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"Not Authorized"}]}');
      }
      if (path.endsWith('/blobs/uploads/')) {
        res.writeHead(202, { location: `https://${registry}/v2/app/blobs/uploads/0f3c-11?_state=abc`, 'content-length': '0' });
        return res.end();
      }
      if (path.includes('/blobs/uploads/')) {
        res.writeHead(201, { location: `https://${registry}/v2/app/blobs/uploads/0f3c-11?_state=def`, range: `0-${bytes - 1}`, 'content-length': '0' });
        return res.end();
      }
      if (path.includes('/blobs/')) {
        res.writeHead(307, { location: 'https://starport-layer-bucket.s3.eu-central-1.amazonaws.com/x?X-Amz-Signature=ab', 'content-length': '0' });
        return res.end();
      }
      if (path.endsWith('/tags/list')) {
        res.writeHead(200, { link: `<https://${registry}/v2/app/tags/list?last=b&n=2>; rel="next"`, 'content-type': 'application/json' });
        return res.end('{"name":"app","tags":["a","b"]}');
      }
      const manifest = '{"schemaVersion":2}';
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(manifest.length), 'docker-content-digest': 'sha256:abc' });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
  registry = `127.0.0.3:${(server.address() as AddressInfo).port}`;
  return { server, seen, registry };
}

describe('serve --front-door cloudfront (the streaming door)', () => {
  let dir: string;
  let ca: Buffer;
  let origin: Awaited<ReturnType<typeof startOrigin>>;
  let door: Started;
  const auth = { authorization: 'Basic QVdTOnN0cmVhbWluZy1zZWNyZXQ=' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'streaming-door-'));
    const pki = await createPki(dir);
    const originTls = await pki.issue('origin', ['127.0.0.3']);
    const aliasTls = await pki.issue('alias', ['127.0.0.2']);
    ca = await readFile(pki.caFile);
    origin = await startOrigin({ cert: await readFile(originTls.certFile), key: await readFile(originTls.keyFile) });
    door = await startServe(
      ['--front-door', 'cloudfront', '--listen', '127.0.0.2:0', '--registry', origin.registry, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile, '--timeout', '2', '--access-log', join(dir, 'access.log')],
      { NODE_EXTRA_CA_CERTS: pki.caFile },
    );
  });
  afterAll(async () => {
    await door?.stop();
    origin?.server.closeAllConnections();
    origin?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const last = () => origin.seen.at(-1);

  it('sends the request on with the viewer’s Authorization and the registry as Host, hop-by-hop headers dropped', async () => {
    const response = await send(door.url, '/v2/app/manifests/v1?x=1', { ca, headers: { ...auth, accept: 'application/vnd.oci.image.manifest.v1+json', connection: 'keep-alive', 'proxy-authorization': 'Basic cA==', te: 'trailers' } });
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"schemaVersion":2}');
    expect(last()).toMatchObject({ method: 'GET', url: '/v2/app/manifests/v1?x=1' });
    expect(last()?.headers).toMatchObject({ host: origin.registry, authorization: auth.authorization, accept: 'application/vnd.oci.image.manifest.v1+json' });
    expect(last()?.headers['proxy-authorization']).toBeUndefined();
    expect(last()?.headers.te).toBeUndefined();
    expect(response.headers.via).toMatch(/CloudFront/);
  });

  it('keeps the registry’s Content-Length and digest on HEAD', async () => {
    const response = await send(door.url, '/v2/app/manifests/v1', { method: 'HEAD', ca, headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('19');
    expect(response.headers['docker-content-digest']).toBe('sha256:abc');
  });

  it('puts the absolute upload Location onto the domain as a path (POST 202, PATCH 201)', async () => {
    const started = await send(door.url, '/v2/app/blobs/uploads/', { method: 'POST', ca, headers: auth });
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe('/v2/app/blobs/uploads/0f3c-11?_state=abc');
    const patched = await send(door.url, started.headers.location ?? '', { method: 'PATCH', ca, headers: { ...auth, 'content-type': 'application/octet-stream' }, body: Buffer.alloc(1024, 1) });
    expect(patched.status).toBe(201);
    expect(patched.headers.location).toBe('/v2/app/blobs/uploads/0f3c-11?_state=def');
  });

  it('leaves the blob 307 to storage untouched: layers are downloaded from storage, not through the door', async () => {
    const response = await send(door.url, '/v2/app/blobs/sha256:abc', { ca, headers: auth });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe('https://starport-layer-bucket.s3.eu-central-1.amazonaws.com/x?X-Amz-Signature=ab');
  });

  it('puts a tags/list Link onto the domain', async () => {
    const response = await send(door.url, '/v2/app/tags/list?n=2', { ca, headers: auth });
    expect(response.headers.link).toBe('</v2/app/tags/list?last=b&n=2>; rel="next"');
  });

  it('passes a 401 with the registry’s challenge unchanged, as CloudFront runs no function on answers of 400 and above', async () => {
    const response = await send(door.url, '/v2/', { ca });
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe(`Basic realm="https://${origin.registry}/",service="ecr.amazonaws.com"`);
    expect(response.headers.location).toBe(`https://${origin.registry}/v2/not-rewritten`);
  });

  it('streams a 24 MB upload to the registry byte for byte, past API Gateway’s 10 MB limit', async () => {
    const body = Buffer.alloc(24 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body[i] = i % 251;
    const response = await send(door.url, '/v2/app/blobs/uploads/0f3c-11?_state=abc', { method: 'PATCH', ca, headers: { ...auth, 'content-type': 'application/octet-stream' }, body });
    expect(response.status).toBe(201);
    expect(last()).toMatchObject({ method: 'PATCH', bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') });
    const log = (await readFile(join(dir, 'access.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { method: string; requestBytes: number });
    expect(log.filter((e) => e.method === 'PATCH').map((e) => e.requestBytes)).toContain(body.length);
  });

  it('answers an origin that does not answer in time with 504 and OCI error JSON, within the origin timeout', async () => {
    const started = Date.now();
    const response = await send(door.url, '/stall', { ca, headers: auth });
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('is ready while the registry answers its version check', async () => {
    const response = await send(door.url, '/readyz', { ca });
    expect(response.status).toBe(200);
  });

  it('never prints or logs the credentials it passed on', async () => {
    const logged = await readFile(join(dir, 'access.log'), 'utf8');
    for (const text of [logged, door.stdout(), door.stderr()]) expect(text).not.toContain('QVdTOnN0cmVhbWluZy1zZWNyZXQ=');
  });
});

describe('serve --front-door cloudfront with an unreachable registry', () => {
  it('answers 502 with OCI error JSON and reports not ready', async () => {
    const door = await startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.2:0', '--registry', '127.0.0.3:1']);
    try {
      const response = await send(door.url, '/v2/', {});
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
      expect((await send(door.url, '/readyz', {})).status).toBe(503);
    } finally {
      await door.stop();
    }
  });
});

describe('serve --front-door usage', () => {
  it.each([
    [['--front-door', 'lambda'], /--front-door must be api-gateway or cloudfront/],
    [['--front-door', 'cloudfront', '--access', 'public', '--repositories', 'app'], /--access goes with --front-door api-gateway/],
    [['--front-door', 'cloudfront', '--handler', 'x.mjs'], /--handler goes with --front-door api-gateway/],
    [['--front-door', 'cloudfront', '--timeout', '181'], /--timeout must be 1 to 180 seconds/],
    [['--timeout', '31'], /--timeout must be 1 to 30 seconds/],
  ])('refuses %j with one line naming the fix', (args, message) => {
    const result = spawnSync(SERVE_BIN, ['serve', '--registry', 'registry.example.com', ...args], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toMatch(message);
  });
});
