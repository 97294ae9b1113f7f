/** `docker-credential-ecr-custom`: argv and stdin in, protocol answer on stdout, exit code out. */
import { readSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.ts';
import { TOKEN_CALL_LIMITS, type TokenSource } from './aws.ts';
import { credentialHelper, describeError, NOT_FOUND, NotFoundError } from './index.ts';
import { init } from './init.ts';
import { GET_DEADLINE_MS, LOCK_TIMEOUT_MS } from './tokens.ts';
import { versionOrHelp } from '../core/cli.ts';

const NAME = 'docker-credential-ecr-custom';

export interface Writer {
  write(text: string): unknown;
}

export interface HelperIo {
  env: NodeJS.ProcessEnv;
  stdin: { isTTY: boolean; read(): Promise<string> };
  stdout: Writer;
  stderr: Writer;
  now: () => number;
  /** Defaults to ECR through the AWS SDK, loaded only when a token must be fetched. */
  tokenSource?: () => TokenSource;
  /** Asks a question on the terminal (init); absent when stdin is not a TTY. */
  prompt?: (question: string) => Promise<string>;
  version: string;
}

const INIT_FLAGS = `[--alias HOST --registry HOST [--region REGION] [--profile NAME]]
            [--docker] [--podman] [--kubelet FILE]`;

export const USAGE = `usage: ${NAME} get|list|store|erase|version   (docker credential helper protocol)
       ${NAME} kubelet                       (kubelet image credential provider)
       ${NAME} init ${INIT_FLAGS}

Maps alias hosts to Amazon ECR registries and answers with ECR tokens (user AWS).
Config: $AWS_ECR_CUSTOM_CONFIG or ~/.ecr/custom.json, e.g.
  {"ecr.example.com": "123456789012.dkr.ecr.us-east-1.amazonaws.com",
   "ecr.example.org": {"registry": "210987654321.dkr.ecr.eu-west-1.amazonaws.com", "profile": "prod"}}
init adds one mapping; --docker and --podman add the alias and its registry to credHelpers in
$DOCKER_CONFIG/config.json (else ~/.docker/config.json) and $REGISTRY_AUTH_FILE (else
$XDG_RUNTIME_DIR/containers/auth.json, else ~/.config/containers/auth.json); --kubelet FILE adds
this helper to a kubelet CredentialProviderConfig (JSON). A second run changes nothing.
Tokens are cached in ~/.ecr/custom-cache ($AWS_ECR_CUSTOM_CACHE_DIR); AWS_ECR_CUSTOM_DISABLE_CACHE=1 bypasses it.
A get ends within ${GET_DEADLINE_MS / 1000} s: at most ${LOCK_TIMEOUT_MS / 1000} s waiting for a parallel get of the same token, then
${TOKEN_CALL_LIMITS.deadlineMs / 1000} s for ECR's answer (retries included); past that it fails with one line.
`;

/** `ACTION --help`: what the action reads and prints; `--help` alone adds the config file and the token cache. */
export const ACTION_USAGE: Readonly<Record<string, string>> = {
  get: `usage: ${NAME} get   (the server URL on stdin)
  prints {"ServerURL","Username","Secret"} with an ECR token for the alias host in the URL (host, host:443 or
  https://host/...); for a host with no mapping prints "${NOT_FOUND}" and exits 1.
`,
  list: `usage: ${NAME} list
  prints {"ALIAS": "AWS", ...}: every alias host in the config, each with the user name ECR expects.
`,
  store: `usage: ${NAME} store   (credentials JSON on stdin)
  reads and ignores them: ECR tokens come from AWS, so docker login has nothing to keep.
`,
  erase: `usage: ${NAME} erase   (the server URL on stdin)
  reads and ignores it: nothing is stored, so docker logout has nothing to remove.
`,
  version: `usage: ${NAME} version
  prints the helper's name and version.
`,
  kubelet: `usage: ${NAME} kubelet   (a CredentialProviderRequest on stdin)
  the kubelet's image credential provider (credentialprovider.kubelet.k8s.io v1, v1beta1, v1alpha1): prints a
  CredentialProviderResponse with a token for the image's alias host, for the kubelet to cache until the helper
  would refresh it; empty auth for a host with no mapping. Set up by ${NAME} init --kubelet FILE.
`,
  init: `usage: ${NAME} init ${INIT_FLAGS}
  adds one alias -> registry mapping to the config, asking on a terminal for what the flags leave out;
  --docker and --podman add the alias and its registry to their credHelpers; --kubelet FILE adds this
  helper to a kubelet CredentialProviderConfig (JSON). A second run changes nothing.
`,
};

function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

export async function run(argv: string[], io: HelperIo): Promise<number> {
  const [action, ...rest] = argv;
  const actionUsage = action === undefined ? undefined : ACTION_USAGE[action];
  if (actionUsage !== undefined && wantsHelp(rest)) {
    io.stdout.write(actionUsage);
    return 0;
  }
  const helper = credentialHelper({ env: io.env, now: io.now, tokenSource: io.tokenSource, warn: (message) => io.stderr.write(`${NAME}: ${message}\n`) });
  const fail = (stdoutLine: string | undefined, detail: string) => {
    if (stdoutLine !== undefined) io.stdout.write(`${stdoutLine}\n`);
    io.stderr.write(`${NAME}: ${detail}\n`);
    return 1;
  };

  if (action === 'kubelet') {
    try {
      const response = await helper.kubelet(await io.stdin.read());
      io.stdout.write(`${JSON.stringify(response)}\n`);
      return 0;
    } catch (error) {
      // The kubelet logs the plugin's stderr; stdout stays empty so nothing is mistaken for a response.
      return fail(undefined, describeError(error));
    }
  }

  if (action === 'init') {
    try {
      const result = await init(rest, helper.configFile, { stdout: io.stdout, ...(io.stdin.isTTY && io.prompt ? { prompt: io.prompt } : {}) }, io.env);
      for (const line of result.lines) io.stdout.write(`${line}\n`);
      return 0;
    } catch (error) {
      if (error instanceof UsageError) return fail(undefined, `${error.message}\n${ACTION_USAGE.init}`);
      return fail(undefined, describeError(error));
    }
  }

  try {
    switch (action) {
      case 'get': {
        const credentials = await helper.get((await io.stdin.read()).trim().split('\n')[0] ?? '');
        io.stdout.write(`${JSON.stringify(credentials)}\n`);
        return 0;
      }
      case 'list':
        io.stdout.write(`${JSON.stringify(helper.list())}\n`);
        return 0;
      case 'store':
      case 'erase':
        // ECR tokens come from AWS, so `docker login`/`logout` have nothing to keep; read stdin so the client's write succeeds.
        if (!io.stdin.isTTY) await io.stdin.read();
        return 0;
      default:
        return versionOrHelp(action, io.stdout, `${NAME} ${io.version}`, USAGE) ?? fail(action === undefined ? 'no action given' : `unknown action: ${action}`, `wrong usage\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof NotFoundError) return fail(NOT_FOUND, error.message);
    const message = describeError(error);
    return fail(message, message);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

/**
 * Reads fd 0 with blocking reads: creating process.stdin costs ~3 ms, a tenth of a cached `get`.
 * A non-blocking pipe (EAGAIN) falls back to the stream for the rest.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        chunks.push(await readAll(process.stdin));
        break;
      }
      if (code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes fd 1 or 2 directly, for the same reason; falls back to the stream on a full non-blocking pipe. */
function fdWriter(fd: 1 | 2): Writer {
  return {
    write(text: string) {
      let rest = Buffer.from(text, 'utf8');
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(fd, rest));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
          return (fd === 1 ? process.stdout : process.stderr).write(rest);
        }
      }
      return true;
    },
  };
}

/** The real process's io. Stdout carries only the protocol answer, so library console output goes to stderr. */
export function nodeIo(version: string): HelperIo {
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;
  return {
    env: process.env,
    stdin: {
      // A getter: process.stdin is only created by the commands that ask (store, erase, init).
      get isTTY() {
        return Boolean(process.stdin.isTTY);
      },
      read: readStdin,
    },
    stdout: fdWriter(1),
    stderr: fdWriter(2),
    now: Date.now,
    version,
    prompt: async (question: string) => {
      const { createInterface } = await import('node:readline/promises');
      const terminal = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await terminal.question(question);
      } finally {
        terminal.close();
      }
    },
  };
}
