import { describe, expect, it } from 'vitest';
import { forwardedAnswer, isReply, upstreamFailure } from '../../function/src/answer.ts';
import { UpstreamError } from '../../function/src/forward.ts';
import { challengeReply } from '../../src/core/oci.ts';
import { BUDGET_MS_PER_KIB, fastestMs, run } from '../support/linear-time.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const context = { registry, alias: 'ecr.example.com', head: undefined };

describe('a forwarded answer', () => {
  it.each([
    // [what the registry sent, headers the client gets]
    [{ location: '/v2/app/blobs/uploads/1', 'content-length': '0' }, { location: `https://${registry}/v2/app/blobs/uploads/1` }],
    [{ location: 'https://bucket.s3.amazonaws.com/x' }, { location: 'https://bucket.s3.amazonaws.com/x' }],
    [{ link: `<https://${registry}/v2/_catalog?last=a&n=1>; rel="next"` }, { link: '<https://ecr.example.com/v2/_catalog?last=a&n=1>; rel="next"' }],
    [{ link: '<https://evil.example/v2/x>; rel="next"', 'docker-content-digest': 'sha256:a' }, { 'docker-content-digest': 'sha256:a' }],
  ])('turns headers %j into %j', (headers, expected) => {
    expect(forwardedAnswer({ status: 200, headers, body: Buffer.alloc(0) }, context).headers).toEqual(expected);
  });

  it.each([
    // [HEAD plan, upstream status, Content-Length, body length or error code]
    ['fetch', 200, '2', 2],
    ['measure', 200, '5301', 5301],
    ['measure', 200, undefined, 'BLOB_UNKNOWN'],
    ['measure', 200, String(4 * 1024 * 1024 + 1), 'BLOB_UNKNOWN'],
    ['measure', 404, '157', 0],
  ] as const)('answers a HEAD planned as %s (registry %i, Content-Length %s) with %s', (head, status, length, expected) => {
    const headers: Record<string, string> = length === undefined ? {} : { 'content-length': length };
    const shaped = forwardedAnswer({ status, headers, body: Buffer.from('{}') }, { ...context, head });
    if (typeof expected === 'string') {
      expect(isReply(shaped) && JSON.parse(shaped.body)).toMatchObject({ errors: [{ code: expected }] });
      return;
    }
    expect(shaped).toMatchObject({ status, headers: {} });
    expect(shaped.body.length).toBe(expected);
  });

  it.each([
    ['a long authority, then a path and a line break', (length: number) => `<https://${run('a', length)}/\n>; rel="next"`],
    ['line terminators', (length: number) => `<${run('\r\n\u2028', length)}>`],
  ])('drops a Link with %s, 20 KiB and 200 KiB, in linear time', (_what, make) => {
    for (const kib of [20, 200]) {
      const headers = { link: make(kib * 1024) };
      const budget = kib * BUDGET_MS_PER_KIB;
      expect(fastestMs(() => forwardedAnswer({ status: 200, headers, body: Buffer.alloc(0) }, context), budget), `${kib} KiB`).toBeLessThan(budget);
      expect(forwardedAnswer({ status: 200, headers, body: Buffer.alloc(0) }, context).headers).toEqual({});
    }
  });

  it('answers a body larger than a Lambda can return with 502 SIZE_INVALID', () => {
    const shaped = forwardedAnswer({ status: 200, headers: {}, body: Buffer.alloc(4 * 1024 * 1024 + 1) }, context);
    expect(shaped).toMatchObject({ kind: 'reply', status: 502 });
    expect(isReply(shaped) && JSON.parse(shaped.body)).toMatchObject({ errors: [{ code: 'SIZE_INVALID' }] });
  });
});

describe('the alias’s own answers', () => {
  it('answers a failed forward with its status, message and headers', () => {
    expect(upstreamFailure(new UpstreamError(503, 'busy', { 'retry-after': '1' }))).toEqual({
      kind: 'reply',
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
      body: '{"errors":[{"code":"UNAVAILABLE","message":"busy"}]}',
    });
  });

  it('challenges with a Basic realm and the registry API version', () => {
    expect(challengeReply('https://ecr.example.com/')).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': 'Basic realm="https://ecr.example.com/"', 'docker-distribution-api-version': 'registry/2.0' },
    });
  });
});
