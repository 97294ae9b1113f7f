/**
 * The ecs door as AWS runs it, on loopback: the OCI image of `npm run build:image` under podman (runc, vfs storage,
 * host network, read-only root filesystem, user 65532) running `serve --front-door proxy` on plain HTTP, as a
 * Fargate task does, behind HAProxy from Debian standing in for the Application Load Balancer: TLS ends there
 * (TLS 1.2+, HTTP/2 or HTTP/1.1 to clients, HTTP/1.1 to the task), `option forwardfor` adds X-Forwarded-For, idle
 * timeouts of 60 s on both sides (the ALB's default), and the task is health-checked on /readyz.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureBinaries } from '../support/binaries.ts';
import { send } from '../support/http.ts';
import { ROOT } from '../support/processes.ts';
import { type Child, startChild } from './children.ts';
import { type AliasLogEntry, HOSTS, type StandIn } from './stand-in.ts';
import { freePort } from '../support/ports.ts';

/** The image's user (scripts/build-image.mjs): what must be able to write the access log. */
const NONROOT = 65532;
/** The ALB's default idle timeout; the task's keep-alive must outlast it (the ecs door's rule). */
const IDLE_SECONDS = 60;
const TASK_KEEP_ALIVE_SECONDS = 65;

export interface LoadBalancedDoor {
  /** host:port clients use: HAProxy's TLS listener. */
  host: string;
  /** The task's access log: one entry per request serve handled. */
  log(): Promise<AliasLogEntry[]>;
  /** HAProxy's view of the task, from its stats socket: status (UP/DOWN) and the last health check's result and code. */
  health(): Promise<{ status: string; check: string; code: string }>;
  /** The PID of serve in the task, as the host sees it (for its memory). */
  pid(): Promise<number>;
  /** Everything serve, podman and HAProxy printed or logged: what must hold no secret. */
  output(): Promise<string>;
  stop(): Promise<void>;
}

function run(command: string, args: string[], timeoutMs = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: stdout.trim(), stderr: stderr.trim() });
    });
  });
}


/** `npm run build:image` into `dir` (the single executables first, when stale); returns the OCI archive's path. */
export async function buildImage(dir: string): Promise<string> {
  ensureBinaries();
  const built = await run(process.execPath, [join(ROOT, 'scripts/build-image.mjs'), '--out', dir, '--source', 'https://example.invalid/e2e'], 300_000);
  if (built.code !== 0) throw new Error(`build-image failed: ${built.stderr.split('\n').at(-1) ?? ''}`);
  return join(dir, 'ecr-custom-domain.oci.tar');
}

/** Podman with its own storage; runc, never crun, which refuses cgroup v1/hybrid hosts (see test/integration/image.test.ts). */
function podmanIn(dir: string) {
  const flags = ['--root', join(dir, 'root'), '--runroot', join(dir, 'run'), '--storage-driver', 'vfs', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file', '--runtime', 'runc'];
  return {
    /** stdout of `podman ARGS`; throws with its last line of stderr. */
    async podman(args: string[]): Promise<string> {
      const result = await run('podman', [...flags, ...args]);
      if (result.code !== 0) throw new Error(`podman ${args[0] ?? ''} exited ${result.code}: ${result.stderr.split('\n').at(-1) ?? ''}`);
      return result.stdout;
    },
    /** What the container printed, stdout and stderr (podman logs splits them again). */
    async logs(id: string): Promise<string> {
      const result = await run('podman', [...flags, 'logs', id]);
      return `${result.stdout}\n${result.stderr}`;
    },
  };
}

/** One command on HAProxy's stats socket, e.g. `show stat`. */
function statsCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = connect(socket);
    let answer = '';
    client.setTimeout(5_000, () => client.destroy(new Error('HAProxy stats socket: no answer in 5 s')));
    client.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    client.once('error', reject);
    client.once('end', () => resolve(answer));
    client.end(`${command}\n`);
  });
}

function haproxyConfig(o: { listen: string; pem: string; task: string; socket: string }): string {
  return [
    'global',
    '  log stdout format raw local0',
    `  stats socket ${o.socket} mode 600 level user`,
    // 64 KiB buffers (HAProxy's default is 16 KiB): a stand-in for the ALB should not be what slows a layer upload.
    '  tune.bufsize 65536',
    'defaults',
    '  mode http',
    '  log global',
    '  option httplog',
    '  timeout connect 5s',
    // The ALB's idle timeout, client and task side alike.
    `  timeout client ${IDLE_SECONDS}s`,
    `  timeout server ${IDLE_SECONDS}s`,
    `  timeout http-keep-alive ${IDLE_SECONDS}s`,
    'frontend https',
    `  bind ${o.listen} ssl crt ${o.pem} alpn h2,http/1.1 ssl-min-ver TLSv1.2`,
    '  option forwardfor',
    '  default_backend tasks',
    'backend tasks',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  default-server inter 1s fall 2 rise 2',
    `  server task ${o.task} check`,
    '',
  ].join('\n');
}

/**
 * Starts the image's task and HAProxy in front of it; resolves once HAProxy's health check passes and a request
 * through it reaches the registry. `archive` is the OCI archive of `buildImage`.
 */
export async function startLoadBalancedDoor(s: StandIn, archive: string, dir: string): Promise<LoadBalancedDoor> {
  await mkdir(dir, { recursive: true });
  const { podman, logs } = podmanIn(join(dir, 'podman'));
  const logDir = join(dir, 'task-log');
  await mkdir(logDir, { recursive: true });
  await chown(logDir, NONROOT, NONROOT);
  await chmod(logDir, 0o700);
  const ca = join(dir, 'ca.crt');
  await copyFile(s.caFile, ca);
  await chmod(ca, 0o644);

  let haproxy: Child | undefined;
  let container: string | undefined;
  let taskOutput = '';
  const stop = async () => {
    await haproxy?.stop();
    haproxy = undefined;
    if (container !== undefined) {
      const id = container;
      container = undefined;
      await podman(['stop', '--time', '10', id]).catch(() => undefined);
      taskOutput = await logs(id);
      await podman(['rm', '--force', id]).catch(() => undefined);
    }
  };

  try {
    const image = await podman(['pull', '--quiet', `oci-archive:${archive}`]);
    const taskPort = await freePort(HOSTS.task);
    const task = `${HOSTS.task}:${taskPort}`;
    container = await podman([
      'run', '--detach', '--network', 'host', '--read-only',
      // Raising a hard limit needs CAP_SYS_RESOURCE, which root may lack here (test/integration/image.test.ts).
      '--ulimit', 'nofile=4096:4096', '--ulimit', 'nproc=4096:4096',
      '--volume', `${ca}:/etc/ecr-custom-domain/ca.crt:ro`,
      '--volume', `${logDir}:/var/log/ecr-custom-domain`,
      '--env', 'NODE_EXTRA_CA_CERTS=/etc/ecr-custom-domain/ca.crt',
      image,
      'serve', '--front-door', 'proxy', '--listen', task, '--registry', s.registry,
      // Behind a load balancer every client arrives from its few addresses; the keep-alive outlasts its idle timeout.
      '--connections-per-source', '0', '--keep-alive-seconds', String(TASK_KEEP_ALIVE_SECONDS),
      '--access-log', '/var/log/ecr-custom-domain/access.log', '--drain-seconds', '5',
    ]);

    const tls = await s.issueTls('load-balancer', [HOSTS.loadBalancer, HOSTS.slowLink]);
    const pem = join(dir, 'load-balancer.pem');
    await writeFile(pem, `${await readFile(tls.certFile, 'utf8')}${await readFile(tls.keyFile, 'utf8')}`, { mode: 0o600 });
    const port = await freePort(HOSTS.loadBalancer);
    const socket = join(dir, 'haproxy.sock');
    const config = join(dir, 'haproxy.cfg');
    await writeFile(config, haproxyConfig({ listen: `${HOSTS.loadBalancer}:${port}`, pem, task, socket }));
    const checked = await run('haproxy', ['-c', '-q', '-f', config]);
    if (checked.code !== 0) throw new Error(`haproxy -c: ${checked.stderr.split('\n').slice(0, 3).join(' | ')}`);
    haproxy = await startChild('haproxy', ['-db', '-f', config], { logFile: join(dir, 'haproxy.log') });

    const host = `${HOSTS.loadBalancer}:${port}`;
    const health = async () => {
      const csv = (await statsCommand(socket, 'show stat')).split('\n');
      const fields = (csv[0] ?? '').replace(/^# /, '').split(',');
      const row = csv.find((line) => line.startsWith('tasks,task,'))?.split(',') ?? [];
      const field = (name: string) => row[fields.indexOf(name)] ?? '';
      return { status: field('status'), check: field('check_status'), code: field('check_code') };
    };
    // Ready: HAProxy's health check passed and a request through it reached the registry (its 401 challenge).
    const caPem = await readFile(s.caFile);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const state = await health().catch(() => undefined);
      const ping = await send(`https://${host}`, '/v2/', { ca: caPem }).catch(() => undefined);
      if (state?.status === 'UP' && state.check === 'L7OK' && ping?.status === 401) break;
      if (Date.now() > deadline) {
        const said = (await logs(container)).trim().split('\n').at(-1)?.slice(0, 200) ?? '';
        throw new Error(`the task behind HAProxy did not become ready in 30 s: HAProxy says ${JSON.stringify(state)}, GET /v2/ through it answered ${ping?.status ?? 'nothing'}; the task said: ${said}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const readLog = async () =>
      (await readFile(join(logDir, 'access.log'), 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AliasLogEntry);
    return {
      host,
      log: readLog,
      health,
      pid: async () => Number(await podman(['inspect', '--format', '{{.State.Pid}}', container ?? ''])),
      output: async () => {
        const live = container === undefined ? taskOutput : await logs(container);
        const files = await Promise.all([join(logDir, 'access.log'), join(dir, 'haproxy.log')].map((file) => readFile(file, 'utf8').catch(() => '')));
        return [live, ...files].join('\n');
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
