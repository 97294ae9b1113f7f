/**
 * Request smuggling, against every door serve has. Each attack goes in byte for byte over its own TLS socket with
 * the attacker's own credentials; a victim with other credentials follows on its own connection; a registry
 * stand-in that parses HTTP itself records exactly what reached it. Whatever a door does with the attack (refuse
 * it, or send it on framed), the victim's request must reach the registry whole and alone, and nothing of it may
 * end up in the attacker's request or in anything the attacker reads.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';
import { type RawRegistry, startRawRegistry } from '../support/raw-registry.ts';

/** Every door serve has: a new door is one more line. */
const DOORS: { door: string; args: string[] }[] = [
  { door: 'api-gateway (the alias function)', args: ['--front-door', 'api-gateway'] },
  { door: 'cloudfront (the streaming door)', args: ['--front-door', 'cloudfront'] },
  { door: 'proxy (the ecs door)', args: ['--front-door', 'proxy'] },
];

const basic = (user: string) => `Basic ${Buffer.from(user).toString('base64')}`;
const ATTACKER = basic('attacker:own-password');
const TARGET = '/v2/attacker/blobs/uploads/';
const VICTIM_TARGET = '/v2/victim/tags/list';
/** Left open: the next request on the registry connection completes it, its own request line becoming a header value. */
const FORGED = 'DELETE /v2/victim/manifests/latest HTTP/1.1\r\nHost: registry\r\nX-Ignore: ';
/** An upload whose body the next request on the connection becomes, Authorization included. */
const CAPTURE = `POST /v2/attacker/blobs/uploads/capture HTTP/1.1\r\nHost: registry\r\nAuthorization: ${ATTACKER}\r\nContent-Length: 100\r\n\r\n`;
/** A whole request, for a registry that reads a body as requests. */
const WHOLE = 'DELETE /v2/victim/manifests/latest HTTP/1.1\r\nHost: registry\r\n\r\n';

interface Attack {
  name: string;
  method: string;
  /** The body the registry must receive if a door sends the request on. */
  delivered: string;
  /** The attacker's bytes, for the alias at `alias`. */
  raw(alias: string): string;
}

const chunked = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n0\r\n\r\n`;
const length = (text: string) => `Content-Length: ${Buffer.byteLength(text)}`;

/** The attacker's request: its own credentials, then `fields` (each ends in CRLF unless it ends in LF), then `body`. */
function attack(name: string, method: string, fields: string[], body: string, delivered: string, requestLine = `${method} ${TARGET} HTTP/1.1`): Attack {
  const lines = fields.map((field) => (field.endsWith('\n') ? field : `${field}\r\n`)).join('');
  return { name, method, delivered, raw: (alias) => `${requestLine}\r\nHost: ${alias}\r\nAuthorization: ${ATTACKER}\r\n${lines}\r\n${body}` };
}

const OBFUSCATED_TE: [string, string][] = [
  ['a space before the colon', 'Transfer-Encoding : chunked'],
  ['xchunked', 'Transfer-Encoding: xchunked'],
  ['chunked, identity', 'Transfer-Encoding: chunked, identity'],
  ['identity, chunked', 'Transfer-Encoding: identity, chunked'],
  ['a tab before the value', 'Transfer-Encoding:\tchunked'],
  ['spaces before the value', 'Transfer-Encoding:   chunked'],
  ['upper case', 'TRANSFER-ENCODING: CHUNKED'],
  ['LF without CR', 'Transfer-Encoding: chunked\n'],
];

const ATTACKS: Attack[] = [
  attack('CL.TE: Content-Length reaches past the last chunk', 'POST', [length(`0\r\n\r\n${FORGED}`), 'Transfer-Encoding: chunked'], `0\r\n\r\n${FORGED}`, ''),
  attack('TE.CL: a chunk past Content-Length', 'POST', ['Transfer-Encoding: chunked', 'Content-Length: 4'], chunked(FORGED), FORGED),
  ...['GET', 'HEAD', 'DELETE', 'OPTIONS'].map((method) => attack(`a chunked body on ${method}`, method, ['Transfer-Encoding: chunked'], chunked(FORGED), FORGED)),
  attack('a chunked GET whose body opens an upload the next request would fill', 'GET', ['Transfer-Encoding: chunked'], chunked(CAPTURE), CAPTURE),
  attack('a Content-Length body on GET', 'GET', [length(FORGED)], FORGED, FORGED),
  attack('two equal Content-Lengths', 'POST', [length(FORGED), length(FORGED)], FORGED, FORGED),
  attack('two different Content-Lengths', 'POST', ['Content-Length: 0', length(FORGED)], FORGED, ''),
  attack('Transfer-Encoding twice', 'POST', ['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], chunked(FORGED), FORGED),
  attack('Transfer-Encoding chunked, then identity', 'POST', ['Transfer-Encoding: chunked', 'Transfer-Encoding: identity'], chunked(FORGED), FORGED),
  ...OBFUSCATED_TE.flatMap(([label, field]) => ['POST', 'GET'].map((method) => attack(`Transfer-Encoding with ${label}, on ${method}`, method, [field], chunked(FORGED), FORGED))),
  attack('obs-fold: Transfer-Encoding as the continuation of another header', 'POST', ['X-Padding: x', ' Transfer-Encoding: chunked'], chunked(FORGED), FORGED),
  attack('obs-fold: chunked on a continuation line', 'POST', ['Transfer-Encoding:', ' chunked'], chunked(FORGED), FORGED),
  attack('obs-fold on GET', 'GET', ['X-Padding: x', '\tTransfer-Encoding: chunked'], chunked(FORGED), FORGED),
  attack('two request lines on one', 'GET', [], '', '', `GET ${TARGET} HTTP/1.1 DELETE /v2/victim/manifests/latest HTTP/1.1`),
  attack('CR LF percent-encoded into the target', 'GET', [], '', '', `GET ${TARGET}%0d%0aDELETE%20/v2/victim/manifests/latest%20HTTP/1.1 HTTP/1.1`),
  attack('an absolute-form target', 'GET', [], '', '', `GET https://registry.example${TARGET} HTTP/1.1`),
  attack('a whole request as a Content-Length body', 'POST', [length(WHOLE)], WHOLE, WHOLE),
  attack('a whole request as a chunked body', 'POST', ['Transfer-Encoding: chunked'], chunked(WHOLE), WHOLE),
];

/** A raw TLS connection that writes `bytes` and collects every byte the door sends back. */
function attackerSocket(url: string, ca: Buffer, bytes: string) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port), ca }, () => socket.write(Buffer.from(bytes, 'latin1')));
  const chunks: Buffer[] = [];
  let closed = false;
  let lastData = 0;
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    lastData = Date.now();
  });
  socket.on('error', () => undefined);
  socket.on('close', () => (closed = true));
  return {
    read: () => Buffer.concat(chunks),
    /** Until the door closes the connection, or its answer has been followed by 300 ms of quiet (5 s at most). */
    settled: async () => {
      for (const deadline = Date.now() + 5_000; Date.now() < deadline; ) {
        if (closed || (lastData > 0 && Date.now() - lastData > 300)) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => socket.destroy(),
  };
}

/** Which request the registry stand-in's answer was to. */
function answerTo(body: Buffer): { method?: string; target?: string; authorization?: string | null } | undefined {
  try {
    return JSON.parse(body.toString()) as { method?: string; target?: string; authorization?: string | null };
  } catch {
    return undefined;
  }
}

const status = (answer: Buffer) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer.toString('latin1'))?.[1] ?? 0);
/** serve refused the request itself: a client error, or 501 for a transfer coding it does not implement (RFC 9112 §6.1). */
const refused = (code: number) => (code >= 400 && code < 500) || code === 501;

describe.each(DOORS)('request smuggling at the $door door', ({ args }) => {
  let dir: string;
  let ca: Buffer;
  let registry: RawRegistry;
  let alias: Started;
  let aliasHost: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'smuggling-'));
    const pki = await createPki(dir);
    const registryTls = await pki.issue('registry', ['127.0.0.3']);
    const aliasTls = await pki.issue('alias', ['127.0.0.2']);
    ca = await readFile(pki.caFile);
    registry = await startRawRegistry({ cert: await readFile(registryTls.certFile), key: await readFile(registryTls.keyFile) }, '127.0.0.3');
    alias = await startServe([...args, '--listen', '127.0.0.2:0', '--registry', registry.authority, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile, '--timeout', '2'], {
      NODE_EXTRA_CA_CERTS: pki.caFile,
    });
    aliasHost = new URL(alias.url).host;
  });
  afterAll(async () => {
    await alias?.stop();
    registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  for (const [index, attack] of ATTACKS.entries()) {
    it(`${attack.name}: refused or sent on framed, and the next client’s request reaches the registry alone`, async () => {
      await registry.reset();
      const secret = Buffer.from(`victim:secret-${index}`).toString('base64');
      const victimAuthorization = `Basic ${secret}`;

      const attacker = attackerSocket(alias.url, ca, attack.raw(aliasHost));
      await attacker.settled();
      const victim = await send(alias.url, VICTIM_TARGET, { ca, headers: { authorization: victimAuthorization } }).catch((error: NodeJS.ErrnoException) => error.code ?? 'error');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const attackerRead = attacker.read();
      attacker.close();

      // Findings name what went wrong and never print the victim's credentials.
      const findings: string[] = [];
      const authorizationOf = (headers: [string, string][]) => headers.find(([name]) => name === 'authorization')?.[1];
      for (const bad of registry.malformed) findings.push(`the registry received bytes it could not parse as one request (${bad.reason})`);
      if (registry.pending().length > 0) findings.push('an unfinished request waits at the registry for the next client’s bytes');
      const victims = registry.received.filter((r) => authorizationOf(r.headers) === victimAuthorization);
      const others = registry.received.filter((r) => authorizationOf(r.headers) !== victimAuthorization);
      if (victims.length !== 1) findings.push(`the victim’s credentials reached the registry in ${victims.length} requests, not 1`);
      for (const r of victims) {
        if (r.method !== 'GET' || r.target !== VICTIM_TARGET || r.body.length > 0) findings.push(`the victim’s credentials came with ${r.method} ${r.target} (${r.body.length} body bytes)`);
      }
      for (const r of others) {
        if (r.raw.includes(secret)) findings.push(`the victim’s credentials are inside ${r.method} ${r.target}`);
        const attackers = authorizationOf(r.headers) === ATTACKER && r.method === attack.method && r.target.startsWith(TARGET);
        if (!attackers) findings.push(`the registry received a request that is neither the attack as sent nor the victim’s: ${r.method} ${r.target}`);
        else if (r.body.toString('latin1') !== attack.delivered) findings.push(`the attack reached the registry with a body of ${r.body.length} bytes, not its ${Buffer.byteLength(attack.delivered)}`);
      }
      if (others.length > 1) findings.push(`${others.length} requests besides the victim’s reached the registry`);
      const answered = status(attackerRead);
      if (others.length === 0 && !refused(answered)) findings.push(`the attack was neither refused nor sent on (the attacker got ${answered || 'no answer'})`);
      if (attackerRead.includes(secret)) findings.push('the attacker read the victim’s credentials');
      if (typeof victim === 'string') findings.push(`the victim got no answer (${victim})`);
      else {
        const answer = victim.status === 200 ? answerTo(victim.body) : undefined;
        if (answer?.method !== 'GET' || answer.target !== VICTIM_TARGET || answer.authorization !== victimAuthorization) findings.push(`the victim got ${victim.status}, not the registry’s answer to its own request`);
      }
      expect(findings).toEqual([]);
    });
  }
});
