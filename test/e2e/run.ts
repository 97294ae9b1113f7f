// `npm run e2e`: the ECR stand-in, the alias and real clients; prints a client × operation matrix.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { ROOT, startServe } from '../support/processes.ts';
import { type Clients, criPull, criPullWith, ctr, docker, ociLayoutDigest, podman, setUpClients, skopeo, startContainerd, startDockerd } from './clients.ts';
import { stopAll } from './children.ts';
import { buildTestImage } from './image.ts';
import { runPublicChecks } from './public.ts';
import { HOSTS, type StandIn, startStandIn } from './stand-in.ts';

interface Row {
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

async function check(client: string, operation: string, fn: () => Promise<string | undefined>): Promise<void> {
  const started = Date.now();
  try {
    const failure = await fn();
    rows.push({ client, operation, ok: failure === undefined, detail: failure ?? `${((Date.now() - started) / 1000).toFixed(1)} s` });
  } catch (error) {
    rows.push({ client, operation, ok: false, detail: lastLine(error instanceof Error ? error.message : String(error)) });
  }
  const row = rows.at(-1);
  if (row) process.stderr.write(`e2e: ${row.client} ${row.operation}: ${row.ok ? 'PASS' : 'FAIL'} ${row.detail}\n`);
}

const expect = (result: { code: number; stderr: string; stdout: string }, what: string) =>
  result.code === 0 ? undefined : `${what} exited ${result.code}: ${lastLine(result.stderr || result.stdout)}`;

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('e2e: needs root to run dockerd and containerd: run it as root or with sudo');
    return 1;
  }
  const dir = await mkdtemp(join(tmpdir(), 'ecr-e2e-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  try {
    const image = await buildTestImage(dir);
    standIn = await startStandIn(join(dir, 'stand-in'));
    clients = await setUpClients(standIn);
    const { alias } = standIn;
    const s = standIn;
    const c = clients;
    const ref = `${alias}/e2e/app:v1`;
    const hex = image.configDigest.slice('sha256:'.length);
    process.stderr.write(`e2e: alias https://${alias} → registry https://${s.registry}, blobs https://${s.blobHost}, ECR API ${s.api.url}\n`);

    await check('skopeo', 'push', async () =>
      expect(await skopeo(c, ['copy', '--dest-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `oci:${image.layout}:${image.tag}`, `docker://${ref}`]), 'skopeo copy'),
    );
    await check('skopeo', 'pull', async () => {
      const out = join(dir, 'skopeo-pulled');
      const failure = expect(await skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `docker://${ref}`, `oci:${out}:v1`]), 'skopeo copy');
      if (failure) return failure;
      const digest = await ociLayoutDigest(out);
      return digest === image.manifestDigest ? undefined : `pulled manifest ${digest} is not the pushed ${image.manifestDigest}`;
    });

    await startDockerd(c, s);
    await check('docker engine', 'push', async () => {
      const archive = join(dir, 'docker-image.tar');
      const dockerRef = `${alias}/e2e/docker:v1`;
      const made = expect(await skopeo(c, ['copy', `oci:${image.layout}:${image.tag}`, `docker-archive:${archive}:${dockerRef}`]), 'skopeo copy to docker-archive');
      if (made) return made;
      const loaded = expect(await docker(c, ['load', '-i', archive]), 'docker load');
      if (loaded) return loaded;
      return expect(await docker(c, ['push', dockerRef]), 'docker push');
    });
    await check('docker engine', 'pull', async () => {
      await docker(c, ['rmi', '-f', `${alias}/e2e/docker:v1`, ref]);
      const pulled = expect(await docker(c, ['pull', ref]), 'docker pull');
      if (pulled) return pulled;
      const id = (await docker(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
      return id === image.configDigest ? undefined : `image id ${id} is not ${image.configDigest}`;
    });

    await startContainerd(c, s);
    await check('kubelet → CRI', 'pull', async () => {
      const imageRef = await criPull(c, `${alias}/e2e/app:v1`);
      return imageRef === image.configDigest ? undefined : `CRI returned ${imageRef}, expected ${image.configDigest}`;
    });

    await check('containerd ctr', 'pull', async () => {
      const credentials = await c.helperGet(alias);
      const pulled = expect(
        await ctr(c, ['images', 'pull', '--hosts-dir', c.paths.hostsDir, '--user', `${credentials.Username}:${credentials.Secret}`, ref]),
        'ctr images pull',
      );
      if (pulled) return pulled;
      const listed = (await ctr(c, ['images', 'ls', '--quiet'])).stdout;
      return listed.includes(ref) ? undefined : `${ref} not in ctr images ls`;
    });
    // Control: the same CRI pull through a bare-307 alias must fail, or this matrix proves nothing.
    await check('kubelet → CRI', 'control', async () => {
      const bare = await startServe(
        ['--listen', `${HOSTS.alias}:0`, '--registry', s.registry, '--handler', join(ROOT, 'test/fixtures/bare-redirect.mjs'), '--tls-cert', s.aliasTls.certFile, '--tls-key', s.aliasTls.keyFile],
        { NODE_EXTRA_CA_CERTS: s.caFile },
      );
      try {
        const bareAlias = bare.url.replace('https://', '');
        await mkdir(join(c.paths.hostsDir, bareAlias), { recursive: true });
        await writeFile(join(c.paths.hostsDir, bareAlias, 'hosts.toml'), `server = "https://${bareAlias}"\n\n[host."https://${bareAlias}"]\n  ca = "${s.caFile}"\n`);
        const credentials = await c.helperGet(alias);
        await criPullWith(c, `${bareAlias}/e2e/app:v1`, { username: credentials.Username, password: credentials.Secret, server_address: `https://${bareAlias}` });
        return 'a bare 307 alias let the CRI pull through: the control cannot tell designs apart';
      } catch (error) {
        return /401|unauthorized/i.test(error instanceof Error ? error.message : '') ? undefined : `failed, but not with 401: ${lastLine(String(error))}`;
      } finally {
        await bare.stop();
      }
    });

    await check('podman', 'pull', async () => {
      const pulled = expect(await podman(c, ['pull', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref]), 'podman pull');
      if (pulled) return pulled;
      const id = (await podman(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
      return id === hex ? undefined : `image id ${id} is not ${hex}`;
    });
    await check('podman', 'push', async () =>
      expect(await podman(c, ['push', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref, `docker://${alias}/e2e/podman:v1`]), 'podman push'),
    );

    const { notes: publicNotes, secrets: publicSecrets } = await runPublicChecks(check, s, c, image, dir);
    rows.push({ client: 'public aliases', operation: 'token calls', ok: !publicNotes.some((n) => n.startsWith('UNEXPECTED')), detail: publicNotes[0] ?? '' });

    const output = await s.aliasOutput();
    const secrets = [s.password, Buffer.from(`AWS:${s.password}`).toString('base64'), ...publicSecrets];
    rows.push({ client: 'alias logs', operation: 'no secrets', ok: output.length > 0 && !secrets.some((secret) => output.includes(secret)), detail: `${output.split('\n').length} lines checked` });

    const log = await s.aliasLog();
    const blobEntries = log.filter((e) => e.path.includes('/blobs/'));
    const layerBytes = blobEntries.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
    const allBytes = log.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
    const outcomes: Record<number, number> = {};
    for (const e of log) outcomes[e.status] = (outcomes[e.status] ?? 0) + 1;

    const width = Math.max(...rows.map((r) => r.client.length));
    console.log('');
    console.log(`${'client'.padEnd(width)}  operation  result  detail`);
    for (const r of rows) console.log(`${r.client.padEnd(width)}  ${r.operation.padEnd(9)}  ${r.ok ? 'PASS' : 'FAIL'}    ${r.detail}`);
    console.log('');
    console.log(`layer bytes through the alias: ${layerBytes} (all body bytes through the alias: ${allBytes}, in ${log.length} requests; statuses ${JSON.stringify(outcomes)})`);
    console.log(`layer bytes from the blob host: ${s.blobBytesServed()}; blob requests that carried credentials: ${s.blobRequestsWithCredentials()}`);
    console.log(`GetAuthorizationToken calls: ${s.api.calls.length}`);
    rows.push({ client: 'alias', operation: 'no layers', ok: layerBytes === 0 && s.blobBytesServed() > 0, detail: '' });
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
