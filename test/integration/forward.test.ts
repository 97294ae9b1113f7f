import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from '../support/http.ts';
import { createPki } from '../support/pki.ts';
import { type Started, startServe } from '../support/processes.ts';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

describe('serve forwards requests that carry credentials to a real HTTPS registry', () => {
  let dir: string;
  let ca: Buffer;
  let registry: Server;
  let registryHost: string;
  let alias: Started;
  const seen: Seen[] = [];
  const auth = { authorization: 'Basic QVdTOmZvcndhcmQtc2VjcmV0', 'user-agent': 'skopeo/1.9.3' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forward-test-'));
    const pki = await createPki(dir);
    const registryTls = await pki.issue('registry', ['127.0.0.3']);
    const aliasTls = await pki.issue('alias', ['127.0.0.2']);
    ca = await readFile(pki.caFile);
    registry = createServer({ cert: await readFile(registryTls.certFile), key: await readFile(registryTls.keyFile) }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        const path = (req.url ?? '').split('?')[0];
        if (path === '/v2/app/hang') return;
        if (path === '/v2/app/manifests/v1') {
          const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
          res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': 'sha256:feed', 'content-length': manifest.length });
          res.end(req.method === 'HEAD' ? undefined : manifest);
        } else if (path?.startsWith('/v2/app/blobs/sha256:')) {
          res.writeHead(307, { location: 'https://127.0.0.6:9/blob/data?X-Amz-Signature=presigned' });
          res.end();
        } else if (path === '/v2/app/blobs/uploads/') {
          res.writeHead(202, { location: `https://${registryHost}/v2/app/blobs/uploads/upload-1?_state=abc`, 'docker-upload-uuid': 'upload-1', 'content-length': 0 });
          res.end();
        } else if (path === '/v2/app/binary') {
          res.writeHead(200, { 'content-type': 'application/octet-stream' });
          res.end(Buffer.from([0, 1, 2, 253, 254, 255]));
        } else {
          res.writeHead(401, { 'www-authenticate': `Basic realm="https://${registryHost}/"`, 'content-type': 'application/json' });
          res.end('{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}');
        }
      });
    });
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.3', resolve));
    registryHost = `127.0.0.3:${(registry.address() as AddressInfo).port}`;
    alias = await startServe(['--listen', '127.0.0.2:0', '--registry', registryHost, '--tls-cert', aliasTls.certFile, '--tls-key', aliasTls.keyFile], {
      NODE_EXTRA_CA_CERTS: pki.caFile,
    });
  });
  afterAll(async () => {
    await alias?.stop();
    await new Promise((resolve) => registry?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('forwards method, path, query, credentials and Accept; sets Host to the registry', async () => {
    const accept = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json';
    const response = await send(alias.url, '/v2/app/manifests/v1?x=%2F1', { ca, headers: { ...auth, accept, connection: 'keep-alive' } });
    expect(response.status).toBe(200);
    expect(response.headers['docker-content-digest']).toBe('sha256:feed');
    expect(JSON.parse(response.body.toString())).toMatchObject({ schemaVersion: 2 });
    const request = seen.at(-1);
    expect(request?.url).toBe('/v2/app/manifests/v1?x=%2F1');
    expect(request?.headers.host).toBe(registryHost);
    expect(request?.headers.authorization).toBe(auth.authorization);
    expect(request?.headers.accept).toBe(accept);
    expect(request?.headers['x-forwarded-for']).toBeUndefined();
  });

  it('joins a repeated request header into one line with commas, as API Gateway does', async () => {
    const response = await send(alias.url, '/v2/app/manifests/v1', { ca, headers: { ...auth, accept: ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json'] } });
    expect(response.status).toBe(200);
    // One line: a second Accept line would reach the registry's Node parser as "a, b".
    expect(seen.at(-1)?.headers.accept).toBe('application/vnd.oci.image.index.v1+json,application/vnd.oci.image.manifest.v1+json');
  });

  it('keeps Content-Length on a forwarded HEAD', async () => {
    const response = await send(alias.url, '/v2/app/manifests/v1', { method: 'HEAD', ca, headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('76');
  });

  it('hands the registry’s 307 to blob storage back untouched instead of following it', async () => {
    const response = await send(alias.url, '/v2/app/blobs/sha256:abc', { ca, headers: auth });
    expect(response.status).toBe(307);
    expect(response.headers.location).toBe('https://127.0.0.6:9/blob/data?X-Amz-Signature=presigned');
  });

  it('hands an absolute upload Location on the registry host back as it is', async () => {
    const response = await send(alias.url, '/v2/app/blobs/uploads/', { method: 'POST', ca, headers: auth });
    expect(response.status).toBe(202);
    expect(response.headers.location).toBe(`https://${registryHost}/v2/app/blobs/uploads/upload-1?_state=abc`);
  });

  it('forwards a request body and returns binary bodies byte for byte', async () => {
    const body = Buffer.from([9, 8, 7, 0, 255]);
    const response = await send(alias.url, '/v2/app/binary', { method: 'PUT', ca, headers: { ...auth, 'content-type': 'application/octet-stream' }, body });
    expect([...response.body]).toEqual([0, 1, 2, 253, 254, 255]);
    expect([...(seen.at(-1)?.body ?? [])]).toEqual([...body]);
  });

  it('passes the registry’s 401 back when the credentials are wrong', async () => {
    const response = await send(alias.url, '/v2/other/manifests/v1', { ca, headers: auth });
    expect(response.status).toBe(401);
  });

  it('answers 504 with OCI error JSON before the integration timeout when the registry hangs', async () => {
    const quick = await startServe(['--listen', '127.0.0.2:0', '--registry', registryHost, '--timeout', '2'], { NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') });
    try {
      const response = await send(quick.url, '/v2/app/hang', { headers: auth });
      expect(response.status).toBe(504);
      expect(JSON.parse(response.body.toString())).toEqual({ errors: [{ code: 'UNAVAILABLE', message: 'the registry did not answer in time' }] });
    } finally {
      await quick.stop();
    }
  });

  it('never logs the forwarded credentials', () => {
    expect(alias.stdout() + alias.stderr()).not.toContain('QVdTOmZvcndhcmQtc2VjcmV0');
  });
});

describe('serve when the registry is unreachable', () => {
  it('answers 502 with OCI error JSON', async () => {
    const alias = await startServe(['--listen', '127.0.0.2:0', '--registry', '127.0.0.3:1']);
    try {
      const response = await send(alias.url, '/v2/app/manifests/v1', { headers: { authorization: 'Basic eA==' } });
      expect(response.status).toBe(502);
      expect(JSON.parse(response.body.toString())).toMatchObject({ errors: [{ code: 'UNAVAILABLE', message: 'the registry could not be reached' }] });
    } finally {
      await alias.stop();
    }
  });
});
