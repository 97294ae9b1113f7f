/**
 * An ECR stand-in on loopback: Debian's docker-registry configured like ECR (TLS, Basic auth with
 * user AWS, blob GETs answered with 307s to a separate blob host), the blob host itself, the ECR
 * API stand-in, and one alias per front door (`ecr-custom-domain serve` running the alias function
 * in-process or the committed CloudFront Function). Each host has its own loopback address.
 *
 * Profiles, i.e. what answers as the registry:
 * - `distribution`: docker-registry itself, absolute upload Locations on its own host;
 * - `ecr` (default): test/e2e/ecr-front.ts in front of docker-registry, answering as ECR does
 *   (PATCH 201, no Docker-Upload-UUID, no Location on manifest PUT, catalog n <= 1000), absolute
 *   upload Locations on the front;
 * - `ecr-relative`: the same front, docker-registry with `relativeurls`: relative upload Locations,
 *   as the OCI spec allows.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';
import { type Child, startChild } from './children.ts';
import { type EcrFront, type FrontRequest, startEcrFront } from './ecr-front.ts';
import { freePort } from '../support/ports.ts';

const run = promisify(execFile);

/** `registry` is docker-registry's own address; `ecrFront` is the registry as clients see it in the ecr profiles. */
export const HOSTS = {
  alias: '127.0.0.2',
  registry: '127.0.0.3',
  api: '127.0.0.4',
  streaming: '127.0.0.5',
  blobs: '127.0.0.6',
  ecrFront: '127.0.0.7',
  /** `serve --front-door proxy` itself, with TLS. */
  proxy: '127.0.0.8',
  /** The load balancer stand-in (HAProxy ending TLS), in front of the image's task. */
  loadBalancer: '127.0.0.9',
  /** The image's task: `serve --front-door proxy` on HTTP, as ECS runs it behind the load balancer. */
  task: '127.0.0.10',
  /** Slowed links (test/support/delay-proxy.ts) in front of doors. */
  slowLink: '127.0.0.11',
} as const;

export type Door = 'api-gateway' | 'cloudfront' | 'proxy';

export const PROFILES = ['distribution', 'ecr', 'ecr-relative'] as const;
export type Profile = (typeof PROFILES)[number];

/** An alias started by `startAlias`. */
export interface Alias extends Started {
  /** host:port clients use. */
  host: string;
  /** Its access log: one entry per request. */
  log(): Promise<AliasLogEntry[]>;
}

export interface StandIn {
  dir: string;
  profile: Profile;
  caFile: string;
  /** host:port of the alias behind the api-gateway door (serve running the alias function), the name clients use. */
  alias: string;
  /** host:port of the alias behind the streaming door (`serve --front-door cloudfront`). */
  streamingAlias: string;
  /** host:port of `serve --front-door proxy` with TLS: the ecs door without its load balancer. */
  proxyAlias: string;
  /** The alias of each door. */
  aliases: Record<Door, string>;
  /** host:port of the registry as clients and aliases see it (what ECR_REGISTRY points at): the ECR front, or docker-registry in the distribution profile. */
  registry: string;
  /** host:port of docker-registry itself. */
  distribution: string;
  /** docker-registry's process id (benches pin it to a CPU). */
  distributionPid: number;
  blobHost: string;
  api: EcrApiStandIn;
  /** The registry's Basic password for user AWS, handed out by the ECR API stand-in. */
  password: string;
  blobBytesServed(): number;
  /** Blob requests the blob host refused because they carried credentials (as S3 does). */
  blobRequestsWithCredentials(): number;
  /** How often the ECR front applied each of ECR's answers; empty in the distribution profile. */
  ecrAnswers(): Record<string, number>;
  /** Requests the ECR front received, with the client-hop headers each carried; empty in the distribution profile. */
  frontRequests(): FrontRequest[];
  /** Access log of every alias started, or of one door's alias: one entry per request. */
  aliasLog(door?: Door): Promise<AliasLogEntry[]>;
  aliasProcess: Started;
  aliasTls: { certFile: string; keyFile: string };
  /** A certificate from this stand-in's CA for `ips`, e.g. for a door reached through a slowed link. */
  issueTls(name: string, ips: string[]): Promise<{ certFile: string; keyFile: string }>;
  /** Everything every alias printed and logged: what must never hold a secret. */
  aliasOutput(): Promise<string>;
  /**
   * Another alias in front of the same registry, e.g. `--access public --repositories ...`: on the api-gateway
   * door's address and certificate unless `options` names others.
   */
  startAlias(args: string[], env?: NodeJS.ProcessEnv, options?: { listen?: string; port?: number; tls?: { certFile: string; keyFile: string } }): Promise<Alias>;
  stop(): Promise<void>;
}

export interface AliasLogEntry {
  method: string;
  path: string;
  status: number;
  requestBytes: number;
  responseBytes: number;
  /** From the request's start until its answer was sent. */
  ms: number;
}


/** The blob host: serves the registry's stored blobs over TLS, like presigned S3 URLs. */
async function startBlobHost(root: string, tls: { cert: Buffer; key: Buffer }, port: number) {
  let bytes = 0;
  let withCredentials = 0;
  const server: Server = createServer(tls, async (req, res) => {
    if (req.headers.authorization !== undefined) {
      withCredentials++;
      res.writeHead(400, { 'content-type': 'application/xml' });
      res.end('<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>');
      return;
    }
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
    const file = join(root, path);
    if (!file.startsWith(`${root}/`)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': info.size });
      if (req.method === 'HEAD') return void res.end();
      bytes += info.size;
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, HOSTS.blobs, resolve));
  return { server, bytes: () => bytes, withCredentials: () => withCredentials };
}

export async function startStandIn(dir: string, options: { profile?: Profile } = {}): Promise<StandIn> {
  const profile = options.profile ?? 'ecr';
  await mkdir(dir, { recursive: true });
  const pki = await createPki(dir);
  const registryTls = await pki.issue('registry', [HOSTS.registry]);
  const blobTls = await pki.issue('blobs', [HOSTS.blobs]);
  const aliasTls = await pki.issue('alias', [HOSTS.alias]);
  const streamingTls = await pki.issue('streaming', [HOSTS.streaming]);
  const proxyTls = await pki.issue('proxy', [HOSTS.proxy]);
  const password = `pw-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const storage = join(dir, 'storage');
  await mkdir(storage, { recursive: true });
  const [distributionPort, blobPort] = [await freePort(HOSTS.registry), await freePort(HOSTS.blobs)];
  const frontPort = profile !== 'distribution' ? await freePort(HOSTS.ecrFront) : undefined;
  const distribution = `${HOSTS.registry}:${distributionPort}`;
  const registry = frontPort === undefined ? distribution : `${HOSTS.ecrFront}:${frontPort}`;
  const blobHost = `${HOSTS.blobs}:${blobPort}`;

  const { stdout: htpasswd } = await run('htpasswd', ['-nbB', 'AWS', password]);
  await writeFile(join(dir, 'htpasswd'), htpasswd);
  // docker-registry names `registry` in absolute Locations and challenges. With `relativeurls` it
  // must not be given `http.host`, which would make its Locations absolute again.
  const urls = profile === 'ecr-relative' ? ['  relativeurls: true'] : [`  host: https://${registry}`];
  await writeFile(
    join(dir, 'registry.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      '  accesslog: { disabled: true }',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${storage}`,
      '  delete: { enabled: true }',
      '  maintenance: { uploadpurging: { enabled: false } }',
      'middleware:',
      '  storage:',
      '    - name: redirect',
      '      options:',
      `        baseurl: https://${blobHost}/`,
      'http:',
      `  addr: ${distribution}`,
      ...urls,
      '  tls:',
      `    certificate: ${registryTls.certFile}`,
      `    key: ${registryTls.keyFile}`,
      'auth:',
      '  htpasswd:',
      `    realm: https://${registry}/`,
      `    path: ${join(dir, 'htpasswd')}`,
      '',
    ].join('\n'),
  );

  const blobs = await startBlobHost(storage, { cert: await readFile(blobTls.certFile), key: await readFile(blobTls.keyFile) }, blobPort);
  const registryProcess: Child = await startChild('docker-registry', ['serve', join(dir, 'registry.yml')], { logFile: join(dir, 'registry.log') });
  const ca = await readFile(pki.caFile);
  let front: EcrFront | undefined;
  if (frontPort !== undefined) {
    const frontTls = await pki.issue('ecr-front', [HOSTS.ecrFront]);
    front = await startEcrFront({ listen: HOSTS.ecrFront, port: frontPort, tls: { cert: await readFile(frontTls.certFile), key: await readFile(frontTls.keyFile) }, upstream: distribution, ca });
  }
  for (let i = 0; ; i++) {
    try {
      const ping = await send(`https://${registry}`, '/v2/', { ca });
      if (ping.status === 401) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error(`docker-registry did not start; see ${join(dir, 'registry.log')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const api = await startEcrApiStandIn({ host: HOSTS.api, password, proxyEndpoint: `https://${registry}` });
  const accessLog = join(dir, 'alias-access.log');
  const aliasProcess = await startServe(
    ['--listen', `${HOSTS.alias}:0`, '--registry', registry, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile, '--access-log', accessLog],
    { NODE_EXTRA_CA_CERTS: pki.caFile },
  );
  const alias = aliasProcess.url.replace('https://', '');
  const streamingLog = join(dir, 'streaming-access.log');
  const streamingProcess = await startServe(
    ['--front-door', 'cloudfront', '--listen', `${HOSTS.streaming}:0`, '--registry', registry, '--tls-cert', streamingTls.certFile, '--tls-key', streamingTls.keyFile, '--access-log', streamingLog],
    { NODE_EXTRA_CA_CERTS: pki.caFile },
  );
  const streamingAlias = streamingProcess.url.replace('https://', '');
  const proxyLog = join(dir, 'proxy-access.log');
  const proxyProcess = await startServe(
    ['--front-door', 'proxy', '--listen', `${HOSTS.proxy}:0`, '--registry', registry, '--tls-cert', proxyTls.certFile, '--tls-key', proxyTls.keyFile, '--access-log', proxyLog],
    { NODE_EXTRA_CA_CERTS: pki.caFile },
  );
  const proxyAlias = proxyProcess.url.replace('https://', '');
  const extraAliases: Started[] = [streamingProcess, proxyProcess];
  const accessLogs = [accessLog, streamingLog, proxyLog];
  const doorLogs: Record<Door, string> = { 'api-gateway': accessLog, cloudfront: streamingLog, proxy: proxyLog };
  const readLog = async (files: string[]) => {
    const text = (await Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => '')))).join('\n');
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AliasLogEntry);
  };

  return {
    dir,
    profile,
    caFile: pki.caFile,
    alias,
    streamingAlias,
    proxyAlias,
    aliases: { 'api-gateway': alias, cloudfront: streamingAlias, proxy: proxyAlias },
    registry,
    distribution,
    blobHost,
    api,
    password,
    blobBytesServed: blobs.bytes,
    blobRequestsWithCredentials: blobs.withCredentials,
    ecrAnswers: () => front?.applied() ?? {},
    frontRequests: () => front?.requests() ?? [],
    aliasProcess,
    distributionPid: registryProcess.pid,
    aliasTls,
    issueTls: (name, ips) => pki.issue(name, ips),
    startAlias: async (args, env = {}, options = {}) => {
      const log = join(dir, `alias-access-${extraAliases.length + 1}.log`);
      accessLogs.push(log);
      const tls = options.tls ?? aliasTls;
      const listen = options.listen ?? HOSTS.alias;
      const started = await startServe(['--listen', `${listen}:${options.port ?? 0}`, '--registry', registry, '--tls-cert', tls.certFile, '--tls-key', tls.keyFile, '--access-log', log, ...args], {
        NODE_EXTRA_CA_CERTS: pki.caFile,
        ...env,
      });
      extraAliases.push(started);
      return { ...started, host: started.url.replace('https://', ''), log: () => readLog([log]) };
    },
    aliasOutput: async () => {
      const printed = [aliasProcess, ...extraAliases].map((p) => p.stdout() + p.stderr()).join('\n');
      const logged = (await Promise.all(accessLogs.map((file) => readFile(file, 'utf8').catch(() => '')))).join('\n');
      return `${printed}\n${logged}`;
    },
    aliasLog: (door) => readLog(door === undefined ? accessLogs : [doorLogs[door]]),
    stop: async () => {
      for (const extra of extraAliases) await extra.stop();
      await aliasProcess.stop();
      await api.close();
      await front?.stop();
      await registryProcess.stop();
      blobs.server.closeAllConnections();
      await new Promise((resolve) => blobs.server.close(resolve));
    },
  };
}
