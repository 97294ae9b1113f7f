// serve under concurrent load while the registry fails in every way we know: every request ends
// within the function's deadline with OCI error JSON, serve recovers without a restart, and its
// memory does not grow from one round of faults to the next. Loopback only, bounded in count and time.
// Two serve processes: a 1 s deadline keeps the memory rounds short and busy (with 5 s stalls V8 shrinks the heap while
// idle and RSS swings by 20 MB from round to round), and a 5 s one lets a loaded host's recovery answer 200 in time.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fault, faultProxy, rssMb } from '../support/faults.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

const auth = { authorization: 'Basic QVdTOmZhdWx0LXNlY3JldA==', 'user-agent': 'containerd/1.6.20', accept: 'application/vnd.oci.image.manifest.v1+json' };
const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');

describe('serve under load while the registry fails', () => {
  let dir: string;
  let registry: Server;
  let proxy: Awaited<ReturnType<typeof faultProxy>>;
  let caFile: string;
  const faults: Fault[] = ['down', 'reset', 'black-hole', 'stall-tls', 'error-500', 'stall-after-headers'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faults-'));
    const pki = await createPki(dir);
    const tls = await pki.issue('registry', ['127.0.0.16', '127.0.0.17']);
    registry = createHttpsServer({ cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) }, (req, res) => {
      req.resume();
      const fault = proxy.fault();
      if (fault === 'error-500') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return void res.end('{"errors":[{"code":"UNKNOWN","message":"internal error"}]}');
      }
      if (fault === 'stall-after-headers') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(manifest.length) });
        return void res.write(manifest.subarray(0, 10));
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'content-length': String(manifest.length), 'docker-content-digest': 'sha256:feed' });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.16', resolve));
    proxy = await faultProxy('127.0.0.17', () => `127.0.0.16:${(registry.address() as AddressInfo).port}`);
    caFile = pki.caFile;
  });
  afterAll(async () => {
    proxy?.close();
    registry?.closeAllConnections();
    registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** serve with a `gateway` s gateway: its function's deadline is 1 s less. */
  const startAlias = (gateway: number) => startServe(['--listen', '127.0.0.18:0', '--registry', proxy.authority, '--timeout', String(gateway)], { NODE_EXTRA_CA_CERTS: caFile });

  /**
   * 60 concurrent HEAD and GET requests; every one must end within the deadline as the function's answer: 200 where
   * `expected` says so, else OCI error JSON on every GET (never the gateway's bare 504, so the function's deadline ended it).
   */
  async function load(alias: Started, expected: 'failure' | 'ok' | 'ok or late'): Promise<void> {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_v, i) => send(alias.url, '/v2/app/manifests/v1', { method: i % 2 ? 'HEAD' : 'GET', headers: auth }).then((r) => ({ ...r, ms: Date.now() - started }))),
    );
    for (const answer of answers) {
      // Only far from a request held for ever: the answer's body shows which deadline ended it, whatever the host's load.
      expect(answer.ms).toBeLessThan(15_000);
      if (expected === 'ok' || (expected === 'ok or late' && answer.status !== 504)) {
        expect(answer.status).toBe(200);
        continue;
      }
      expect(expected === 'failure' ? [500, 502, 503, 504] : [504]).toContain(answer.status);
      if (answer.headers['content-length'] !== '0' && answer.body.length > 0) {
        expect(JSON.parse(answer.body.toString())).toHaveProperty('errors');
      }
    }
  }

  /** Each fault in turn, under load, then the registry back for 200 ms and the load again, expected `afterwards`. */
  async function everyFault(alias: Started, afterwards: 'ok' | 'ok or late'): Promise<void> {
    for (const fault of faults) {
      proxy.set(fault);
      await load(alias, 'failure');
      proxy.set('none');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await load(alias, afterwards);
    }
  }

  it('ends every request within the deadline with OCI error JSON, round after round, and keeps its memory flat', async () => {
    // A 2 s gateway: the function answers by 1 s, which keeps the rounds short.
    const alias = await startAlias(2);
    try {
      const pid = alias.child.pid ?? 0;
      const memory: number[] = [];
      for (let round = 0; round < 3; round++) {
        // The requests of a healthy registry, in each round's memory too; a loaded host can take them past 1 s (the next test holds them to 200).
        await everyFault(alias, 'ok or late');
        memory.push(await rssMb(pid));
      }
      expect(alias.child.exitCode).toBeNull();
      expect(alias.stderr()).not.toMatch(/unhandled|uncaught/i);
      // Round 1 warms the heap; rounds 2 and 3 must not grow beyond noise.
      expect((memory[2] ?? 0) - (memory[1] ?? 0)).toBeLessThan(15);
    } finally {
      await alias.stop();
    }
  }, 120_000);

  it('recovers from each fault without a restart: 200 ms after the registry is back, every request gets its 200', async () => {
    // A 5 s deadline: a loaded 2-core host stretched a healthy load (60 new TLS connections) to 1.7 s, past a 1 s one.
    const alias = await startAlias(6);
    try {
      await everyFault(alias, 'ok');
      expect(alias.child.exitCode).toBeNull();
      expect(alias.stderr()).not.toMatch(/unhandled|uncaught/i);
    } finally {
      await alias.stop();
    }
  });
});
