/**
 * doctor's only ways out: a DNS lookup, a verified TLS handshake and single HTTP(S) requests that
 * never follow redirects, each with a deadline. Tests inject their own.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { connect, createSecureContext } from 'node:tls';
import type { Answer } from './checks.ts';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
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

    send({ method, url, headers }) {
      const target = new URL(url);
      const isHttps = target.protocol === 'https:';
      const request = isHttps ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = request(
          {
            method,
            host: bare(target.hostname),
            port: target.port || (isHttps ? 443 : 80),
            path: `${target.pathname}${target.search}`,
            headers: { ...headers, ...(method === 'POST' ? { 'content-length': '0' } : {}) },
            agent: false,
            ...(isHttps ? { ...servername(target.hostname), ...trust, rejectUnauthorized: true } : {}),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > MAX_BODY_BYTES) {
                req.destroy(new NetworkError('ETOOBIG', `the answer is over ${MAX_BODY_BYTES} bytes, more than any manifest`));
                return;
              }
              chunks.push(chunk);
            });
            res.on('end', () => {
              clearTimeout(timer);
              const flat: Record<string, string> = {};
              for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
              resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
            });
            res.on('error', (error) => reject(networkError(error)));
          },
        );
        const timer = setTimeout(() => req.destroy(new NetworkError('ETIMEDOUT', `no answer within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
        req.on('error', (error) => {
          clearTimeout(timer);
          reject(networkError(error));
        });
        req.end();
      });
    },
  };
}
