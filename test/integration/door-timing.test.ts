/**
 * The streaming doors as their services run them: the cloudfront door times the origin response from the request's
 * start, upload included, and keeps error answers per URL as CloudFront does; the proxy door (the ecs door) times an
 * upload only by its gaps and keeps nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

const auth = { authorization: 'Basic QVdTOnRpbWluZy1zZWNyZXQ=', 'user-agent': 'containerd/1.6.20' };

/** A registry that answers a blob PUT after its whole body (as ECR does) and serves a manifest once it is pushed. */
async function startRegistry(tls: { cert: Buffer; key: Buffer }) {
  const manifests = new Set<string>();
  const server: Server = createServer(tls, (req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'PUT' && path.includes('/blobs/uploads/')) {
        res.writeHead(201, { 'content-length': '0', 'docker-content-digest': 'sha256:0' });
        return res.end();
      }
      if (path.includes('/manifests/')) {
        if (req.method === 'PUT') {
          manifests.add(path);
          res.writeHead(201, { 'content-length': '0' });
          return res.end();
        }
        if (!manifests.has(path)) {
          const body = '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}';
          res.writeHead(404, { 'content-type': 'application/json', 'content-length': String(body.length) });
          return res.end(req.method === 'HEAD' ? undefined : body);
        }
        const body = '{"schemaVersion":2}';
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(body.length) });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      res.writeHead(200, { 'content-length': '2' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.51', resolve));
  return { server, authority: `127.0.0.51:${(server.address() as AddressInfo).port}` };
}

/** PUTs `bytes` with Content-Length, as containerd's pusher does, at most `bytesPerSecond` (in 64 KiB writes). */
function upload(base: string, ca: Buffer, bytes: number, bytesPerSecond: number): Promise<{ status: number; body: string; ms: number }> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: 'PUT', path: '/v2/app/blobs/uploads/u1?digest=sha256:0', ca, agent: false, headers: { ...auth, 'content-length': String(bytes), 'content-type': 'application/octet-stream' } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
      },
    );
    // The door may answer and close while the body is still going: the answer is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const next = () => {
      if (req.destroyed) return;
      if (sent >= bytes) return void req.end();
      const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
      sent += part.length;
      req.write(part);
      setTimeout(next, (part.length / bytesPerSecond) * 1000);
    };
    next();
  });
}

describe('uploads through the streaming doors, timed as their services time them', () => {
  let dir: string;
  let ca: Buffer;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  let cloudfront: Started;
  let proxy: Started;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'door-timing-'));
    const pki = await createPki(dir);
    ca = await readFile(pki.caFile);
    const tls = await pki.issue('registry', ['127.0.0.51']);
    const doorTls = await pki.issue('door', ['127.0.0.50']);
    registry = await startRegistry({ cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) });
    const env = { NODE_EXTRA_CA_CERTS: pki.caFile };
    const door = ['--listen', '127.0.0.50:0', '--registry', registry.authority, '--tls-cert', doorTls.certFile, '--tls-key', doorTls.keyFile, '--timeout', '3'];
    cloudfront = await startServe(['--front-door', 'cloudfront', ...door], env);
    proxy = await startServe(['--front-door', 'proxy', ...door], env);
  });
  afterAll(async () => {
    await cloudfront?.stop();
    await proxy?.stop();
    registry?.server.closeAllConnections();
    registry?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts a 6 MB upload at 1 MB/s at the cloudfront door’s 3 s origin response timeout, with CloudFront’s 504 page', async () => {
    const answer = await upload(cloudfront.url, ca, 6_000_000, 1_000_000);
    expect(answer.status).toBe(504);
    expect(answer.body).toContain('504 Gateway Timeout ERROR');
    expect(answer.ms).toBeGreaterThan(2_500);
    expect(answer.ms).toBeLessThan(5_500);
  }, 20_000);

  it('carries a fast 6 MB upload through the cloudfront door', async () => {
    const answer = await upload(cloudfront.url, ca, 6_000_000, 1_000_000_000);
    expect(answer.status).toBe(201);
  }, 20_000);

  it('carries the same slow upload through the proxy door, whose timeout bounds gaps only', async () => {
    const answer = await upload(proxy.url, ca, 6_000_000, 1_000_000);
    expect(answer.status).toBe(201);
    expect(answer.ms).toBeGreaterThan(5_000);
  }, 20_000);
});

describe('error answers CloudFront keeps', () => {
  let dir: string;
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  const doors: Started[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'error-cache-'));
    const pki = await createPki(dir);
    const tls = await pki.issue('registry', ['127.0.0.51']);
    registry = await startRegistry({ cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) });
  });
  afterAll(async () => {
    for (const door of doors) await door.stop();
    registry?.server.closeAllConnections();
    registry?.server.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Probe a tag (404), push it, probe again: what a CI job that checks, pushes and pulls sees. */
  async function checkPushProbe(args: string[], tag: string): Promise<number[]> {
    const door = await startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.52:0', '--registry', registry.authority, ...args], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') });
    doors.push(door);
    const path = `/v2/app/manifests/${tag}`;
    const first = await send(door.url, path, { method: 'HEAD', headers: auth });
    const pushed = await send(door.url, path, { method: 'PUT', headers: { ...auth, 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: '{"schemaVersion":2}' });
    expect(pushed.status).toBe(201);
    // Another client, with other credentials, asks next.
    const second = await send(door.url, path, { headers: { authorization: 'Basic QVdTOm90aGVyLWNsaWVudA==' } });
    return [first.status, second.status];
  }

  it('answers 404 then 200 by default (the module sets the error caching minimum TTL to 0)', async () => {
    expect(await checkPushProbe([], 'default')).toEqual([404, 200]);
  });

  it('answers 404 twice with --error-cache-seconds 10, to any client, as CloudFront does by default', async () => {
    expect(await checkPushProbe(['--error-cache-seconds', '10'], 'cached')).toEqual([404, 404]);
  });

  it('gives the kept answer with its body to a GET after a GET, and its age', async () => {
    const door = await startServe(['--front-door', 'cloudfront', '--listen', '127.0.0.52:0', '--registry', registry.authority, '--error-cache-seconds', '10'], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') });
    doors.push(door);
    const first = await send(door.url, '/v2/app/manifests/gone', { headers: auth });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await send(door.url, '/v2/app/manifests/gone', {});
    expect(again.status).toBe(404);
    expect(again.body.toString()).toBe(first.body.toString());
    expect(Number(again.headers.age)).toBeGreaterThanOrEqual(1);
  });

  it('refuses --error-cache-seconds at another door', async () => {
    const door = startServe(['--front-door', 'proxy', '--registry', registry.authority, '--error-cache-seconds', '10']);
    await expect(door).rejects.toThrow(/--error-cache-seconds goes with --front-door cloudfront/);
  });
});
