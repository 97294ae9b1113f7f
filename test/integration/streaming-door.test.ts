import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { connect } from 'node:tls';
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
  /** Which connection to the origin it came on, counted from 1. */
  connection: number;
}

/** A TLS origin on its own loopback address that records what reaches it and answers like ECR. */
async function startOrigin(tls: { cert: Buffer; key: Buffer }) {
  const seen: Seen[] = [];
  /** Every request as it starts (some never end), its connection, and whether it has closed (ended or cut). */
  const started: { url: string; connection: number; closed: boolean }[] = [];
  const connections = new WeakMap<Socket, number>();
  let registry = '';
  const server: Server = createServer(tls, (req, res) => {
    const connection = connections.get(req.socket) ?? 0;
    const start = { url: req.url ?? '', connection, closed: false };
    started.push(start);
    // Node leaves a request whose answer was sent unclosed when its connection goes: watch both.
    req.once('close', () => (start.closed = true));
    req.socket.once('close', () => (start.closed = true));
    // Answers before reading the body, as a registry refusing an upload may.
    if ((req.url ?? '').endsWith('/early')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"DENIED","message":"no"}]}');
    }
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes, sha256: hash.digest('hex'), connection });
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path === '/stall' || path.endsWith('/early')) return; // never answers, or has answered
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
  let count = 0;
  server.on('secureConnection', (socket: Socket) => connections.set(socket, ++count));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.3', resolve));
  registry = `127.0.0.3:${(server.address() as AddressInfo).port}`;
  return { server, seen, started, registry };
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

  it('answers an origin that does not answer in time with CloudFront’s 504 page, within the origin timeout', async () => {
    const started = Date.now();
    const response = await send(door.url, '/stall', { ca, headers: auth });
    expect(response.status).toBe(504);
    expect(response.headers['content-type']).toBe('text/html');
    expect(response.headers['x-cache']).toBe('Error from cloudfront');
    expect(response.body.toString()).toContain('504 Gateway Timeout ERROR');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it.each(['GET', 'HEAD', 'DELETE', 'OPTIONS'])('refuses %s requests that carry a body with CloudFront’s 403 and sends nothing on', async (method) => {
    const before = origin.started.length;
    for (const framing of [{ 'content-length': '3' }, { 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const response = await send(door.url, '/v2/app/manifests/v1', { method, ca, headers: { ...auth, ...framing }, body: 'abc' });
      expect(response.status).toBe(403);
      expect(response.headers.connection).toBe('close');
      if (method !== 'HEAD') expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNSUPPORTED', message: `a ${method} request carries no body: send it without one` }] });
    }
    expect(origin.started.length).toBe(before);
  });

  it('answers 501 to a transfer coding other than chunked, and 400 to a target that is not a path', async () => {
    const before = origin.started.length;
    const coded = await send(door.url, '/v2/app/blobs/uploads/x', { method: 'PATCH', ca, headers: { ...auth, 'transfer-encoding': 'gzip, chunked' }, body: 'abc' });
    expect(coded.status).toBe(501);
    const absolute = await send(door.url, `https://${origin.registry}/v2/app/manifests/v1`, { ca, headers: auth });
    expect(absolute.status).toBe(400);
    expect(origin.started.length).toBe(before);
  });

  it('sends a body on with the viewer’s Content-Length, or chunked when the viewer sent no length', async () => {
    await send(door.url, '/v2/app/blobs/uploads/x', { method: 'PUT', ca, headers: { ...auth, 'content-length': '3' }, body: 'abc' });
    expect(last()?.headers).toMatchObject({ 'content-length': '3' });
    expect(last()?.headers['transfer-encoding']).toBeUndefined();
    await send(door.url, '/v2/app/blobs/uploads/x', { method: 'PATCH', ca, headers: { ...auth, 'transfer-encoding': 'chunked' }, body: 'abc' });
    expect(last()).toMatchObject({ bytes: 3, headers: { 'transfer-encoding': 'chunked' } });
    expect(last()?.headers['content-length']).toBeUndefined();
  });

  /** Until `done`, 10 s at most. */
  const until = async (done: () => boolean) => {
    for (const deadline = Date.now() + 10_000; !done() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  /** Until the origin's last request for a path ending in `tail` has closed. */
  const closedAt = (tail: string) => until(() => origin.started.findLast((s) => s.url.endsWith(tail))?.closed === true);
  /** The origin connections of the last request for `tail` and of the request after it. */
  const connectionsOf = (tail: string) => {
    const at = origin.started.findLastIndex((s) => s.url.endsWith(tail));
    return origin.started.slice(at, at + 2).map((s) => s.connection);
  };

  /** A raw viewer connection: what it writes goes as it is, what it reads is kept. */
  const rawViewer = () => {
    const { hostname, port } = new URL(door.url);
    const socket = connect({ host: hostname, port: Number(port), ca });
    let read = '';
    socket.on('data', (chunk: Buffer) => (read += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const head = (path: string, length: number) => `PATCH ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: ${auth.authorization}\r\nContent-Length: ${length}\r\n\r\n`;
    return { socket, head, read: () => read };
  };

  it('never reuses a registry connection that answered before the whole body was sent', async () => {
    const viewer = rawViewer();
    viewer.socket.write(`${viewer.head('/v2/app/blobs/uploads/early', 20)}0123456789`);
    await until(() => viewer.read().includes('401'));
    // The rest of the body after the answer: the door's request to the registry finishes, on a connection it must not reuse.
    viewer.socket.write('0123456789');
    await until(() => origin.seen.some((s) => s.url.endsWith('/early')));
    viewer.socket.destroy();
    expect(origin.seen.at(-1)).toMatchObject({ url: '/v2/app/blobs/uploads/early', bytes: 20 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await send(door.url, '/v2/app/manifests/v1', { ca, headers: auth });
    const [first, next] = connectionsOf('/early');
    expect(next).toBeDefined();
    expect(next).not.toBe(first);
  });

  it('ends the registry request at once when the viewer goes away after its answer, mid-body', async () => {
    // Connection: close: serve closes the viewer's connection once the answer is sent, the body still coming.
    const started = Date.now();
    const early = await send(door.url, '/v2/app/blobs/uploads/gone/early', { method: 'PATCH', ca, headers: auth, body: Buffer.alloc(8 * 1024 * 1024) });
    expect(early.status).toBe(401);
    await closedAt('/gone/early');
    // Without the watch, only the origin timeout (2 s here) ends it.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('never reuses a registry connection whose request body the viewer left unfinished', async () => {
    const viewer = rawViewer();
    viewer.socket.write(`${viewer.head('/v2/app/blobs/uploads/cut', 100_000)}0123456789`);
    await until(() => origin.started.some((s) => s.url.endsWith('/cut')));
    viewer.socket.destroy();
    await closedAt('/cut');
    await send(door.url, '/v2/app/manifests/v1', { ca, headers: auth });
    const [first, next] = connectionsOf('/cut');
    expect(next).toBeDefined();
    expect(next).not.toBe(first);
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
  it('answers CloudFront’s 502 page and reports not ready', async () => {
    const door = await startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.2:0', '--registry', '127.0.0.3:1']);
    try {
      const response = await send(door.url, '/v2/', {});
      expect(response.status).toBe(502);
      expect(response.headers['content-type']).toBe('text/html');
      expect(response.body.toString()).toContain('502 Bad Gateway ERROR');
      expect((await send(door.url, '/readyz', {})).status).toBe(503);
    } finally {
      await door.stop();
    }
  });
});

describe('serve --front-door usage', () => {
  it.each([
    [['--front-door', 'lambda'], /--front-door must be api-gateway, cloudfront or proxy/],
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
