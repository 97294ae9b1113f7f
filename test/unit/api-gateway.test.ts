import { describe, expect, it } from 'vitest';
import { BadRequest, LIMITS, toHttpApiEvent, toHttpResponse } from '../../src/serve/doors/api-gateway.ts';

const base = {
  method: 'GET',
  url: '/v2/',
  headers: { host: 'ecr.example.com' },
  body: Buffer.alloc(0),
  sourceIp: '::ffff:127.0.0.9',
  now: new Date(Date.UTC(2026, 10, 22, 21, 3, 58)),
  requestId: 'req-1',
};

describe('request → payload 2.0 event', () => {
  it('decodes rawPath and keeps rawQueryString percent-encoded', () => {
    const event = toHttpApiEvent({ ...base, url: '/v2/team%2Fapp/tags/list?n=10&last=team%2Fv1%20x' });
    expect(event.rawPath).toBe('/v2/team/app/tags/list');
    expect(event.requestContext.http.path).toBe('/v2/team/app/tags/list');
    expect(event.rawQueryString).toBe('n=10&last=team%2Fv1%20x');
    expect(event.queryStringParameters).toEqual({ n: '10', last: 'team/v1 x' });
  });

  it('comma-joins duplicate query parameters and omits them when there is no query', () => {
    expect(toHttpApiEvent({ ...base, url: '/v2/?a=1&a=2' }).queryStringParameters).toEqual({ a: '1,2' });
    expect(toHttpApiEvent(base).queryStringParameters).toBeUndefined();
  });

  it('lower-cases header names, comma-joins duplicates and moves cookies out', () => {
    const event = toHttpApiEvent({
      ...base,
      headers: { host: 'ecr.example.com', 'x-multi': ['a', 'b'], cookie: 'a=1; b=2', 'user-agent': 'skopeo/1.9.3' },
    });
    expect(event.headers).toEqual({ host: 'ecr.example.com', 'x-multi': 'a,b', 'user-agent': 'skopeo/1.9.3' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
  });

  it('fills requestContext like API Gateway', () => {
    const event = toHttpApiEvent({ ...base, method: 'HEAD', headers: { host: 'ecr.example.com', 'user-agent': 'containerd/1.6.20' } });
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('$default');
    expect(event.requestContext).toMatchObject({
      domainName: 'ecr.example.com',
      domainPrefix: 'ecr',
      http: { method: 'HEAD', sourceIp: '127.0.0.9', userAgent: 'containerd/1.6.20', protocol: 'HTTP/1.1' },
      requestId: 'req-1',
      stage: '$default',
      time: '22/Nov/2026:21:03:58 +0000',
      timeEpoch: base.now.getTime(),
    });
  });

  it('sends binary bodies base64-encoded and text bodies as they are', () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = toHttpApiEvent({ ...base, method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(binary).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64') });
    const json = toHttpApiEvent({ ...base, method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: Buffer.from('{"a":1}') });
    expect(json).toMatchObject({ isBase64Encoded: false, body: '{"a":1}' });
    expect(toHttpApiEvent(base).body).toBeUndefined();
  });

  it('refuses malformed percent-encoding as a bad request', () => {
    expect(() => toHttpApiEvent({ ...base, url: '/v2/%zz' })).toThrow(BadRequest);
  });
});

describe('handler result → response', () => {
  it('maps statusCode, headers, cookies and a base64 body', () => {
    const response = toHttpResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'application/octet-stream', location: '/x' },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect(response.status).toBe(201);
    expect(response.headers).toEqual({ 'content-type': 'application/octet-stream', location: '/x', 'set-cookie': ['a=1; Path=/', 'b=2'] });
    expect([...response.body]).toEqual([1, 2, 3]);
  });

  it('treats a result without statusCode as a 200 JSON body', () => {
    expect(toHttpResponse({ hello: 'world' })).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(toHttpResponse({ hello: 'world' }).body.toString()).toBe('{"hello":"world"}');
    expect(toHttpResponse('plain').body.toString()).toBe('plain');
  });

  it('answers 502 when the function response exceeds the 6 MB invocation limit', () => {
    const body = 'x'.repeat(LIMITS.responseBytes);
    expect(toHttpResponse({ statusCode: 200, body }).status).toBe(502);
    expect(toHttpResponse({ statusCode: 200, body: 'x'.repeat(LIMITS.responseBytes - 100) }).status).toBe(200);
  });
});
