// `npm run demo`: the alias in front of an ECR stand-in, one push and one pull through it, and what went where.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopAll } from './children.ts';
import { type Clients, docker, setUpClients, skopeo, startDockerd } from './clients.ts';
import { buildDocker29, docker29Args } from './docker29.ts';
import { buildTestImage } from './image.ts';
import { type StandIn, startStandIn } from './stand-in.ts';

const say = (line = '') => console.log(line);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function step(label: string, run: () => Promise<{ code: number; stderr: string }>): Promise<boolean> {
  const started = Date.now();
  const result = await run();
  const ok = result.code === 0;
  say(`  ${label} ... ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) say(`    ${result.stderr.trim().split('\n').at(-1)}`);
  return ok;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-demo-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  try {
    const image = await buildTestImage(dir, { bigLayerBytes: 8 * 1024 * 1024 });
    standIn = await startStandIn(join(dir, 'stand-in'));
    clients = await setUpClients(standIn);
    const s = standIn;
    const c = clients;
    say('Hosts on loopback, each on its own address:');
    say(`  api-gateway door  https://${s.alias}   ecr-custom-domain serve, running the alias function in-process`);
    say(`  cloudfront door   https://${s.streamingAlias}   ecr-custom-domain serve --front-door cloudfront, running the CloudFront Function`);
    say(
      s.registry === s.distribution
        ? `  registry          https://${s.registry}   docker-registry set up like ECR (TLS, Basic auth user AWS)`
        : `  registry          https://${s.registry}   answers as ECR does, in front of docker-registry (https://${s.distribution}; TLS, Basic auth user AWS)`,
    );
    say(`  blob host         https://${s.blobHost}   stands in for S3: the registry answers layer GETs with 307s here`);
    say(`  ECR API           ${s.api.url}    GetAuthorizationToken, called by docker-credential-ecr-custom`);
    say();

    let ok: boolean;
    const ref = `${s.alias}/demo/app:v1`;
    // DEMO_CLIENT=skopeo shows the path taken where dockerd cannot run (not root).
    if (process.getuid?.() === 0 && process.env.DEMO_CLIENT !== 'skopeo') {
      say(`docker engine (credHelpers {"${s.alias}": "ecr-custom"}), image with an 8 MB layer:`);
      await startDockerd(c);
      const archive = join(dir, 'image.tar');
      await skopeo(c, ['copy', `oci:${image.layout}:${image.tag}`, `docker-archive:${archive}:${ref}`]);
      await docker(c, ['load', '-i', archive]);
      ok = await step(`docker push ${ref}`, () => docker(c, ['push', ref]));
      await docker(c, ['rmi', '-f', ref]);
      ok = (await step(`docker pull ${ref}`, () => docker(c, ['pull', ref]))) && ok;
    } else {
      say('No dockerd here (it needs root): skopeo instead (containers-auth.json credHelpers), image with an 8 MB layer:');
      const auth = ['--authfile', c.paths.authFile];
      ok = await step(`skopeo copy … docker://${ref}`, () => skopeo(c, ['copy', '--dest-cert-dir', c.paths.certDir, ...auth, `oci:${image.layout}:${image.tag}`, `docker://${ref}`]));
      ok = (await step(`skopeo copy docker://${ref} …`, () => skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, ...auth, `docker://${ref}`, `oci:${join(dir, 'pulled')}:v1`]))) && ok;
    }

    // The streaming door, with the client that needs it: Docker >= 29's containerd image store (built from containerd's sources).
    const streamingRef = `${s.streamingAlias}/demo/streaming:v1`;
    say();
    say(`Docker >= 29 with the containerd image store (emulated: containerd's own resolver and pusher, credentials for ${s.streamingAlias} only):`);
    try {
      const docker29 = await buildDocker29(join(dir, 'docker29'));
      const run = (args: string[]) => c.exec(docker29, [...docker29Args(s.caFile), '--docker-config', c.paths.dockerConfig, ...args]);
      ok = (await step(`push ${streamingRef} (the api-gateway door would refuse it)`, () => run(['push', image.layout, image.tag, streamingRef]))) && ok;
      ok = (await step(`pull ${streamingRef}`, () => run(['pull', streamingRef, join(dir, 'pulled-docker29')]))) && ok;
    } catch (error) {
      ok = false;
      say(`  FAILED: ${error instanceof Error ? error.message : String(error)}`);
    }

    const outcomes: Record<string, number> = {};
    for (const line of s.aliasProcess.stdout().split('\n')) {
      const kind = /"outcome":"(\w+)"/.exec(line)?.[1];
      if (kind) outcomes[kind] = (outcomes[kind] ?? 0) + 1;
    }
    const log = await s.aliasLog('api-gateway');
    const through = log.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
    const layers = log.filter((e) => e.path.includes('/blobs/')).reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
    const streamingLog = await s.aliasLog('cloudfront');
    const streamed = streamingLog.filter((e) => e.path.includes('/blobs/uploads/')).reduce((sum, e) => sum + e.requestBytes, 0);
    const streamedDownloads = streamingLog.filter((e) => e.path.includes('/blobs/') && !e.path.includes('/blobs/uploads/')).reduce((sum, e) => sum + e.responseBytes, 0);
    say();
    say('What happened:');
    say(`  api-gateway door  ${log.length} requests: ${outcomes.redirect ?? 0} redirected (307), ${outcomes.challenge ?? 0} challenged (401), ${outcomes.forward ?? 0} forwarded with the client's credentials`);
    say(`                    ${kb(through)} of request and response bodies (manifests) passed through it; layer bytes: ${layers}`);
    say(`  cloudfront door   ${streamingLog.length} requests: ${mb(streamed)} of layer uploads streamed through it to the registry, ${streamedDownloads} layer bytes downloaded through it`);
    say(`  blob host         ${mb(s.blobBytesServed())} of layers, straight to the clients, without credentials`);
    say(`  registry          the api-gateway door's uploads went to its own absolute Location, not through the door`);
    say(`  ECR API           ${s.api.calls.length} GetAuthorizationToken call(s); the helper cached the token`);
    say();
    const fine = ok && layers === 0 && streamed > 0;
    say(fine ? 'Demo ok.' : 'Demo FAILED.');
    return fine ? 0 : 1;
  } finally {
    await clients?.stop().catch(() => undefined);
    await standIn?.stop().catch(() => undefined);
    await stopAll();
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
