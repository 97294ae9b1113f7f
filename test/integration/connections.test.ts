/**
 * What a client can hold of serve without sending a request, and what /readyz costs and tells: silent
 * connections are closed, one address cannot take every connection, readiness probes neither take a
 * forward's place nor tell a prober why the registry is not ready.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

/** Resolves with how long the server took to close the socket, or with undefined if it was still open after `waitMs`. */
function closedWithin(socket: Socket, waitMs: number): Promise<number | undefined> {
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, waitMs);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('serve’s connection limits', () => {
  let dir: string;
  let ca: Buffer;
  let registry: Server;
  let registryAuthority: string;
  let probes = 0;
  let alias: Started;
  let aliasUrl: URL;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'connections-'));
    const pki = await createPki(dir);
    ca = await readFile(pki.caFile);
    const registryTls = await pki.issue('registry', ['127.0.0.41']);
    const aliasTls = await pki.issue('alias', ['127.0.0.40']);
    // The version check answers after 1.5 s, so concurrent readiness probes overlap; everything else at once.
    registry = createHttpsServer({ cert: await readFile(registryTls.certFile), key: await readFile(registryTls.keyFile) }, (req, res) => {
      if (req.url === '/v2/') {
        probes++;
        setTimeout(() => {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="https://127.0.0.41/",service="ecr.amazonaws.com"', 'content-length': '0' });
          res.end();
        }, 1_500);
        return;
      }
      const body = '{"schemaVersion":2}';
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(body.length) });
      res.end(body);
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.41', resolve));
    registryAuthority = `127.0.0.41:${(registry.address() as AddressInfo).port}`;
    alias = await startServe(['--listen', '127.0.0.40:0', '--registry', registryAuthority, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile], { NODE_EXTRA_CA_CERTS: pki.caFile });
    aliasUrl = new URL(alias.url);
  });
  afterAll(async () => {
    await alias?.stop();
    registry?.closeAllConnections();
    registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('closes a connection that never starts its TLS handshake within 10 s', async () => {
    const socket = connect({ host: aliasUrl.hostname, port: Number(aliasUrl.port), localAddress: '127.0.0.42' });
    const ms = await closedWithin(socket, 16_000);
    expect(ms).toBeDefined();
    expect(ms).toBeLessThan(13_000);
  }, 20_000);

  it('closes a connection that finishes TLS and sends no request within 10 s', async () => {
    const socket = tlsConnect({ socket: connect({ host: aliasUrl.hostname, port: Number(aliasUrl.port), localAddress: '127.0.0.42' }), host: aliasUrl.hostname, ca });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', resolve);
      socket.once('error', reject);
    });
    const ms = await closedWithin(socket, 16_000);
    expect(ms).toBeDefined();
    expect(ms).toBeLessThan(13_000);
  }, 20_000);

  it('keeps a connection that sent its request open for the next one (keep-alive is not cut by the first-request limit)', async () => {
    const socket = tlsConnect({ socket: connect({ host: aliasUrl.hostname, port: Number(aliasUrl.port), localAddress: '127.0.0.42' }), host: aliasUrl.hostname, ca });
    await new Promise<void>((resolve) => socket.once('secureConnect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const ask = () => socket.write(`GET /healthz HTTP/1.1\r\nHost: ${aliasUrl.host}\r\n\r\n`);
    ask();
    // Requests every 3 s keep it busy past the 10 s first-request limit; keep-alive (5 s) holds between them.
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(socket.destroyed).toBe(false);
      ask();
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received.match(/HTTP\/1\.1 200/g)?.length).toBe(5);
    socket.destroy();
  }, 20_000);

  it('refuses an address more than 256 connections at once, while other addresses still get answers', async () => {
    const sockets = Array.from({ length: 300 }, () => connect({ host: aliasUrl.hostname, port: Number(aliasUrl.port), localAddress: '127.0.0.43' }));
    const closed = sockets.map((socket) => closedWithin(socket, 1_500));
    const refused = (await Promise.all(closed)).filter((ms) => ms !== undefined);
    expect(refused).toHaveLength(300 - 256);
    for (const socket of sockets) socket.destroy();
    const other = await send(alias.url, '/v2/app/manifests/v1', { ca, headers: { authorization: 'Basic QVdTOmNvbm5lY3Rpb25zLXNlY3JldA==', 'user-agent': 'containerd/1.6.20' } });
    expect(other.status).toBe(200);
  });

  it('runs one readiness check for many probes, outside the forwards’ bound, and says only ready', async () => {
    probes = 0;
    const readiness = Array.from({ length: 130 }, () => send(alias.url, '/readyz', { ca }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    // 130 probes in flight leave every forward slot (128) free for a real request.
    const real = await send(alias.url, '/v2/app/manifests/v1', { ca, headers: { authorization: 'Basic QVdTOmNvbm5lY3Rpb25zLXNlY3JldA==', 'user-agent': 'containerd/1.6.20' } });
    expect(real.status).toBe(200);
    const answers = await Promise.all(readiness);
    expect(probes).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({ status: 'ok' });
    }
    expect(alias.stderr()).toContain('serve: ready: registry answers');
    expect(alias.stdout() + alias.stderr()).not.toContain('QVdTOmNvbm5lY3Rpb25zLXNlY3JldA==');
  });
});

describe('readiness that the AWS API refuses', () => {
  it('tells the prober only “unavailable”, and the log why', async () => {
    const api = await startEcrApiStandIn({ host: '127.0.0.44', mode: 'access-denied' });
    const alias = await startServe(['--listen', '127.0.0.45:0', '--registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com', '--access', 'public', '--repositories', 'app'], {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAREADINESS0000001',
      AWS_SECRET_ACCESS_KEY: 'readiness-secret',
      AWS_ENDPOINT_URL_ECR: api.url,
    });
    try {
      const ready = await send(alias.url, '/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body.toString())).toEqual({ status: 'unavailable' });
      expect(alias.stderr()).toMatch(/serve: not ready: .*denies ecr:GetAuthorizationToken/);
      expect(alias.stdout() + alias.stderr()).not.toContain('readiness-secret');
    } finally {
      await alias.stop();
      await api.close();
    }
  });
});
