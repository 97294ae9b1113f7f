// The README and docs/ link to each other and into the repository, and name its tests and sources; a moved heading or
// file must not leave a dead link or a path to nothing.
import { describe, expect, it } from 'vitest';
import { anchors, brokenLinks, type DocFiles, docPages, headingAnchor, linkTargets, missingPaths, namedPaths, repoFiles } from '../support/docs.ts';

/** An in-memory repository: the pages given, plus any file named in `others`. */
function memory(pages: Record<string, string>, others: readonly string[] = []): DocFiles {
  return {
    read: (path) => {
      const text = pages[path];
      if (text === undefined) throw new Error(`no page ${path}`);
      return text;
    },
    exists: (path) => path in pages || others.includes(path),
  };
}

describe('the link check', () => {
  it.each([
    ['Largest layer a push can carry (cloudfront door)', 'largest-layer-a-push-can-carry-cloudfront-door'],
    ['On ECS Fargate behind a load balancer (`front_door = "ecs"`)', 'on-ecs-fargate-behind-a-load-balancer-front_door--ecs'],
    ["The function's code", 'the-functions-code'],
    ['Check your deployment: `ecr-custom-domain doctor`', 'check-your-deployment-ecr-custom-domain-doctor'],
  ])('names the heading %j #%s, as GitHub does', (heading, anchor) => {
    expect(headingAnchor(heading)).toBe(anchor);
  });

  it('numbers repeated headings and takes <a name> targets, but no heading inside a code block', () => {
    const found = anchors('# Usage\n## Usage\n<a name="input_access"></a>\n```sh\n# not a heading\n```\n');
    expect([...found].sort()).toEqual(['input_access', 'usage', 'usage-1']);
  });

  it('finds links in prose and tables, not in code', () => {
    const page = '[a](docs/a.md) | [`b.ts`](../b.ts#L1) [c](https://x.test/)\n`[d](d.md)`\n```\n[e](e.md)\n```\n';
    expect(linkTargets(page)).toEqual(['docs/a.md', '../b.ts#L1', 'https://x.test/']);
  });

  it('reports a missing file, a missing anchor, a missing anchor on the same page, and a path out of the repository', () => {
    const files = memory(
      {
        'README.md': '# Top\n[ok](docs/a.md#usage) [dir](example) [gone](docs/b.md) [bad](docs/a.md#nowhere) [up](../x.md)\n',
        'docs/a.md': '# A\n## Usage\n[home](../README.md#top) [self](#usage) [typo](#usge)\n',
      },
      ['example'],
    );
    expect(brokenLinks(['README.md', 'docs/a.md'], files)).toEqual([
      'README.md: docs/b.md (no such file)',
      'README.md: docs/a.md#nowhere (no such anchor)',
      'README.md: ../x.md (outside the repository)',
      'docs/a.md: #usge (no such anchor)',
    ]);
  });
});

describe('the path check', () => {
  it('finds test and source paths in inline code, also inside a command, and not in code blocks, placeholders or other folders', () => {
    const page = [
      'See `test/unit/a.test.ts` and `test/integration/b.test.ts`: (`src/serve/cache/`, `function/src/alias.ts`).',
      '`node_modules/.bin/vitest run test/unit/c.test.ts` `src/bin/<name>.ts` `test/**/*.test.ts` `dist/bin/x` `doctor.test.ts`',
      '```sh',
      'vitest run test/unit/d.test.ts `src/e.ts`',
      '```',
    ].join('\n');
    expect(namedPaths(page)).toEqual(['test/unit/a.test.ts', 'test/integration/b.test.ts', 'src/serve/cache/', 'function/src/alias.ts', 'test/unit/c.test.ts']);
  });

  it('reports each named path that does not exist', () => {
    const files = memory({ 'docs/a.md': '`test/unit/kept.test.ts`, `test/unit/gone.test.ts` and `src/serve/`' }, ['test/unit/kept.test.ts', 'src/serve']);
    expect(missingPaths(['docs/a.md'], files)).toEqual(['docs/a.md: test/unit/gone.test.ts (no such file)']);
  });
});

describe('README.md and docs/', () => {
  it('name only tests and sources that exist', () => {
    expect(missingPaths(docPages(), repoFiles)).toEqual([]);
  });

  it('have no broken relative link or anchor', () => {
    expect(brokenLinks(docPages(), repoFiles)).toEqual([]);
  });

  it('link every docs page from the README', () => {
    const linked = new Set(linkTargets(repoFiles.read('README.md')).map((target) => target.split('#')[0]));
    expect(docPages().filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });

  it('keep the README within 250 lines', () => {
    const lines = repoFiles.read('README.md').replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(250);
  });
});
