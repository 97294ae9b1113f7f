// The registry page for a registry of 1,000 repositories (3 tags each): server time to make a page from an
// in-memory registry that answers each call after 10 ms (cold: every manifest and config read; warm: all kept),
// and to render all 1,000 repositories on one page, the largest page the renderer could be asked for.
import { createPageSource } from '../function/src/page-data.ts';
import { type PageModel, renderPage, type RepositorySummary } from '../function/src/page.ts';
import { fakeRegistry } from '../test/support/page-registry.ts';
import { median, type Report } from './report.ts';

const REPOSITORIES = 1_000;
const GOAL_MS = 1_000;

function registry() {
  const r = fakeRegistry({ delayMs: 10 });
  const names: string[] = [];
  for (let i = 0; i < REPOSITORIES; i++) {
    const name = `team-${i % 10}/service-${i}`;
    names.push(name);
    for (const tag of ['latest', 'v1.1', 'v1.0']) {
      const image = r.image({ architecture: 'amd64', os: 'linux', created: '2024-05-01T12:34:56Z', config: { Labels: { 'org.opencontainers.image.description': `Service ${i}, ${tag}` } } }, [1_000_000 + i, 2_000_000]);
      r.tag(name, tag, image.digest);
    }
  }
  return { r, names: names.sort() };
}

function wholeRegistry(): PageModel {
  const repositories: RepositorySummary[] = Array.from({ length: REPOSITORIES }, (_, i) => ({
    name: `team-${i % 10}/service-${i}`,
    description: `Service ${i} <with markup & quotes "to escape">`,
    source: `https://github.com/example/service-${i}`,
    tagCount: 3,
    tags: ['latest', 'v1.1', 'v1.0'].map((name) => ({ name, digest: `sha256:${'a'.repeat(64)}`, platforms: [{ os: 'linux', architecture: 'amd64', size: 3_000_000 + i }], size: 3_000_000 + i, created: '2024-05-01T12:34:56Z' })),
  }));
  return { host: 'ecr.example.com', login: false, view: { kind: 'index', page: 1, pageCount: 1, total: REPOSITORIES, search: '', repositories } };
}

export default async function bench(report: Report): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const last: number[] = [];
  for (let round = 0; round < 5; round++) {
    const { r, names } = registry();
    const source = createPageSource(r.reader, async () => names);
    let started = performance.now();
    const first = await source.answer('', 'ecr.example.com');
    cold.push(performance.now() - started);
    if (first.status !== 200 || !first.body.includes('1,000 repositories')) throw new Error(`page answered ${first.status}`);
    started = performance.now();
    await source.answer('', 'ecr.example.com');
    warm.push(performance.now() - started);
    started = performance.now();
    const end = await source.answer('page=50', 'ecr.example.com');
    last.push(performance.now() - started);
    if (end.status !== 200) throw new Error(`last page answered ${end.status}`);
  }
  report({ name: 'registry page of 1,000 repositories, first page, cold (reads at 10 ms a call + render)', value: median(cold), baseline: GOAL_MS, unit: 'ms', baselineName: 'the 1 s goal', goal: { max: 1 } });
  report({ name: 'registry page of 1,000 repositories, first page, warm', value: median(warm), baseline: GOAL_MS, unit: 'ms', baselineName: 'the 1 s goal', goal: { max: 1 } });
  report({ name: 'registry page of 1,000 repositories, last page, cold', value: median(last), baseline: GOAL_MS, unit: 'ms', baselineName: 'the 1 s goal', goal: { max: 1 } });

  const model = wholeRegistry();
  const render: number[] = [];
  const stringify: number[] = [];
  for (let round = 0; round < 20; round++) {
    let started = performance.now();
    renderPage(model);
    render.push(performance.now() - started);
    started = performance.now();
    JSON.stringify(model);
    stringify.push(performance.now() - started);
  }
  report({ name: 'renderPage: all 1,000 repositories (3,000 tags) on one page', value: Math.min(...render), baseline: GOAL_MS, unit: 'ms', baselineName: 'the 1 s goal', goal: { max: 1 } });
  report({ name: 'renderPage: all 1,000 repositories on one page', value: Math.min(...render), baseline: Math.min(...stringify), unit: 'ms', baselineName: 'JSON.stringify of its data' });
}
