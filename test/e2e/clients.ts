/**
 * Real registry clients, set up the way users set them up: credentials always come from
 * docker-credential-ecr-custom (credHelpers in docker's config.json and containers-auth.json;
 * for ctr and CRI, the helper's `get` answer, scoped to the alias host as the kubelet does).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from '../support/processes.ts';
import { type Child, startChild } from './children.ts';
import { criImageService } from './cri.ts';
import type { TestImage } from './image.ts';
import type { StandIn } from './stand-in.ts';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Killed at the exec timeout. */
  timedOut?: boolean;
}

export interface Clients {
  env: NodeJS.ProcessEnv;
  /** Runs a command with the clients' environment; secrets are scrubbed from what it returns. */
  exec(command: string, args: string[], options?: { input?: string; timeoutMs?: number }): Promise<CommandResult>;
  helperGet(server: string): Promise<{ Username: string; Secret: string }>;
  /**
   * Points the clients at another stand-in as well: its aliases and registry join the helper's
   * mapping, credHelpers, hosts.toml and docker's trusted CAs, and the helper gets tokens from its
   * ECR API from now on. Running daemons pick this up: they read these files per connection.
   */
  use(standIn: StandIn): Promise<void>;
  /** One more alias of `standIn` (e.g. from `startAlias`), set up as `use` sets up its doors' aliases. */
  useAlias(alias: string, standIn: StandIn): Promise<void>;
  /**
   * Runs `during` with `executable` as the docker-credential-ecr-custom every client finds on PATH, a fresh token
   * cache, and ahead of everything else on PATH a `node` that only records that it was run: nothing can reach a
   * working node by name. Returns what `during` returned and the command lines that node was run with.
   */
  withHelper<T>(executable: string, during: () => Promise<T>): Promise<{ result: T; nodeRuns: string[] }>;
  dockerd?: Child;
  containerd?: Child;
  paths: { root: string; certDir: string; hostsDir: string; authFile: string; dockerConfig: string; dockerSock: string; containerdSock: string; podmanRoot: string; buildahRoot: string };
  stop(): Promise<void>;
}

/** Clients in `dir` (default: inside the stand-in's directory), set up for `standIn`. */
export async function setUpClients(standIn: StandIn, dir = join(standIn.dir, 'clients')): Promise<Clients> {
  const home = join(dir, 'home');
  const helperBin = join(dir, 'bin');
  const certDir = join(dir, 'certs');
  const hostsDir = join(dir, 'certs.d');
  const dockerConfig = join(dir, 'docker-config');
  for (const d of [home, helperBin, certDir, dockerConfig]) await mkdir(d, { recursive: true });
  await symlink(join(ROOT, 'bin/docker-credential-ecr-custom'), join(helperBin, 'docker-credential-ecr-custom'));
  const helperConfig = join(dir, 'ecr-custom.json');
  const authFile = join(dir, 'containers-auth.json');

  const env: NodeJS.ProcessEnv = {
    PATH: `${helperBin}:/usr/sbin:/usr/bin:/sbin:/bin:${process.env.PATH ?? ''}`,
    HOME: home,
    AWS_ECR_CUSTOM_CONFIG: helperConfig,
    AWS_ACCESS_KEY_ID: 'AKIAE2ESTANDIN000001',
    AWS_SECRET_ACCESS_KEY: 'e2e-stand-in-secret-access-key',
    AWS_REGION: 'us-east-1',
    DOCKER_CONFIG: dockerConfig,
    REGISTRY_AUTH_FILE: authFile,
    TMPDIR: dir,
  };
  const secrets: string[] = [];
  const scrub = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

  // The helper maps each door's alias to its stand-in registry; tokens come from the ECR API stand-in.
  const mapping: Record<string, { registry: string; region: string }> = {};
  const credHelpers: Record<string, string> = {};
  const writeCredentials = async () => {
    await writeFile(helperConfig, JSON.stringify(mapping, null, 2));
    await writeFile(authFile, JSON.stringify({ credHelpers }));
    await writeFile(join(dockerConfig, 'config.json'), JSON.stringify({ credHelpers }));
  };
  const trustHost = async (host: string, s: StandIn) => {
    await mkdir(join(hostsDir, host), { recursive: true });
    await writeFile(join(hostsDir, host, 'hosts.toml'), `server = "https://${host}"\n\n[host."https://${host}"]\n  ca = "${s.caFile}"\n`);
  };
  const useAlias = async (alias: string, s: StandIn) => {
    mapping[alias] = { registry: s.registry, region: 'us-east-1' };
    credHelpers[alias] = 'ecr-custom';
    await writeCredentials();
    await trustHost(alias, s);
    await trustInDocker(alias, s.caFile);
  };
  let standIns = 0;
  const use = async (s: StandIn) => {
    // containers/image trusts every *.crt in its cert dir: one CA per stand-in.
    await copyFile(s.caFile, join(certDir, `ca-${++standIns}.crt`));
    for (const alias of Object.values(s.aliases)) await useAlias(alias, s);
    // The registry host too: the helper answers for the registries its mapping points at, so the
    // same client setup can pull straight from the registry (the bench's baseline).
    credHelpers[s.registry] = 'ecr-custom';
    await writeCredentials();
    for (const host of [s.registry, s.blobHost]) await trustHost(host, s);
    await trustInDocker(s.registry, s.caFile);
    env.AWS_ENDPOINT_URL_ECR = s.api.url;
    // A token cache per stand-in: a later stand-in may get a stopped one's host:port and another password.
    env.AWS_ECR_CUSTOM_CACHE_DIR = join(s.dir, 'helper-cache');
    secrets.push(s.password, Buffer.from(`AWS:${s.password}`).toString('base64'));
  };

  const exec: Clients['exec'] = (command, args, options = {}) =>
    new Promise((resolve) => {
      const child = execFile(command, args, { env, timeout: options.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: scrub(stdout), stderr: scrub(stderr), ...(error?.killed === true ? { timedOut: true } : {}) });
      });
      if (options.input !== undefined) child.stdin?.end(options.input);
    });

  const helperGet = async (server: string) => {
    const result = await new Promise<string>((resolve, reject) => {
      const child = execFile('docker-credential-ecr-custom', ['get'], { env }, (error, stdout) => (error ? reject(new Error(`helper get ${server} failed`)) : resolve(stdout)));
      child.stdin?.end(server);
    });
    return JSON.parse(result) as { Username: string; Secret: string };
  };

  const withHelper: Clients['withHelper'] = async (executable, during) => {
    const link = join(helperBin, 'docker-credential-ecr-custom');
    const noNode = await mkdtemp(join(dir, 'no-node-'));
    const runs = join(noNode, 'runs');
    await writeFile(join(noNode, 'node'), `#!/bin/sh\necho "node $*" >> '${runs}'\nexit 127\n`, { mode: 0o755 });
    const saved = { PATH: env.PATH, AWS_ECR_CUSTOM_CACHE_DIR: env.AWS_ECR_CUSTOM_CACHE_DIR };
    await rm(link);
    await symlink(executable, link);
    env.PATH = `${noNode}:${saved.PATH ?? ''}`;
    env.AWS_ECR_CUSTOM_CACHE_DIR = join(noNode, 'helper-cache');
    try {
      const result = await during();
      const nodeRuns = (await readFile(runs, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      return { result, nodeRuns };
    } finally {
      Object.assign(env, saved);
      await rm(link);
      await symlink(join(ROOT, 'bin/docker-credential-ecr-custom'), link);
    }
  };

  const clients: Clients = {
    env,
    exec,
    helperGet,
    use,
    useAlias,
    withHelper,
    paths: {
      root: dir,
      certDir,
      hostsDir,
      authFile,
      dockerConfig,
      dockerSock: join(dir, 'docker.sock'),
      containerdSock: join(dir, 'containerd.sock'),
      podmanRoot: join(dir, 'podman'),
      buildahRoot: join(dir, 'buildah'),
    },
    stop: async () => {
      await clients.dockerd?.stop();
      await clients.containerd?.stop();
      for (const host of trustedByDocker) await rm(`/etc/docker/certs.d/${host}`, { recursive: true, force: true });
    },
  };
  await use(standIn);
  return clients;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not become ready in ${timeoutMs / 1000} s`);
}

const trustedByDocker = new Set<string>();

/** dockerd reads registry CAs only from /etc/docker/certs.d/<host:port>/; removed again in stop(). */
export async function trustInDocker(host: string, caFile: string): Promise<void> {
  await mkdir(`/etc/docker/certs.d/${host}`, { recursive: true });
  await copyFile(caFile, `/etc/docker/certs.d/${host}/ca.crt`);
  trustedByDocker.add(host);
}

/** dockerd with vfs, no iptables or bridge, its own socket, data-root and exec-root; it trusts the CAs `use` installed. */
export async function startDockerd(clients: Clients): Promise<void> {
  const dir = join(clients.paths.root, 'dockerd');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'daemon.json'), '{}');
  clients.dockerd = await startChild(
    'dockerd',
    [
      '--config-file', join(dir, 'daemon.json'),
      '--host', `unix://${clients.paths.dockerSock}`,
      '--data-root', join(dir, 'data'),
      '--exec-root', join(dir, 'exec'),
      '--pidfile', join(dir, 'docker.pid'),
      '--storage-driver=vfs',
      '--iptables=false',
      '--ip-masq=false',
      '--bridge=none',
    ],
    { logFile: join(clients.paths.root, 'dockerd.log'), env: clients.env },
  );
  await waitFor('dockerd', async () => (await docker(clients, ['version', '--format', '{{.Server.Version}}'])).code === 0);
}

export function docker(clients: Clients, args: string[]): Promise<CommandResult> {
  return clients.exec('/usr/bin/docker', ['--host', `unix://${clients.paths.dockerSock}`, ...args]);
}

/** containerd with its own config, socket and state, and the CRI plugin on the native snapshotter. */
export async function startContainerd(clients: Clients): Promise<void> {
  const dir = join(clients.paths.root, 'containerd');
  await mkdir(dir, { recursive: true });
  const config = [
    'version = 2',
    `root = "${join(dir, 'root')}"`,
    `state = "${join(dir, 'state')}"`,
    `disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]`,
    '[grpc]',
    `  address = "${clients.paths.containerdSock}"`,
    '[ttrpc]',
    `  address = "${join(dir, 'ttrpc.sock')}"`,
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = "${join(dir, 'opt')}"`,
    '[plugins."io.containerd.grpc.v1.cri"]',
    '  enable_cdi = false',
    '  [plugins."io.containerd.grpc.v1.cri".containerd]',
    '    snapshotter = "native"',
    '  [plugins."io.containerd.grpc.v1.cri".cni]',
    `    bin_dir = "${join(dir, 'cni-bin')}"`,
    `    conf_dir = "${join(dir, 'cni-conf')}"`,
    '  [plugins."io.containerd.grpc.v1.cri".registry]',
    `    config_path = "${clients.paths.hostsDir}"`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.toml'), config);
  clients.containerd = await startChild('containerd', ['--config', join(dir, 'config.toml')], { logFile: join(clients.paths.root, 'containerd.log'), env: clients.env });
  await waitFor('containerd', async () => (await ctr(clients, ['version'])).code === 0);
}

export function ctr(clients: Clients, args: string[], options?: { timeoutMs?: number }): Promise<CommandResult> {
  return clients.exec('ctr', ['--address', clients.paths.containerdSock, '--namespace', 'e2e', ...args], options);
}

export async function criPull(clients: Clients, image: string): Promise<string> {
  // As a node does it: the kubelet runs the credential provider for the image, gets auth keyed by
  // the image's registry host, and hands CRI credentials for that host only (AuthConfig.server_address;
  // containerd parses it as a URL and applies the credentials only where its host matches).
  const response = await new Promise<string>((resolve, reject) => {
    const child = execFile('docker-credential-ecr-custom', ['kubelet'], { env: clients.env }, (error, stdout) =>
      error ? reject(new Error('docker-credential-ecr-custom kubelet failed')) : resolve(stdout),
    );
    child.stdin?.end(JSON.stringify({ apiVersion: 'credentialprovider.kubelet.k8s.io/v1', kind: 'CredentialProviderRequest', image }));
  });
  const parsed = JSON.parse(response) as { kind: string; cacheKeyType: string; auth: Record<string, { username: string; password: string }> };
  const host = image.split('/')[0] ?? '';
  const auth = parsed.auth[host];
  if (parsed.kind !== 'CredentialProviderResponse' || parsed.cacheKeyType !== 'Registry' || auth === undefined) {
    throw new Error(`the credential provider answered no auth for ${host}`);
  }
  return criPullWith(clients, image, { username: auth.username, password: auth.password, server_address: `https://${host}` });
}

export async function criPullWith(clients: Clients, image: string, auth: { username: string; password: string; server_address: string }): Promise<string> {
  const service = criImageService(clients.paths.containerdSock);
  try {
    return await service.pull({ image: { image }, auth });
  } finally {
    service.close();
  }
}

export function podman(clients: Clients, args: string[]): Promise<CommandResult> {
  const root = clients.paths.podmanRoot;
  return clients.exec('podman', [
    '--root', join(root, 'root'),
    '--runroot', join(root, 'run'),
    '--storage-driver', 'vfs',
    '--cgroup-manager', 'cgroupfs',
    '--events-backend', 'file',
    ...args,
  ]);
}

export function buildah(clients: Clients, args: string[]): Promise<CommandResult> {
  const root = clients.paths.buildahRoot;
  return clients.exec('buildah', ['--root', join(root, 'root'), '--runroot', join(root, 'run'), '--storage-driver', 'vfs', ...args]);
}

export function skopeo(clients: Clients, args: string[]): Promise<CommandResult> {
  return clients.exec('skopeo', args);
}

export async function ociLayoutDigest(layout: string): Promise<string | undefined> {
  const index = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  return index.manifests[0]?.digest;
}

export type { TestImage };
