/**
 * A stand-in for the ECR control plane on loopback: GetAuthorizationToken over AWS JSON 1.1, as the
 * real SDK sends it through AWS_ENDPOINT_URL_ECR. It counts calls and hands out a token for a
 * configurable password, so a stand-in registry can accept it as Basic `AWS:<password>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TARGET = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken';
const JSON_11 = 'application/x-amz-json-1.1';

/** ok: a token; server-error: 500 (the SDK retries); access-denied: 400 (no retry); stall: reads the request and never answers. */
export type StandInMode = 'ok' | 'server-error' | 'access-denied' | 'stall';

export interface StandInCall {
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
  setMode(mode: StandInMode): void;
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

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return error(res, 404, 'UnknownOperationException', 'expected POST /');
    }
    if (req.headers['x-amz-target'] !== TARGET) return error(res, 400, 'UnknownOperationException', `unknown target ${req.headers['x-amz-target']}`);
    if (!String(req.headers['content-type'] ?? '').startsWith(JSON_11)) return error(res, 400, 'SerializationException', `content-type must be ${JSON_11}`);
    const scope = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/ecr\/aws4_request,/.exec(String(req.headers.authorization ?? ''));
    if (!scope) return error(res, 400, 'MissingAuthenticationTokenException', 'missing or malformed SigV4 Authorization for service ecr');
    try {
      JSON.parse(body || '{}');
    } catch {
      return error(res, 400, 'SerializationException', 'body is not JSON');
    }
    const region = scope[2] ?? '';
    const answered = mode;
    calls.push({ accessKeyId: scope[1] ?? '', region, mode: answered, at: Date.now() });
    if (answered === 'stall') return;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (answered === 'server-error') return error(res, 500, 'ServerException', 'stand-in server error');
    if (answered === 'access-denied') return error(res, 400, 'AccessDeniedException', 'stand-in denies ecr:GetAuthorizationToken');
    reply(res, 200, {
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${token.password}`).toString('base64'),
          expiresAt: (Date.now() + token.expiresInMs) / 1000,
          proxyEndpoint: token.proxyEndpoint ?? `https://123456789012.dkr.ecr.${region}.amazonaws.com`,
        },
      ],
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.4', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    calls,
    setMode: (next) => {
      mode = next;
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
