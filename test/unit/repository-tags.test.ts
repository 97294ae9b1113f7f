import { describe, expect, it } from 'vitest';
import type { TagScan, TagVerdict } from '../../src/core/ecr.ts';
import { createTaggedRepositories, publicMatcher, type ScanTags } from '../../function/src/repository-tags.ts';
import { repositoryMatcher } from '../../src/core/registry-path.ts';
import { parseRepositoryTag } from '../../src/core/repository-tag.ts';
import { readConfig } from '../../src/core/config.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** A scan the test answers: each call takes the next answer (a verdict map, an error, or `stall`). */
function scripted() {
  const answers: (Record<string, TagVerdict> | Error | 'stall')[] = [];
  let calls = 0;
  const scan: ScanTags = (signal) => {
    calls++;
    const next = answers.shift() ?? new Error('no answer scripted');
    if (next === 'stall') return new Promise<TagScan>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve({ repositories: new Map(Object.entries(next)), truncated: false });
  };
  return { scan, answers, calls: () => calls };
}

describe('repositories published by an ECR tag', () => {
  it('serves nothing by tag before the first scan, then what that scan saw tagged', async () => {
    const { scan, answers } = scripted();
    answers.push({ app: 'tagged', other: 'untagged', hidden: 'unknown' });
    const tags = createTaggedRepositories(scan);
    expect(tags.list()).toEqual([]);
    await tags.ready();
    expect([tags.allows('app'), tags.allows('other'), tags.allows('hidden'), tags.allows('missing')]).toEqual([true, false, false, false]);
    expect(tags.list()).toEqual(['app']);
  });

  it('scans once for many readers, and again only when the set is 0.4 TTL old', async () => {
    let t = 0;
    const { scan, answers, calls } = scripted();
    answers.push({ app: 'tagged' }, { app: 'untagged' });
    const tags = createTaggedRepositories(scan, { now: () => t, ttlMs: 10_000 });
    for (let i = 0; i < 100; i++) tags.allows('app');
    await tags.ready();
    expect(calls()).toBe(1);
    t = 3_999;
    expect(tags.allows('app')).toBe(true);
    expect(calls()).toBe(1);
    t = 4_000;
    // The due scan starts in the background; this read still answers from the known set.
    expect(tags.allows('app')).toBe(true);
    expect(calls()).toBe(2);
    await tags.refresh();
    expect(tags.allows('app')).toBe(false);
  });

  it('keeps what it knew when a scan fails, adds nothing, and backs off before the next scan', async () => {
    let t = 0;
    const { scan, answers, calls } = scripted();
    answers.push({ app: 'tagged' }, new Error('ThrottlingException'), { app: 'tagged', fresh: 'tagged' });
    const tags = createTaggedRepositories(scan, { now: () => t, ttlMs: 10_000, backoffMs: { first: 1_000, max: 8_000 } });
    await tags.ready();
    t = 5_000;
    await tags.refresh();
    expect(tags.stats()).toMatchObject({ scans: 1, failedScans: 1, tagged: 1 });
    expect([tags.allows('app'), tags.allows('fresh')]).toEqual([true, false]);
    t = 5_999;
    tags.allows('app');
    expect(calls()).toBe(2);
    t = 6_000;
    tags.allows('app');
    expect(calls()).toBe(3);
    await tags.refresh();
    expect(tags.list()).toEqual(['app', 'fresh']);
  });

  it('keeps an earlier verdict for a repository whose tags could not be read, and never serves one it never saw tagged', async () => {
    const { scan, answers } = scripted();
    answers.push({ app: 'tagged', other: 'untagged' }, { app: 'unknown', other: 'unknown', fresh: 'unknown' });
    const tags = createTaggedRepositories(scan);
    await tags.refresh();
    await tags.refresh();
    expect([tags.allows('app'), tags.allows('other'), tags.allows('fresh')]).toEqual([true, false, false]);
  });

  it('stops serving a tagged repository that no scan confirmed for maxStaleMs, whatever failed', async () => {
    let t = 0;
    const { scan, answers } = scripted();
    answers.push({ app: 'tagged' }, new Error('down'), { app: 'unknown' });
    const tags = createTaggedRepositories(scan, { now: () => t, maxStaleMs: 60_000 });
    await tags.refresh();
    t = 30_000;
    await tags.refresh();
    await tags.refresh();
    expect(tags.allows('app')).toBe(true);
    t = 60_000;
    expect(tags.allows('app')).toBe(false);
    expect(tags.list()).toEqual([]);
  });

  it('forgets repositories the registry no longer lists', async () => {
    const { scan, answers } = scripted();
    answers.push({ app: 'tagged', gone: 'tagged' }, { app: 'tagged' });
    const tags = createTaggedRepositories(scan);
    await tags.refresh();
    await tags.refresh();
    expect(tags.list()).toEqual(['app']);
  });

  it('gives up on a stalled scan at half the TTL; readers are answered meanwhile', async () => {
    const { scan, answers } = scripted();
    answers.push({ app: 'tagged' }, 'stall');
    const tags = createTaggedRepositories(scan, { ttlMs: 200 });
    await tags.refresh();
    const stalled = tags.refresh();
    expect(tags.allows('app')).toBe(true);
    const started = performance.now();
    await stalled;
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(tags.stats()).toMatchObject({ failedScans: 1, tagged: 1 });
  });

  it('has nothing to wait for while the set is current, and the scan to wait for when it is cold or idle past the TTL', async () => {
    let t = 0;
    const { scan, answers, calls } = scripted();
    answers.push({ app: 'tagged' }, { app: 'untagged' });
    const tags = createTaggedRepositories(scan, { now: () => t, ttlMs: 10_000 });
    // Cold: the first scan starts, and is what to wait for.
    const first = tags.settling();
    expect(first).toBeInstanceOf(Promise);
    expect(tags.settling()).toBe(first);
    await first;
    expect(calls()).toBe(1);
    t = 9_999;
    expect(tags.settling()).toBeUndefined();
    expect(calls()).toBe(1);
    // No read for longer than the TTL: nothing scanned meanwhile, so the next request waits for a fresh scan.
    t = 10_000;
    const idle = tags.settling();
    expect(idle).toBeInstanceOf(Promise);
    expect(tags.allows('app')).toBe(true);
    await idle;
    expect(calls()).toBe(2);
    expect(tags.allows('app')).toBe(false);
  });

  it('has nothing to wait for after a failed scan: what is known stands until a scan ends well', async () => {
    let t = 0;
    const { scan, answers, calls } = scripted();
    answers.push(new Error('AccessDeniedException'), { app: 'tagged' });
    const tags = createTaggedRepositories(scan, { now: () => t, ttlMs: 10_000, backoffMs: { first: 1_000, max: 1_000 } });
    await tags.settling();
    expect(tags.settling()).toBeUndefined();
    t = 1_000;
    expect(tags.settling()).toBeUndefined();
    expect(tags.allows('app')).toBe(false);
    await tags.refresh();
    expect(calls()).toBe(2);
    expect(tags.allows('app')).toBe(true);
    expect(tags.settling()).toBeUndefined();
  });

  it('allows a repository that is listed or tagged, and no other', async () => {
    const { scan, answers } = scripted();
    answers.push({ 'shared/tool': 'tagged', 'team/secret': 'untagged' });
    const tags = createTaggedRepositories(scan);
    await tags.ready();
    const allows = publicMatcher(repositoryMatcher(['app', 'team/*']), tags);
    expect(['app', 'team/x', 'shared/tool', 'team/secret', 'shared/other'].map(allows)).toEqual([true, true, true, true, false]);
    expect(publicMatcher(repositoryMatcher(['app']), undefined)('shared/tool')).toBe(false);
  });
});

describe('the publishing tag setting', () => {
  it('reads KEY=VALUE at the first "=" and keeps the value as it is', () => {
    expect(parseRepositoryTag('public=true', 'X')).toEqual({ key: 'public', value: 'true' });
    expect(parseRepositoryTag('team:visibility=a=b c', 'X')).toEqual({ key: 'team:visibility', value: 'a=b c' });
    expect(parseRepositoryTag('public=', 'X')).toEqual({ key: 'public', value: '' });
  });

  it.each([
    ['public', /^X must be KEY=VALUE/],
    ['=true', /key must have 1 to 128 characters/],
    [`${'k'.repeat(129)}=v`, /key must have 1 to 128 characters/],
    [`k=${'v'.repeat(257)}`, /value must have at most 256 characters/],
    ['pub<lic=true', /letters, digits, spaces/],
    ['public=tr"ue', /letters, digits, spaces/],
    ['aws:public=true', /reserved for AWS/],
    ['public=AWS:x', /reserved for AWS/],
  ])('refuses %j with one line naming the setting', (text, message) => {
    expect(() => parseRepositoryTag(text, 'X')).toThrow(message);
  });

  it('lets public access run on a tag alone, and still needs a tag or a repository', () => {
    const config = readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORY_TAG: 'public=true' });
    expect(config.public).toMatchObject({ repositories: [], repositoryTag: { key: 'public', value: 'true' } });
    expect(config.public?.allows('app')).toBe(false);
    expect(readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app' }).public?.repositoryTag).toBeUndefined();
    expect(() => readConfig({ ECR_REGISTRY: registry, ACCESS: 'public' })).toThrow(/^PUBLIC_REPOSITORIES is empty.*PUBLIC_REPOSITORY_TAG/);
    expect(() => readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORY_TAG: 'aws:x=1' })).toThrow(/^PUBLIC_REPOSITORY_TAG has "aws:x=1"/);
  });

  it('reads the tag TTL in whole seconds, 1 to 3600, and only with a tag', () => {
    const env = { ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORY_TAG: 'public=true' };
    expect(readConfig({ ...env, PUBLIC_REPOSITORY_TAG_TTL: '300' }).public?.repositoryTagTtlSeconds).toBe(300);
    expect(readConfig(env).public?.repositoryTagTtlSeconds).toBeUndefined();
    for (const ttl of ['0', '3601', '1.5', '60s', '-1']) {
      expect(() => readConfig({ ...env, PUBLIC_REPOSITORY_TAG_TTL: ttl })).toThrow(/^PUBLIC_REPOSITORY_TAG_TTL must be a whole number of seconds from 1 to 3600 \(default 60\)/);
    }
    expect(() => readConfig({ ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'app', PUBLIC_REPOSITORY_TAG_TTL: '30' })).toThrow(/^PUBLIC_REPOSITORY_TAG_TTL goes with PUBLIC_REPOSITORY_TAG/);
  });
});
