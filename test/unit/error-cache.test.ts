import { describe, expect, it } from 'vitest';
import { errorCache } from '../../src/serve/doors/cloudfront.ts';

const answer = (status: number) => ({ status, headers: { 'content-type': 'application/json' }, body: Buffer.from(`{"status":${status}}`) });

describe('the cloudfront door’s error cache', () => {
  it.each([
    [404, {}, true],
    [405, {}, true],
    [414, {}, true],
    [500, {}, true],
    [503, {}, true],
    [504, {}, true],
    [416, {}, false],
    [401, {}, false],
    [400, {}, false],
    [403, {}, false],
    [403, { 'cache-control': 'max-age=60' }, true],
    [400, { 'cache-control': 'public, s-maxage=5' }, true],
    [400, { 'cache-control': 'max-age=0' }, false],
    [200, {}, false],
  ])('keeps a GET answered %i (%j): %s', (status, headers, kept) => {
    expect(errorCache(10).keeps('GET', status, headers)).toBe(kept);
  });

  it('keeps nothing for methods other than GET and HEAD, or with a TTL of 0', () => {
    expect(errorCache(10).keeps('PUT', 404, {})).toBe(false);
    expect(errorCache(10).keeps('DELETE', 503, {})).toBe(false);
    expect(errorCache(0).keeps('GET', 404, {})).toBe(false);
  });

  it('gives a kept answer to GET and HEAD alike until the TTL passes, with its age', () => {
    let now = 0;
    const cache = errorCache(10, () => now);
    cache.keep('HEAD', '/v2/app/manifests/v1', answer(404));
    now = 4_500;
    expect(cache.find('GET', '/v2/app/manifests/v1')).toMatchObject({ status: 404, fromHead: true, ageSeconds: 4 });
    expect(cache.find('PUT', '/v2/app/manifests/v1')).toBeUndefined();
    expect(cache.find('GET', '/v2/app/manifests/v2')).toBeUndefined();
    now = 10_000;
    expect(cache.find('HEAD', '/v2/app/manifests/v1')).toBeUndefined();
  });

  it('holds at most its bound, oldest out first', () => {
    const cache = errorCache(10, () => 0, 3);
    for (const tag of ['a', 'b', 'c', 'd']) cache.keep('GET', `/v2/app/manifests/${tag}`, answer(404));
    expect(cache.find('GET', '/v2/app/manifests/a')).toBeUndefined();
    expect(cache.find('GET', '/v2/app/manifests/d')).toMatchObject({ status: 404, fromHead: false });
  });
});
