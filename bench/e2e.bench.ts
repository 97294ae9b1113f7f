// Through the alias versus straight to the registry, on the ECR stand-in: docker pull, skopeo copy,
// and public-mode HEAD-manifest throughput through `serve`.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from '../test/e2e/children.ts';
import { type Clients, docker, setUpClients, skopeo, startDockerd } from '../test/e2e/clients.ts';
import { buildTestImage } from '../test/e2e/image.ts';
import { type StandIn, startStandIn } from '../test/e2e/stand-in.ts';
import { median, type Report } from './report.ts';

async function timed(run: () => Promise<{ code: number; stderr: string }>): Promise<number> {
  const started = process.hrtime.bigint();
  const result = await run();
  if (result.code !== 0) throw new Error(result.stderr.trim().split('\n').at(-1));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** HEAD requests per second at a fixed concurrency over keep-alive connections. */
async function headRate(base: string, path: string, headers: Record<string, string>, ca: Buffer, total: number, concurrency = 16): Promise<number> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca });
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method: 'HEAD', headers, agent }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HEAD ${path} answered ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await one();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return total / seconds;
}

export default async function bench(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  try {
    const image = await buildTestImage(dir, { bigLayerBytes: 16 * 1024 * 1024 });
    standIn = await startStandIn(join(dir, 'stand-in'));
    clients = await setUpClients(standIn);
    const s = standIn;
    const c = clients;
    const ca = await readFile(s.caFile);
    const seed = await skopeo(c, ['copy', '--authfile', c.paths.authFile, '--dest-cert-dir', c.paths.certDir, `oci:${image.layout}:${image.tag}`, `docker://${s.alias}/bench/app:v1`]);
    if (seed.code !== 0) throw new Error(`seeding failed: ${seed.stderr}`);
    const rounds = 7;

    const copy = (host: string, i: number) => () =>
      skopeo(c, ['copy', '--authfile', c.paths.authFile, '--src-cert-dir', c.paths.certDir, `docker://${host}/bench/app:v1`, `oci:${join(dir, `copy-${host.replace(/[:.]/g, '-')}-${i}`)}:v1`]);
    const viaAlias: number[] = [];
    const direct: number[] = [];
    // One warm-up copy each way (connections, page cache), not counted.
    await timed(copy(s.alias, -1));
    await timed(copy(s.registry, -1));
    for (let i = 0; i < rounds; i++) {
      viaAlias.push(await timed(copy(s.alias, i)));
      direct.push(await timed(copy(s.registry, i)));
    }
    report({ name: 'skopeo copy of a 16 MB image through the alias', value: median(viaAlias), baseline: median(direct), unit: 'ms', baselineName: 'straight from the registry', goal: { max: 1.1 } });

    if (process.getuid?.() === 0) {
      await startDockerd(c, s);
      const pull = (host: string) => async () => {
        await docker(c, ['rmi', '-f', `${host}/bench/app:v1`]);
        return docker(c, ['pull', `${host}/bench/app:v1`]);
      };
      const dockerAlias: number[] = [];
      const dockerDirect: number[] = [];
      await timed(pull(s.alias));
      await timed(pull(s.registry));
      for (let i = 0; i < rounds; i++) {
        dockerAlias.push(await timed(pull(s.alias)));
        dockerDirect.push(await timed(pull(s.registry)));
      }
      report({ name: 'docker pull of a 16 MB image through the alias', value: median(dockerAlias), baseline: median(dockerDirect), unit: 'ms', baselineName: 'straight from the registry', goal: { max: 1.1 } });
    } else {
      console.log('docker pull: not measured (dockerd needs root)');
    }

    const keyId = 'AKIABENCHPUBLIC00001';
    const pub = await s.startAlias(['--access', 'public', '--repositories', 'bench/*'], {
      AWS_ENDPOINT_URL_ECR: s.api.url,
      AWS_ACCESS_KEY_ID: keyId,
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_REGION: 'us-east-1',
    });
    const path = '/v2/bench/app/manifests/v1';
    const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' };
    const registryAuth = { ...accept, authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}` };
    await headRate(pub.url, path, accept, ca, 200);
    await headRate(`https://${s.registry}`, path, registryAuth, ca, 200);
    const aliasRates: number[] = [];
    const directRates: number[] = [];
    for (let i = 0; i < 3; i++) {
      aliasRates.push(await headRate(pub.url, path, accept, ca, 2000));
      directRates.push(await headRate(`https://${s.registry}`, path, registryAuth, ca, 2000));
    }
    report({ name: 'public HEAD manifest through serve (16 concurrent)', value: median(aliasRates), baseline: median(directRates), unit: 'req/s', baselineName: 'straight to the registry', goal: { min: 0.5 } });
    const calls = s.api.calls.filter((call) => call.accessKeyId === keyId).length;
    console.log(`GetAuthorizationToken calls by the public alias under that load: ${calls} (goal 1: ${calls === 1 ? 'met' : 'MISSED'})`);
  } finally {
    await clients?.stop().catch(() => undefined);
    await standIn?.stop().catch(() => undefined);
    await stopAll();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
