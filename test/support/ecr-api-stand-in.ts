/**
 * A stand-in for the ECR control plane on loopback, over AWS JSON 1.1 as the real SDK sends it through
 * AWS_ENDPOINT_URL_ECR: GetAuthorizationToken (a token for a configurable password, so a stand-in registry
 * can accept it as Basic `AWS:<password>`), and DescribeRepositories / ListTagsForResource over repositories
 * and resource tags the test sets. It records every call, and answers each operation (or one repository's
 * tags) in a mode the test picks: ok, an error, throttled, or stalled.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921.';
const JSON_11 = 'application/x-amz-json-1.1';
const OPERATIONS = ['GetAuthorizationToken', 'DescribeRepositories', 'ListTagsForResource'] as const;
export type StandInOperation = (typeof OPERATIONS)[number];

/**
 * ok: the answer; server-error: 500 (the SDK retries); throttle: 400 ThrottlingException (the SDK retries);
 * access-denied: 400 (no retry); stall: reads the request and never answers.
 */
export type StandInMode = 'ok' | 'server-error' | 'throttle' | 'access-denied' | 'stall';

export interface StandInCall {
  operation: StandInOperation;
  /** ListTagsForResource: the repository asked about. */
  repository?: string;
  /** From the SigV4 credential scope. */
  region: string;
  accessKeyId: string;
  /** The mode the call was answered in. */
  mode: StandInMode;
  at: number;
}

export interface TokenOptions {
  /** The registry password; the token is base64("AWS:" + password). */
  password?: string;
  /** Token lifetime from the moment of the call (default 12 h, as ECR). */
  expiresInMs?: number;
  /** proxyEndpoint in the answer (default https://123456789012.dkr.ecr.<region>.amazonaws.com). */
  proxyEndpoint?: string;
}

export interface StandInOptions extends TokenOptions {
  /** Loopback address to listen on (default 127.0.0.4); the port is chosen by the OS. */
  host?: string;
  mode?: StandInMode;
  /** Delay before each answer, to widen races in tests. */
  delayMs?: number;
}

export interface EcrApiStandIn {
  /** Put this in AWS_ENDPOINT_URL_ECR. */
  url: string;
  calls: StandInCall[];
  /** The mode of every operation, or of one (which then no longer follows the global mode). */
  setMode(mode: StandInMode, operation?: StandInOperation): void;
  /** ListTagsForResource of one repository answers in this mode (undefined: as the operation). */
  setTagsMode(repository: string, mode: StandInMode | undefined): void;
  /** Creates the repository (if new) with these tags added: ECR's CreateRepository / TagResource. */
  tag(repository: string, tags?: Record<string, string>): void;
  /** Removes these tag keys from the repository: ECR's UntagResource. */
  untag(repository: string, keys: readonly string[]): void;
  deleteRepository(repository: string): void;
  setToken(token: TokenOptions): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_11, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'stand-in' });
  res.end(text);
}

function error(res: ServerResponse, status: number, type: string, message: string): void {
  reply(res, status, { __type: type, message });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEcrApiStandIn(options: StandInOptions = {}): Promise<EcrApiStandIn> {
  let mode: StandInMode = options.mode ?? 'ok';
  let token: Required<Omit<TokenOptions, 'proxyEndpoint'>> & { proxyEndpoint?: string } = {
    password: options.password ?? 'stand-in-password',
    expiresInMs: options.expiresInMs ?? 12 * 3600_000,
    ...(options.proxyEndpoint ? { proxyEndpoint: options.proxyEndpoint } : {}),
  };
  let delayMs = options.delayMs ?? 0;
  const calls: StandInCall[] = [];

  const operationModes = new Map<StandInOperation, StandInMode>();
  const tagsModes = new Map<string, StandInMode>();
  // Repository name → its tags, in creation order (DescribeRepositories lists them so).
  const repositories = new Map<string, Map<string, string>>();
  const account = '123456789012';
  const arnOf = (region: string, name: string) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

  /** The operation's answer in `ok` mode: status and body. */
  function answer(operation: StandInOperation, input: Record<string, unknown>, region: string): [number, unknown] {
    if (operation === 'GetAuthorizationToken') {
      return [
        200,
        {
          authorizationData: [
            {
              authorizationToken: Buffer.from(`AWS:${token.password}`).toString('base64'),
              expiresAt: (Date.now() + token.expiresInMs) / 1000,
              proxyEndpoint: token.proxyEndpoint ?? `https://${account}.dkr.ecr.${region}.amazonaws.com`,
            },
          ],
        },
      ];
    }
    if (operation === 'DescribeRepositories') {
      const names = [...repositories.keys()];
      const start = typeof input.nextToken === 'string' ? Number(input.nextToken) : 0;
      const size = typeof input.maxResults === 'number' ? input.maxResults : 100;
      if (!Number.isInteger(start) || start < 0 || size < 1 || size > 1000) return [400, { __type: 'InvalidParameterException', message: 'bad nextToken or maxResults' }];
      const page = names.slice(start, start + size);
      const repositoryList = page.map((name) => ({ repositoryName: name, repositoryArn: arnOf(region, name), registryId: account, repositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`, createdAt: 1_700_000_000, imageTagMutability: 'MUTABLE' }));
      return [200, { repositories: repositoryList, ...(start + size < names.length ? { nextToken: String(start + size) } : {}) }];
    }
    const arn = typeof input.resourceArn === 'string' ? input.resourceArn : '';
    const name = /^arn:aws:ecr:[a-z0-9-]+:\d{12}:repository\/(.+)$/.exec(arn)?.[1];
    const tags = name === undefined ? undefined : repositories.get(name);
    if (tags === undefined) return [400, { __type: 'RepositoryNotFoundException', message: `The repository with name '${name ?? arn}' does not exist in the registry with id '${account}'` }];
    return [200, { tags: [...tags].map(([Key, Value]) => ({ Key, Value })) }];
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return error(res, 404, 'UnknownOperationException', 'expected POST /');
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = OPERATIONS.find((name) => target === TARGET_PREFIX + name);
    if (operation === undefined) return error(res, 400, 'UnknownOperationException', `unknown target ${target}`);
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) return error(res, 400, 'SerializationException', `content-type must be ${JSON_11}`);
    const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/ecr\/aws4_request,/.exec(String(req.headers.authorization ?? ''));
    if (!scope) return error(res, 400, 'MissingAuthenticationTokenException', 'missing or malformed SigV4 Authorization for service ecr');
    let input: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body || '{}');
      input = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      return error(res, 400, 'SerializationException', 'body is not JSON');
    }
    const region = scope[2] ?? '';
    const repository = operation === 'ListTagsForResource' && typeof input.resourceArn === 'string' ? input.resourceArn.replace(/^.*?:repository\//, '') : undefined;
    const answered = (repository !== undefined ? tagsModes.get(repository) : undefined) ?? operationModes.get(operation) ?? mode;
    calls.push({ operation, ...(repository !== undefined ? { repository } : {}), accessKeyId: scope[1] ?? '', region, mode: answered, at: Date.now() });
    if (answered === 'stall') return;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answered === 'server-error') return error(res, 500, 'ServerException', 'stand-in server error');
    if (answered === 'throttle') return error(res, 400, 'ThrottlingException', 'Rate exceeded');
    if (answered === 'access-denied') return error(res, 400, 'AccessDeniedException', `stand-in denies ecr:${operation}`);
    const [status, result] = answer(operation, input, region);
    reply(res, status, result);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.4', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    calls,
    setMode: (next, operation) => {
      if (operation === undefined) {
        mode = next;
        operationModes.clear();
      } else operationModes.set(operation, next);
    },
    setTagsMode: (repository, next) => {
      if (next === undefined) tagsModes.delete(repository);
      else tagsModes.set(repository, next);
    },
    tag: (repository, tags = {}) => {
      const held = repositories.get(repository) ?? new Map<string, string>();
      for (const [key, value] of Object.entries(tags)) held.set(key, value);
      repositories.set(repository, held);
    },
    untag: (repository, keys) => {
      for (const key of keys) repositories.get(repository)?.delete(key);
    },
    deleteRepository: (repository) => {
      repositories.delete(repository);
    },
    setToken: (next) => {
      token = { ...token, ...next };
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
