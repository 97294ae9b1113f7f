/** `ecr-custom-domain`: argv in, exit code out; the bin wires it to the process. */
import { resolve } from 'node:path';
import { createAlias } from '../../function/src/alias.ts';
import { type AliasConfig, type BasicAuthSource, publicConfig, publicRepositories, readConfig } from '../core/config.ts';
import { ConfigError, UsageError } from '../core/errors.ts';
import { parseRegistry } from '../core/registry-host.ts';
import { parseRepositoryTag, parseTagTtl } from '../core/repository-tag.ts';
import { doctor } from '../doctor/doctor.ts';
import { type BlobCache, openBlobCache } from './cache/http.ts';
import { type HeadContentLength, type LambdaHandler, LIMITS, startApiGatewayServer } from './doors/api-gateway.ts';
import { CLOUDFRONT_LIMITS, loadViewerResponse, startCloudFrontServer } from './doors/cloudfront.ts';
import { PROXY_LIMITS, startProxyServer } from './doors/proxy.ts';
import { appendLines, batchedLines } from './lines.ts';
import { type AccessLogEntry, readTls, type RunningServer, SERVER_LIMITS, type ServerOptions } from './listener.ts';
import { createMetrics } from './metrics.ts';
import { parseFlags, parseSize, versionOrHelp } from '../core/cli.ts';

/** Files serve runs that ship with the executable. */
export interface PackagedFiles {
  /** The compiled CloudFront Function the streaming door runs on every answer. */
  viewerResponsePath: string;
  /** import() of a bundle file (--handler). */
  importFile: (path: string) => Promise<unknown>;
}

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborted on SIGINT/SIGTERM: serve shuts down and run() resolves. */
  shutdown: AbortSignal;
  /** The compiled CloudFront Function and how to import a bundle; asked for by serve only. */
  packaged: () => PackagedFiles;
  version: string;
}

export const USAGE = `usage: ecr-custom-domain serve [--listen HOST:PORT] [--registry HOST[:PORT]]
                         [--tls-cert FILE --tls-key FILE] [--front-door api-gateway|cloudfront|proxy]
                         [--handler FILE] [--timeout SECONDS] [--head-content-length keep|drop|zero]
                         [--error-cache-seconds N] [--keep-alive-seconds N]
                         [--access-log FILE] [--cache-dir DIR [--cache-max-bytes SIZE]] [--drain-seconds N]
                         [--connections-per-source N]
                         [--access public [--repositories LIST] [--repository-tag KEY=VALUE
                          [--repository-tag-ttl SECONDS]] [--auth none|basic --basic-auth-file FILE
                          | --basic-auth-ssm-parameter NAME | --basic-auth-secret-id ID]]
       ecr-custom-domain doctor https://DOMAIN [--ca-file FILE] [--json] [--image REPOSITORY[:TAG]]
       ecr-custom-domain version
       ecr-custom-domain [serve] --help

serve behaves like one of the module's front doors, on a local HTTP(S) server.
  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080)
  --registry HOST[:PORT] upstream registry (default: $ECR_REGISTRY)
  --tls-cert FILE        PEM certificate; with --tls-key, serve HTTPS
  --tls-key FILE         PEM private key
  --front-door DOOR      api-gateway (default): API Gateway HTTP API running the alias function (built
                         into serve), which redirects, forwards or challenges each request (10 MB limit);
                         cloudfront: CloudFront in front of the registry as AWS runs it, with the
                         module's CloudFront Function rewriting Location and Link onto this host;
                         bodies stream both ways (private access only);
                         proxy: serve itself in front of the registry, as the ecs door runs it behind a
                         load balancer: bodies stream both ways with no size limit, Location and Link
                         rewritten by the same rule, X-Forwarded-* not passed on
  --handler FILE         api-gateway: run this built Lambda bundle instead of the alias built into serve,
                         as Lambda would: it reads its configuration from serve's environment
                         (ECR_REGISTRY, ACCESS, PUBLIC_REPOSITORIES, PUBLIC_REPOSITORY_TAG, PUBLIC_AUTH,
                         BASIC_AUTH_*), so --registry, --access and the flags that go with it are refused
                         with it
  --timeout SECONDS      api-gateway: integration timeout, 1 to 30 (default 30, API Gateway's hard limit);
                         cloudfront: origin response timeout, 1 to 180 (default 60, the module's): from
                         the request's start to the registry's answer, the upload included (as users
                         report CloudFront times it; a slow upload past it gets CloudFront's 504 page),
                         then between the answer's bytes;
                         proxy: 1 to 3600 (default 300): the wait for the answer once the body is sent,
                         and the longest gap between bytes either way
  --error-cache-seconds N
                         cloudfront: CloudFront's error caching minimum TTL (default 0, the module's;
                         CloudFront's own is 10): answers 404, 405, 414 and 5xx to GET and HEAD are
                         kept per URL and given to any client for N seconds
  --keep-alive-seconds N how long a kept-alive client connection may stay idle (default 5); behind a
                         load balancer, longer than its idle timeout, or it answers 502 on reuse
  --head-content-length MODE
                         api-gateway: what the gateway does with the function's Content-Length on a
                         HEAD answer: keep (default), drop, or zero (the length of the body it returned)
  --access-log FILE      append one JSON line per request (method, path, status, body bytes in and out)
  --access MODE          private (default): clients bring their own ECR credentials;
                         public: read-only pulls of --repositories and of repositories carrying
                         --repository-tag, with this host's AWS credentials (SDK default chain;
                         AWS_ENDPOINT_URL_ECR is honoured; api-gateway and proxy doors: the alias
                         function runs in-process and answers every request), and GET / answers a
                         page listing them with their tags and pull commands
  --repositories LIST    public: comma-separated names or globs, e.g. 'app,team/*' (* = one path segment)
  --repository-tag KEY=VALUE
                         public: also serve every repository carrying this ECR resource tag, e.g.
                         public=true (read with ecr:DescribeRepositories and ecr:ListTagsForResource)
  --repository-tag-ttl SECONDS
                         public: a tag added or removed shows within this long, 1 to 3600 (default 60);
                         while requests come, the tags are read every 0.4 of it, one
                         ListTagsForResource call per repository not in --repositories
  --auth MODE            public: none (default, anonymous) or basic
  --basic-auth-file FILE public + basic: file holding username:password
  --basic-auth-ssm-parameter NAME
                         public + basic: instead, an SSM SecureString parameter holding username:password
  --basic-auth-secret-id ID
                         public + basic: instead, a Secrets Manager secret holding it
  --cache-dir DIR        keep layers on disk: a blob the registry redirects to storage is fetched once,
                         verified against its digest and served from DIR afterwards, still authorized
                         by the registry on every request (cloudfront and proxy doors, or --access public)
  --cache-max-bytes SIZE bytes the cache may hold, e.g. 500000000, 64G or 512M (default 10G);
                         least recently used layers go first
  --drain-seconds N      on SIGTERM or SIGINT: stop accepting, let requests in flight finish for up to N
                         seconds (default 25), then exit
  --connections-per-source N
                         connections one client address may hold open at once (default 256; 0 = no
                         limit, e.g. behind a load balancer whose few addresses carry every client)
Connections: TLS handshakes must finish within 10 s and a new connection must send its first
request's headers within 10 s, else it is closed; at most 4096 connections at once.
GET /healthz answers 200 while serve runs; GET /readyz answers 200 once the registry answers
(and, in public mode, a registry token is held), else 503, and 503 while draining; it says only
ok or unavailable (why is logged on stderr when it changes), runs one check at a time and answers
within 5 s.
GET /metrics answers in Prometheus text format.
`;

export type FrontDoor = 'api-gateway' | 'cloudfront' | 'proxy';

export interface ServeArgs {
  host: string;
  frontDoor: FrontDoor;
  headContentLength: HeadContentLength;
  port: number;
  registry: string;
  tlsCert?: string;
  tlsKey?: string;
  /** --handler: a built Lambda bundle to run instead of the alias built into serve. */
  handlerPath?: string;
  timeoutMs: number;
  /** cloudfront: CloudFront's error caching minimum TTL. */
  errorCacheSeconds?: number;
  keepAliveMs?: number;
  accessLog?: string;
  cache?: { dir: string; maxBytes: number };
  drainMs?: number;
  connectionsPerSource?: number;
  /** The alias's configuration: from the flags, or with --handler what the bundle reads from the environment. */
  alias: AliasConfig;
}

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new UsageError(`--listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; got ${JSON.stringify(value)}`);
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

/** What the alias's own flags configure; with --handler the bundle reads the same from the environment instead. */
const PUBLIC_FLAGS = ['repositories', 'repository-tag', 'repository-tag-ttl', 'auth', 'basic-auth-file', 'basic-auth-ssm-parameter', 'basic-auth-secret-id'];
const ALIAS_FLAGS = ['registry', 'access', ...PUBLIC_FLAGS];

/** serve's arguments checked, or 'help' when they ask for the usage. */
export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv): ServeArgs | 'help' {
  const { help, ...flags } = parseFlags({
      args,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        listen: { type: 'string' },
        registry: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        handler: { type: 'string' },
        timeout: { type: 'string' },
        'front-door': { type: 'string' },
        'head-content-length': { type: 'string' },
        'access-log': { type: 'string' },
        access: { type: 'string' },
        repositories: { type: 'string' },
        'repository-tag': { type: 'string' },
        'repository-tag-ttl': { type: 'string' },
        auth: { type: 'string' },
        'basic-auth-file': { type: 'string' },
        'cache-dir': { type: 'string' },
        'cache-max-bytes': { type: 'string' },
        'drain-seconds': { type: 'string' },
        'connections-per-source': { type: 'string' },
        'error-cache-seconds': { type: 'string' },
        'keep-alive-seconds': { type: 'string' },
        'basic-auth-ssm-parameter': { type: 'string' },
        'basic-auth-secret-id': { type: 'string' },
      },
    }).values;
  if (help === true) return 'help';
  const values: Record<string, string | undefined> = flags;
  const { host, port } = parseListen(values.listen ?? '127.0.0.1:8080');
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both for HTTPS, or neither for HTTP');
  }
  const frontDoor = values['front-door'] ?? 'api-gateway';
  if (frontDoor !== 'api-gateway' && frontDoor !== 'cloudfront' && frontDoor !== 'proxy') {
    throw new UsageError(`--front-door must be api-gateway, cloudfront or proxy; got ${JSON.stringify(frontDoor.slice(0, 50))}`);
  }
  if (frontDoor === 'cloudfront') {
    const lambdaOnly = ['handler', 'access', ...PUBLIC_FLAGS].find(
      (flag) => values[flag] !== undefined && !(flag === 'access' && values[flag] === 'private'),
    );
    if (lambdaOnly !== undefined) {
      throw new UsageError(`--${lambdaOnly} goes with --front-door api-gateway or proxy: the cloudfront door has no function, so it serves private access only (clients bring their own ECR credentials)`);
    }
  }
  if (frontDoor === 'proxy' && values.handler !== undefined) throw new UsageError('--handler goes with --front-door api-gateway: the proxy door runs the alias function built into serve');
  const aliasFlag = values.handler === undefined ? undefined : ALIAS_FLAGS.find((flag) => values[flag] !== undefined);
  if (aliasFlag !== undefined) {
    throw new UsageError(
      `--${aliasFlag} configures the alias built into serve: a bundle given with --handler reads its configuration from serve's environment, as in Lambda, so set ECR_REGISTRY, ACCESS, PUBLIC_REPOSITORIES, PUBLIC_REPOSITORY_TAG, PUBLIC_AUTH and BASIC_AUTH_* there instead`,
    );
  }
  let registry: string;
  try {
    registry = parseRegistry(values.registry ?? env.ECR_REGISTRY, values.handler !== undefined ? 'ECR_REGISTRY (which the --handler bundle reads)' : values.registry ? '--registry' : '--registry (or ECR_REGISTRY)');
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const headContentLength = values['head-content-length'] ?? 'keep';
  if (headContentLength !== 'keep' && headContentLength !== 'drop' && headContentLength !== 'zero') {
    throw new UsageError(`--head-content-length must be keep, drop or zero; got ${JSON.stringify(headContentLength.slice(0, 50))}`);
  }
  if (frontDoor !== 'api-gateway' && values['head-content-length'] !== undefined) {
    throw new UsageError('--head-content-length goes with --front-door api-gateway: it plays what API Gateway does with the function’s HEAD answers');
  }
  if (frontDoor !== 'cloudfront' && values['error-cache-seconds'] !== undefined) {
    throw new UsageError('--error-cache-seconds goes with --front-door cloudfront: it plays how long CloudFront keeps error answers');
  }
  const limits = { 'api-gateway': { max: LIMITS.timeoutMs / 1000, default: LIMITS.timeoutMs / 1000, why: "API Gateway's limit is 30" }, cloudfront: { max: 180, default: CLOUDFRONT_LIMITS.originTimeoutMs / 1000, why: "CloudFront's origin response timeout goes up to 180 with a quota increase" }, proxy: { max: 3600, default: PROXY_LIMITS.timeoutMs / 1000, why: 'an hour at most' } }[frontDoor];
  const timeout = values.timeout === undefined ? limits.default : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > limits.max) {
    throw new UsageError(`--timeout must be 1 to ${limits.max} seconds (${limits.why}); got ${JSON.stringify(values.timeout)}`);
  }
  const parsed: ServeArgs = { host, port, frontDoor, headContentLength, registry, timeoutMs: timeout * 1000, alias: values.handler === undefined ? aliasConfig(values, registry, env) : bundleConfig(env) };
  if (values['cache-max-bytes'] !== undefined && values['cache-dir'] === undefined) throw new UsageError('--cache-max-bytes goes with --cache-dir DIR');
  if (values['cache-dir'] !== undefined) {
    if (frontDoor === 'api-gateway' && parsed.alias.public === undefined) {
      throw new UsageError(
        '--cache-dir needs --front-door cloudfront or proxy, or --access public: with private access the api-gateway door sends blob requests to the registry, which only the client can follow with its own credentials',
      );
    }
    parsed.cache = { dir: resolve(values['cache-dir']), maxBytes: parseSize(values['cache-max-bytes'] ?? '10G', '--cache-max-bytes') };
  }
  const drain = Number(values['drain-seconds'] ?? 25);
  if (!Number.isInteger(drain) || drain < 0 || drain > 3600) throw new UsageError(`--drain-seconds must be a whole number of seconds, 0 to 3600; got ${JSON.stringify(values['drain-seconds'])}`);
  parsed.drainMs = drain * 1000;
  if (values['error-cache-seconds'] !== undefined) parsed.errorCacheSeconds = wholeNumber(values['error-cache-seconds'], '--error-cache-seconds', 0, 31_536_000);
  if (values['keep-alive-seconds'] !== undefined) parsed.keepAliveMs = wholeNumber(values['keep-alive-seconds'], '--keep-alive-seconds', 1, 4_100) * 1000;
  if (values['connections-per-source'] !== undefined) {
    const limit = Number(values['connections-per-source']);
    if (!Number.isInteger(limit) || limit < 0 || limit > SERVER_LIMITS.maxConnections) {
      throw new UsageError(`--connections-per-source must be a whole number, 0 (no limit) to ${SERVER_LIMITS.maxConnections}; got ${JSON.stringify(values['connections-per-source'].slice(0, 50))}`);
    }
    parsed.connectionsPerSource = limit;
  }
  if (values.handler !== undefined) parsed.handlerPath = values.handler;
  if (values['tls-cert'] !== undefined) parsed.tlsCert = values['tls-cert'];
  if (values['tls-key'] !== undefined) parsed.tlsKey = values['tls-key'];
  if (values['access-log'] !== undefined) parsed.accessLog = values['access-log'];
  return parsed;
}

function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} must be a whole number of seconds, ${min} to ${max}; got ${JSON.stringify(text.slice(0, 50))}`);
  return value;
}

/** The alias's configuration from serve's flags, checked once here. */
function aliasConfig(values: Record<string, string | undefined>, registry: string, env: NodeJS.ProcessEnv): AliasConfig {
  const access = values.access ?? 'private';
  if (access !== 'private' && access !== 'public') throw new UsageError(`--access must be private or public; got ${JSON.stringify(access)}`);
  const publicOnly = PUBLIC_FLAGS.filter((flag) => values[flag] !== undefined);
  if (access === 'private') {
    if (publicOnly.length > 0) throw new UsageError(`--${publicOnly[0]} goes with --access public`);
    return { registry };
  }
  const tagText = values['repository-tag'];
  if ((values.repositories === undefined || values.repositories.trim() === '') && tagText === undefined) {
    throw new UsageError("--access public needs --repositories, e.g. --repositories 'app,team/*', or --repository-tag, e.g. --repository-tag public=true");
  }
  if (values['repository-tag-ttl'] !== undefined && tagText === undefined) throw new UsageError('--repository-tag-ttl goes with --repository-tag');
  const auth = values.auth ?? 'none';
  if (auth !== 'none' && auth !== 'basic') {
    throw new UsageError(`--auth must be none or basic for serve (custom needs an API Gateway authorizer); got ${JSON.stringify(auth)}`);
  }
  const sources = (['basic-auth-file', 'basic-auth-ssm-parameter', 'basic-auth-secret-id'] as const).filter((flag) => values[flag] !== undefined);
  if ((auth === 'basic') !== (sources.length === 1)) {
    throw new UsageError('--auth basic goes with exactly one of --basic-auth-file FILE, --basic-auth-ssm-parameter NAME or --basic-auth-secret-id ID');
  }
  const basicFile = values['basic-auth-file'] === undefined ? undefined : resolve(values['basic-auth-file']);
  const ssm = values['basic-auth-ssm-parameter'];
  const secret = values['basic-auth-secret-id'];
  const source: BasicAuthSource | undefined = basicFile !== undefined ? { kind: 'file', path: basicFile } : ssm !== undefined ? { kind: 'ssm', name: ssm } : secret !== undefined ? { kind: 'secret', id: secret } : undefined;
  try {
    const repositories = publicRepositories(values.repositories ?? '', '--repositories');
    const settings = publicConfig(registry, repositories, auth, source, env);
    if (tagText === undefined) return { registry, public: settings };
    const ttl = values['repository-tag-ttl'];
    const tag = { repositoryTag: parseRepositoryTag(tagText, '--repository-tag'), ...(ttl !== undefined ? { repositoryTagTtlSeconds: parseTagTtl(ttl, '--repository-tag-ttl') } : {}) };
    return { registry, public: { ...settings, ...tag } };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** With --handler: the configuration the bundle will read from serve's environment, checked as its cold start would. */
function bundleConfig(env: NodeJS.ProcessEnv): AliasConfig {
  try {
    return readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--handler: ${error.message}`);
    throw error;
  }
}

/** The alias function as the api-gateway door runs it: the handler, and readiness and counters when it has them. */
interface LambdaModule {
  handler: LambdaHandler;
  ready?: () => Promise<{ ready: boolean; detail: string }>;
  stats?: () => { tokensFetched: number; tokenFetchesFailed: number; tags?: { scans: number; failedScans: number; tagged: number } };
}

/** A built bundle (--handler), which reads its configuration from this process's environment at import, as in Lambda. */
async function loadBundle(path: string, importFile: PackagedFiles['importFile']): Promise<LambdaModule> {
  const module = (await importFile(resolve(path))) as Partial<LambdaModule>;
  if (typeof module.handler !== 'function') throw new Error(`${path} exports no handler function`);
  return { handler: module.handler, ...(typeof module.ready === 'function' ? { ready: module.ready } : {}), ...(typeof module.stats === 'function' ? { stats: module.stats } : {}) };
}

/** The door, its metrics and its layer cache; closing it drains the door, then closes the cache. */
async function startDoor(options: ServeArgs, io: CliIo, common: ServerOptions, functionLog: (line: string) => void): Promise<RunningServer> {
  // The alias function answers at the api-gateway door, and at the proxy door with public access.
  const runsFunction = options.frontDoor === 'api-gateway' || (options.frontDoor === 'proxy' && options.alias.public !== undefined);
  let lambda: LambdaModule | undefined;
  if (runsFunction) lambda = options.handlerPath === undefined ? createAlias(options.alias, { log: functionLog }) : await loadBundle(options.handlerPath, io.packaged().importFile);
  let blobs: BlobCache | undefined;
  const metrics = createMetrics({
    door: options.frontDoor,
    ...(options.cache ? { cache: () => blobs?.stats() ?? { entries: 0, bytes: 0 } } : {}),
    ...(lambda?.stats ? { tokens: lambda.stats } : {}),
  });
  if (options.cache) blobs = await openBlobCache({ dir: options.cache.dir, maxBytes: options.cache.maxBytes, onEvent: (event) => metrics.cache(event) });
  const shared: ServerOptions = {
    ...common,
    metrics,
    ...(blobs ? { cache: { blobs, registry: options.registry } } : {}),
    ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
    ...(options.keepAliveMs !== undefined ? { keepAliveMs: options.keepAliveMs } : {}),
  };
  let server: RunningServer;
  if (lambda !== undefined) {
    // Public access only pulls (manifests of at most 4 MiB, blobs redirected): the function keeps its 30 s deadline.
    const timeoutMs = options.frontDoor === 'proxy' ? LIMITS.timeoutMs : options.timeoutMs;
    server = await startApiGatewayServer({ ...shared, handler: lambda.handler, timeoutMs, headContentLength: options.headContentLength, ...(lambda.ready ? { ready: lambda.ready } : {}) });
  } else if (options.frontDoor === 'proxy') {
    server = await startProxyServer({ ...shared, registry: options.registry, timeoutMs: options.timeoutMs });
  } else {
    const viewerResponse = await loadViewerResponse(io.packaged().viewerResponsePath, options.registry);
    server = await startCloudFrontServer({
      ...shared,
      registry: options.registry,
      viewerResponse,
      originTimeoutMs: options.timeoutMs,
      ...(options.errorCacheSeconds !== undefined ? { errorCacheSeconds: options.errorCacheSeconds } : {}),
    });
  }
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await blobs?.close();
    },
  };
}

/** What public access serves, for the start line: `app,team/*`, `repositories tagged public=true`, or both. */
function publicScope(settings: NonNullable<AliasConfig['public']>): string {
  const tag = settings.repositoryTag && `repositories tagged ${settings.repositoryTag.key}=${settings.repositoryTag.value}`;
  return [settings.repositories.join(','), tag].filter((part) => part !== undefined && part !== '').join(' and ');
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(args, io.env);
  if (options === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const tls = options.tlsCert && options.tlsKey ? await readTls(options.tlsCert, options.tlsKey) : undefined;
  const notice = (line: string) => io.stderr.write(`serve: ${line}\n`);
  const accessLog = options.accessLog === undefined ? undefined : appendLines(options.accessLog, notice);
  // The function's one line per request goes to stdout, as Lambda's does to its log.
  const functionLines = batchedLines((text) => io.stdout.write(text));
  const server = await startDoor(options, io, {
    host: options.host,
    port: options.port,
    ...(tls ? { tls } : {}),
    ...(options.connectionsPerSource !== undefined ? { connectionsPerSource: options.connectionsPerSource } : {}),
    notice,
    ...(accessLog ? { accessLog: (entry: AccessLogEntry) => accessLog.line(JSON.stringify(entry)) } : {}),
  }, functionLines.line);
  const access = options.alias.public ? `public pulls of ${publicScope(options.alias.public)} (auth ${options.alias.public.auth})` : 'private';
  const cache = options.cache ? `, layer cache in ${options.cache.dir} (up to ${options.cache.maxBytes} bytes)` : '';
  const mode = `${access}, ${options.frontDoor} door${cache}`;
  io.stderr.write(`serve: listening on ${server.url}, alias for https://${options.registry}, ${mode}\n`);
  await new Promise<void>((resolve) => {
    if (io.shutdown.aborted) resolve();
    io.shutdown.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write(`serve: draining: no new connections, up to ${(options.drainMs ?? 0) / 1000} s for requests in flight\n`);
  await server.close();
  functionLines.flush();
  accessLog?.close();
  io.stderr.write('serve: stopped\n');
  return 0;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'doctor':
        return await doctor(rest, io);
      default: {
        const answered = versionOrHelp(command, io.stdout, io.version, USAGE);
        if (answered !== undefined) return answered;
        throw new UsageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`ecr-custom-domain: ${error.message}\n${USAGE}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`ecr-custom-domain: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
