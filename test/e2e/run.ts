// `npm run e2e`: ECR stand-ins (one per profile), every front door and real clients; prints a profile × door × client × operation matrix.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ensureBinaries } from '../support/binaries.ts';
import { send } from '../support/http.ts';
import { ROOT, startServe } from '../support/processes.ts';
import { stopAll } from './children.ts';
import { buildah, type Clients, criPull, criPullWith, ctr, docker, ociLayoutDigest, podman, setUpClients, skopeo, startContainerd, startDockerd } from './clients.ts';
import { buildDocker29, docker29Args } from './docker29.ts';
import { doorTimingRows } from './door-timing.ts';
import { buildTestImage, type TestImage } from './image.ts';
import { buildImage, type LoadBalancedDoor, startLoadBalancedDoor } from './load-balancer.ts';
import { runPublicChecks } from './public.ts';
import { type AliasLogEntry, type Door, HOSTS, type Profile, PROFILES, type StandIn, startStandIn } from './stand-in.ts';

interface Row {
  profile: string;
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

/** What a check returns: undefined (pass), a note on a pass, or why it failed. */
type Outcome = undefined | { note: string } | string;
type Check = (client: string, operation: string, fn: () => Promise<Outcome>) => Promise<void>;

function record(row: Row): void {
  rows.push(row);
  process.stderr.write(`e2e: [${row.profile}] [${row.door}] ${row.client} ${row.operation}: ${row.ok ? 'PASS' : 'FAIL'} ${row.detail}\n`);
}

function checker(profile: Profile, door: string): Check {
  return async (client, operation, fn) => {
    const started = Date.now();
    try {
      const outcome = await fn();
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (typeof outcome === 'string') record({ profile, door, client, operation, ok: false, detail: `${outcome} (${took})` });
      else record({ profile, door, client, operation, ok: true, detail: outcome === undefined ? took : `${took}; ${outcome.note}` });
    } catch (error) {
      record({ profile, door, client, operation, ok: false, detail: lastLine(error instanceof Error ? error.message : String(error)) });
    }
  };
}

type Result = { code: number; stderr: string; stdout: string };

const expect = (result: Result, what: string) => (result.code === 0 ? undefined : `${what} exited ${result.code}: ${lastLine(result.stderr || result.stdout)}`);

/** A push that this door cannot carry must fail the way docs/doors.md says, or the row fails; a pass names the client's refusal. */
const expectRefused = (result: Result, what: string): Outcome =>
  result.code !== 0 && /401|unauthorized|refusing to continue without credentials/i.test(result.stderr + result.stdout)
    ? { note: `refused: ${lastLine(result.stderr || result.stdout)}` }
    : `${what} ${result.code === 0 ? 'passed' : `failed otherwise: ${/^panic: .*$/m.exec(result.stderr)?.[0] ?? lastLine(result.stderr || result.stdout)}`}; docs/doors.md says this door cannot carry it`;

/**
 * Runs a push that containerd 1.6's pusher must see refused. When the 401 comes before the pusher
 * has taken its body pipe, the pusher never closes that pipe and blocks in Write forever
 * (remotes/docker/pusher.go; a few in every hundred such pushes here, with a 371-byte blob too).
 * Such a stall is the client's, so it is retried, and the row says so.
 */
async function refusedPush(push: (timeoutMs: number) => Promise<Result & { timedOut?: boolean }>, what: string): Promise<Outcome> {
  for (let stalls = 0; stalls < 3; stalls++) {
    const result = await push(20_000);
    // The same race can also crash the pusher's upload goroutine (a Go panic from remotes/docker/pusher.go, seen
    // twice in one CI run): the client's fault too, so retried; a retry must still end in the refusal.
    const panic = /^panic: .*$/m.exec(result.stderr)?.[0];
    if (panic !== undefined && result.stderr.includes('remotes/docker/pusher.go')) {
      console.log(`e2e: ${what}: the pusher crashed (${panic.slice(0, 200)}); retried`);
      continue;
    }
    if (result.timedOut === true) continue;
    const outcome = expectRefused(result, what);
    if (stalls === 0 || typeof outcome !== 'object') return outcome;
    return { note: `${outcome.note}; after ${stalls} stall(s) or crash(es) of containerd 1.6's pusher, retried` };
  }
  return `${what} hung or crashed 3 times (killed after 20 s each)`;
}

/** One front door as the clients meet it: which kind, its alias, its own image and repositories. */
interface DoorUnderTest {
  /** The row's door column, e.g. `api-gateway (HEAD drop)`. */
  name: string;
  kind: Door;
  alias: string;
  log(): Promise<AliasLogEntry[]>;
  /** 8 MB layer, this door's own: a push uploads it anew and a pull downloads it anew. */
  image: TestImage;
  /** Repository prefix, e.g. `e2e` (the public checks pull the api-gateway door's e2e/app). */
  repositories: string;
}

interface Shared {
  /** A 52 MB layer: what the streaming door must carry for containerd's pusher. */
  big: TestImage;
  /** A 64 kB layer, for the pushes a door refuses. */
  tiny: TestImage;
  docker29: string;
  dir: string;
}

/** Every client against one door. */
async function doorMatrix(s: StandIn, c: Clients, door: DoorUnderTest, shared: Shared): Promise<void> {
  const check = checker(s.profile, door.name);
  const { alias, image: small } = door;
  const { big, tiny, docker29 } = shared;
  const dir = join(shared.dir, s.profile, door.repositories.replaceAll('/', '-'));
  await mkdir(dir, { recursive: true });
  const repo = `${alias}/${door.repositories}`;
  const ref = `${repo}/app:v1`;
  const hex = small.configDigest.slice('sha256:'.length);
  const streaming = door.kind !== 'api-gateway';
  const docker29Run = (args: string[]) => c.exec(docker29, [...docker29Args(s.caFile), '--docker-config', c.paths.dockerConfig, ...args]);

  await check('skopeo', 'push', async () =>
    expect(await skopeo(c, ['copy', '--dest-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `oci:${small.layout}:${small.tag}`, `docker://${ref}`]), 'skopeo copy'),
  );
  await check('skopeo', 'pull', async () => {
    const out = join(dir, 'skopeo-pulled');
    const failure = expect(await skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `docker://${ref}`, `oci:${out}:v1`]), 'skopeo copy');
    if (failure) return failure;
    const digest = await ociLayoutDigest(out);
    return digest === small.manifestDigest ? undefined : `pulled manifest ${digest} is not the pushed ${small.manifestDigest}`;
  });

  // The classic engine resolves a relative upload Location against the alias and sends no
  // credentials there (it authenticates per hop, at the registry); no alias can change that.
  const classicCannotPush = s.profile === 'ecr-relative' && door.kind === 'api-gateway';
  const dockerRef = `${repo}/docker:v1`;
  await check('docker engine (classic store)', classicCannotPush ? 'push (refused: relative Location)' : 'push', async () => {
    const archive = join(dir, 'docker-image.tar');
    const pushed = classicCannotPush ? tiny : small;
    const target = classicCannotPush ? `${repo}/docker:${tiny.tag}` : dockerRef;
    const made = expect(await skopeo(c, ['copy', `oci:${pushed.layout}:${pushed.tag}`, `docker-archive:${archive}:${target}`]), 'skopeo copy to docker-archive');
    if (made) return made;
    const loaded = expect(await docker(c, ['load', '-i', archive]), 'docker load');
    if (loaded) return loaded;
    const result = await docker(c, ['push', target]);
    if (!classicCannotPush) return expect(result, 'docker push');
    // The refusal, as docs/doors.md explains it: the upload reached the alias without credentials, which can only redirect it.
    const uploadsPath = `/v2/${door.repositories}/docker/blobs/uploads/`;
    const atAlias = (await door.log()).filter((e) => e.method === 'PATCH' && e.path.startsWith(uploadsPath));
    const why = 'docs/doors.md says the classic engine cannot push through the api-gateway door to a registry with relative upload Locations';
    if (result.code === 0) return `docker push passed; ${why}`;
    if (atAlias.length === 0 || atAlias.some((e) => e.status !== 307)) {
      return `docker push failed (${lastLine(result.stderr || result.stdout)}), but not because its uploads reached the alias without credentials: ${atAlias.length} PATCH at the alias, statuses ${atAlias.map((e) => e.status).join(',') || 'none'}`;
    }
    return { note: `refused: ${lastLine(result.stderr || result.stdout)}; its ${atAlias.length} upload PATCHes came to the alias without credentials and got 307s` };
  });
  await check('docker engine (classic store)', 'pull', async () => {
    await docker(c, ['rmi', '-f', dockerRef, ref]);
    const pulled = expect(await docker(c, ['pull', ref]), 'docker pull');
    if (pulled) return pulled;
    const id = (await docker(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
    return id === small.configDigest ? undefined : `image id ${id} is not ${small.configDigest}`;
  });

  // primed: probes GET /v2/ first and refuses credentials to other hosts on push; released: Docker 29.0.0 as tagged.
  for (const mode of ['primed', 'released'] as const) {
    await check('docker ≥ 29 (containerd store, emulated)', `pull (${mode})`, async () => {
      const out = join(dir, `docker29-pulled-${mode}`);
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
    const push = (timeoutMs?: number) => c.exec(docker29, [...docker29Args(s.caFile), '--docker-config', c.paths.dockerConfig, 'push', pushed.layout, pushed.tag, `${repo}/docker29:${pushed.tag}`], { timeoutMs });
    return streaming ? expect(await push(), 'docker29 push') : refusedPush(push, 'docker29 push');
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
    const push = (timeoutMs?: number) => ctr(c, ['images', 'push', '--hosts-dir', c.paths.hostsDir, '--user', user, target], { timeoutMs });
    return streaming ? expect(await push(), 'ctr images push') : refusedPush(push, 'ctr images push');
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

  // ECR refuses a catalog page over 1000 (docker-registry too, in its own words): the door passes the registry's answer on.
  await check('registry API (Node https)', 'catalog n=1001 passed on', async () => {
    const ca = await readFile(s.caFile);
    const headers = { authorization: `Basic ${Buffer.from(user).toString('base64')}` };
    const [viaDoor, direct] = await Promise.all([send(`https://${alias}`, '/v2/_catalog?n=1001', { ca, headers }), send(`https://${s.registry}`, '/v2/_catalog?n=1001', { ca, headers })]);
    const code = (body: Buffer) => (JSON.parse(body.toString()) as { errors?: { code?: string }[] }).errors?.[0]?.code;
    if (direct.status !== 400) return `the registry answered ${direct.status}`;
    return viaDoor.status === 400 && code(viaDoor.body) === code(direct.body) ? undefined : `the door answered ${viaDoor.status} ${viaDoor.body.toString().slice(0, 120)}`;
  });

  // The proxy door says nothing to the registry about the hop before it: what a client claims, or what a load
  // balancer adds (HAProxy's option forwardfor, the ALB's X-Forwarded-*). The ECR front sees what reaches the registry.
  if (door.kind === 'proxy' && s.profile !== 'distribution') {
    await check('registry API (Node https)', 'X-Forwarded-* not passed on', async () => {
      const ca = await readFile(s.caFile);
      const path = `/v2/${door.repositories}/app/tags/list`;
      const claims = { 'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.7;proto=http', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'elsewhere.example', 'x-real-ip': '203.0.113.7' };
      const answer = await send(`https://${alias}`, path, { ca, headers: { authorization: `Basic ${Buffer.from(user).toString('base64')}`, ...claims } });
      if (answer.status !== 200) return `GET ${path} answered ${answer.status}`;
      const seen = s.frontRequests();
      const reached = seen.filter((r) => r.path.startsWith(`/v2/${door.repositories}/`));
      if (!reached.some((r) => r.path === path)) return `GET ${path} never reached the registry`;
      // The control: the cloudfront door passes X-Forwarded-For on, as CloudFront does, and the front records it.
      if (!seen.some((r) => r.forwarded.includes('x-forwarded-for'))) return 'the ECR front saw X-Forwarded-For from no door: this check cannot see it';
      const carried = reached.filter((r) => r.forwarded.length > 0);
      if (carried.length > 0) return `${carried.length} of ${reached.length} requests reached the registry with ${[...new Set(carried.flatMap((r) => r.forwarded))].join(', ')}`;
      return { note: `none of the ${reached.length} requests this door sent the registry carried any` };
    });
  }
}

/** The door rows from its access log: no layer downloads through either kind; uploads only through the streaming door. */
async function byteRows(s: StandIn, door: DoorUnderTest): Promise<void> {
  const log = await door.log();
  const blobs = log.filter((e) => e.path.includes('/blobs/'));
  const downloaded = blobs.filter((e) => !e.path.includes('/blobs/uploads/')).reduce((sum, e) => sum + e.responseBytes, 0);
  // An upload the alias answered with its own 307 (no credentials: the classic engine) never reached the registry through it.
  const uploads = blobs.filter((e) => e.path.includes('/blobs/uploads/'));
  const uploaded = uploads.filter((e) => e.status !== 307).reduce((sum, e) => sum + e.requestBytes, 0);
  const redirected = uploads.filter((e) => e.status === 307).reduce((sum, e) => sum + e.requestBytes, 0);
  const allBytes = log.reduce((sum, e) => sum + e.requestBytes + e.responseBytes, 0);
  const statuses: Record<number, number> = {};
  for (const e of log) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  console.log(
    `${s.profile}: ${door.name} door: layer bytes downloaded through it ${downloaded}, uploaded through it ${uploaded}` +
      `${redirected > 0 ? ` (and ${redirected} in upload bodies it answered with a 307)` : ''}; all body bytes ${allBytes} in ${log.length} requests; statuses ${JSON.stringify(statuses)}`,
  );
  const row = (operation: string, ok: boolean, detail: string) => rows.push({ profile: s.profile, door: door.name, client: 'alias', operation, ok, detail });
  // Downloads follow the registry's 307 to blob storage at both doors; only the streaming door carries uploads.
  row('no layer downloads', downloaded === 0, `${downloaded} bytes`);
  if (door.kind === 'api-gateway') row('no layer uploads', uploaded === 0, `${uploaded} bytes${redirected > 0 ? `; ${redirected} bytes of refused upload bodies answered with a 307` : ''}`);
  else row('carries uploads', uploaded >= 2 * 52 * 1024 * 1024, `${(uploaded / 1024 / 1024).toFixed(1)} MB`);
}

/** The CRI pull through a bare-307 alias must fail, or the matrix proves nothing. */
async function control(s: StandIn, c: Clients): Promise<void> {
  await checker(s.profile, 'bare 307')('kubelet → CRI', 'control', async () => {
    const bare = await startServe(
      ['--listen', `${HOSTS.alias}:0`, '--handler', join(ROOT, 'test/fixtures/bare-redirect.mjs'), '--tls-cert', s.aliasTls.certFile, '--tls-key', s.aliasTls.keyFile],
      { NODE_EXTRA_CA_CERTS: s.caFile, ECR_REGISTRY: s.registry },
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
  // doctor must fail a bare-307 alias, naming the clients it breaks.
  await checker(s.profile, 'bare 307')('doctor', 'fails it', async () => {
    const bare = await startServe(
      ['--listen', `${HOSTS.alias}:0`, '--handler', join(ROOT, 'test/fixtures/bare-redirect.mjs'), '--tls-cert', s.aliasTls.certFile, '--tls-key', s.aliasTls.keyFile],
      { NODE_EXTRA_CA_CERTS: s.caFile, ECR_REGISTRY: s.registry },
    );
    try {
      const result = await runDoctor(c, s, bare.url.replace('https://', ''), 'e2e/app:v1');
      if (result.code !== 1) return `doctor exited ${result.code}, expected 1: ${lastLine(result.stdout)}`;
      return /✗ containerd challenge.*containerd/i.test(result.stdout) ? undefined : `doctor failed, but did not name containerd: ${lastLine(result.stdout)}`;
    } finally {
      await bare.stop();
    }
  });
}

/**
 * The credential helper as a single executable (dist/bin, linux-x64), with no working node on PATH: docker,
 * podman and the kubelet-style CRI pull each run it by name, from a cold token cache.
 */
async function singleBinaryHelper(s: StandIn, c: Clients, image: TestImage): Promise<void> {
  const check = checker(s.profile, 'api-gateway');
  const ref = `${s.alias}/e2e/app:v1`;
  const hex = image.configDigest.slice('sha256:'.length);
  const client = 'helper binary, no node';
  ensureBinaries();
  const calls = s.api.calls.length;
  const { nodeRuns } = await c.withHelper(join(DIST, 'docker-credential-ecr-custom-linux-x64'), async () => {
    await check(client, 'docker engine pull', async () => {
      await docker(c, ['rmi', '-f', ref]);
      const pulled = expect(await docker(c, ['pull', ref]), 'docker pull');
      if (pulled) return pulled;
      const id = (await docker(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
      return id === image.configDigest ? undefined : `image id ${id} is not ${image.configDigest}`;
    });
    await check(client, 'podman pull', async () => {
      await podman(c, ['rmi', '-f', ref]);
      const pulled = expect(await podman(c, ['pull', '--cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, ref]), 'podman pull');
      if (pulled) return pulled;
      const id = (await podman(c, ['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
      return id === hex ? undefined : `image id ${id} is not ${hex}`;
    });
    await check(client, 'kubelet → CRI pull', async () => {
      const imageRef = await criPull(c, ref);
      return imageRef === image.configDigest ? undefined : `CRI returned ${imageRef}, expected ${image.configDigest}`;
    });
  });
  rows.push({ profile: s.profile, door: 'api-gateway', client, operation: 'node never run', ok: nodeRuns.length === 0, detail: nodeRuns.length === 0 ? 'the node on PATH was not run' : nodeRuns.join(' | ').slice(0, 200) });
  const tokenCalls = s.api.calls.length - calls;
  rows.push({ profile: s.profile, door: 'api-gateway', client, operation: 'token from the SDK inside it', ok: tokenCalls >= 1, detail: `${tokenCalls} GetAuthorizationToken call(s) from a cold cache` });
}

/** Bytes of every file under `dir`, by path. */
async function filesUnder(dir: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return Promise.all(entries.filter((e) => e.isFile()).map(async (e) => ({ path: join(e.parentPath, e.name), size: (await stat(join(e.parentPath, e.name))).size })));
}

/**
 * serve as a self-hosted proxy: the streaming door with a layer cache. A pull, then the same pull again (no blob
 * bytes from storage the second time, the image verified by skopeo); an entry corrupted on disk is fetched again;
 * a cache on a full disk still serves the pull.
 */
async function layerCache(s: StandIn, c: Clients, dir: string): Promise<void> {
  const check = checker(s.profile, 'cloudfront + cache');
  const cacheDir = join(dir, 'layer-cache');
  const proxy = await s.startAlias(['--front-door', 'cloudfront', '--cache-dir', cacheDir, '--cache-max-bytes', '1G']);
  await c.useAlias(proxy.host, s);
  let pulls = 0;
  const pull = async () => {
    const out = join(dir, `cache-pull-${++pulls}`);
    const before = s.blobBytesServed();
    const result = await skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `docker://${proxy.host}/e2e/streaming/app:v1`, `oci:${out}:v1`]);
    return { result, fromStorage: s.blobBytesServed() - before, digest: await ociLayoutDigest(out) };
  };
  let expected: string | undefined;
  try {
    await check('skopeo', 'first pull fills the cache', async () => {
      const first = await pull();
      const failed = expect(first.result, 'skopeo copy');
      if (failed) return failed;
      expected = first.digest;
      const cached = await filesUnder(join(cacheDir, 'sha256'));
      if (cached.length === 0) return 'nothing was cached';
      const size = cached.reduce((sum, f) => sum + f.size, 0);
      return first.fromStorage >= size ? { note: `${cached.length} blobs, ${size} bytes cached; ${first.fromStorage} bytes from storage` } : `${first.fromStorage} bytes from storage but ${size} cached`;
    });
    await check('skopeo', 'second pull: 0 bytes from storage', async () => {
      const second = await pull();
      const failed = expect(second.result, 'skopeo copy');
      if (failed) return failed;
      if (second.digest !== expected) return `pulled ${second.digest}, first pull ${expected}`;
      return second.fromStorage === 0 ? undefined : `${second.fromStorage} bytes from storage`;
    });
    await check('skopeo', 'corrupted entry fetched again', async () => {
      const largest = (await filesUnder(join(cacheDir, 'sha256'))).sort((a, b) => b.size - a.size)[0];
      if (largest === undefined) return 'no cache entry to corrupt';
      const bytes = await readFile(largest.path);
      bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
      await writeFile(largest.path, bytes);
      const again = await pull();
      const failed = expect(again.result, 'skopeo copy');
      if (failed) return failed;
      if (again.digest !== expected) return `pulled ${again.digest}, first pull ${expected}`;
      return again.fromStorage === largest.size ? { note: `${largest.size} bytes fetched again` } : `${again.fromStorage} bytes from storage, the corrupted entry has ${largest.size}`;
    });
    await check('serve', '/metrics counts the cache', async () => {
      const ca = await readFile(s.caFile);
      const answer = await send(`https://${proxy.host}`, '/metrics', { ca });
      const text = answer.body.toString();
      const count = (event: string) => Number(new RegExp(`^ecr_custom_domain_cache_events_total\\{event="${event}"[^}]*\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      return answer.status === 200 && count('hit') > 0 && count('store') > 0 && count('corrupt') === 1 ? undefined : `status ${answer.status}, hit ${count('hit')}, store ${count('store')}, corrupt ${count('corrupt')}`;
    });
  } finally {
    await proxy.stop();
  }
  // A full disk: a 64 KiB tmpfs holds no layer; the pull passes through.
  const full = join(dir, 'full-disk');
  await mkdir(full, { recursive: true });
  const mounted = await c.exec('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]);
  await check('skopeo', 'full disk: the pull still works', async () => {
    if (mounted.code !== 0) return `could not mount a small tmpfs: ${lastLine(mounted.stderr)}`;
    const small = await s.startAlias(['--front-door', 'cloudfront', '--cache-dir', full, '--cache-max-bytes', '1G']);
    try {
      await c.useAlias(small.host, s);
      const out = join(dir, 'cache-pull-full');
      const before = s.blobBytesServed();
      const result = await skopeo(c, ['copy', '--src-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `docker://${small.host}/e2e/streaming/app:v1`, `oci:${out}:v1`]);
      const failed = expect(result, 'skopeo copy');
      if (failed) return failed;
      const digest = await ociLayoutDigest(out);
      if (digest !== expected) return `pulled ${digest}, through the cache ${expected}`;
      return s.blobBytesServed() > before ? { note: `${s.blobBytesServed() - before} bytes passed through a full cache` } : 'no bytes came from storage';
    } finally {
      await small.stop();
    }
  });
  if (mounted.code === 0) await c.exec('umount', [full]);
}

/** `ecr-custom-domain doctor` against a door, with the clients' helper config, docker and podman files. */
function runDoctor(c: Clients, s: StandIn, alias: string, image: string): Promise<Result> {
  return c.exec(join(ROOT, 'bin/ecr-custom-domain'), ['doctor', `https://${alias}`, '--ca-file', s.caFile, '--image', image], { timeoutMs: 60_000 });
}

function selectedProfiles(): Profile[] {
  const asked = process.env.E2E_PROFILES?.split(',').map((p) => p.trim()).filter(Boolean);
  if (asked === undefined || asked.length === 0) return [...PROFILES];
  const unknown = asked.filter((p) => !(PROFILES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`E2E_PROFILES: unknown profile ${unknown.join(', ')}; use a comma-separated list of ${PROFILES.join(', ')}`);
  return PROFILES.filter((p) => asked.includes(p));
}

/** The HEAD variants of the api-gateway door: what API Gateway may do with the function's Content-Length on a HEAD answer. */
const HEAD_VARIANTS = ['drop', 'zero'] as const;

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('e2e: needs root to run dockerd and containerd: run it as root or with sudo');
    return 1;
  }
  const profiles = selectedProfiles();
  // The public checks and the bare-307 control run once, on the ecr profile if it runs.
  const home = profiles.includes('ecr') ? 'ecr' : profiles[0];
  const dir = await mkdtemp(join(tmpdir(), 'ecr-e2e-'));
  let standIn: StandIn | undefined;
  let clients: Clients | undefined;
  let loadBalanced: LoadBalancedDoor | undefined;
  const started = Date.now();
  try {
    // Each door on each profile gets its own small image, so every push uploads its layers anew and every pull downloads them.
    const doorImages = profiles.flatMap((profile) => [
      `${profile}-api-gateway`,
      `${profile}-cloudfront`,
      `${profile}-proxy`,
      ...(profile === 'ecr' ? [...HEAD_VARIANTS.map((mode) => `${profile}-head-${mode}`), `${profile}-load-balancer`] : []),
    ]);
    // The ecr profile also runs the ecs door (the OCI image behind HAProxy) and the upload-time rows.
    const timing = profiles.includes('ecr');
    const [big, tiny, docker29, imageArchive, six, huge, ...smalls] = await Promise.all([
      buildTestImage(join(dir, 'big'), { bigLayerBytes: 52 * 1024 * 1024, tag: 'big' }),
      buildTestImage(join(dir, 'tiny'), { bigLayerBytes: 64 * 1024, tag: 'tiny' }),
      buildDocker29(join(dir, 'docker29')),
      timing ? buildImage(join(dir, 'oci-image')) : undefined,
      timing ? buildTestImage(join(dir, 'six'), { bigLayerBytes: 6 * 1000 * 1000, tag: 'six' }) : undefined,
      timing ? buildTestImage(join(dir, 'huge'), { bigLayerBytes: 200 * 1024 * 1024, tag: 'huge' }) : undefined,
      ...doorImages.map((name) => buildTestImage(join(dir, 'images', name))),
    ]);
    const imageFor = (name: string): TestImage => {
      const image = smalls[doorImages.indexOf(name)];
      if (image === undefined) throw new Error(`no test image for ${name}`);
      return image;
    };
    const shared: Shared = { big, tiny, docker29, dir };

    for (const profile of profiles) {
      const s = await startStandIn(join(dir, profile), { profile });
      standIn = s;
      if (clients === undefined) {
        clients = await setUpClients(s, join(dir, 'clients'));
        await startDockerd(clients);
        await startContainerd(clients);
      } else {
        await clients.use(s);
      }
      const c = clients;
      process.stderr.write(
        `e2e: profile ${profile}: api-gateway door https://${s.alias}, cloudfront door https://${s.streamingAlias}, proxy door https://${s.proxyAlias} → registry https://${s.registry}` +
          `${s.registry === s.distribution ? '' : ` (ECR front before docker-registry https://${s.distribution})`}, blobs https://${s.blobHost}, ECR API ${s.api.url}\n`,
      );
      const doors: DoorUnderTest[] = [
        { name: 'api-gateway', kind: 'api-gateway', alias: s.alias, log: () => s.aliasLog('api-gateway'), image: imageFor(`${profile}-api-gateway`), repositories: 'e2e' },
        { name: 'cloudfront', kind: 'cloudfront', alias: s.streamingAlias, log: () => s.aliasLog('cloudfront'), image: imageFor(`${profile}-cloudfront`), repositories: 'e2e/streaming' },
        { name: 'proxy', kind: 'proxy', alias: s.proxyAlias, log: () => s.aliasLog('proxy'), image: imageFor(`${profile}-proxy`), repositories: 'e2e/proxy' },
      ];
      for (const door of doors) await doorMatrix(s, c, door, shared);
      if (profile === 'ecr') {
        for (const mode of HEAD_VARIANTS) {
          const name = `api-gateway (HEAD ${mode})`;
          try {
            const variant = await s.startAlias(['--head-content-length', mode]);
            await c.useAlias(variant.host, s);
            const door: DoorUnderTest = { name, kind: 'api-gateway', alias: variant.host, log: variant.log, image: imageFor(`${profile}-head-${mode}`), repositories: `e2e/head-${mode}` };
            doors.push(door);
            await doorMatrix(s, c, door, shared);
          } catch (error) {
            record({ profile, door: name, client: 'alias', operation: 'start', ok: false, detail: lastLine(error instanceof Error ? error.message : String(error)) });
          }
        }

        // The ecs door: the OCI image under podman, serving HTTP behind HAProxy ending TLS, as Fargate behind an ALB.
        const name = 'proxy image behind HAProxy';
        try {
          if (imageArchive === undefined) throw new Error('no image was built');
          loadBalanced = await startLoadBalancedDoor(s, imageArchive, join(dir, profile, 'load-balancer'));
          const lb = loadBalanced;
          await c.useAlias(lb.host, s);
          const door: DoorUnderTest = { name, kind: 'proxy', alias: lb.host, log: lb.log, image: imageFor(`${profile}-load-balancer`), repositories: 'e2e/lb' };
          doors.push(door);
          await checker(profile, name)('HAProxy', 'health check GET /readyz', async () => {
            const health = await lb.health();
            return health.status === 'UP' && health.check === 'L7OK' && health.code === '200' ? { note: `${health.status}, last check ${health.check} ${health.code}` } : `HAProxy says ${JSON.stringify(health)}`;
          });
          await doorMatrix(s, c, door, shared);
        } catch (error) {
          record({ profile, door: name, client: 'podman + HAProxy', operation: 'start', ok: false, detail: lastLine(error instanceof Error ? error.message : String(error)) });
        }
        if (six !== undefined && huge !== undefined) {
          const lb = loadBalanced;
          await doorTimingRows((door, client, operation, fn) => checker(profile, door)(client, operation, fn), {
            s,
            c,
            docker29,
            six,
            huge,
            tiny,
            ...(lb === undefined ? {} : { loadBalancer: { name, host: lb.host, log: lb.log } }),
          });
        }
      }

      // doctor passes every door on every profile, the HEAD variants included.
      for (const door of doors) {
        await checker(profile, door.name)('doctor', 'passes', async () => {
          const result = await runDoctor(c, s, door.alias, `${door.repositories}/app:v1`);
          return result.code === 0 ? undefined : `doctor exited ${result.code}: ${result.stdout.split('\n').filter((l) => l.startsWith('✗')).join(' | ').slice(0, 300) || lastLine(result.stderr)}`;
        });
      }

      const secrets = [s.password, Buffer.from(`AWS:${s.password}`).toString('base64')];
      if (profile === home) {
        await control(s, c);
        await singleBinaryHelper(s, c, imageFor(`${profile}-api-gateway`));
        await layerCache(s, c, join(dir, profile));
        const { notes, secrets: publicSecrets } = await runPublicChecks(checker(profile, 'api-gateway'), s, c, imageFor(`${profile}-api-gateway`), join(dir, profile));
        rows.push({ profile, door: 'api-gateway', client: 'public aliases', operation: 'token calls', ok: !notes.some((n) => n.startsWith('UNEXPECTED')), detail: notes[0] ?? '' });
        secrets.push(...publicSecrets);
      }

      const output = `${await s.aliasOutput()}\n${(await loadBalanced?.output()) ?? ''}`;
      rows.push({ profile, door: 'all', client: 'alias logs', operation: 'no secrets', ok: output.length > 0 && !secrets.some((secret) => output.includes(secret)), detail: `${output.split('\n').length} lines checked` });

      console.log('');
      for (const door of doors) await byteRows(s, door);
      console.log(`${profile}: layer bytes from the blob host: ${s.blobBytesServed()}; blob requests that carried credentials: ${s.blobRequestsWithCredentials()}`);
      console.log(`${profile}: GetAuthorizationToken calls: ${s.api.calls.filter((call) => call.operation === 'GetAuthorizationToken').length}`);
      rows.push({ profile, door: 'all', client: 'blob host', operation: 'served layers', ok: s.blobBytesServed() > 0 && s.blobRequestsWithCredentials() === 0, detail: `${s.blobBytesServed()} bytes` });
      if (profile !== 'distribution') {
        // The clients met ECR's answers, or this profile tested nothing new.
        const answers = s.ecrAnswers();
        console.log(`${profile}: ECR answers given by the front: ${JSON.stringify(answers)}`);
        const needed = ['upload PATCH 201', 'no Docker-Upload-UUID', 'manifest PUT without Location', 'catalog n > 1000 refused'];
        const missing = needed.filter((name) => (answers[name] ?? 0) === 0);
        rows.push({ profile, door: 'all', client: 'ECR front', operation: 'answered as ECR', ok: missing.length === 0, detail: missing.length === 0 ? needed.map((n) => `${n} ×${answers[n]}`).join(', ') : `never: ${missing.join(', ')}` });
      }

      await loadBalanced?.stop();
      loadBalanced = undefined;
      await s.stop();
      standIn = undefined;
    }

    const widths = [Math.max(...rows.map((r) => r.profile.length)), Math.max(...rows.map((r) => r.door.length)), Math.max(...rows.map((r) => r.client.length)), Math.max(...rows.map((r) => r.operation.length))] as const;
    console.log('');
    console.log(`${'profile'.padEnd(widths[0])}  ${'door'.padEnd(widths[1])}  ${'client'.padEnd(widths[2])}  ${'operation'.padEnd(widths[3])}  result  detail`);
    for (const r of rows) {
      console.log(`${r.profile.padEnd(widths[0])}  ${r.door.padEnd(widths[1])}  ${r.client.padEnd(widths[2])}  ${r.operation.padEnd(widths[3])}  ${r.ok ? 'PASS' : 'FAIL'}    ${r.detail}`);
    }
    console.log('');
    const passed = rows.filter((r) => r.ok).length;
    const failed = rows.length - passed;
    console.log(`profiles ${profiles.join(', ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    await clients?.stop().catch(() => undefined);
    await loadBalanced?.stop().catch(() => undefined);
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
