import { describe, expect, it } from 'vitest';
import { decide, type RegistryRequest } from '../../function/src/decide.ts';
import { encodePath, encodeQuery } from '../../function/src/location.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const config = { registry };
const request = (over: Partial<RegistryRequest>): RegistryRequest => ({
  method: 'GET',
  path: '/v2/',
  query: '',
  headers: {},
  ...over,
});

function location(over: Partial<RegistryRequest>): string {
  const outcome = decide(request(over), config);
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
  return outcome.location;
}

describe('redirects under /v2', () => {
  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('redirects %s with a 307 location', (method) => {
    expect(location({ method, path: '/v2/app/blobs/uploads/' })).toBe(`https://${registry}/v2/app/blobs/uploads/`);
  });

  it.each([
    ['/v2/', '', '/v2/'],
    ['/v2', '', '/v2'],
    ['/v2/team/app/tags/list', 'n=10&last=v1', '/v2/team/app/tags/list?n=10&last=v1'],
    ['/v2/_catalog', 'n=100&last=team%2Fapp', '/v2/_catalog?n=100&last=team%2Fapp'],
    ['/v2/app/blobs/uploads/', 'mount=sha256%3Aabc&from=other%2Frepo', '/v2/app/blobs/uploads/?mount=sha256%3Aabc&from=other%2Frepo'],
    ['/v2/app/blobs/uploads/0f3c-11', 'digest=sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce', '/v2/app/blobs/uploads/0f3c-11?digest=sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce'],
    ['/v2/app/manifests/sha256:4e07408562bedb8b', '', '/v2/app/manifests/sha256:4e07408562bedb8b'],
    ['/v2/app/tags/list', 'a=1&a=2&empty=&flag', '/v2/app/tags/list?a=1&a=2&empty=&flag'],
  ])('keeps path %s and query %j exactly', (path, query, expected) => {
    expect(location({ path, query })).toBe(`https://${registry}${expected}`);
  });

  it.each([
    ['/v2/a\r\nset-cookie: x=1/manifests/latest', '/v2/a%0D%0Aset-cookie:%20x=1/manifests/latest'],
    ['/v2/app?evil/manifests/x', '/v2/app%3Fevil/manifests/x'],
    ['/v2/app#frag', '/v2/app%23frag'],
    ['/v2/100%/x', '/v2/100%25/x'],
    ['/v2/ünï/x', '/v2/%C3%BCn%C3%AF/x'],
    ['/v2/lone\uD800/x', '/v2/lone%EF%BF%BD/x'],
    ['/v2/a\\b', '/v2/a%5Cb'],
  ])('percent-encodes dangerous characters in path %j', (path, expected) => {
    expect(location({ path })).toBe(`https://${registry}${expected}`);
  });

  it.each([
    ['a=1\r\nx: y', 'a=1%0D%0Ax:%20y'],
    ['a=<script>', 'a=%3Cscript%3E'],
    ['last=%2Fok', 'last=%2Fok'],
  ])('keeps existing escapes in query %j and encodes only illegal characters', (query, expected) => {
    expect(location({ query })).toBe(`https://${registry}/v2/?${expected}`);
  });

  it.each([
    { path: '//evil.example.com/v2/' },
    { path: '/v2/../../evil' },
    { path: '/v2@evil.example.com/' },
    { path: '/v2/x', headers: { host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' } },
    { path: '/v2/\\\\evil.example.com' },
    { path: '/v2/x', query: '@evil.example.com' },
  ])('never leaves the registry host (%j)', (over) => {
    const outcome = decide(request(over), config);
    if (outcome.kind !== 'redirect') return expect(outcome.kind).toBe('reply');
    expect(new URL(outcome.location).host).toBe(registry);
    expect(outcome.location.startsWith(`https://${registry}/`)).toBe(true);
    expect(outcome.location).not.toMatch(/[\r\n\s]/);
  });
});

describe('outside /v2', () => {
  it.each(['/', '/v1/', '/v2foo', '/V2/', '/favicon.ico', '//v2/', '/healthz'])('answers %s with 404 and OCI error JSON', (path) => {
    const outcome = decide(request({ path }), config);
    expect(outcome.kind).toBe('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.status).toBe(404);
    expect(outcome.headers['content-type']).toBe('application/json');
    const body = JSON.parse(outcome.body) as { errors: { code: string; message: string }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.code).toBe('UNSUPPORTED');
    expect(body.errors[0]?.message).toMatch(/\/v2\//);
  });
});

describe('encoders', () => {
  it('returns a safe path unchanged (no copy on the hot path)', () => {
    const path = '/v2/team/app/manifests/sha256:abc';
    expect(encodePath(path)).toBe(path);
  });
  it('encodes every ASCII control character in a query', () => {
    for (let c = 0; c < 0x20; c++) expect(encodeQuery(`a=${String.fromCharCode(c)}`)).toBe(`a=%${c.toString(16).toUpperCase().padStart(2, '0')}`);
  });
});
