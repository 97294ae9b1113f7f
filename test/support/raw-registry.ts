/**
 * A registry stand-in that parses HTTP/1.1 itself, strictly, over TLS with keep-alive, and records every request
 * exactly as it arrived: what a door sent on, byte for byte, so a test sees framing a Node server would hide.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';

export interface ReceivedRequest {
  /** Which connection it came on, counted from 1. */
  connection: number;
  method: string;
  target: string;
  /** Header lines in order, names lower-cased, values trimmed. */
  headers: [string, string][];
  framing: 'none' | 'length' | 'chunked';
  body: Buffer;
  /** Every byte of the request: line, headers, body. */
  raw: Buffer;
}

export interface Malformed {
  connection: number;
  reason: string;
  raw: Buffer;
}

export interface RawRegistry {
  /** host:port, for serve's --registry. */
  authority: string;
  received: ReceivedRequest[];
  /** Bytes that did not parse as one well-framed request; the connection was closed after them. */
  malformed: Malformed[];
  /** Bytes of an unfinished request, per open connection: what a later request would complete. */
  pending(): Buffer[];
  /** Closes every connection and forgets what was received. */
  reset(): Promise<void>;
  close(): void;
}

const HEAD_LIMIT = 64 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

type Parsed = { kind: 'incomplete' } | { kind: 'malformed'; reason: string } | { kind: 'request'; request: Omit<ReceivedRequest, 'connection' | 'raw'>; length: number };

/** One request off the front of `data`, by RFC 9112 with no leniency: no bare LF, no obs-fold, one unambiguous framing. */
export function parseRequest(data: Buffer): Parsed {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) return data.length > HEAD_LIMIT ? { kind: 'malformed', reason: 'no end of headers' } : { kind: 'incomplete' };
  const head = data.subarray(0, end).toString('latin1');
  if (/[^\r]\n|\r[^\n]|\r$|^\n/.test(head)) return { kind: 'malformed', reason: 'CR or LF alone in the head' };
  const [line = '', ...fields] = head.split('\r\n');
  const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.1$/.exec(line);
  if (!requestLine) return { kind: 'malformed', reason: `bad request line ${JSON.stringify(line)}` };
  const headers: [string, string][] = [];
  for (const field of fields) {
    const colon = field.indexOf(':');
    const name = field.slice(0, colon);
    if (colon < 1 || !TOKEN.test(name)) return { kind: 'malformed', reason: `bad header line ${JSON.stringify(field)}` };
    const value = field.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (/[\0-\x08\x0a-\x1f\x7f]/.test(value)) return { kind: 'malformed', reason: `control character in ${name}` };
    headers.push([name.toLowerCase(), value]);
  }
  const all = (name: string) => headers.filter(([n]) => n === name).map(([, v]) => v);
  const codings = all('transfer-encoding');
  const lengths = all('content-length');
  let at = end + 4;
  const request = { method: requestLine[1] ?? '', target: requestLine[2] ?? '', headers };
  if (codings.length > 0) {
    if (lengths.length > 0) return { kind: 'malformed', reason: 'Transfer-Encoding and Content-Length' };
    if (codings.length > 1 || codings[0] !== 'chunked') return { kind: 'malformed', reason: `Transfer-Encoding ${JSON.stringify(codings)}` };
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd === -1) return { kind: 'incomplete' };
      const size = /^([0-9a-fA-F]{1,8})(?:;[^\r\n]*)?$/.exec(data.subarray(at, lineEnd).toString('latin1'));
      if (!size) return { kind: 'malformed', reason: 'bad chunk size line' };
      const bytes = parseInt(size[1] ?? '', 16);
      at = lineEnd + 2;
      if (bytes === 0) {
        // Trailer fields, then the empty line.
        for (;;) {
          const trailerEnd = data.indexOf('\r\n', at);
          if (trailerEnd === -1) return { kind: 'incomplete' };
          const empty = trailerEnd === at;
          at = trailerEnd + 2;
          if (empty) return { kind: 'request', request: { ...request, framing: 'chunked', body: Buffer.concat(chunks) }, length: at };
        }
      }
      if (data.length < at + bytes + 2) return { kind: 'incomplete' };
      chunks.push(data.subarray(at, at + bytes));
      if (data.subarray(at + bytes, at + bytes + 2).toString('latin1') !== '\r\n') return { kind: 'malformed', reason: 'chunk data longer than its size' };
      at += bytes + 2;
    }
  }
  if (lengths.length > 1 || (lengths.length === 1 && !/^\d{1,15}$/.test(lengths[0] ?? ''))) return { kind: 'malformed', reason: `Content-Length ${JSON.stringify(lengths)}` };
  const length = lengths.length === 1 ? Number(lengths[0]) : 0;
  if (data.length < at + length) return { kind: 'incomplete' };
  return { kind: 'request', request: { ...request, framing: lengths.length === 1 ? 'length' : 'none', body: Buffer.from(data.subarray(at, at + length)) }, length: at + length };
}

/**
 * Answers every request 200 with a body naming the request it answers (method, target, Authorization): an answer
 * that reaches the wrong client shows whose it was.
 */
export async function startRawRegistry(tls: { cert: Buffer; key: Buffer }, host: string): Promise<RawRegistry> {
  const received: ReceivedRequest[] = [];
  const malformed: Malformed[] = [];
  const buffers = new Map<TLSSocket, Buffer>();
  let connections = 0;
  const server = createServer(tls, (socket) => {
    const connection = ++connections;
    buffers.set(socket, Buffer.alloc(0));
    socket.on('error', () => undefined);
    socket.on('close', () => buffers.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      let data = Buffer.concat([buffers.get(socket) ?? Buffer.alloc(0), chunk]);
      for (;;) {
        const parsed = parseRequest(data);
        if (parsed.kind === 'incomplete') break;
        if (parsed.kind === 'malformed') {
          malformed.push({ connection, reason: parsed.reason, raw: data });
          buffers.delete(socket);
          socket.destroy();
          return;
        }
        const { request } = parsed;
        received.push({ connection, ...request, raw: Buffer.from(data.subarray(0, parsed.length)) });
        data = data.subarray(parsed.length);
        const authorization = request.headers.find(([name]) => name === 'authorization')?.[1] ?? null;
        const body = JSON.stringify({ method: request.method, target: request.target, authorization });
        socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${request.method === 'HEAD' ? '' : body}`);
      }
      buffers.set(socket, data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    authority: `${host}:${(server.address() as AddressInfo).port}`,
    received,
    malformed,
    pending: () => [...buffers.values()].filter((b) => b.length > 0),
    reset: async () => {
      for (const socket of buffers.keys()) socket.destroy();
      buffers.clear();
      received.length = 0;
      malformed.length = 0;
      // The door's pool sees the connections go before the next request picks one.
      await new Promise((resolve) => setTimeout(resolve, 200));
    },
    close: () => {
      for (const socket of buffers.keys()) socket.destroy();
      server.close();
    },
  };
}
