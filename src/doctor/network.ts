/**
 * doctor's only ways out: a DNS lookup, a verified TLS handshake and single HTTP(S) requests that
 * never follow redirects, each with a deadline. Tests inject their own.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { connect, createSecureContext } from 'node:tls';
import type { Answer } from './checks.ts';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** The push probe's blob, sent with its Content-Length and read as the connection takes it; no other request has a body. */
  body?: { length: number; chunks: AsyncIterable<Buffer> | Iterable<Buffer> };
  /** This request's own deadline, for an upload that takes longer than reading a manifest. */
  timeoutMs?: number;
}

export interface Certificate {
  subject: string;
  issuer: string;
  validTo: string;
}

export interface Network {
  lookup(hostname: string): Promise<string[]>;
  /** A TLS handshake that verifies the chain and the name. */
  handshake(hostname: string, port: number): Promise<Certificate>;
  send(request: HttpRequest): Promise<Answer>;
}

/** A failure with a Node error code (ECONNREFUSED, ENOTFOUND, ERR_TLS_CERT_ALTNAME_INVALID, ETIMEDOUT…). */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Nothing doctor reads is bigger than a manifest (ECR's limit is 4 MiB). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

function networkError(error: unknown): NetworkError {
  if (error instanceof NetworkError) return error;
  const { code, message } = error as NodeJS.ErrnoException;
  return new NetworkError(code ?? 'ERROR', String(message ?? error).split('\n')[0] ?? '');
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** `servername` for SNI and name checks; Node refuses an IP address there and checks IPs against the SANs itself. */
function servername(hostname: string): { servername?: string } {
  return isIP(bare(hostname)) === 0 ? { servername: bare(hostname) } : {};
}

export function nodeNetwork(options: { ca?: string[]; timeoutMs: number }): Network {
  // One context for every connection: building one from Node's CA bundle takes ~150 ms.
  const trust = options.ca === undefined ? {} : { secureContext: createSecureContext({ ca: options.ca }) };
  return {
    async lookup(hostname) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new NetworkError('ETIMEDOUT', `no DNS answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
      });
      try {
        return (await Promise.race([dnsLookup(bare(hostname), { all: true }), deadline])).map((a) => a.address);
      } catch (error) {
        throw networkError(error);
      } finally {
        clearTimeout(timer);
      }
    },

    handshake(hostname, port) {
      return new Promise((resolve, reject) => {
        const socket = connect({ host: bare(hostname), port, ...servername(hostname), ...trust, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'] });
        const timer = setTimeout(() => socket.destroy(new NetworkError('ETIMEDOUT', `no TLS handshake within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          const cert = socket.getPeerCertificate();
          const name = (part: Record<string, unknown> | undefined) => String(part?.CN ?? part?.O ?? '');
          resolve({ subject: cert.subjectaltname ?? name(cert.subject as unknown as Record<string, unknown>), issuer: name(cert.issuer as unknown as Record<string, unknown>), validTo: cert.valid_to });
          socket.end();
        });
        socket.once('error', (error) => {
          clearTimeout(timer);
          reject(networkError(error));
        });
      });
    },

    send({ method, url, headers, body, timeoutMs = options.timeoutMs }) {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      const request = isHttps ? httpsRequest : httpRequest;
      const length = body?.length ?? (method === 'POST' || method === 'PUT' ? 0 : undefined);
      return new Promise((resolve, reject) => {
        let settled = false;
        const fail = (error: unknown) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          reject(networkError(error));
        };
        const req = request(
          {
            method,
            host: bare(target.hostname),
            port: target.port || (isHttps ? 443 : 80),
            path: `${target.pathname}${target.search}`,
            headers: { ...headers, ...(length === undefined ? {} : { 'content-length': String(length) }) },
            agent: false,
            ...(isHttps ? { ...servername(target.hostname), ...trust, rejectUnauthorized: true } : {}),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            const finish = () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              const flat: Record<string, string> = {};
              for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
              resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
              // An answer before the whole body (a 504 or 413 mid-upload) ends the upload.
              if (body !== undefined) req.destroy();
            };
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY_BYTES) {
                fail(new NetworkError('ETOOBIG', `the answer is over ${MAX_BODY_BYTES} bytes, more than any manifest`));
                req.destroy();
                return;
              }
              chunks.push(chunk);
            });
            res.on('end', finish);
            // A door that answers mid-upload may close the connection under the rest of its answer: its status still counts.
            res.on('error', (error) => (body === undefined ? fail(error) : finish()));
            res.on('close', () => body !== undefined && finish());
          },
        );
        const timer = setTimeout(() => req.destroy(new NetworkError('ETIMEDOUT', `no answer within ${timeoutMs / 1000} s`)), timeoutMs);
        req.on('error', fail);
        if (body === undefined) {
          req.end();
          return;
        }
        // Read only as fast as the connection takes it: the body is never held whole.
        pipeline(Readable.from(body.chunks), req).catch(() => undefined);
      });
    },
  };
}
