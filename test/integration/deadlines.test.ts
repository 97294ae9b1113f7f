import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { type AddressInfo, createServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialLoader } from '../../function/src/basic-auth.ts';
import { MAX_IN_FLIGHT } from '../../function/src/forward.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

const auth = { authorization: 'Basic QVdTOmRlYWRsaW5lLXNlY3JldA==', 'user-agent': 'containerd/1.6.20' };

/**
 * Upper bound on an answer that a deadline of 3 to 10 s ends. What it guards against is an answer held for ever or by a
 * 30 s timeout (the gateway's, which the answer's body tells apart); 20 s is far from both and leaves a loaded 2-core
 * host (a loaded run stretched a 5 s answer to 8 s) twice the longest deadline here.
 */
const BY_THE_DEADLINE_MS = 20_000;

/** A registry that accepts connections and never says a word: the TLS handshake stalls. */
async function stallingRegistry(host: string): Promise<{ server: NetServer; sockets: Set<Socket>; accepted: () => number; authority: string }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, sockets, accepted: () => accepted, authority: `${host}:${(server.address() as AddressInfo).port}` };
}

/** A registry that answers its version check (/v2/, 401) at once and never answers any other request. */
async function holdingRegistry(host: string, keys: { cert: Buffer; key: Buffer }): Promise<{ server: Server; held: () => number; authority: string }> {
  const held = new Set<ServerResponse>();
  const server = createHttpsServer(keys, (req, res) => {
    req.resume();
    if (req.url === '/v2/') return void res.writeHead(401, { 'www-authenticate': 'Basic realm="registry"', 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    held.add(res);
    res.on('close', () => held.delete(res));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, held: () => held.size, authority: `${host}:${(server.address() as AddressInfo).port}` };
}

let dir: string;
/** The stand-in registries' certificate and the CA serve trusts it by. */
let keys: { cert: Buffer; key: Buffer };
let caFile: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deadlines-'));
  const pki = await createPki(dir);
  const tls = await pki.issue('registry', ['127.0.0.14', '127.0.0.16']);
  keys = { cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) };
  caFile = pki.caFile;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serve’s forward deadline against a registry that stalls', () => {
  let tlsStall: Awaited<ReturnType<typeof stallingRegistry>>;
  let bodyStall: Server;
  let bodyStallAuthority: string;
  let viaTlsStall: Started;
  let viaBodyStall: Started;

  beforeAll(async () => {
    tlsStall = await stallingRegistry('127.0.0.13');
    // Answers headers, then never sends the body it announced.
    bodyStall = createHttpsServer(keys, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
    });
    await new Promise<void>((resolve) => bodyStall.listen(0, '127.0.0.14', resolve));
    bodyStallAuthority = `127.0.0.14:${(bodyStall.address() as AddressInfo).port}`;
    // A 4 s gateway: the function gives up 1 s before its own deadline, at 3 s.
    const env = { NODE_EXTRA_CA_CERTS: caFile };
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
  });

  it('answers 504 with OCI error JSON by the function’s deadline when the TLS handshake stalls', async () => {
    const started = Date.now();
    const response = await send(viaTlsStall.url, '/v2/app/manifests/v1', { headers: auth });
    const ms = Date.now() - started;
    expect(response.status).toBe(504);
    // The function's answer: the gateway's own, at 4 s, would be {"message":"Gateway Timeout"}.
    expect(JSON.parse(response.body.toString())).toEqual({ errors: [{ code: 'UNAVAILABLE', message: 'the registry did not answer in time' }] });
    // It waited for its 3 s deadline (a loaded host only makes it later).
    expect(ms).toBeGreaterThan(2_500);
    expect(ms).toBeLessThan(BY_THE_DEADLINE_MS);
  });

  it('answers 504 with OCI error JSON by the deadline when the registry stalls after its headers', async () => {
    const started = Date.now();
    const response = await send(viaBodyStall.url, '/v2/app/manifests/v1', { headers: auth });
    expect(response.status).toBe(504);
    expect(JSON.parse(response.body.toString())).toEqual({ errors: [{ code: 'UNAVAILABLE', message: 'the registry did not answer in time' }] });
    expect(Date.now() - started).toBeLessThan(BY_THE_DEADLINE_MS);
  });

  it('ends 200 concurrent requests within the deadline, each with OCI error JSON, and /readyz answers meanwhile', async () => {
    const started = Date.now();
    const all = Array.from({ length: 200 }, () => send(viaTlsStall.url, '/v2/app/manifests/v1', { headers: auth }).then((r) => ({ ...r, ms: Date.now() - started })));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const readyStarted = Date.now();
    const ready = await send(viaTlsStall.url, '/readyz', {});
    // Its own 5 s budget ends the check stalled in the handshake.
    expect(Date.now() - readyStarted).toBeLessThan(BY_THE_DEADLINE_MS);
    expect(ready.status).toBe(503);
    const answers = await Promise.all(all);
    for (const answer of answers) {
      expect([503, 504]).toContain(answer.status);
      // The function's answer, so its 3 s deadline ended it, not the gateway's 4 s.
      expect(JSON.parse(answer.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
      expect(answer.ms).toBeLessThan(BY_THE_DEADLINE_MS);
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
  it('answers /readyz from the registry before any of them ends, and ends each by its own deadline', async () => {
    const registry = await holdingRegistry('127.0.0.16', keys);
    // Forwards that outlive /readyz's 5 s budget (a probe queued behind them would run out of it: 503), and 10 s, not 8:
    // on a loaded host the registry held every forward 2.4 s after the first was sent, and /readyz must answer before 9 s.
    const alias = await startServe(['--listen', '127.0.0.17:0', '--registry', registry.authority, '--front-door', door, '--timeout', '10'], { NODE_EXTRA_CA_CERTS: caFile });
    try {
      const statuses: number[] = [];
      const started = Date.now();
      const forwards = Array.from({ length: count }, () =>
        send(alias.url, '/v2/app/manifests/v1', { headers: auth }).then((r) => {
          statuses.push(r.status);
          return { ...r, ms: Date.now() - started };
        }),
      );
      // The api-gateway door sends on at most MAX_IN_FLIGHT and refuses the rest at once (503).
      const sentOn = door === 'api-gateway' ? Math.min(count, MAX_IN_FLIGHT) : count;
      await expect.poll(registry.held, { timeout: BY_THE_DEADLINE_MS }).toBeGreaterThanOrEqual(sentOn);
      const ready = await send(alias.url, '/readyz', {});
      // The probe reached the registry past every stalled forward, and none of them had ended: only refusals had answers.
      expect(ready.status).toBe(200);
      expect(statuses.filter((status) => status !== 503)).toEqual([]);
      const answers = await Promise.all(forwards);
      expect(answers.filter((answer) => answer.status === 504).length).toBe(sentOn);
      for (const answer of answers) {
        if (answer.status === 503) expect(answer.headers['retry-after']).toBe('1');
        // The forward's own deadline says so (the api-gateway door's gateway, at 10 s, would say "Gateway Timeout").
        else expect(answer.body.toString()).toContain('the registry did not answer in time');
        expect(answer.ms).toBeLessThan(BY_THE_DEADLINE_MS);
      }
    } finally {
      await alias.stop();
      registry.server.closeAllConnections();
      registry.server.close();
    }
  });
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
      // Its own 5 s deadline (an AbortSignal's timeout): the SDK's 4 s per attempt would end it at about 8 s with its own error.
      await expect(load()).rejects.toThrow(/aborted due to timeout/);
      expect(Date.now() - started).toBeLessThan(BY_THE_DEADLINE_MS);
    } finally {
      process.env = saved;
      for (const socket of hanging.sockets) socket.destroy();
      hanging.server.close();
    }
  });
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
      // The token fetch's deadline (5 s; test/unit/public.test.ts tells it from the SDK's own), not the gateway's 30 s (a 504).
      expect(first.status).toBe(503);
      expect(JSON.parse(first.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
      expect(Date.now() - started).toBeLessThan(BY_THE_DEADLINE_MS);
      // While the keeper backs off, the answer is immediate: no new fetch, which would wait for its 5 s deadline.
      const asked = hanging.accepted();
      started = Date.now();
      expect((await send(alias.url, '/v2/app/manifests/v1', {})).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(hanging.accepted()).toBe(asked);
      started = Date.now();
      expect((await send(alias.url, '/readyz', {})).status).toBe(503);
      // Its own 5 s budget.
      expect(Date.now() - started).toBeLessThan(BY_THE_DEADLINE_MS);
      expect(alias.stdout() + alias.stderr()).not.toContain('deadline-secret');
    } finally {
      await alias.stop();
      for (const socket of hanging.sockets) socket.destroy();
      hanging.server.close();
    }
  });
});
