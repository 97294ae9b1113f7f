import { describe, expect, it } from 'vitest';
import { allowedRepositories, createPageSource, tagOrder } from '../../function/src/page-data.ts';
import type { IndexView, PageModel, RepositoryView } from '../../function/src/page.ts';
import { createTaggedRepositories } from '../../function/src/repository-tags.ts';
import { fakeRegistry, OCI_INDEX, OCI_MANIFEST } from '../support/page-registry.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const host = 'ecr.example.com';

/** A registry with an image, a multi-platform index, an empty repository and one another team keeps private. */
function registry() {
  const r = fakeRegistry();
  const app = r.image({ architecture: 'amd64', os: 'linux', created: '2024-05-01T12:34:56Z', config: { Labels: { 'org.opencontainers.image.description': HOSTILE, 'org.opencontainers.image.source': 'https://github.com/example/app' } } }, [1_000, 2_000]);
  const old = r.image({ architecture: 'amd64', os: 'linux', created: '1970-01-01T00:00:00Z' }, [500]);
  r.tag('app', 'latest', app.digest);
  r.tag('app', 'v1.9', old.digest);
  r.tag('app', 'v1.10', app.digest);
  r.tag('app', '<bad>', app.digest);
  const amd64 = r.image({ architecture: 'amd64', os: 'linux', config: { Labels: { 'org.opencontainers.image.description': 'from a label' } } }, [3_000_000]);
  const arm64 = r.image({ architecture: 'arm64', variant: 'v8', os: 'linux' }, [2_900_000]);
  const attestation = r.manifest({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.in-toto+json', digest: `sha256:${'f'.repeat(64)}`, size: 1 }, layers: [] });
  const index = r.manifest({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      { mediaType: OCI_MANIFEST, ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: OCI_MANIFEST, ...arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { mediaType: OCI_MANIFEST, ...attestation, platform: { os: 'unknown', architecture: 'unknown' } },
    ],
    annotations: { 'org.opencontainers.image.description': 'Tools, for two platforms.' },
  });
  r.tag('tools/lint', '1.0', index.digest);
  r.tags.set('empty', new Map());
  r.catalog.push('empty');
  const secret = r.image({ architecture: 'amd64', os: 'linux' }, [1]);
  r.tag('team/secret', 'latest', secret.digest);
  return { ...r, digests: { app: app.digest, old: old.digest, oldConfig: old.config, index: index.digest } };
}

const listed = (names: string[]) => async () => names;

function asIndex(model: Awaited<ReturnType<ReturnType<typeof createPageSource>['model']>>): IndexView {
  if ('status' in model || model.view.kind !== 'index') throw new Error(`not an index page: ${JSON.stringify(model)}`);
  return model.view;
}

describe('the registry page’s data', () => {
  it('reads each shown tag’s digest, platforms, compressed sizes, created time, description and source', async () => {
    const r = registry();
    const source = createPageSource(r.reader, listed(['app', 'empty', 'tools/lint']));
    const view = asIndex(await source.model({ kind: 'index', page: 1, search: '' }, host));
    expect(view).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    const [app, empty, tools] = view.repositories;
    expect(app).toEqual({
      name: 'app',
      description: HOSTILE,
      source: 'https://github.com/example/app',
      tagCount: 3,
      tags: [
        { name: 'latest', digest: r.digests.app, platforms: [{ os: 'linux', architecture: 'amd64', size: expect.any(Number) }], size: expect.any(Number), created: '2024-05-01T12:34:56.000Z' },
        { name: 'v1.10', digest: r.digests.app, platforms: [{ os: 'linux', architecture: 'amd64', size: expect.any(Number) }], size: expect.any(Number), created: '2024-05-01T12:34:56.000Z' },
        // Reproducible builds write the zero time: no created time then.
        { name: 'v1.9', digest: r.digests.old, platforms: [{ os: 'linux', architecture: 'amd64', size: expect.any(Number) }], size: expect.any(Number) },
      ],
    });
    // Config and layers: the config's own bytes plus 1,000 + 2,000.
    expect((app?.tags[0]?.size ?? 0) - 3_000).toBeGreaterThan(50);
    expect(empty).toEqual({ name: 'empty', tagCount: 0, tags: [] });
    expect(tools).toMatchObject({ name: 'tools/lint', description: 'Tools, for two platforms.', tagCount: 1 });
    expect(tools?.tags[0]).toMatchObject({ name: '1.0', digest: r.digests.index, platforms: [{ os: 'linux', architecture: 'amd64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }] });
    expect(tools?.tags[0]?.platforms.map((p) => p.size)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(tools?.tags[0]?.size).toBeUndefined();
    // Configs come from the storage the registry redirects to, each read once for both tags of one digest.
    expect(r.calls.filter((call) => call.startsWith('https://storage.example/'))).toHaveLength(3);
  });

  it('orders tags newest-looking first: latest, then descending natural order', () => {
    expect(['1.2', 'v1.9', 'latest', 'v1.10', '2024-05-01', '2023-12-31', 'v2'].sort(tagOrder)).toEqual(['latest', 'v2', 'v1.10', 'v1.9', '2024-05-01', '2023-12-31', '1.2']);
  });

  it('reads the catalog only for globs, keeps the repositories listed or tagged, and never asks about another', async () => {
    const r = registry();
    const scan = async () => ({ repositories: new Map([['tools/lint', 'tagged' as const], ['team/secret', 'untagged' as const]]), truncated: false });
    const tagged = createTaggedRepositories(scan);
    await tagged.ready();
    const signal = AbortSignal.timeout(5_000);
    expect(await allowedRepositories(r.reader, { listed: ['app', 'empty'], tagged }, signal)).toEqual(['app', 'empty', 'tools/lint']);
    expect(r.calls).toEqual([]);
    // "*" is one path segment: app and empty, not team/secret; tools/lint comes from its tag.
    expect(await allowedRepositories(r.reader, { listed: ['*'], tagged }, signal)).toEqual(['app', 'empty', 'tools/lint']);
    expect(r.calls).toEqual(['/v2/_catalog?n=1000']);

    const source = createPageSource(r.reader, (s) => allowedRepositories(r.reader, { listed: ['*'], tagged }, s));
    const answer = await source.answer('', host);
    expect(answer.body).toContain('3 repositories');
    expect(answer.body).not.toContain('secret');
    expect((await source.answer('repository=team%2Fsecret', host)).status).toBe(404);
    // The list is kept for the TTL, but a repository denied meanwhile leaves the page at once.
    let allowsLint = true;
    const live = createPageSource(r.reader, listed(['app', 'tools/lint']), { allows: (name) => name !== 'tools/lint' || allowsLint });
    expect((await live.answer('', host)).body).toContain('tools/lint');
    allowsLint = false;
    expect((await live.answer('', host)).body).not.toContain('tools/lint');
    expect((await live.answer('repository=tools%2Flint', host)).status).toBe(404);
    expect(r.calls.filter((call) => call.includes('team/secret'))).toEqual([]);
  });

  it('pages the repositories and a repository’s tags, and says 404 past the last page', async () => {
    const r = registry();
    const source = createPageSource(r.reader, listed(['app', 'empty', 'tools/lint']), { sizes: { repositories: 2, tagsPerRepository: 1, tags: 2 } });
    const first = asIndex(await source.model({ kind: 'index', page: 1, search: '' }, host));
    expect(first.repositories.map((repository) => [repository.name, repository.tags.length, repository.tagCount])).toEqual([
      ['app', 1, 3],
      ['empty', 0, 0],
    ]);
    expect(asIndex(await source.model({ kind: 'index', page: 2, search: '' }, host)).repositories.map((repository) => repository.name)).toEqual(['tools/lint']);
    expect(await source.model({ kind: 'index', page: 3, search: '' }, host)).toEqual({ status: 404, message: 'There are 2 pages of repositories.' });
    const tags = (await source.model({ kind: 'repository', name: 'app', page: 2 }, host)) as PageModel;
    expect((tags.view as RepositoryView).repository.tags.map((tag) => tag.name)).toEqual(['v1.9']);
    expect((tags.view as RepositoryView).pageCount).toBe(2);
    expect(await source.model({ kind: 'repository', name: 'app', page: 3 }, host)).toEqual({ status: 404, message: 'app has 2 pages of tags.' });
    expect(asIndex(await source.model({ kind: 'index', page: 1, search: 'LINT' }, host))).toMatchObject({ total: 1, repositories: [{ name: 'tools/lint' }] });
  });

  it('asks the registry again only for tag lists and tag digests once they are older than the TTL', async () => {
    let t = 0;
    const r = registry();
    const source = createPageSource(r.reader, listed(['app', 'tools/lint']), { now: () => t, ttlMs: 30_000 });
    await source.answer('', host);
    const first = r.calls.length;
    await source.answer('', host);
    expect(r.calls.length).toBe(first);
    t = 30_000;
    r.calls.length = 0;
    await source.answer('', host);
    // Two tag lists and four tags' manifests; manifests by digest and configs stay known.
    expect(r.calls.sort()).toEqual(['/v2/app/manifests/latest', '/v2/app/manifests/v1.10', '/v2/app/manifests/v1.9', '/v2/app/tags/list?n=1000', '/v2/tools/lint/manifests/1.0', '/v2/tools/lint/tags/list?n=1000']);
  });

  it('makes the page by its deadline when the registry stalls, showing what it could not read as unknown', async () => {
    const r = registry();
    r.stalled.add('/v2/tools/lint/tags/list');
    r.stalled.add(`https://storage.example/${r.digests.oldConfig}`);
    const source = createPageSource(r.reader, listed(['app', 'tools/lint']), { deadlineMs: 300 });
    const started = performance.now();
    const view = asIndex(await source.model({ kind: 'index', page: 1, search: '' }, host));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(view.repositories[1]).toEqual({ name: 'tools/lint', tagCount: 0, tags: [], unavailable: true });
    expect(view.repositories[0]?.tags.map((tag) => [tag.name, tag.platforms.length])).toEqual([
      ['latest', 1],
      ['v1.10', 1],
      ['v1.9', 0],
    ]);
    expect(view.repositories[0]?.tags[2]?.digest).toBe(r.digests.old);
  });

  it('answers 503 when the repositories cannot be listed, 400 for a query it cannot read, and escapes what the registry says', async () => {
    const r = registry();
    const down = createPageSource(r.reader, async () => {
      throw new Error('catalog down');
    });
    expect((await down.answer('', host)).status).toBe(503);
    const source = createPageSource(r.reader, listed(['app']));
    expect((await source.answer('page=abc', host)).status).toBe(400);
    const { status, body } = await source.answer('', host);
    expect(status).toBe(200);
    expect(body).toContain('<p class="description">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(body).not.toContain('<img');
    expect(body).not.toContain('&lt;bad&gt;');
  });

  it('shows a repository whose tag list fails as unavailable, without failing the page', async () => {
    const r = registry();
    r.failing.add('/v2/app/tags/list');
    const view = asIndex(await createPageSource(r.reader, listed(['app', 'tools/lint'])).model({ kind: 'index', page: 1, search: '' }, host));
    expect(view.repositories.map((repository) => [repository.name, repository.unavailable === true])).toEqual([
      ['app', true],
      ['tools/lint', false],
    ]);
  });
});
