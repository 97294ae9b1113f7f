/**
 * `ecr-custom-domain doctor https://DOMAIN`: asks the domain what each kind of client would ask and
 * reports, one line per check, who can pull and push through it. Reads nothing bigger than a
 * manifest; the only thing it changes is an upload session it opens and cancels on the registry,
 * and with --push-probe one blob it uploads and references nowhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { constants as os } from 'node:os';
import { delimiter, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { UsageError } from '../core/errors.ts';
import { redact } from '../core/redact.ts';
import { ecrRegion } from '../core/registry-host.ts';
import { isRepositoryName, isTag } from '../core/registry-path.ts';
import { configPath, credentialHelper, describeError, dockerConfigPath, NotFoundError, podmanAuthPath, type TokenSource } from '../credential-helper/index.ts';
import {
  type Answer,
  type Blob,
  type Check,
  classifyPing,
  type Door,
  expectBlobGet,
  expectBlobHead,
  expectClassicDocker,
  expectContainerdChallenge,
  expectCredHelper,
  expectHelperMapping,
  expectManifestHead,
  expectPublicUpload,
  expectTagLink,
  expectUploadSession,
  fail,
  httpsHost,
  initCommand,
  type Mapping,
  mayReceiveCredentials,
  MODULE_ORIGIN_TIMEOUT_S,
  normalHost,
  doorLimit,
  expectPushProbe,
  probeSession,
  type PushProbe,
  pass,
  type Problem,
  said,
  shown,
  skip,
  withCancel,
} from './checks.ts';
import { type HttpRequest, type Network, NetworkError, nodeNetwork } from './network.ts';
import { parseFlags, parseSize } from '../core/cli.ts';

export interface DoctorIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  version: string;
  now?: () => number;
  /** Defaults to node:dns, node:tls and node:http(s) with the given extra CA certificates. */
  network?: (options: { ca?: string[]; timeoutMs: number }) => Network;
  /** Defaults to ECR through the AWS SDK, as the credential helper's `get`. */
  tokenSource?: () => TokenSource;
  /** Aborted on SIGINT/SIGTERM (the reason names the signal): doctor stops at once. */
  shutdown?: AbortSignal;
}

export const DOCTOR_USAGE = `usage: ecr-custom-domain doctor https://DOMAIN [--ca-file FILE] [--json] [--image REPOSITORY[:TAG]]
         [--push-probe SIZE --repository NAME [--largest-layer SIZE] [--door-timeout SECONDS]]
  checks DNS, TLS and what the domain answers each kind of client, pulls at most a manifest, opens
  and cancels one upload session, and checks the credential helper and docker/podman configuration.
  --ca-file FILE          also trust this PEM CA (a private CA, or serve's test certificates)
  --json                  print one JSON document instead of lines
  --image REPO[:TAG]      the image to check (tag default latest); default: the first in the catalog
  --push-probe SIZE       also push one blob of SIZE bytes (e.g. 50M, 1G, 100Mi) to --repository as
                          containerd's pusher sends a layer (one PUT), and report its throughput against
                          the door's limit; the blob stays unreferenced: no manifest, no tag
  --repository NAME       the repository to push the probe to (one these credentials may push to)
  --largest-layer SIZE    fail when a layer this big would not finish within the door's timeout
  --door-timeout SECONDS  the door's timeout, 1 to 180: cloudfront's origin response timeout (default
                          ${MODULE_ORIGIN_TIMEOUT_S}, the module's cloudfront.origin_read_timeout), api-gateway's 30
exit 0: no problem found; 1: a check failed; 2: bad usage, or the domain is unreachable or not a registry;
130 / 143: stopped by SIGINT / SIGTERM
`;

const TIMEOUT_MS = 10_000;
const STATUS_MARK = { pass: '✓', fail: '✗', skip: '–' } as const;
const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/** The classic docker engine, containerd, and Docker 29 with the containerd image store, as they name themselves. */
export const USER_AGENTS = {
  docker: 'docker/20.10.24 go/go1.19.8 git-commit/5d6db84 kernel/6.1.0 os/linux arch/amd64 UpstreamClient(Docker-Client/20.10.24 \\(linux\\))',
  containerd: 'containerd/1.6.20',
  docker29: 'docker/29.0.0 go/go1.25.4 git-commit/d105562 kernel/6.8.0 os/linux arch/amd64 containerd-client/2.1.5+unknown storage-driver/overlayfs UpstreamClient(Docker-Client/29.0.0 \\(linux\\))',
} as const;
/** An unauthenticated probe needs a repository; the answer does not depend on it existing. */
const PROBE_REPOSITORY = 'ecr-custom-domain-doctor';

/** A failure that ends the run: the domain cannot be reached, or is not a registry. */
class Unreachable extends Error {
  constructor(readonly found: Problem) {
    super(found.problem);
  }
}

export interface Target {
  /** `https://host[:port]`, the base of every request. */
  origin: string;
  /** `host[:port]` as docker names the registry (no `:443`). */
  host: string;
  hostname: string;
  port: number;
  tls: boolean;
}

export function parseTarget(value: string): Target {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${JSON.stringify(value.slice(0, 100))} is not a URL: give https://DOMAIN, e.g. https://ecr.example.com`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UsageError(`give the domain as https://DOMAIN[:PORT], without path, query or user; got ${JSON.stringify(value.slice(0, 100))}`);
  }
  const tls = url.protocol === 'https:';
  return { origin: `${url.protocol}//${url.host}`, host: normalHost(url.host), hostname: url.hostname, port: Number(url.port || (tls ? 443 : 80)), tls };
}

interface Options {
  target: Target;
  caFile?: string;
  json: boolean;
  image?: { repository: string; tag: string };
  pushProbe?: PushProbeOptions;
}

interface PushProbeOptions {
  size: number;
  repository: string;
  largestLayer?: number;
  doorTimeoutS?: number;
}

/** A probe bigger than this is not a probe: ECR's own layer limit is about 52 GB. */
const MAX_PROBE_BYTES = 10e9;
/** How long the probe's PUT may outlast the door's timeout, for the door's own answer to arrive; without a door, its cap. */
const PROBE_MARGIN_MS = 15_000;
const PROBE_CAP_MS = 600_000;

function parseOptions(args: string[]): Options {
  const { values, positionals } = parseFlags({
    args,
    allowPositionals: true,
    options: {
      'ca-file': { type: 'string' },
      json: { type: 'boolean' },
      image: { type: 'string' },
      'push-probe': { type: 'string' },
      repository: { type: 'string' },
      'largest-layer': { type: 'string' },
      'door-timeout': { type: 'string' },
    },
  });
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError(positionals.length === 0 ? 'doctor needs the domain: https://DOMAIN' : 'doctor checks one domain at a time');
  const options: Options = { target: parseTarget(positionals[0]), json: values.json === true };
  if (values['ca-file'] !== undefined) options.caFile = values['ca-file'];
  if (values.image !== undefined) {
    // A repository name has no colon: the first one starts the tag.
    const [repository = '', tag, ...rest] = values.image.split(':');
    if (!isRepositoryName(repository) || (tag !== undefined && !isTag(tag)) || rest.length > 0) {
      throw new UsageError(`--image must be REPOSITORY[:TAG] as on the domain, e.g. team/app:v1; got ${JSON.stringify(values.image.slice(0, 100))}`);
    }
    options.image = { repository, tag: tag ?? 'latest' };
  }
  const probeOnly = (['repository', 'largest-layer', 'door-timeout'] as const).find((flag) => values[flag] !== undefined);
  if (values['push-probe'] === undefined) {
    if (probeOnly !== undefined) throw new UsageError(`--${probeOnly} goes with --push-probe SIZE`);
    return options;
  }
  const size = parseSize(values['push-probe'], '--push-probe');
  if (size < 1 || size > MAX_PROBE_BYTES) throw new UsageError(`--push-probe must be 1 byte to 10G; got ${JSON.stringify(values['push-probe'].slice(0, 50))}`);
  const repository = values.repository;
  if (repository === undefined) throw new UsageError('--push-probe needs --repository NAME, a repository these credentials may push to');
  if (!isRepositoryName(repository)) throw new UsageError(`--repository must be a repository name as on the domain, e.g. team/app; got ${JSON.stringify(repository.slice(0, 100))}`);
  options.pushProbe = { size, repository };
  if (values['largest-layer'] !== undefined) options.pushProbe.largestLayer = parseSize(values['largest-layer'], '--largest-layer');
  if (values['door-timeout'] !== undefined) {
    const timeout = Number(values['door-timeout']);
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 180) throw new UsageError(`--door-timeout must be a whole number of seconds, 1 to 180; got ${JSON.stringify(values['door-timeout'].slice(0, 50))}`);
    options.pushProbe.doorTimeoutS = timeout;
  }
  return options;
}

/** The probe's bytes: a random block repeated, so every run's digest is new and the registry cannot skip it as present. */
async function probeBlob(size: number): Promise<{ digest: string; chunks: () => Generator<Buffer>; sent: () => number }> {
  const block = randomBytes(64 * 1024);
  let sent = 0;
  function* chunks(): Generator<Buffer> {
    for (let left = size; left > 0; left -= block.length) {
      const chunk = left >= block.length ? block : block.subarray(0, left);
      sent += chunk.length;
      yield chunk;
    }
  }
  // A streaming pass before the upload: the digest goes into the PUT's URL, and SIZE is never held whole.
  const hash = createHash('sha256');
  for (const chunk of chunks()) {
    hash.update(chunk);
    // Hashing gigabytes takes seconds: let a signal through now and then.
    if (sent % (64 * 1024 * 1024) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sent = 0;
  return { digest: `sha256:${hash.digest('hex')}`, chunks, sent: () => sent };
}

/** Extra CA certificates on top of the ones Node trusts (its bundle and NODE_EXTRA_CA_CERTS). */
function trust(caFile: string | undefined, env: NodeJS.ProcessEnv): string[] | undefined {
  if (caFile === undefined) return undefined;
  let pem: string;
  try {
    pem = readFileSync(caFile, 'utf8');
  } catch (error) {
    throw new UsageError(`--ca-file ${caFile}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--ca-file ${caFile}: no PEM certificate in it`);
  const extra = env.NODE_EXTRA_CA_CERTS ? readOptional(env.NODE_EXTRA_CA_CERTS) : undefined;
  return [...rootCertificates, ...(extra === undefined ? [] : [extra]), pem];
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** What a connection failure means for the user, and what to do about it. */
export function unreachable(target: Target, error: NetworkError, what: string): Problem {
  const where = `${target.hostname}:${target.port}`;
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' || error.code === 'ENODATA') {
    return { problem: `${target.hostname} does not resolve (${error.code})`, fix: 'create the DNS record for the domain (the module does with create_dns_records) or check the name' };
  }
  if (error.code === 'ECONNREFUSED') return { problem: `nothing listens on ${where} (connection refused)`, fix: 'check the domain and port, and that the door is deployed (or serve is running)' };
  if (error.code === 'ETIMEDOUT') return { problem: `${what} on ${where}: ${error.message}`, fix: 'check the address, firewalls and that the door is deployed' };
  if (/CERT|SELF_SIGNED|UNABLE_TO|ALTNAME|HOSTNAME|ISSUER/.test(error.code)) {
    return {
      problem: `the TLS certificate of ${where} is not valid for ${target.hostname} (${error.code})`,
      fix: 'serve a certificate for the domain from a trusted CA (the module’s ACM certificate), or pass --ca-file for a private CA',
    };
  }
  if (error.code === 'EPROTO' || error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /SSL|TLS/.test(error.code)) {
    return { problem: `${where} does not speak TLS (${error.code})`, fix: 'use the HTTPS port, or http:// for a plain-HTTP serve' };
  }
  return { problem: `${what} on ${where} failed: ${error.code} ${error.message}`.trim(), fix: 'check the address and that the door is deployed' };
}

interface Credentials {
  /** The Authorization header value; never printed. */
  authorization?: string;
  check: Check;
  mapping: Mapping;
  fixCommand: string;
}

function onPath(env: NodeJS.ProcessEnv, name: string): boolean {
  return (env.PATH ?? '').split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

interface Manifest {
  config?: Blob;
  layers: Blob[];
  /** For an index: the platform manifest to read layers from. */
  child?: string;
}

function blobOf(value: unknown): Blob | undefined {
  const { digest, size } = (value ?? {}) as { digest?: unknown; size?: unknown };
  return typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest) && typeof size === 'number' ? { digest, size } : undefined;
}

/** The config and layers of an image manifest, or for an index the linux/amd64 (else first) manifest. */
export function readManifest(body: Buffer): Manifest | undefined {
  let raw: { config?: unknown; layers?: unknown; manifests?: unknown };
  try {
    raw = JSON.parse(body.toString('utf8')) as typeof raw;
  } catch {
    return undefined;
  }
  if (Array.isArray(raw.manifests)) {
    const entries = raw.manifests as { digest?: unknown; platform?: { os?: unknown; architecture?: unknown } }[];
    const images = entries.filter((m) => m.platform?.os !== 'unknown');
    const pick = images.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64') ?? images[0];
    return typeof pick?.digest === 'string' ? { layers: [], child: pick.digest } : undefined;
  }
  const layers = Array.isArray(raw.layers) ? raw.layers.map(blobOf).filter((b): b is Blob => b !== undefined) : [];
  const config = blobOf(raw.config);
  return config === undefined ? { layers } : { config, layers };
}

export async function doctor(args: string[], io: DoctorIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(DOCTOR_USAGE);
    return 0;
  }
  let options: Options;
  let network: Network;
  try {
    options = parseOptions(args);
    network = (io.network ?? nodeNetwork)({ ...(options.caFile === undefined ? {} : { ca: trust(options.caFile, io.env) }), timeoutMs: TIMEOUT_MS });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ecr-custom-domain doctor: ${error.message}\n${DOCTOR_USAGE}`);
      return 2;
    }
    throw error;
  }
  const { target } = options;
  // Values that must never reach the output, in any encoding a registry echoes them back in.
  const secrets: string[] = [];
  const scrub = (text: string) => redact(text, secrets);
  const checks: Check[] = [];
  // Lines wait until the door is known: a domain that cannot be reached or is not a registry gets one line, on stderr.
  let printed = 0;
  let stopped = false;
  const print = () => {
    if (options.json || stopped) return;
    for (const check of checks.slice(printed)) io.stdout.write(scrub(`${STATUS_MARK[check.status]} ${check.name}: ${check.detail}${check.fix ? ` — ${check.fix}` : ''}\n`));
    printed = checks.length;
  };
  const report = (check: Check) => {
    checks.push(check);
    if (check.name === 'ping' || printed > 0) print();
  };
  let door: Door | undefined;
  let image: string | undefined;
  const document = (extra: Record<string, unknown>) => scrub(`${JSON.stringify({ domain: target.origin, ...doorFields(door), ...(image ? { image } : {}), ...extra, checks }, null, 2)}\n`);

  try {
    const examined = examine(options, io, network, report, secrets, (chosen) => {
      image = chosen;
    });
    const signal = await Promise.race([examined, interruption(io.shutdown)]);
    if (typeof signal === 'string') {
      // Whatever is still in flight is abandoned: the bin ends the process once a signal has been handled.
      stopped = true;
      examined.catch(() => undefined);
      const found = { problem: `stopped by ${signal} before every check ran`, fix: 'run doctor again and let it finish' };
      if (options.json) io.stdout.write(document({ ok: false, error: found }));
      io.stderr.write(scrub(`ecr-custom-domain doctor: ${target.origin}: ${found.problem} — ${found.fix}\n`));
      return 128 + (os.signals[signal as NodeJS.Signals] ?? os.signals.SIGINT);
    }
    door = signal;
  } catch (error) {
    const found = error instanceof Unreachable ? error.found : error instanceof NetworkError ? unreachable(target, error, 'a request') : undefined;
    if (found === undefined) throw error;
    if (options.json) io.stdout.write(document({ ok: false, error: found }));
    io.stderr.write(scrub(`ecr-custom-domain doctor: ${target.origin}: ${found.problem} — ${found.fix}\n`));
    return 2;
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (options.json) {
    io.stdout.write(document({ ok: failed === 0 }));
  } else {
    const count = (status: Check['status']) => checks.filter((c) => c.status === status).length;
    io.stdout.write(`${door ? describeDoor(door) : target.origin}: ${count('pass')} passed, ${failed} failed, ${count('skip')} skipped\n`);
  }
  return failed === 0 ? 0 : 1;
}

/** Resolves with the signal's name once `shutdown` is aborted; never, without one. */
function interruption(shutdown: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    if (shutdown === undefined) return;
    const name = () => resolve(typeof shutdown.reason === 'string' && shutdown.reason in os.signals ? shutdown.reason : 'SIGINT');
    if (shutdown.aborted) name();
    else shutdown.addEventListener('abort', name, { once: true });
  });
}

function doorFields(door: Door | undefined): Record<string, string> {
  if (door === undefined) return {};
  if (door.kind === 'public') return { door: 'api-gateway', access: 'public', auth: door.auth };
  if (door.kind === 'registry') return { door: 'registry', access: 'private' };
  return { door: door.kind, access: 'private', registry: door.registry };
}

function describeDoor(door: Door): string {
  if (door.kind === 'public') return `api-gateway door, public access (${door.auth === 'none' ? 'anonymous' : 'with credentials'})`;
  if (door.kind === 'registry') return 'a registry answering for itself';
  return `${door.kind} door, private access, in front of ${door.registry}`;
}

/** Runs every check in order, reporting each as it completes; returns the door found. */
async function examine(options: Options, io: DoctorIo, network: Network, report: (check: Check) => void, secrets: string[], chose: (image: string) => void): Promise<Door> {
  const { target } = options;
  const domain = target.host;
  const url = (path: string) => `${target.origin}${path}`;
  const neutral = `ecr-custom-domain-doctor/${io.version}`;
  // Known once the helper has answered; until then credentials may go to the domain only.
  let mapping: Mapping = undefined;
  const send = async (method: HttpRequest['method'], where: string, headers: Record<string, string> = {}, upload: Pick<HttpRequest, 'body' | 'timeoutMs'> = {}) => {
    const to = where.startsWith('/') ? url(where) : where;
    if (headers.authorization !== undefined && !mayReceiveCredentials(to, target.origin, mapping)) {
      throw new NetworkError('ENOCREDENTIALS', `${shown(to)} is neither the domain nor the registry the helper maps it to: no credentials sent there`);
    }
    return network.send({ method, url: to, headers: { 'user-agent': neutral, ...headers }, ...upload });
  };

  // 1. DNS
  let addresses: string[];
  try {
    addresses = await network.lookup(target.hostname);
  } catch (error) {
    throw new Unreachable(unreachable(target, error as NetworkError, 'DNS lookup'));
  }
  const literal = isIP(target.hostname.replace(/^\[|\]$/g, '')) !== 0;
  report(pass('dns', literal ? `${target.hostname} is an IP address: nothing to resolve` : `${target.hostname} resolves to ${addresses.slice(0, 4).join(', ')}${addresses.length > 4 ? ', …' : ''}`));

  // 2. TLS
  if (target.tls) {
    let certificate;
    try {
      certificate = await network.handshake(target.hostname, target.port);
    } catch (error) {
      throw new Unreachable(unreachable(target, error as NetworkError, 'TLS handshake'));
    }
    const until = new Date(certificate.validTo);
    const date = Number.isNaN(until.getTime()) ? certificate.validTo : until.toISOString().slice(0, 10);
    report(pass('tls', `certificate valid for ${target.hostname} until ${date} (issuer ${certificate.issuer || 'unnamed'}${options.caFile ? `, trusted through ${options.caFile}` : ''})`));
  } else {
    report(skip('tls', 'plain HTTP: docker, containerd and podman refuse it unless the domain is listed as an insecure registry'));
  }

  // 3. Ping: which door answers
  let ping: Answer;
  try {
    ping = await send('GET', '/v2/');
  } catch (error) {
    throw new Unreachable(unreachable(target, error as NetworkError, 'GET /v2/'));
  }
  let classified = classifyPing(domain, ping);
  if ('needsUploadProbe' in classified) classified = classifyPing(domain, ping, await send('POST', `/v2/${PROBE_REPOSITORY}/blobs/uploads/`));
  if ('problem' in classified) throw new Unreachable(classified);
  if ('needsUploadProbe' in classified) throw new Unreachable({ problem: 'GET /v2/ answers a challenge doctor cannot place', fix: 'run doctor against a domain that fronts Amazon ECR' });
  const { door } = classified;
  report(classified.check);

  // Credentials, as the helper's `get` would answer them.
  const doorRegistry = 'registry' in door ? door.registry : undefined;
  const credentials = door.kind === 'public' ? undefined : await helperCredentials(domain, doorRegistry, io, secrets);
  mapping = credentials?.mapping;
  if (credentials) report(credentials.check);
  const auth: Record<string, string> = credentials?.authorization ? { authorization: credentials.authorization } : {};
  // Without credentials, the checks that need them fail with the credentials' fix; public access without a password needs none.
  const noCredentials = (name: string): Check | undefined => {
    if (door.kind === 'public') return door.auth === 'basic' ? skip(name, 'public access with credentials: doctor has no password to send; check with docker login and a pull') : undefined;
    if (credentials?.authorization) return undefined;
    return fail(name, `not checked: no credentials for ${domain} (see credentials)`, credentials?.check.fix ?? credentials?.fixCommand ?? '');
  };

  // The image: --image, or the first repository of the catalog and its first tag. tags/list?n=1 also feeds the paging check.
  let repository = options.image?.repository;
  let tag = options.image?.tag;
  let tags: Answer | undefined;
  let noImage = 'pass --image REPOSITORY[:TAG]';
  if (noCredentials('image') === undefined) {
    try {
      if (repository === undefined) {
        const catalog = await send('GET', '/v2/_catalog?n=10', auth);
        repository = catalog.status === 200 ? firstString(catalog.body, 'repositories', isRepositoryName) : undefined;
        if (repository === undefined) noImage = `GET /v2/_catalog?n=10 answered ${catalog.status === 200 ? 'no repository' : said(catalog)}: pass --image REPOSITORY[:TAG]`;
      }
      if (repository !== undefined) {
        tags = await send('GET', `/v2/${repository}/tags/list?n=1`, auth);
        if (tag === undefined) {
          tag = tags.status === 200 ? firstString(tags.body, 'tags', isTag) : undefined;
          if (tag === undefined) noImage = `GET /v2/${repository}/tags/list?n=1 answered ${tags.status === 200 ? 'no tag' : said(tags)}: pass --image REPOSITORY[:TAG]`;
        }
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      noImage = `finding an image failed (${error.code}): pass --image REPOSITORY[:TAG]`;
    }
  }
  if (repository !== undefined && tag !== undefined) chose(`${repository}:${tag}`);
  const probeRepository = repository ?? PROBE_REPOSITORY;
  const probeTag = tag ?? 'latest';

  // 4. The classic docker engine, no credentials
  const dockerPath = `/v2/${probeRepository}/tags/list?n=1`;
  report(
    door.kind === 'public' && door.auth === 'none'
      ? expectClassicDocker(door, dockerPath, ping)
      : await guarded('classic docker', async () => expectClassicDocker(door, dockerPath, await send('GET', dockerPath, { 'user-agent': USER_AGENTS.docker }))),
  );

  // 5. containerd and Docker >= 29's containerd store, no credentials
  report(
    await guarded('containerd challenge', async () => {
      if (door.kind === 'public' && door.auth === 'none') return expectContainerdChallenge(door, domain, []);
      const manifestPath = `/v2/${probeRepository}/manifests/${probeTag}`;
      const probes = [
        { client: 'containerd', agent: USER_AGENTS.containerd, method: 'HEAD' as const, path: manifestPath },
        { client: 'Docker 29 (containerd store)', agent: USER_AGENTS.docker29, method: 'HEAD' as const, path: manifestPath },
        { client: 'Docker 29 (containerd store)', agent: USER_AGENTS.docker29, method: 'GET' as const, path: '/v2/' },
      ];
      const answered = [];
      for (const { client, agent, method, path } of probes) answered.push({ client, request: `${method} ${path}`, answer: await send(method, path, { 'user-agent': agent }) });
      return expectContainerdChallenge(door, domain, answered);
    }),
  );

  // 6.–9. The image, with credentials
  const needs = (name: string): Check | undefined => noCredentials(name) ?? (repository === undefined || tag === undefined ? skip(name, `no image to check: ${noImage}`) : undefined);
  let manifest: Manifest | undefined;
  let noManifest = 'its manifest could not be read';
  const reference = `${repository}:${tag}`;
  const accept = { ...auth, accept: MANIFEST_TYPES };
  report(
    needs('manifest HEAD') ??
      (await guarded('manifest HEAD', async () => {
        const got = await send('GET', `/v2/${repository}/manifests/${tag}`, accept);
        const head = await send('HEAD', `/v2/${repository}/manifests/${tag}`, accept);
        if (got.status === 200) manifest = readManifest(got.body);
        else noManifest = `GET of its manifest answered ${said(got)}`;
        if (manifest?.child !== undefined) {
          const child = await send('GET', `/v2/${repository}/manifests/${manifest.child}`, accept);
          manifest = child.status === 200 ? readManifest(child.body) : undefined;
          if (child.status !== 200) noManifest = `GET of its platform manifest answered ${said(child)}`;
        }
        return expectManifestHead(reference, head, got);
      })),
  );
  const largest = manifest?.layers.reduce<Blob | undefined>((max, layer) => (max === undefined || layer.size > max.size ? layer : max), undefined);
  report(
    needs('blob HEAD') ??
      (largest === undefined
        ? skip('blob HEAD', `${reference}: ${manifest === undefined ? noManifest : 'its manifest lists no layer'}`)
        : await guarded('blob HEAD', async () => expectBlobHead(door, largest, await send('HEAD', `/v2/${repository}/blobs/${largest.digest}`, auth)))),
  );

  // 7. An upload session, opened and cancelled
  if (door.kind === 'public') {
    report(await guarded('upload', async () => expectPublicUpload(await send('POST', `/v2/${probeRepository}/blobs/uploads/`))));
  } else {
    report(
      needs('upload') ??
        (await guarded('upload', async () => {
          const { check, cancelUrl } = expectUploadSession(door, domain, repository ?? '', await send('POST', `/v2/${repository}/blobs/uploads/`, auth));
          if (cancelUrl === undefined) return check;
          // The door named that host without credentials; only the helper's config says where they may go.
          if (!mayReceiveCredentials(cancelUrl, target.origin, mapping)) return withCancel(check, new Error(`no DELETE: ${httpsHost(cancelUrl) ?? shown(cancelUrl)} is not the registry the helper maps ${domain} to, and gets no credentials`));
          return withCancel(check, await send('DELETE', cancelUrl, auth).catch((error: NetworkError) => new Error(error.code ?? 'request failed')));
        })),
    );
  }

  // 8. The config blob: a redirect to storage, not followed
  const config = manifest?.config;
  report(
    needs('blob GET') ??
      (config === undefined
        ? skip('blob GET', `${reference}: ${manifest === undefined ? noManifest : 'its manifest names no config blob'}`)
        : await guarded('blob GET', async () => expectBlobGet(door, domain, config, await send('GET', `/v2/${repository}/blobs/${config.digest}`, auth)))),
  );

  // 9. Tag paging stays on the domain
  report(needs('tag paging') ?? (tags === undefined ? skip('tag paging', `no tags/list answer: ${noImage}`) : expectTagLink(door, domain, repository ?? '', tags)));

  // 10. The push probe: one blob, as containerd's pusher sends a layer, against the door's limit
  const probe = options.pushProbe;
  if (probe !== undefined) {
    if (door.kind === 'public') report(skip('push-probe', 'public access is read-only: nothing to push'));
    else report(noCredentials('push-probe') ?? (await guarded('push-probe', () => pushProbe(door, probe, target.origin, send, auth, (to) => mayReceiveCredentials(to, target.origin, mapping)))));
  }

  // 11.–12. The client side: the helper's mapping, docker's and podman's configuration
  const configFile = configPath(io.env);
  report(expectHelperMapping(door, domain, configFile, credentials?.mapping, credentials?.fixCommand ?? ''));
  const helperOnPath = onPath(io.env, 'docker-credential-ecr-custom');
  for (const [kind, file] of [['docker', dockerConfigPath(io.env)], ['podman', podmanAuthPath(io.env)]] as const) {
    report(expectCredHelper(door, domain, { kind, file, text: readOptional(file), helperOnPath }));
  }
  return door;
}

type Send = (method: HttpRequest['method'], where: string, headers?: Record<string, string>, upload?: Pick<HttpRequest, 'body' | 'timeoutMs'>) => Promise<Answer>;

/** POST, then one PUT `?digest=` with Content-Length and the whole blob, as containerd's pusher sends a layer; `send` keeps credentials where they may go. */
async function pushProbe(door: Door, probe: PushProbeOptions, origin: string, send: Send, auth: Record<string, string>, mayReceive: (url: string) => boolean): Promise<Check> {
  const session = probeSession(origin, probe.repository, await send('POST', `/v2/${probe.repository}/blobs/uploads/`, auth), mayReceive);
  if ('check' in session) return session.check;
  const blob = await probeBlob(probe.size);
  const limit = doorLimit(door, session.via, probe.doorTimeoutS);
  const put = `${session.put.href}${session.put.search ? '&' : '?'}digest=${encodeURIComponent(blob.digest)}`;
  const started = performance.now();
  let outcome: PushProbe['outcome'];
  try {
    outcome = await send('PUT', put, { ...auth, 'content-type': 'application/octet-stream' }, {
      body: { length: probe.size, chunks: blob.chunks() },
      timeoutMs: limit === undefined ? PROBE_CAP_MS : limit.timeoutS * 1000 + PROBE_MARGIN_MS,
    });
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    outcome = { code: error.code, message: error.message };
  }
  const measured = { repository: probe.repository, size: probe.size, via: session.via, elapsedMs: performance.now() - started, sentBytes: blob.sent(), outcome };
  return expectPushProbe(door, measured, { ...(probe.doorTimeoutS === undefined ? {} : { doorTimeoutS: probe.doorTimeoutS }), ...(probe.largestLayer === undefined ? {} : { largestLayer: probe.largestLayer }) });
}

/** A check whose requests failed on the network is a failed check, not the end of the run. */
async function guarded(name: string, run: () => Promise<Check>): Promise<Check> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    return fail(name, `a request failed: ${error.code} ${error.message}`, 'check that the door and the registry are reachable from here');
  }
}

/** The first name of a catalog or tag list, if it is a valid one: it goes into a request path. */
function firstString(body: Buffer, key: string, grammar: (value: string) => boolean): string | undefined {
  try {
    const list = (JSON.parse(body.toString('utf8')) as Record<string, unknown>)[key];
    const first: unknown = Array.isArray(list) ? list[0] : undefined;
    return typeof first === 'string' && grammar(first) ? first : undefined;
  } catch {
    return undefined;
  }
}

/** The helper's mapping for the domain and, through the helper's own `get`, a token. */
async function helperCredentials(domain: string, doorRegistry: string | undefined, io: DoctorIo, secrets: string[]): Promise<Credentials> {
  const name = 'credentials';
  const notes: string[] = [];
  const helper = credentialHelper({ env: io.env, now: io.now ?? Date.now, tokenSource: io.tokenSource, warn: (message) => notes.push(message) });
  const { configFile } = helper;
  let mapping: Mapping;
  try {
    const target = helper.mapping(domain);
    mapping = target && { registry: target.registry, region: target.region, ...(target.profile ? { profile: target.profile } : {}) };
  } catch (error) {
    mapping = { error: describeError(error) };
  }
  const registry = mapping && 'registry' in mapping ? mapping.registry : doorRegistry;
  const fixCommand = initCommand(domain, doorRegistry ?? registry, (doorRegistry ?? registry) !== undefined && ecrRegion(doorRegistry ?? registry ?? '') === undefined);
  if (mapping === undefined) return { check: fail(name, `no mapping for ${domain} in ${configFile}`, fixCommand), mapping, fixCommand };
  if ('error' in mapping) return { check: fail(name, mapping.error, `fix ${configFile}`), mapping, fixCommand };
  try {
    const answer = await helper.get(domain);
    const basic = Buffer.from(`${answer.Username}:${answer.Secret}`).toString('base64');
    // redact() also covers their base64 forms: the Basic token among them.
    secrets.push(answer.Secret, `${answer.Username}:${answer.Secret}`);
    const noted = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return { authorization: `Basic ${basic}`, check: pass(name, `a token for ${mapping.registry} from the helper’s config, user ${answer.Username}${noted}`), mapping, fixCommand };
  } catch (error) {
    if (error instanceof NotFoundError) return { check: fail(name, error.message, fixCommand), mapping, fixCommand };
    return {
      check: fail(name, `no token for ${mapping.registry}: ${describeError(error)}`, 'check the AWS credentials and region the mapping uses (docker-credential-ecr-custom get fails the same way)'),
      mapping,
      fixCommand,
    };
  }
}

