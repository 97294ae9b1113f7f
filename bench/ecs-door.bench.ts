// The ecs door as the tasks run it: the OCI image under podman (`serve --front-door proxy` on HTTP) behind HAProxy
// ending TLS, as the Application Load Balancer does. A 1 GB layer pushed through it versus straight to the registry,
// and the peak memory of serve in the task.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from '../test/e2e/children.ts';
import { buildImage, type LoadBalancedDoor, startLoadBalancedDoor } from '../test/e2e/load-balancer.ts';
import { type StandIn, startStandIn } from '../test/e2e/stand-in.ts';
import { peakRss, upload } from './push.ts';
import { median, type Report } from './report.ts';

const LAYER_BYTES = 1024 * 1024 * 1024;

export default async function bench(report: Report): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('ecs-door: skipped: needs root for podman (run npm run bench as root)');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-ecs-'));
  let standIn: StandIn | undefined;
  let door: LoadBalancedDoor | undefined;
  try {
    const archive = await buildImage(join(dir, 'image'));
    // docker-registry answers directly, as in the e2e bench: the ECR-like front would be one more TLS hop on 2 cores.
    standIn = await startStandIn(join(dir, 'stand-in'), { profile: 'distribution' });
    const s = standIn;
    door = await startLoadBalancedDoor(s, archive, join(dir, 'load-balancer'));
    const pid = await door.pid();
    const idle = await peakRss(pid);
    const ca = await readFile(s.caFile);
    const layer = randomBytes(LAYER_BYTES);
    const digest = `sha256:${createHash('sha256').update(layer).digest('hex')}`;
    const headers = { authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}` };
    const agent = new Agent({ keepAlive: true, ca });
    const viaDoor: number[] = [];
    const viaServe: number[] = [];
    const direct: number[] = [];
    // serve's proxy door alone (the built bin, TLS at serve): what the task adds without the load balancer's hop.
    const bare = await s.startAlias(['--front-door', 'proxy']);
    try {
      await upload(`https://${door.host}`, 'bench/ecs-warm', layer.subarray(0, 64 * 1024 * 1024), `sha256:${createHash('sha256').update(layer.subarray(0, 64 * 1024 * 1024)).digest('hex')}`, headers, agent);
      // Interleaved, so both see the same machine.
      for (let i = 0; i < 3; i++) {
        viaDoor.push(await upload(`https://${door.host}`, `bench/ecs-${i}`, layer, digest, headers, agent));
        viaServe.push(await upload(bare.url, `bench/proxy-${i}`, layer, digest, headers, agent));
        direct.push(await upload(`https://${s.registry}`, `bench/ecs-direct-${i}`, layer, digest, headers, agent));
      }
    } finally {
      agent.destroy();
      await bare.stop();
    }
    report({ name: 'push of a 1 GB layer through serve --front-door proxy alone (no load balancer)', value: median(viaServe), baseline: median(direct), unit: 'ms', baselineName: 'straight to the registry', goal: { max: 1.15 } });
    report({ name: 'push of a 1 GB layer through the image behind HAProxy (the ecs door)', value: median(viaDoor), baseline: median(direct), unit: 'ms', baselineName: 'straight to the registry', goal: { max: 1.15 } });
    const peak = await peakRss(pid);
    report({ name: 'serve in the ecs door’s task, peak RSS over 3 GB of uploads', value: peak, baseline: idle, unit: 'MB', baselineName: 'its own peak before them', goal: { maxDelta: Math.floor(200 - idle) } });
    console.log(`serve (proxy door, in the image) peak RSS while 3 GB streamed through it: ${peak.toFixed(1)} MB (goal <= 200 MB: ${peak <= 200 ? 'met' : 'MISSED'})`);
  } finally {
    await door?.stop().catch(() => undefined);
    await standIn?.stop().catch(() => undefined);
    await stopAll();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}
