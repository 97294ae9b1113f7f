import { describe, expect, it } from 'vitest';
import { type AnswerContext, isReply } from '../../function/src/answer.ts';
import type { ForwardResponse } from '../../function/src/forward.ts';
import { NAME_UNKNOWN } from '../../src/core/oci.ts';
import { type CatalogPaging, catalogReply, nextCatalogPage, pullAnswer, readCatalogPage, startCatalog, tokenVerdict } from '../../function/src/public-answer.ts';
import { repositoryMatcher } from '../../src/core/registry-path.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const context: AnswerContext = { registry, alias: 'ecr.example.com', head: undefined };
const answer = (status: number, headers: Record<string, string> = {}, body = ''): ForwardResponse => ({ status, headers, body: Buffer.from(body) });

describe('a public pull’s answer', () => {
  it.each([
    ['a 404 NAME_UNKNOWN', answer(404, { 'content-type': 'application/json' }, '{"errors":[{"code":"NAME_UNKNOWN","message":"no app"}]}')],
    ['a 403 (IAM keeps the repository from the alias)', answer(403, {}, '{"errors":[{"code":"DENIED"}]}')],
  ])('turns %s into the answer for a denied repository', (_what, upstream) => {
    expect(pullAnswer(upstream, context)).toBe(NAME_UNKNOWN);
  });

  it.each([
    ['a 404 for a missing manifest', answer(404, { 'content-type': 'application/json' }, '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}'), 404],
    ['a 200', answer(200, { 'content-type': 'application/json' }, '{}'), 200],
    ['a 307 to storage', answer(307, { location: 'https://bucket.s3.amazonaws.com/x' }), 307],
  ])('passes %s on with its status', (_what, upstream, status) => {
    const shaped = pullAnswer(upstream, context);
    expect(isReply(shaped)).toBe(false);
    expect(shaped.status).toBe(status);
  });

  it('drops the registry’s challenge, rewrites its Link and leaves Content-Length to the gateway', () => {
    const shaped = pullAnswer(
      answer(200, { 'www-authenticate': 'Basic realm="x"', link: '</v2/app/tags/list?last=v1&n=1>; rel="next"', 'content-length': '2', 'docker-content-digest': 'sha256:a' }, '{}'),
      context,
    );
    expect(shaped.headers).toEqual({ link: '<https://ecr.example.com/v2/app/tags/list?last=v1&n=1>; rel="next"', 'docker-content-digest': 'sha256:a' });
  });
});

describe('the registry’s verdict on the alias’s token', () => {
  it.each([
    [200, 0, 'answered'],
    [404, 0, 'answered'],
    [403, 1, 'answered'],
    [401, 0, 'renew'],
  ] as const)('status %i on attempt %i: %s', (status, attempt, verdict) => {
    expect(tokenVerdict(status, attempt)).toBe(verdict);
  });

  it('gives up with a 502 when a renewed token is refused too', () => {
    const verdict = tokenVerdict(401, 1);
    expect(verdict).toMatchObject({ kind: 'reply', status: 502 });
    expect(JSON.parse((verdict as { body: string }).body)).toMatchObject({ errors: [{ code: 'UNAVAILABLE' }] });
  });
});

describe('catalog paging', () => {
  const allows = repositoryMatcher(['app', 'team/*']);
  const page = (names: string[], next: boolean) => answer(200, next ? { link: '</v2/_catalog?last=x&n=1000>; rel="next"' } : {}, JSON.stringify({ repositories: names }));
  const read = (paging: CatalogPaging, upstream: ForwardResponse): CatalogPaging => {
    const after = readCatalogPage(paging, upstream, allows);
    if (isReply(after)) throw new Error(`expected a page, got ${after.status}`);
    return after;
  };

  it.each([
    [{ n: undefined, last: undefined }, `https://${registry}/v2/_catalog?n=1000`],
    [{ n: 5, last: 'team/a' }, `https://${registry}/v2/_catalog?n=1000&last=team%2Fa`],
  ])('asks the registry for its largest page from the client’s cursor (%j)', (request, url) => {
    expect(nextCatalogPage(startCatalog(request), registry)).toEqual({ url, method: 'GET', headers: { accept: 'application/json' } });
  });

  it('keeps allowed names and goes on from the registry’s own cursor, allowed or not', () => {
    const paging = read(startCatalog({ n: undefined, last: undefined }), page(['aaa', 'app', 'secret', 'team/a', 'zzz'], true));
    expect(paging.found).toEqual(['app', 'team/a']);
    expect(nextCatalogPage(paging, registry)?.url).toBe(`https://${registry}/v2/_catalog?n=1000&last=zzz`);
  });

  it.each([
    ['the registry has no more', startCatalog({ n: undefined, last: undefined }), page(['app'], false)],
    ['one name beyond the client’s page is read', startCatalog({ n: 1, last: undefined }), page(['app', 'team/a'], true)],
    ['the registry lists nothing', startCatalog({ n: undefined, last: undefined }), page([], true)],
  ])('stops when %s', (_what, paging, upstream) => {
    expect(nextCatalogPage(read(paging, upstream), registry)).toBeUndefined();
  });

  it('stops after 20 registry pages', () => {
    let paging = startCatalog({ n: undefined, last: undefined });
    for (let i = 0; i < 20; i++) paging = read(paging, page([`x${i}`], true));
    expect(nextCatalogPage(paging, registry)).toBeUndefined();
  });

  it.each([
    ['a registry error', answer(500, {}, 'oops'), 502, 'oops'],
    ['a refusal', answer(403, {}, '{"errors":[]}'), 403, '{"errors":[]}'],
  ])('passes %s on as JSON, a 5xx as 502', (_what, upstream, status, body) => {
    expect(readCatalogPage(startCatalog({ n: undefined, last: undefined }), upstream, allows)).toEqual({ kind: 'reply', status, headers: { 'content-type': 'application/json' }, body });
  });

  it.each(['<html>Bad Gateway</html>', '{"repositories":"app"}', '"app"', 'null'])('answers a page that is not catalog JSON (%s) with 502', (body) => {
    expect(readCatalogPage(startCatalog({ n: undefined, last: undefined }), answer(200, {}, body), allows)).toMatchObject({ kind: 'reply', status: 502 });
  });

  it.each([
    // [client's n, names found, the registry has more, repositories shown, Link cursor]
    [undefined, ['app', 'team/a', 'team/b'], false, ['app', 'team/a', 'team/b'], undefined],
    [undefined, ['app'], true, ['app'], undefined],
    [2, ['app', 'team/a', 'team/b'], false, ['app', 'team/a'], 'team/a'],
    [2, ['app', 'team/a'], true, ['app', 'team/a'], 'team/a'],
    [2, ['app', 'team/a'], false, ['app', 'team/a'], undefined],
    [2, [], true, [], undefined],
  ] as const)('with n=%s, found %j, more %s: lists %j, next after %s', (n, found, more, repositories, cursor) => {
    const reply = catalogReply({ request: { n, last: undefined }, found, cursor: undefined, more, pages: 1 }, 'ecr.example.com');
    expect(reply).toMatchObject({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(reply.body)).toEqual({ repositories });
    expect(reply.headers.link).toBe(cursor === undefined ? undefined : `<https://ecr.example.com/v2/_catalog?${new URLSearchParams({ last: cursor, n: String(n) })}>; rel="next"`);
  });
});
