import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP(S) request with the path sent exactly as given (no URL normalisation). */
export function send(
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string; ca?: Buffer | string } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = request(
      {
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.ca ? { ca: options.ca, servername: undefined } : {}),
        agent: false,
      },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    // A server may answer (413) and close before the whole body is written: the client's write then
    // fails with EPIPE or a reset, and the answer it got is what counts.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (responded && (error.code === 'EPIPE' || error.code === 'ECONNRESET')) return;
      reject(error);
    });
    req.end(options.body);
  });
}
