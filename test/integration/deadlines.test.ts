import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialLoader } from '../../function/src/basic-auth.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

const auth = { authorization: 'Basic QVdTOmRlYWRsaW5lLXNlY3JldA==', 'user-agent': 'containerd/1.6.20' };

/** A registry that accepts connections and never says a word: the TLS handshake stalls. */
async function stallingRegistry(host: string): Promise<{ server: NetServer; sockets: Set<Socket>; authority: string }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, sockets, authority: `${host}:${(server.address() as AddressInfo).port}` };
}

describe('serve’s forward deadline against a registry that stalls', () => {
  let dir: string;
  let tlsStall: Awaited<ReturnType<typeof stallingRegistry>>;
  let bodyStall: Server;
  let bodyStallAuthority: string;
  let viaTlsStall: Started;
  let viaBodyStall: Started;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'deadlines-'));
    const pki = await createPki(dir);
    const tls = await pki.issue('registry', ['127.0.0.14']);
    tlsStall = await stallingRegistry('127.0.0.13');
    // Answers headers, then never sends the body it announced.
    bodyStall = createHttpsServer({ cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
    });
    await new Promise<void>((resolve) => bodyStall.listen(0, '127.0.0.14', resolve));
    bodyStallAuthority = `127.0.0.14:${(bodyStall.address() as AddressInfo).port}`;
    // A 4 s gateway: the function gives up 1 s before its own deadline, at 3 s.
    const env = { NODE_EXTRA_CA_CERTS: pki.caFile };
    viaTlsStall = await startServe(['--listen', '127.0.0.12:0', '--registry', tlsStall.authority, '--timeout', '4'], env);
    viaBodyStall = await startServe(['--listen', '127.0.0.12:0', '--registry', bodyStallAuthority, '--timeout', '4'], env);
  });
  afterAll(async () => {
    await viaTlsStall?.stop();
    await viaBodyStall?.stop();
    for (const socket of tlsStall?.sockets ?? []) socket.destroy();
    tlsStall?.server.close();
    bodyStall?.closeAllConnections();
    bodyStall?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers 504 with OCI error JSON by the function’s deadline when the TLS handshake stalls', async () => {
    const started = Date.now();
    const response = await send(viaTlsStall.url, '/v2/app/manifests/v1', { headers: auth });
    const ms = Date.now() - started;
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body.toString())).toEqual({ errors: [{ code: 'UNAVAILABLE', message: 'the registry did not answer in time' }] });
    expect(ms).toBeGreaterThan(2_500);
    expect(ms).toBeLessThan(3_700);
  });

  it('answers 504 with OCI error JSON by the deadline when the registry stalls after its headers', async () => {
    const started = Date.now();
    const response = await send(viaBodyStall.url, '/v2/app/manifests/v1', { headers: auth });
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
    expect(Date.now() - started).toBeLessThan(3_700);
  });

  it('ends 200 concurrent requests within the deadline, each with OCI error JSON, and /readyz answers meanwhile', async () => {
    const started = Date.now();
    const all = Array.from({ length: 200 }, () => send(viaTlsStall.url, '/v2/app/manifests/v1', { headers: auth }).then((r) => ({ ...r, ms: Date.now() - started })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const readyStarted = Date.now();
    const ready = await send(viaTlsStall.url, '/readyz', {});
    expect(Date.now() - readyStarted).toBeLessThan(6_000);
    expect(ready.status).toBe(503);
    const answers = await Promise.all(all);
    for (const answer of answers) {
      expect([503, 504]).toContain(answer.status);
      expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
      // The function's 3 s deadline, plus room for 200 answers on a loaded 2-core machine.
      expect(answer.ms).toBeLessThan(4_400);
    }
    // Past the bound on requests waiting for the registry, the answer is immediate and says when to retry.
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) expect(answer.headers['retry-after']).toBe('1');
  });
});

describe.each([
  ['api-gateway', 120],
  ['api-gateway', 200],
  ['cloudfront', 120],
  ['cloudfront', 200],
  ['proxy', 120],
  ['proxy', 200],
] as const)('the %s door with %i forwards stalled on the registry', (door, count) => {
  it('answers /readyz within 5 s meanwhile, and ends every forward by its own deadline', async () => {
    const hanging = await stallingRegistry('127.0.0.16');
    // Forwards that live longer than a readiness check: a probe queued behind them would wait for their deadline.
    const alias = await startServe(['--listen', '127.0.0.17:0', '--registry', hanging.authority, '--front-door', door, '--timeout', '8']);
    try {
      const started = Date.now();
      const forwards = Array.from({ length: count }, () => send(alias.url, '/v2/app/manifests/v1', { headers: auth }).then((r) => ({ ...r, ms: Date.now() - started })));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const readyStarted = Date.now();
      const ready = await send(alias.url, '/readyz', {});
      expect(ready.status).toBe(503);
      // 5 s, plus room for a loaded 2-core machine running other test files.
      expect(Date.now() - readyStarted).toBeLessThan(6_500);
      for (const answer of await Promise.all(forwards)) {
        expect([503, 504]).toContain(answer.status);
        expect(answer.ms).toBeLessThan(9_500);
      }
    } finally {
      await alias.stop();
      for (const socket of hanging.sockets) socket.destroy();
      hanging.server.close();
    }
  }, 30_000);
});

describe('the Basic password load against an AWS API that hangs', () => {
  it.each(['ssm', 'secret'] as const)('gives up on %s within its deadline, so the request gets a 503 instead of hanging', async (kind) => {
    const hanging = await stallingRegistry('127.0.0.15');
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIADEADLINE00000001',
      AWS_SECRET_ACCESS_KEY: 'deadline-secret',
      AWS_ENDPOINT_URL_SSM: `http://${hanging.authority}`,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://${hanging.authority}`,
    });
    try {
      const load = credentialLoader(kind === 'ssm' ? { kind, name: '/ecr/password' } : { kind, id: 'ecr-password' });
      const started = Date.now();
      await expect(load()).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(6_500);
    } finally {
      process.env = saved;
      for (const socket of hanging.sockets) socket.destroy();
      hanging.server.close();
    }
  }, 15_000);
});

describe('public access with an ECR API that hangs', () => {
  it('answers 503 with OCI error JSON within seconds, never the gateway’s timeout, and /readyz says why in time', async () => {
    const hanging = await stallingRegistry('127.0.0.15');
    const alias = await startServe(['--listen', '127.0.0.12:0', '--registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com', '--access', 'public', '--repositories', 'app'], {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIADEADLINE00000002',
      AWS_SECRET_ACCESS_KEY: 'deadline-secret',
      AWS_ENDPOINT_URL_ECR: `http://${hanging.authority}`,
    });
    try {
      let started = Date.now();
      const first = await send(alias.url, '/v2/app/manifests/v1', {});
      expect(first.status).toBe(503);
      expect(JSON.parse(first.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
      expect(Date.now() - started).toBeLessThan(6_500);
      // While the keeper backs off, the answer is immediate.
      started = Date.now();
      expect((await send(alias.url, '/v2/app/manifests/v1', {})).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(500);
      started = Date.now();
      expect((await send(alias.url, '/readyz', {})).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(alias.stdout() + alias.stderr()).not.toContain('deadline-secret');
    } finally {
      await alias.stop();
      for (const socket of hanging.sockets) socket.destroy();
      hanging.server.close();
    }
  }, 20_000);
});
