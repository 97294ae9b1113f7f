// serve's memory across repeated rounds of registry faults (down, reset, black-hole, stalled TLS,
// 500, stalled body) under concurrent load: it must not grow from one round to the next.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Fault, faultProxy, rssMb } from '../test/support/faults.ts';
import { send } from '../test/support/http.ts';
import { createPki } from '../test/support/pki.ts';
import { startServe } from '../test/support/processes.ts';
import type { Report } from './report.ts';

export default async function bench(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-faults-'));
  const pki = await createPki(dir);
  const tls = await pki.issue('registry', ['127.0.0.16', '127.0.0.17']);
  const manifest = Buffer.from('{"schemaVersion":2}');
  let proxyFault: () => Fault = () => 'none';
  const registry = createServer({ cert: await readFile(tls.certFile), key: await readFile(tls.keyFile) }, (req, res) => {
    req.resume();
    const fault = proxyFault();
    if (fault === 'error-500') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNKNOWN","message":"x"}]}');
    if (fault === 'stall-after-headers') return void res.writeHead(200, { 'content-length': '100' }).write('{');
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(manifest.length), 'docker-content-digest': 'sha256:feed' }).end(req.method === 'HEAD' ? undefined : manifest);
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.16', resolve));
  const proxy = await faultProxy('127.0.0.17', () => `127.0.0.16:${(registry.address() as AddressInfo).port}`);
  proxyFault = proxy.fault;
  const alias = await startServe(['--listen', '127.0.0.18:0', '--registry', proxy.authority, '--timeout', '2'], { NODE_EXTRA_CA_CERTS: pki.caFile });
  const headers = { authorization: 'Basic QVdTOmJlbmNo', 'user-agent': 'containerd/1.6.20' };
  try {
    const memory: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const fault of ['down', 'reset', 'black-hole', 'stall-tls', 'error-500', 'stall-after-headers', 'none'] as const) {
        proxy.set(fault);
        await Promise.all(Array.from({ length: 100 }, (_v, i) => send(alias.url, '/v2/app/manifests/v1', { method: i % 2 ? 'HEAD' : 'GET', headers })));
      }
      memory.push(await rssMb(alias.child.pid ?? 0));
    }
    console.log(`serve RSS after each round of faults: ${memory.map((m) => m.toFixed(1)).join(', ')} MB`);
    // Round 1 warms the heap; the last round against the second shows any growth.
    report({ name: 'serve RSS after 5 rounds of registry faults (100 concurrent requests per fault)', value: memory.at(-1) ?? 0, baseline: memory[1] ?? 1, unit: 'MB', baselineName: 'after round 2', goal: { max: 1.1 } });
  } finally {
    await alias.stop();
    proxy.close();
    registry.closeAllConnections();
    registry.close();
    await rm(dir, { recursive: true, force: true });
  }
}
