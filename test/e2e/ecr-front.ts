/**
 * An HTTPS front that makes docker-registry answer as Amazon ECR does, where the difference has
 * broken clients elsewhere (sources in FACTS.md, section ECR). It is the registry as clients and
 * aliases see it; bodies stream through both ways, never held whole.
 *
 * - upload PATCH: 201 instead of 202 (dotnet/sdk-container-builds PR 279);
 * - no `Docker-Upload-UUID` on any answer (distribution PR 2927);
 * - no `Location` on a manifest PUT answer (swift-container-plugin PR 27);
 * - `GET /v2/_catalog?n=N` with N > 1000: 400 UNSUPPORTED, ECR's maxResults limit (go-containerregistry 1091);
 * - everything else as docker-registry answers it: HEAD manifest Content-Length and
 *   Docker-Content-Digest, blob 307s to the blob host, absolute or relative upload Locations.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request, type Server } from 'node:https';
import { pipeline } from 'node:stream';

export interface EcrFront {
  /** host:port of the front: the registry's name for clients and aliases. */
  host: string;
  /** How often each ECR answer was applied, by name. */
  applied(): Record<string, number>;
  /** Every request's path, and which headers about a client hop it carried (X-Forwarded-*, Forwarded, X-Real-IP). */
  requests(): FrontRequest[];
  stop(): Promise<void>;
}

export interface FrontRequest {
  path: string;
  /** Lower-case names of the client-hop headers it carried; empty when none. */
  forwarded: string[];
}

/** What a proxy or load balancer says about the client it stands for: a door behind one must not pass these on. */
const CLIENT_HOP = new Set(['forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-forwarded-host', 'x-real-ip']);

/** A header list as Node's rawHeaders has it: name, value, name, value. */
type RawHeaders = string[];

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const CATALOG_LIMIT = 1000;
const UPLOAD = /^\/v2\/.+\/blobs\/uploads\/[^/]+$/;
const MANIFEST = /^\/v2\/.+\/manifests\/[^/]+$/;

/** Drops hop-by-hop headers (and those the Connection header names) and any in `drop`. */
function endToEnd(raw: RawHeaders, drop: string[] = []): RawHeaders {
  const named = new Set(drop);
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'connection') for (const token of (raw[i + 1] ?? '').split(',')) named.add(token.trim().toLowerCase());
  }
  const kept: RawHeaders = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    if (!HOP_BY_HOP.has(lower) && !named.has(lower)) kept.push(name, raw[i + 1] ?? '');
  }
  return kept;
}

/** ECR's refusal of a request docker-registry would answer, or undefined. */
export function ecrRefusal(method: string, target: string): { status: number; body: string } | undefined {
  const url = new URL(target, 'https://front.invalid');
  const n = url.searchParams.get('n');
  if ((method === 'GET' || method === 'HEAD') && url.pathname === '/v2/_catalog' && n !== null && Number(n) > CATALOG_LIMIT) {
    const message = `Invalid parameter at 'maxResults' failed to satisfy constraint: 'Member must have value less than or equal to ${CATALOG_LIMIT}'`;
    return { status: 400, body: JSON.stringify({ errors: [{ code: 'UNSUPPORTED', message }] }) };
  }
  return undefined;
}

/** docker-registry's answer as ECR gives it: the status, the headers, and the names of the changes made. */
export function ecrAnswer(method: string, path: string, status: number, headers: RawHeaders): { status: number; headers: RawHeaders; applied: string[] } {
  const applied: string[] = [];
  const drop = ['docker-upload-uuid'];
  if (headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'docker-upload-uuid')) applied.push('no Docker-Upload-UUID');
  if (method === 'PUT' && MANIFEST.test(path) && status === 201) {
    drop.push('location');
    applied.push('manifest PUT without Location');
  }
  let answered = status;
  if (method === 'PATCH' && UPLOAD.test(path) && status === 202) {
    answered = 201;
    applied.push('upload PATCH 201');
  }
  const kept: RawHeaders = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!drop.includes((headers[i] ?? '').toLowerCase())) kept.push(headers[i] ?? '', headers[i + 1] ?? '');
  }
  return { status: answered, headers: kept, applied };
}

/** Starts the front on `listen` (an IP), port `port`, in front of docker-registry at `upstream` (host:port over TLS). */
export async function startEcrFront(options: { listen: string; port: number; tls: { cert: Buffer; key: Buffer }; upstream: string; ca: Buffer }): Promise<EcrFront> {
  const upstream = new URL(`https://${options.upstream}`);
  const agent = new Agent({ keepAlive: true, ca: options.ca });
  const counts: Record<string, number> = {};
  const seen: FrontRequest[] = [];
  const count = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1;
  };

  const fail = (res: ServerResponse, status: number, code: string, message: string) => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ code, message }] }));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const path = target.split('?')[0] ?? '/';
    seen.push({ path, forwarded: req.rawHeaders.filter((h, i) => i % 2 === 0 && CLIENT_HOP.has(h.toLowerCase())).map((h) => h.toLowerCase()) });
    const refusal = ecrRefusal(method, target);
    if (refusal) {
      count('catalog n > 1000 refused');
      req.resume();
      res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(refusal.body) });
      return void res.end(method === 'HEAD' ? undefined : refusal.body);
    }
    // docker-registry gets its own Host; everything else the client sent, minus hop-by-hop headers.
    const headers = [...endToEnd(req.rawHeaders, ['host', 'expect']), 'Host', upstream.host];
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method, path: target, headers, agent }, (answer) => {
      const shaped = ecrAnswer(method, path, answer.statusCode ?? 502, endToEnd(answer.rawHeaders));
      for (const name of shaped.applied) count(name);
      res.sendDate = false;
      res.writeHead(shaped.status, answer.statusMessage, shaped.headers);
      pipeline(answer, res, () => undefined);
    });
    forwarded.on('error', (error) => fail(res, 502, 'UNAVAILABLE', `ecr front: docker-registry unreachable: ${error.message}`));
    res.on('close', () => {
      if (!res.writableFinished) forwarded.destroy();
    });
    pipeline(req, forwarded, () => undefined);
  };

  const server: Server = createServer({ cert: options.tls.cert, key: options.tls.key }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.listen, resolve);
  });
  return {
    host: `${options.listen}:${options.port}`,
    applied: () => ({ ...counts }),
    requests: () => [...seen],
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}
