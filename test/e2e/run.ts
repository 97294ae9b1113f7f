// `npm run e2e`: the ECR stand-in, both front doors and real clients; prints a door × client × operation matrix.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServe } from '../support/processes.ts';
import { stopAll } from './children.ts';
import { buildah, type Clients, criPull, criPullWith, ctr, docker, ociLayoutDigest, podman, setUpClients, skopeo, startContainerd, startDockerd } from './clients.ts';
import { buildDocker29, docker29Args } from './docker29.ts';
import { buildTestImage, type TestImage } from './image.ts';
import { runPublicChecks } from './public.ts';
import { type Door, HOSTS, type StandIn, startStandIn } from './stand-in.ts';

interface Row {
  door: string;
  client: string;
  operation: string;
  ok: boolean;
  detail: string;
}

const rows: Row[] = [];
const keep = process.env.E2E_KEEP === '1';

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 200) ?? '';
}

type Check = (client: string, operation: string, fn: () => Promise<string | undefined>) => Promise<void>;

function checker(door: string): Check {
  return async (client, operation, fn) => {
    const started = Date.now();
    try {
      const failure = await fn();
      rows.push({ door, client, operation, ok: failure === undefined, detail: failure ?? `${((Date.now() - started) / 1000).toFixed(1)} s` });
    } catch (error) {
      rows.push({ door, client, operation, ok: false, detail: lastLine(error instanceof Error ? error.message : String(error)) });
    }
    const row = rows.at(-1);
    if (row) process.stderr.write(`e2e: [${row.door}] ${row.client} ${row.operation}: ${row.ok ? 'PASS' : 'FAIL'} ${row.detail}\n`);
  };
}

const expect = (result: { code: number; stderr: string; stdout: string }, what: string) =>
  result.code === 0 ? undefined : `${what} exited ${result.code}: ${lastLine(result.stderr || result.stdout)}`;

/** A push that this door cannot carry must fail the way the README says, or the row fails. */
const expectRefused = (result: { code: number; stderr: string; stdout: string }, what: string) =>
  result.code !== 0 && /401|unauthorized|refusing to continue without credentials/i.test(result.stderr + result.stdout)
    ? undefined
    : `${what} ${result.code === 0 ? 'passed' : `failed otherwise: ${lastLine(result.stderr || result.stdout)}`}; the README says this door cannot carry it`;

interface Images {
  /** An 8 MB layer: over Lambda's 6 MB payload, so a layer through the function would show. */
  small: TestImage;
  /** A 52 MB layer: what the streaming door must carry for containerd's pusher. */
  big: TestImage;
  /** A 64 kB layer, for the pushes a door refuses. */
  tiny: TestImage;
}

/** Every client against one door. */
async function doorMatrix(door: Door, s: StandIn, c: Clients, images: Images, docker29: string, dir: string): Promise<void> {
  const check = checker(door);
  const alias = s.aliases[door];
  const { small, big, tiny } = images;
  // Each door pushes its own repositories: the public checks later pull the api-gateway door's e2e/app.
  const repo = `${alias}/${door === 'cloudfront' ? 'e2e/streaming' : 'e2e'}`;
  const ref = `${repo}/app:v1`;
  const hex = small.configDigest.slice('sha256:'.length);
  const streaming = door === 'cloudfront';
  const docker29Run = (args: string[]) => c.exec(docker29, [...docker29Args(s.caFile), '--docker-config', c.paths.dockerConfig, ...args]);

  await check('skopeo', 'push', async () =>
    expect(await skopeo(c, ['copy', '--dest-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `oci:${small.layout}:${small.tag}`, `docker://${ref}`]), 'skopeo copy'),
  );
  await check('skopeo', 'pull', async () => {
    const out = join(dir, `skopeo-pulled-${door}`);
    const failure = expect(await skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `docker://${ref}`, `oci:${out}:v1`]), 'skopeo copy');
    if (failure) return failure;
    const digest = await ociLayoutDigest(out);
    return digest === small.manifestDigest ? undefined : `pulled manifest ${digest} is not the pushed ${small.manifestDigest}`;
  });

  await check('docker engine (classic store)', 'push', async () => {
    const archive = join(dir, `docker-image-${door}.tar`);
    const dockerRef = `${repo}/docker:v1`;
    const made = expect(await skopeo(c, ['copy', `oci:${small.layout}:${small.tag}`, `docker-archive:${archive}:${dockerRef}`]), 'skopeo copy to docker-archive');
    if (made) return made;
    const loaded = expect(await docker(c, ['load', '-i', archive]), 'docker load');
    if (loaded) return loaded;
    return expect(await docker(c, ['push', dockerRef]), 'docker push');
  });
  await check('docker engine (classic store)', 'pull', async () => {
    await docker(c, ['rmi', '-f', `${repo}/docker:v1`, ref]);
    const pulled = expect(await docker(c, ['pull', ref]), 'docker pull');
    if (pulled) return pulled;
    const id = (await docker(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
    return id === small.configDigest ? undefined : `image id ${id} is not ${small.configDigest}`;
  });

  // primed: probes GET /v2/ first and refuses credentials to other hosts on push; released: Docker 29.0.0 as tagged.
  for (const mode of ['primed', 'released'] as const) {
    await check('docker ≥ 29 (containerd store, emulated)', `pull (${mode})`, async () => {
      const out = join(dir, `docker29-pulled-${door}-${mode}`);
      const result = await docker29Run([`--auth-mode=${mode}`, 'pull', ref, out]);
      const failure = expect(result, 'docker29 pull');
      if (failure) return failure;
      return result.stdout.trim() === small.manifestDigest ? undefined : `pulled ${result.stdout.trim()}, expected ${small.manifestDigest}`;
    });
  }
  // Where the door cannot carry a push, a 64 kB layer shows the refusal: a registry that answers 401 before
  // reading a large body can leave the client blocked on its write until the exec timeout.
  const pushed = streaming ? big : tiny;
  await check('docker ≥ 29 (containerd store, emulated)', streaming ? 'push 52 MB layer' : 'push (refused)', async () => {
    const result = await docker29Run(['push', pushed.layout, pushed.tag, `${repo}/docker29:${pushed.tag}`]);
    return streaming ? expect(result, 'docker29 push') : expectRefused(result, 'docker29 push');
  });

  await check('kubelet → CRI', 'pull', async () => {
    const imageRef = await criPull(c, ref);
    return imageRef === small.configDigest ? undefined : `CRI returned ${imageRef}, expected ${small.configDigest}`;
  });

  const credentials = await c.helperGet(alias);
  const user = `${credentials.Username}:${credentials.Secret}`;
  await check('containerd ctr', 'pull', async () => {
    const pulled = expect(await ctr(c, ['images', 'pull', '--hosts-dir', c.paths.hostsDir, '--user', user, ref]), 'ctr images pull');
    if (pulled) return pulled;
    const listed = (await ctr(c, ['images', 'ls', '--quiet'])).stdout;
    return listed.includes(ref) ? undefined : `${ref} not in ctr images ls`;
  });
  await check('containerd ctr', streaming ? 'push 52 MB layer' : 'push (refused)', async () => {
    // A fresh repository: nothing to mount or skip, every layer is uploaded.
    const target = `${repo}/ctr:${pushed.tag}`;
    const imported = expect(await ctr(c, ['images', 'import', '--base-name', `${repo}/ctr`, pushed.archive]), 'ctr images import');
    if (imported) return imported;
    const result = await ctr(c, ['images', 'push', '--hosts-dir', c.paths.hostsDir, '--user', user, target]);
    return streaming ? expect(result, 'ctr images push') : expectRefused(result, 'ctr images push');
  });

  await check('podman', 'pull', async () => {
    const pulled = expect(await podman(c, ['pull', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref]), 'podman pull');
    if (pulled) return pulled;
    const id = (await podman(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
    return id === hex ? undefined : `image id ${id} is not ${hex}`;
  });
  await check('podman', 'push', async () =>
    expect(await podman(c, ['push', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref, `docker://${repo}/podman:v1`]), 'podman push'),
  );

  await check('buildah', 'pull', async () => {
    const pulled = expect(await buildah(c, ['pull', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref]), 'buildah pull');
    if (pulled) return pulled;
    const id = (await buildah(c, ['inspect', '--type', 'image', '--format', '{{.FromImageID}}', ref])).stdout.trim();
    return id === hex ? undefined : `image id ${id} is not ${hex}`;
  });
  await check('buildah', 'push', async () =>
    expect(await buildah(c, ['push', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref, `docker://${repo}/buildah:v1`]), 'buildah push'),
  );
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('e2e: needs root to run dockerd and containerd: run it as root or with sudo');
    return 1;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecr-e2e-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  try {
    // Each door gets its own small image, so every push through the streaming door uploads its layers anew.
    const [small, smallStreaming, big, tiny, docker29] = await Promise.all([
      buildTestImage(join(dir, 'small')),
      buildTestImage(join(dir, 'small-streaming')),
      buildTestImage(join(dir, 'big'), { bigLayerBytes: 52 * 1024 * 1024, tag: 'big' }),
      buildTestImage(join(dir, 'tiny'), { bigLayerBytes: 64 * 1024, tag: 'tiny' }),
      buildDocker29(join(dir, 'docker29')),
    ]);
    standIn = await startStandIn(join(dir, 'stand-in'));
    clients = await setUpClients(standIn);
    const s = standIn;
    const c = clients;
    process.stderr.write(
      `e2e: api-gateway door https://${s.alias}, cloudfront door https://${s.streamingAlias} → registry https://${s.registry}, blobs https://${s.blobHost}, ECR API ${s.api.url}\n`,
    );
    await startDockerd(c, s);
    await startContainerd(c, s);
    await doorMatrix('api-gateway', s, c, { small, big, tiny }, docker29, dir);
    await doorMatrix('cloudfront', s, c, { small: smallStreaming, big, tiny }, docker29, dir);

    // Control: the same CRI pull through a bare-307 alias must fail, or this matrix proves nothing.
    const check = checker('bare 307');
    await check('kubelet → CRI', 'control', async () => {
      const bare = await startServe(
        ['--listen', `${HOSTS.alias}:0`, '--registry', s.registry, '--handler', join(ROOT, 'test/fixtures/bare-redirect.mjs'), '--tls-cert', s.aliasTls.certFile, '--tls-key', s.aliasTls.keyFile],
        { NODE_EXTRA_CA_CERTS: s.caFile },
      );
      try {
        const bareAlias = bare.url.replace('https://', '');
        await mkdir(join(c.paths.hostsDir, bareAlias), { recursive: true });
        await writeFile(join(c.paths.hostsDir, bareAlias, 'hosts.toml'), `server = "https://${bareAlias}"\n\n[host."https://${bareAlias}"]\n  ca = "${s.caFile}"\n`);
        const credentials = await c.helperGet(s.alias);
        await criPullWith(c, `${bareAlias}/e2e/app:v1`, { username: credentials.Username, password: credentials.Secret, server_address: `https://${bareAlias}` });
        return 'a bare 307 alias let the CRI pull through: the control cannot tell designs apart';
      } catch (error) {
        return /401|unauthorized/i.test(error instanceof Error ? error.message : '') ? undefined : `failed, but not with 401: ${lastLine(String(error))}`;
      } finally {
        await bare.stop();
      }
    });

    const publicCheck = checker('api-gateway');
    const { notes: publicNotes, secrets: publicSecrets } = await runPublicChecks(publicCheck, s, c, small, dir);
    rows.push({ door: 'api-gateway', client: 'public aliases', operation: 'token calls', ok: !publicNotes.some((n) => n.startsWith('UNEXPECTED')), detail: publicNotes[0] ?? '' });

    const output = await s.aliasOutput();
    const secrets = [s.password, Buffer.from(`AWS:${s.password}`).toString('base64'), ...publicSecrets];
    rows.push({ door: 'both', client: 'alias logs', operation: 'no secrets', ok: output.length > 0 && !secrets.some((secret) => output.includes(secret)), detail: `${output.split('\n').length} lines checked` });

    console.log('');
    for (const door of ['api-gateway', 'cloudfront'] as const) {
      const log = await s.aliasLog(door);
      const blobs = log.filter((e) => e.path.includes('/blobs/'));
      const downloaded = blobs.filter((e) => !e.path.includes('/blobs/uploads/')).reduce((sum, e) => sum + e.responseBytes, 0);
      const uploaded = blobs.filter((e) => e.path.includes('/blobs/uploads/')).reduce((sum, e) => sum + e.requestBytes, 0);
      const allBytes = log.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
      const statuses: Record<number, number> = {};
      for (const e of log) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
      console.log(`${door} door: layer bytes downloaded through it ${downloaded}, uploaded through it ${uploaded}; all body bytes ${allBytes} in ${log.length} requests; statuses ${JSON.stringify(statuses)}`);
      // Downloads follow the registry's 307 to blob storage at both doors; only the streaming door carries uploads.
      rows.push({ door, client: 'alias', operation: 'no layer downloads', ok: downloaded === 0, detail: `${downloaded} bytes` });
      if (door === 'api-gateway') rows.push({ door, client: 'alias', operation: 'no layer uploads', ok: uploaded === 0, detail: `${uploaded} bytes` });
      else rows.push({ door, client: 'alias', operation: 'carries uploads', ok: uploaded >= 2 * 52 * 1024 * 1024, detail: `${(uploaded / 1024 / 1024).toFixed(1)} MB` });
    }
    console.log(`layer bytes from the blob host: ${s.blobBytesServed()}; blob requests that carried credentials: ${s.blobRequestsWithCredentials()}`);
    console.log(`GetAuthorizationToken calls: ${s.api.calls.length}`);
    rows.push({ door: 'both', client: 'blob host', operation: 'served layers', ok: s.blobBytesServed() > 0 && s.blobRequestsWithCredentials() === 0, detail: `${s.blobBytesServed()} bytes` });

    const widths = [Math.max(...rows.map((r) => r.door.length)), Math.max(...rows.map((r) => r.client.length)), Math.max(...rows.map((r) => r.operation.length))] as const;
    console.log('');
    console.log(`${'door'.padEnd(widths[0])}  ${'client'.padEnd(widths[1])}  ${'operation'.padEnd(widths[2])}  result  detail`);
    for (const r of rows) console.log(`${r.door.padEnd(widths[0])}  ${r.client.padEnd(widths[1])}  ${r.operation.padEnd(widths[2])}  ${r.ok ? 'PASS' : 'FAIL'}    ${r.detail}`);
    console.log('');
    const passed = rows.filter((r) => r.ok).length;
    const failed = rows.length - passed;
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await clients?.stop().catch(() => undefined);
    await standIn?.stop().catch(() => undefined);
    await stopAll();
    if (keep) process.stderr.write(`e2e: kept ${dir}\n`);
    else await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
