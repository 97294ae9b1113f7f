/**
 * Publishing by ECR tag with the real SDK (@aws-sdk/client-ecr) against the ECR API stand-in on 127.0.0.140,
 * reached through AWS_ENDPOINT_URL_ECR: tagging and untagging in the stand-in, its errors and its stalls.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTaggedRepositories, ecrTagScan } from '../../function/src/repository-tags.ts';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const TAG = { key: 'public', value: 'true' };

let api: EcrApiStandIn;

/** Polls `condition` every 20 ms for up to `ms`; the time it took, or undefined. */
async function within(ms: number, condition: () => boolean): Promise<number | undefined> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (condition()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition() ? performance.now() - started : undefined;
}

beforeAll(async () => {
  api = await startEcrApiStandIn({ host: '127.0.0.140' });
  // The SDK reads its endpoint and credentials from the environment, as in Lambda; this file runs in its own worker.
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_ECR: api.url,
    AWS_ACCESS_KEY_ID: 'AKIATAGSCAN000000001',
    AWS_SECRET_ACCESS_KEY: 'tag-scan-secret',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
});
afterAll(async () => {
  await api.close();
});

beforeEach(() => {
  for (const name of ['app', 'tools/lint', 'private', 'other-value', 'later']) api.deleteRepository(name);
  api.tag('app', { public: 'true', team: 'a' });
  api.tag('tools/lint', { public: 'true' });
  api.tag('private', { team: 'a' });
  api.tag('other-value', { public: 'false' });
  api.setMode('ok');
  for (const name of ['app', 'later']) api.setTagsMode(name, undefined);
  api.calls.length = 0;
});

describe('repositories published by an ECR tag, learned with the real SDK', () => {
  it('serves the tagged repositories once the first scan ends, and no other', async () => {
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG, { concurrency: 2 }));
    expect(tags.allows('app')).toBe(false);
    await tags.ready();
    expect(tags.list()).toEqual(['app', 'tools/lint']);
    expect(['private', 'other-value', 'missing'].map(tags.allows)).toEqual([false, false, false]);
    expect(api.calls.filter((call) => call.operation === 'DescribeRepositories')).toHaveLength(1);
    expect(api.calls.filter((call) => call.operation === 'ListTagsForResource').map((call) => call.repository).sort()).toEqual(['app', 'other-value', 'private', 'tools/lint']);
    expect(api.calls.every((call) => call.region === 'us-east-1' && call.accessKeyId === 'AKIATAGSCAN000000001')).toBe(true);
  });

  it('pages through DescribeRepositories, stops at the maximum, and asks no tags of the listed repositories', async () => {
    for (let i = 0; i < 5; i++) api.tag(`bulk/r${i}`, { public: 'true' });
    try {
      const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG, { maxRepositories: 7, skip: (name) => name === 'app' }));
      await tags.ready();
      // Creation order: app, tools/lint, private, other-value, bulk/r0..r4; seven looked at, app skipped.
      expect(tags.list()).toEqual(['bulk/r0', 'bulk/r1', 'bulk/r2', 'tools/lint']);
      expect(tags.stats().truncated).toBe(true);
      expect(api.calls.some((call) => call.repository === 'app')).toBe(false);
    } finally {
      for (let i = 0; i < 5; i++) api.deleteRepository(`bulk/r${i}`);
    }
  });

  it('stops serving a repository within the TTL of its tag being removed while requests come, and serves a newly tagged one', async () => {
    const ttlMs = 3_000;
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG), { ttlMs });
    await tags.ready();
    expect(tags.allows('app')).toBe(true);
    api.untag('app', ['public']);
    api.tag('later', { public: 'true' });
    // Each poll is a request: scans follow traffic.
    const took = await within(2 * ttlMs, () => !tags.allows('app') && tags.allows('later'));
    expect(took).toBeDefined();
    expect(took).toBeLessThanOrEqual(ttlMs);
  });

  it('makes no ECR call while nobody asks, and has the next request wait for a fresh scan once the set is older than the TTL', async () => {
    const ttlMs = 1_000;
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG), { ttlMs });
    await tags.ready();
    const calls = api.calls.length;
    api.untag('app', ['public']);
    await new Promise((resolve) => setTimeout(resolve, 1.5 * ttlMs));
    expect(api.calls.length).toBe(calls);
    const scan = tags.settling();
    expect(scan).toBeDefined();
    await scan;
    expect(tags.allows('app')).toBe(false);
    expect(tags.settling()).toBeUndefined();
  });

  it('keeps the known set while the API errors, and never serves a repository it did not see tagged', async () => {
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG), { backoffMs: { first: 10_000, max: 10_000 } });
    await tags.ready();
    api.setMode('server-error', 'DescribeRepositories');
    api.tag('later', { public: 'true' });
    await tags.refresh();
    expect(tags.stats()).toMatchObject({ scans: 1, failedScans: 1 });
    expect(tags.list()).toEqual(['app', 'tools/lint']);
    expect(tags.allows('later')).toBe(false);
    // The SDK retried the 500s within the scan; the backoff keeps readers from starting another.
    const calls = api.calls.length;
    for (let i = 0; i < 50; i++) tags.allows('app');
    expect(api.calls.length).toBe(calls);
  });

  it('keeps one repository’s earlier verdict when its tags cannot be read, and leaves a new one out', async () => {
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG));
    await tags.ready();
    api.setTagsMode('app', 'access-denied');
    api.tag('later', { public: 'true' });
    api.setTagsMode('later', 'access-denied');
    await tags.refresh();
    expect(tags.stats()).toMatchObject({ scans: 2, failedScans: 0 });
    expect(tags.list()).toEqual(['app', 'tools/lint']);
  });

  it('answers readers at once while the API stalls, and gives the stalled scan up at half the TTL', async () => {
    const ttlMs = 2_000;
    const tags = createTaggedRepositories(ecrTagScan(REGISTRY, 'us-east-1', TAG), { ttlMs });
    await tags.ready();
    api.setMode('stall');
    const scan = tags.refresh();
    const started = performance.now();
    const answers = Array.from({ length: 1_000 }, () => tags.allows('app'));
    // 1,000 reads during the stall: a generous guard, not a timing goal (each is a map lookup).
    expect(performance.now() - started).toBeLessThan(500);
    expect(answers.every(Boolean)).toBe(true);
    await scan;
    expect(performance.now() - started).toBeLessThan(ttlMs);
    expect(tags.stats()).toMatchObject({ failedScans: 1, tagged: 2 });
    expect(api.calls.at(-1)).toMatchObject({ operation: 'DescribeRepositories', mode: 'stall' });
  });
});
