import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/serve/metrics.ts';

function series(text: string, name: string): string[] {
  return text.split('\n').filter((line) => line.startsWith(`${name}{`));
}

describe('serve’s metrics', () => {
  it.each([
    [200, '2xx'],
    [206, '2xx'],
    [307, '3xx'],
    [100, '1xx'],
    [599, '5xx'],
    [99, 'other'],
    [600, 'other'],
    [999, 'other'],
    [0, 'other'],
    [200.5, 'other'],
    [Number.NaN, 'other'],
  ])('labels an answer with status %d as %s', async (status, label) => {
    const metrics = createMetrics({ door: 'cloudfront' });
    metrics.started('GET')(status, 'door');
    metrics.upstream(0.01, status);
    const text = await metrics.text();
    expect(series(text, 'ecr_custom_domain_requests_total')).toEqual([expect.stringMatching(new RegExp(`[{,]status="${label}"[,}].* 1$`))]);
    expect(series(text, 'ecr_custom_domain_upstream_duration_seconds_count')).toEqual([expect.stringMatching(new RegExp(`[{,]status="${label}"[,}].* 1$`))]);
  });

  it('counts public access’s tag scans by result and the repositories its tag publishes, when it has a tag', async () => {
    const stats = { tokensFetched: 1, tokenFetchesFailed: 0, tags: { scans: 3, failedScans: 1, tagged: 7 } };
    const metrics = createMetrics({ door: 'api-gateway', tokens: () => stats });
    let text = await metrics.text();
    expect(series(text, 'ecr_custom_domain_tag_scans_total')).toEqual([expect.stringMatching(/result="ok".* 3$/), expect.stringMatching(/result="failed".* 1$/)]);
    expect(series(text, 'ecr_custom_domain_tagged_repositories')).toEqual([expect.stringMatching(/ 7$/)]);
    stats.tags = { scans: 5, failedScans: 1, tagged: 6 };
    text = await metrics.text();
    expect(series(text, 'ecr_custom_domain_tag_scans_total')[0]).toMatch(/ 5$/);
    expect(series(text, 'ecr_custom_domain_tagged_repositories')).toEqual([expect.stringMatching(/ 6$/)]);
    expect(series(await createMetrics({ door: 'api-gateway', tokens: () => ({ tokensFetched: 0, tokenFetchesFailed: 0 }) }).text(), 'ecr_custom_domain_tag_scans_total')).toEqual([]);
  });

  it('labels an upstream request that got no answer as error', async () => {
    const metrics = createMetrics({ door: 'cloudfront' });
    metrics.upstream(0.01, 'error');
    expect(series(await metrics.text(), 'ecr_custom_domain_upstream_duration_seconds_count')).toEqual([expect.stringMatching(/[{,]status="error"[,}].* 1$/)]);
  });

  it('keeps a fixed number of series after 50,000 answers with random statuses and methods', async () => {
    const metrics = createMetrics({ door: 'cloudfront' });
    const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'get', 'M-SEARCH', 'BREW'];
    const outcomes = ['door', 'cache_hit', 'cache_fill'] as const;
    let seed = 27;
    const next = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    const empty = await metrics.text();
    for (let i = 0; i < 50_000; i++) {
      const status = next(1000);
      const method = i % 10 === 0 ? `X${next(100_000)}` : (methods[next(methods.length)] ?? 'GET');
      metrics.started(method)(status, outcomes[next(outcomes.length)] ?? 'door');
      metrics.upstream(next(1000) / 1000, i % 50 === 0 ? 'error' : status);
    }
    const text = await metrics.text();
    // 8 methods (7 and other) x 6 status labels (1xx-5xx, other) x 3 outcomes; 7 status labels (and error) upstream.
    expect(series(text, 'ecr_custom_domain_requests_total')).toHaveLength(8 * 6 * 3);
    expect(series(text, 'ecr_custom_domain_upstream_duration_seconds_count')).toHaveLength(7);
    expect(text.split('\n').length - empty.split('\n').length).toBeLessThan(400);
  });
});
