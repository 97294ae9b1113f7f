// Through each front door versus straight to the registry, on the ECR stand-in: docker pull, skopeo
// copy, a 100 MB layer upload through the streaming door with serve's peak memory, and public-mode
// HEAD-manifest throughput through `serve`.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from '../test/e2e/children.ts';
import { type Clients, docker, setUpClients, skopeo, startDockerd } from '../test/e2e/clients.ts';
import { buildTestImage } from '../test/e2e/image.ts';
import { type StandIn, startStandIn } from '../test/e2e/stand-in.ts';
import { peakRss, upload } from './push.ts';
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

/** A 100 MB layer pushed through a fresh `serve --front-door cloudfront` vs straight to the registry, and serve's peak RSS. */
async function uploadBench(report: Report, s: StandIn, ca: Buffer): Promise<void> {
  const door = await s.startAlias(['--front-door', 'cloudfront']);
  const pid = door.child.pid ?? 0;
  const idle = await peakRss(pid);
  const layer = randomBytes(100 * 1024 * 1024);
  const digest = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
  const headers = { authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}` };
  const agent = new Agent({ keepAlive: true, ca });
  const viaDoor: number[] = [];
  const direct: number[] = [];
  try {
    await upload(door.url, 'bench/warm-door', layer, digest, headers, agent);
    await upload(`https://${s.registry}`, 'bench/warm-direct', layer, digest, headers, agent);
    for (let i = 0; i < 5; i++) {
      viaDoor.push(await upload(door.url, `bench/door-${i}`, layer, digest, headers, agent));
      direct.push(await upload(`https://${s.registry}`, `bench/direct-${i}`, layer, digest, headers, agent));
    }
    report({ name: 'push of a 100 MB layer through serve --front-door cloudfront', value: median(viaDoor), baseline: median(direct), unit: 'ms', baselineName: 'straight to the registry', goal: { max: 1.15 } });
    const peak = await peakRss(pid);
    report({ name: 'serve --front-door cloudfront peak RSS over 7 uploads of 100 MB', value: peak, baseline: idle, unit: 'MB', baselineName: 'its own peak before the uploads', goal: { maxDelta: Math.floor(150 - idle) } });
    console.log(`serve peak RSS while 700 MB streamed through it: ${peak.toFixed(1)} MB (goal <= 150 MB: ${peak <= 150 ? 'met' : 'MISSED'})`);
  } finally {
    agent.destroy();
    await door.stop();
  }
}

// docker-registry answers directly here: the ECR-like front of the e2e run would be one more TLS
// endpoint on the same 2 cores, and ECR's own CPU is not ours to share in production.
export default async function bench(report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  try {
    const image = await buildTestImage(dir, { bigLayerBytes: 16 * 1024 * 1024 });
    standIn = await startStandIn(join(dir, 'stand-in'), { profile: 'distribution' });
    clients = await setUpClients(standIn);
    const s = standIn;
    const c = clients;
    const ca = await readFile(s.caFile);
    const seed = await skopeo(c, ['copy', '--authfile', c.paths.authFile, '--dest-cert-dir', c.paths.certDir, `oci:${image.layout}:${image.tag}`, `docker://${s.alias}/bench/app:v1`]);
    if (seed.code !== 0) throw new Error(`seeding failed: ${seed.stderr}`);
    const rounds = 7;

    const copy = (host: string, i: number) => () =>
      skopeo(c, ['copy', '--authfile', c.paths.authFile, '--src-cert-dir', c.paths.certDir, `docker://${host}/bench/app:v1`, `oci:${join(dir, `copy-${host.replace(/[:.]/g, '-')}-${i}`)}:v1`]);
    const doors = [
      ['api-gateway', s.alias],
      ['cloudfront', s.streamingAlias],
    ] as const;
    const viaDoor: Record<string, number[]> = { 'api-gateway': [], cloudfront: [] };
    const direct: number[] = [];
    // One warm-up copy each way (connections, page cache), not counted.
    for (const host of [s.alias, s.streamingAlias, s.registry]) await timed(copy(host, -1));
    for (let i = 0; i < rounds; i++) {
      for (const [door, host] of doors) viaDoor[door]?.push(await timed(copy(host, i)));
      direct.push(await timed(copy(s.registry, i)));
    }
    for (const [door] of doors) {
      report({ name: `skopeo copy of a 16 MB image through the ${door} door`, value: median(viaDoor[door] ?? []), baseline: median(direct), unit: 'ms', baselineName: 'straight from the registry', goal: { max: 1.1 } });
    }

    await uploadBench(report, s, ca);

    if (process.getuid?.() === 0) {
      await startDockerd(c);
      const pull = (host: string) => async () => {
        await docker(c, ['rmi', '-f', `${host}/bench/app:v1`]);
        return docker(c, ['pull', `${host}/bench/app:v1`]);
      };
      const dockerDoor: Record<string, number[]> = { 'api-gateway': [], cloudfront: [] };
      const dockerDirect: number[] = [];
      for (const host of [s.alias, s.streamingAlias, s.registry]) await timed(pull(host));
      for (let i = 0; i < rounds; i++) {
        for (const [door, host] of doors) dockerDoor[door]?.push(await timed(pull(host)));
        dockerDirect.push(await timed(pull(s.registry)));
      }
      for (const [door] of doors) {
        report({ name: `docker pull of a 16 MB image through the ${door} door`, value: median(dockerDoor[door] ?? []), baseline: median(dockerDirect), unit: 'ms', baselineName: 'straight from the registry', goal: { max: 1.1 } });
      }
    } else {
      console.log('docker pull: not measured (dockerd needs root)');
    }

    // Private access: the client's own credentials forwarded, HEAD of a manifest (most of a pull's requests).
    const registryAuthHeaders = { accept: 'application/vnd.oci.image.manifest.v1+json', authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}` };
    const manifestPath = '/v2/bench/app/manifests/v1';
    await headRate(`https://${s.alias}`, manifestPath, registryAuthHeaders, ca, 200);
    await headRate(`https://${s.registry}`, manifestPath, registryAuthHeaders, ca, 200);
    const forwarded = async () => {
      const via: number[] = [];
      const direct: number[] = [];
      for (let i = 0; i < 3; i++) {
        via.push(await headRate(`https://${s.alias}`, manifestPath, registryAuthHeaders, ca, 2000));
        direct.push(await headRate(`https://${s.registry}`, manifestPath, registryAuthHeaders, ca, 2000));
      }
      return { via: median(via), direct: median(direct) };
    };
    // ECR does not run on serve's CPUs: with docker-registry on a CPU of its own (serve and this client on the other),
    // the figure is what serve's forwarding costs a registry's throughput. On shared CPUs it is also what serve's CPU
    // takes from docker-registry's (its bcrypt check of every request's Basic password is most of a HEAD's work).
    if (availableParallelism() >= 2) {
      const registryPid = s.distributionPid;
      const ours = [process.pid, s.aliasProcess.child.pid ?? 0];
      const pin = (cpus: string, pids: number[]) => {
        for (const pid of pids) execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', cpus, String(pid)], { stdio: 'ignore' });
      };
      const all = `0-${availableParallelism() - 1}`;
      try {
        pin('1', [registryPid]);
        pin('0', ours);
        const own = await forwarded();
        report({ name: 'forwarded HEAD manifest through serve (private, 16 concurrent), docker-registry on a CPU of its own', value: own.via, baseline: own.direct, unit: 'req/s', baselineName: 'straight to the registry', goal: { min: 0.9 } });
      } finally {
        pin(all, [registryPid, ...ours]);
      }
    } else {
      console.log('forwarded HEAD with docker-registry on a CPU of its own: not measured (one CPU)');
    }
    const shared = await forwarded();
    report({ name: 'forwarded HEAD manifest through serve (private, 16 concurrent), serve, client and docker-registry sharing every CPU', value: shared.via, baseline: shared.direct, unit: 'req/s', baselineName: 'straight to the registry' });

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
