import { describe, expect, it } from 'vitest';
import type { ForwardRequest, ForwardResponse } from '../../function/src/forward.ts';
import { UpstreamError } from '../../function/src/forward.ts';
import { createHandler, type Forwarder } from '../../function/src/handler.ts';
import { httpApiEvent, SECRETS } from '../support/events.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

const DOCKER = { 'user-agent': 'docker/20.10.24 go/go1.19.8' };

function setup(send?: Forwarder) {
  const lines: string[] = [];
  const forwarded: ForwardRequest[] = [];
  const fallback: Forwarder = async (request) => {
    forwarded.push(request);
    return { status: 200, headers: {}, body: Buffer.alloc(0) };
  };
  const handler = createHandler({ registry }, (line) => lines.push(line), send ?? fallback);
  return { handler, lines, forwarded };
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const { authorization: _, ...rest } = headers;
  return rest;
}

describe('the Lambda handler', () => {
  it('answers a registry request with a 307 to the registry, path and query intact', async () => {
    const { handler } = setup();
    const event = httpApiEvent({ rawPath: '/v2/team/app/tags/list', rawQueryString: 'n=10&last=v1' });
    event.headers = withoutCredentials({ ...event.headers, ...DOCKER });
    const result = await handler(event);
    expect(result).toEqual({
      statusCode: 307,
      headers: { location: `https://${registry}/v2/team/app/tags/list?n=10&last=v1` },
      body: '',
    });
  });

  it('ignores the Host and forwarding headers when it builds the location', async () => {
    const { handler } = setup();
    const event = httpApiEvent({ headers: { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com', ...DOCKER } });
    event.headers = withoutCredentials(event.headers);
    const result = await handler(event);
    expect(result.headers?.location).toBe(`https://${registry}/v2/team/app/manifests/latest`);
  });

  it('answers a path outside /v2 with a 404 OCI error', async () => {
    const { handler } = setup();
    const result = await handler(httpApiEvent({ rawPath: '/admin' }));
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNSUPPORTED' }] });
  });

  it('writes exactly one JSON log line per request: method, path without query, status, duration', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/app/manifests/v1', rawQueryString: 'token=query-secret' }));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(entry).sort()).toEqual(['method', 'ms', 'outcome', 'path', 'status']);
    expect(entry).toMatchObject({ method: 'HEAD', path: '/v2/app/manifests/v1', status: 200, outcome: 'forward' });
    expect(typeof entry.ms).toBe('number');
  });

  it('never logs credentials, cookies or the query string', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ rawQueryString: 'X-Amz-Signature=abc' }));
    await handler(httpApiEvent({ rawPath: '/other' }));
    const log = lines.join('\n');
    for (const secret of SECRETS) expect(log).not.toContain(secret);
  });

  it('keeps a path that would break a log line inside one JSON line', async () => {
    const { handler, lines } = setup();
    await handler(httpApiEvent({ rawPath: '/v2/a\n{"status":200}' }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ path: '/v2/a\n{"status":200}' });
  });
});

describe('forwarding', () => {
  it('sends method, URL, credentials and body on, and returns the registry answer as it is', async () => {
    const upstream: ForwardResponse = {
      status: 307,
      headers: { location: 'https://bucket.s3.amazonaws.com/blob?X-Amz-Signature=abc', 'docker-distribution-api-version': 'registry/2.0', 'content-length': '0' },
      body: Buffer.alloc(0),
    };
    const { handler, forwarded } = setup(async (request) => {
      forwarded.push(request);
      return upstream;
    });
    const event = httpApiEvent({ method: 'PUT', rawPath: '/v2/app/manifests/v1', rawQueryString: 'x=1' });
    event.body = Buffer.from('{"schemaVersion":2}').toString('base64');
    event.isBase64Encoded = true;
    const result = await handler(event);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]?.url).toBe(`https://${registry}/v2/app/manifests/v1?x=1`);
    expect(forwarded[0]?.method).toBe('PUT');
    expect(forwarded[0]?.headers.authorization).toBe(event.headers.authorization);
    expect(forwarded[0]?.body?.toString()).toBe('{"schemaVersion":2}');
    expect(result.statusCode).toBe(307);
    expect(result.headers?.location).toBe(upstream.headers.location);
    expect(result.body).toBeUndefined();
  });

  it('gives up on the registry before the function’s own deadline', async () => {
    const { handler, forwarded } = setup();
    await handler(httpApiEvent(), { getRemainingTimeInMillis: () => 9_000 });
    await handler(httpApiEvent(), { getRemainingTimeInMillis: () => 120_000 });
    await handler(httpApiEvent());
    expect(forwarded.map((r) => r.timeoutMs)).toEqual([8_000, 25_000, 25_000]);
  });

  it('returns bodies base64-encoded, byte for byte', async () => {
    const bytes = Buffer.from([0, 0xff, 0x7b, 0x22]);
    const { handler } = setup(async () => ({ status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '4' }, body: bytes }));
    const result = await handler(httpApiEvent());
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: true, body: bytes.toString('base64') });
    expect(result.headers?.['content-length']).toBeUndefined();
  });

  it('fetches a manifest HEAD with GET and answers with its body, which the gateway measures and never sends', async () => {
    const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
    const { handler, forwarded } = setup(async (request) => {
      forwarded.push(request);
      return { status: 200, headers: { 'content-length': String(manifest.length), 'docker-content-digest': 'sha256:abc', 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest };
    });
    const result = await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/team/app/manifests/v1' }));
    expect(forwarded[0]?.method).toBe('GET');
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual({ 'docker-content-digest': 'sha256:abc', 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(manifest);
  });

  it('sizes a blob HEAD with a body as long as the registry’s Content-Length', async () => {
    const { handler, forwarded } = setup(async (request) => {
      forwarded.push(request);
      return { status: 200, headers: { 'content-length': '5301', 'docker-content-digest': 'sha256:def' }, body: Buffer.alloc(0) };
    });
    const result = await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/team/app/blobs/sha256:def' }));
    expect(forwarded[0]?.method).toBe('HEAD');
    expect(result.headers).toEqual({ 'docker-content-digest': 'sha256:def' });
    expect(Buffer.from(result.body ?? '', 'base64').length).toBe(5301);
  });

  it.each([
    ['no Content-Length', {}],
    ['a Content-Length over what a Lambda answer can carry', { 'content-length': String(4 * 1024 * 1024 + 1) }],
    ['a malformed Content-Length', { 'content-length': '12, 12' }],
  ])('answers a blob HEAD with %s 404 BLOB_UNKNOWN instead of a size it cannot vouch for', async (_what, headers) => {
    const { handler } = setup(async () => ({ status: 200, headers, body: Buffer.alloc(0) }));
    const result = await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/team/app/blobs/sha256:def' }));
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'BLOB_UNKNOWN' }] });
  });

  it('passes a HEAD the registry refused with its status and no size', async () => {
    const { handler } = setup(async () => ({ status: 404, headers: { 'content-length': '157', 'content-type': 'application/json' }, body: Buffer.alloc(0) }));
    const result = await handler(httpApiEvent({ method: 'HEAD', rawPath: '/v2/team/app/blobs/sha256:def' }));
    expect(result).toEqual({ statusCode: 404, headers: { 'content-type': 'application/json' } });
  });

  it.each([
    ['/v2/app/blobs/uploads/0f3c?_state=x', `https://${registry}/v2/app/blobs/uploads/0f3c?_state=x`],
    [`https://${registry}/v2/app/blobs/uploads/0f3c`, `https://${registry}/v2/app/blobs/uploads/0f3c`],
    ['https://bucket.s3.amazonaws.com/x?X-Amz-Signature=a', 'https://bucket.s3.amazonaws.com/x?X-Amz-Signature=a'],
    ['//evil.example/v2/x', '//evil.example/v2/x'],
  ])('makes a relative Location %s absolute on the registry, never on the alias', async (location, expected) => {
    const { handler } = setup(async () => ({ status: 202, headers: { location }, body: Buffer.alloc(0) }));
    const result = await handler(httpApiEvent({ method: 'POST', rawPath: '/v2/app/blobs/uploads/' }));
    expect(result.headers?.location).toBe(expected);
  });

  it.each([
    [`<https://${registry}/v2/app/tags/list?last=b&n=2>; rel="next"`, '<https://ecr.example.com/v2/app/tags/list?last=b&n=2>; rel="next"'],
    ['</v2/app/tags/list?last=b&n=2>; rel="next"', '<https://ecr.example.com/v2/app/tags/list?last=b&n=2>; rel="next"'],
    ['<https://evil.example/v2/app/tags/list>; rel="next"', undefined],
  ])('puts a Link onto the alias in private mode too (%s)', async (link, expected) => {
    const { handler } = setup(async () => ({ status: 200, headers: { link }, body: Buffer.from('{}') }));
    const result = await handler(httpApiEvent({ rawPath: '/v2/app/tags/list', rawQueryString: 'n=2' }));
    expect(result.headers?.link).toBe(expected);
  });

  it.each([
    [502, 'the registry could not be reached'],
    [504, 'the registry did not answer in time'],
  ] as const)('answers %i with OCI error JSON when the registry fails', async (status, message) => {
    const { handler } = setup(async () => {
      throw new UpstreamError(status, message);
    });
    const result = await handler(httpApiEvent());
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body ?? '')).toEqual({ errors: [{ code: 'UNAVAILABLE', message }] });
  });

  it('refuses to return a registry answer larger than a Lambda response can carry', async () => {
    const { handler } = setup(async () => ({ status: 200, headers: {}, body: Buffer.alloc(5 * 1024 * 1024) }));
    const result = await handler(httpApiEvent());
    expect(result.statusCode).toBe(502);
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'SIZE_INVALID' }] });
  });
});

describe('challenging', () => {
  it('answers a client without credentials that scopes them per host with a Basic challenge for the alias', async () => {
    const { handler, forwarded } = setup();
    const event = httpApiEvent({ headers: { 'user-agent': 'containerd/1.6.20~ds1' } });
    event.headers = withoutCredentials(event.headers);
    const result = await handler(event);
    expect(forwarded).toHaveLength(0);
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toBe('Basic realm="https://ecr.example.com/"');
    expect(JSON.parse(result.body ?? '')).toMatchObject({ errors: [{ code: 'UNAUTHORIZED' }] });
  });
});
