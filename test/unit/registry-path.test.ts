import { describe, expect, it } from 'vitest';
import { isRepositoryPattern, parseRegistryPath, repositoryMatcher } from '../../src/core/registry-path.ts';

const digest = 'sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce';

describe('the OCI distribution path grammar', () => {
  it.each([
    ['/v2/', { kind: 'base' }],
    ['/v2', { kind: 'base' }],
    ['/v2/_catalog', { kind: 'catalog' }],
    ['/v2/app/tags/list', { kind: 'tags', name: 'app' }],
    ['/v2/team/app/tags/list', { kind: 'tags', name: 'team/app' }],
    ['/v2/a/b/c/manifests/v1.2_x-y', { kind: 'manifest', name: 'a/b/c', reference: 'v1.2_x-y' }],
    [`/v2/app/manifests/${digest}`, { kind: 'manifest', name: 'app', reference: digest }],
    [`/v2/app/blobs/${digest}`, { kind: 'blob', name: 'app', digest }],
    [`/v2/app/referrers/${digest}`, { kind: 'referrers', name: 'app', digest }],
    ['/v2/app/blobs/uploads/', { kind: 'upload', name: 'app' }],
    ['/v2/team/app/blobs/uploads/5f1c-aa', { kind: 'upload', name: 'team/app' }],
    ['/v2/my-app.v2__x/tags/list', { kind: 'tags', name: 'my-app.v2__x' }],
    // a repository literally named like an endpoint is still parsed from the right
    ['/v2/tags/list/tags/list', { kind: 'tags', name: 'tags/list' }],
    ['/v2/manifests/manifests/latest', { kind: 'manifest', name: 'manifests', reference: 'latest' }],
  ])('parses %s', (path, expected) => {
    expect(parseRegistryPath(path)).toEqual(expected);
  });

  it.each([
    '/v2/App/tags/list', // upper case
    '/v2/team//app/tags/list', // empty segment
    '/v2//app/tags/list',
    '/v2/./app/tags/list', // dot segments
    '/v2/team/../secret/tags/list',
    '/v2/../secret/tags/list',
    '/v2/app./tags/list',
    '/v2/-app/tags/list',
    '/v2/a__-b/tags/list',
    '/v2/team%2Fapp/tags/list', // an encoded slash API Gateway did not decode is not a name character
    '/v2/app%00/tags/list',
    '/v2/app\u0000/tags/list',
    '/v2/app\n/tags/list',
    '/v2/app /tags/list',
    '/v2/ａpp/tags/list', // full-width letter
    '/v2/app/tags/list/',
    '/v2/app/manifests/',
    '/v2/app/manifests/-bad',
    '/v2/app/manifests/../../other/manifests/x',
    '/v2/app/blobs/notadigest',
    '/v2/app/blobs/sha256:',
    '/v2/app/unknown/x',
    '/v2/tags/list',
    '/v2/_catalog/x',
    `/v2/${'a'.repeat(257)}/tags/list`,
  ])('refuses %j', (path) => {
    expect(parseRegistryPath(path)).toEqual({ kind: 'invalid' });
  });
});

describe('the allow-list', () => {
  const allows = repositoryMatcher(['app', 'team/*', 'org/**', 'tools/cli']);
  it.each([
    ['app', true],
    ['team/app', true],
    ['team/app/sub', false],
    ['team', false],
    ['org/a', true],
    ['org/a/b/c', true],
    ['org', false],
    ['tools/cli', true],
    ['tools/cli2', false],
    ['tools', false],
    ['apps', false],
    ['xapp', false],
    ['App', false],
    ['teamx/app', false],
  ])('%s → %s', (name, allowed) => {
    expect(allows(name)).toBe(allowed);
  });

  it.each([
    ['app', true],
    ['team/*', true],
    ['org/**', true],
    ['*', true],
    ['a.b-c/d_e', true],
    ['Team/*', false],
    ['team/*x', false],
    ['team//app', false],
    ['../x', false],
    ['a/**/b/**', false],
    ['', false],
    ['app,x', false],
  ])('pattern %j valid: %s', (pattern, valid) => {
    expect(isRepositoryPattern(pattern)).toBe(valid);
  });

  it('does not treat a dot in a pattern as a wildcard', () => {
    expect(repositoryMatcher(['a.b/*'])('axb/c')).toBe(false);
    expect(repositoryMatcher(['a.b/*'])('a.b/c')).toBe(true);
  });
});
