/** `ecr-custom-domain`: argv in, exit code out; the bin wires it to the process. */
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, parseRegistry } from '../../function/src/config.ts';
import { isRepositoryPattern } from '../../function/src/registry-path.ts';
import { LIMITS } from './api-gateway.ts';
import { type AccessLogEntry, type LambdaHandler, readTls, startServer } from './serve.ts';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborted on SIGINT/SIGTERM: serve shuts down and run() resolves. */
  shutdown: AbortSignal;
  /** Default Lambda bundle that serve runs. */
  defaultHandlerPath: string;
  version: string;
}

export const USAGE = `usage: ecr-custom-domain serve [--listen HOST:PORT] [--registry HOST[:PORT]]
                         [--tls-cert FILE --tls-key FILE] [--handler FILE] [--timeout SECONDS]
                         [--access-log FILE]
                         [--access public --repositories LIST [--auth none|basic --basic-auth-file FILE]]
       ecr-custom-domain version

serve runs the alias Lambda bundle behind a local server that behaves like API Gateway HTTP API.
  --listen HOST:PORT     address to listen on (default 127.0.0.1:8080)
  --registry HOST[:PORT] upstream registry (default: $ECR_REGISTRY)
  --tls-cert FILE        PEM certificate; with --tls-key, serve HTTPS
  --tls-key FILE         PEM private key
  --handler FILE         Lambda bundle to run (default: the built function/dist/index.js)
  --timeout SECONDS      integration timeout, 1 to 30 (default 30, API Gateway's hard limit)
  --access-log FILE      append one JSON line per request (method, path, status, body bytes in and out)
  --access MODE          private (default): clients bring their own ECR credentials;
                         public: read-only pulls of --repositories with this host's AWS credentials
                         (SDK default chain; AWS_ENDPOINT_URL_ECR is honoured)
  --repositories LIST    public: comma-separated names or globs, e.g. 'app,team/*' (* = one path segment)
  --auth MODE            public: none (default, anonymous) or basic
  --basic-auth-file FILE public + basic: file holding username:password
GET /healthz answers 200 while serve runs; GET /readyz answers 200 once the registry answers
(and, in public mode, a registry token is held), else 503.
`;

export class UsageError extends Error {}

export interface ServeArgs {
  host: string;
  port: number;
  registry: string;
  tlsCert?: string;
  tlsKey?: string;
  handlerPath: string;
  timeoutMs: number;
  accessLog?: string;
  /** Environment the bundle reads at init, as the Terraform module would set it. */
  functionEnv: Record<string, string>;
}

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    throw new UsageError(`--listen must be HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080; got ${JSON.stringify(value)}`);
  }
  return { host: match[1] ?? match[2] ?? '', port };
}

export function parseServeArgs(args: string[], env: NodeJS.ProcessEnv, defaultHandlerPath: string): ServeArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        registry: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        handler: { type: 'string' },
        timeout: { type: 'string' },
        'access-log': { type: 'string' },
        access: { type: 'string' },
        repositories: { type: 'string' },
        auth: { type: 'string' },
        'basic-auth-file': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  const { host, port } = parseListen(values.listen ?? '127.0.0.1:8080');
  let registry: string;
  try {
    registry = parseRegistry(values.registry ?? env.ECR_REGISTRY, values.registry ? '--registry' : '--registry (or ECR_REGISTRY)');
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together: give both for HTTPS, or neither for HTTP');
  }
  const timeout = values.timeout === undefined ? LIMITS.timeoutMs / 1000 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout < 1 || timeout > 30) {
    throw new UsageError(`--timeout must be 1 to 30 seconds (API Gateway's limit is 30); got ${JSON.stringify(values.timeout)}`);
  }
  const parsed: ServeArgs = { host, port, registry, handlerPath: values.handler ?? defaultHandlerPath, timeoutMs: timeout * 1000, functionEnv: functionEnv(values, registry) };
  if (values['tls-cert'] !== undefined) parsed.tlsCert = values['tls-cert'];
  if (values['tls-key'] !== undefined) parsed.tlsKey = values['tls-key'];
  if (values['access-log'] !== undefined) parsed.accessLog = values['access-log'];
  return parsed;
}

function functionEnv(values: Record<string, string | undefined>, registry: string): Record<string, string> {
  const access = values.access ?? 'private';
  if (access !== 'private' && access !== 'public') throw new UsageError(`--access must be private or public; got ${JSON.stringify(access)}`);
  const publicOnly = ['repositories', 'auth', 'basic-auth-file'].filter((flag) => values[flag] !== undefined);
  if (access === 'private') {
    if (publicOnly.length > 0) throw new UsageError(`--${publicOnly[0]} goes with --access public`);
    return { ECR_REGISTRY: registry, ACCESS: 'private' };
  }
  if (values.repositories === undefined || values.repositories.trim() === '') {
    throw new UsageError("--access public needs --repositories, e.g. --repositories 'app,team/*'");
  }
  const bad = values.repositories.split(',').map((r) => r.trim()).find((r) => r !== '' && !isRepositoryPattern(r));
  if (bad !== undefined) {
    throw new UsageError(`--repositories has ${JSON.stringify(bad.slice(0, 100))}: use lower-case repository names, with * for one path segment or ** for any number`);
  }
  const auth = values.auth ?? 'none';
  if (auth !== 'none' && auth !== 'basic') {
    throw new UsageError(`--auth must be none or basic for serve (custom needs an API Gateway authorizer); got ${JSON.stringify(auth)}`);
  }
  if ((auth === 'basic') !== (values['basic-auth-file'] !== undefined)) {
    throw new UsageError('--auth basic and --basic-auth-file FILE go together');
  }
  const env: Record<string, string> = { ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: values.repositories, PUBLIC_AUTH: auth };
  if (values['basic-auth-file'] !== undefined) env.BASIC_AUTH_FILE = resolve(values['basic-auth-file']);
  return env;
}

interface LambdaModule {
  handler: LambdaHandler;
  ready?: () => Promise<{ ready: boolean; detail: string }>;
}

async function loadFunction(path: string, env: NodeJS.ProcessEnv, functionEnv: Record<string, string>): Promise<LambdaModule> {
  // The bundle reads its configuration from the environment at init, as in Lambda.
  Object.assign(env, functionEnv);
  // The SDK's Node-version notice is noise in a local server (Lambda runs a supported Node).
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const module = (await import(pathToFileURL(path).href)) as Partial<LambdaModule>;
  if (typeof module.handler !== 'function') throw new Error(`${path} exports no handler function`);
  return { handler: module.handler, ...(typeof module.ready === 'function' ? { ready: module.ready } : {}) };
}

async function serve(args: string[], io: CliIo): Promise<number> {
  const options = parseServeArgs(args, io.env, io.defaultHandlerPath);
  const tls = options.tlsCert && options.tlsKey ? await readTls(options.tlsCert, options.tlsKey) : undefined;
  const { handler, ready } = await loadFunction(options.handlerPath, io.env, options.functionEnv);
  const accessLog = options.accessLog === undefined ? undefined : createWriteStream(options.accessLog, { flags: 'a' });
  const server = await startServer({
    host: options.host,
    port: options.port,
    handler,
    timeoutMs: options.timeoutMs,
    ...(tls ? { tls } : {}),
    ...(ready ? { ready } : {}),
    ...(accessLog ? { accessLog: (entry: AccessLogEntry) => accessLog.write(`${JSON.stringify(entry)}\n`) } : {}),
  });
  const mode = options.functionEnv.ACCESS === 'public' ? `public pulls of ${options.functionEnv.PUBLIC_REPOSITORIES} (auth ${options.functionEnv.PUBLIC_AUTH})` : 'private';
  io.stderr.write(`serve: listening on ${server.url}, alias for https://${options.registry}, ${mode}\n`);
  await new Promise<void>((resolve) => {
    if (io.shutdown.aborted) resolve();
    io.shutdown.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  await new Promise((resolve) => (accessLog ? accessLog.end(resolve) : resolve(undefined)));
  io.stderr.write('serve: stopped\n');
  return 0;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest, io);
      case 'version':
      case '--version':
        io.stdout.write(`${io.version}\n`);
        return 0;
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
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
