import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, formatSize, httpUrl, PAGE_CSP, type PageModel, pageRequest, renderMessage, renderPage, type RepositorySummary } from '../../function/src/page.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const host = 'ecr.example.com';

const app: RepositorySummary = {
  name: 'app',
  description: 'The app.',
  source: 'https://github.com/example/app',
  tagCount: 7,
  tags: [
    { name: 'latest', digest: `sha256:${'a'.repeat(64)}`, platforms: [{ os: 'linux', architecture: 'amd64', size: 12_345_678 }, { os: 'linux', architecture: 'arm64', variant: 'v8', size: 11_000_000 }] },
    { name: 'v1.0', digest: `sha256:${'b'.repeat(64)}`, platforms: [{ os: 'linux', architecture: 'amd64' }], size: 842, created: '2024-05-01T12:34:56Z' },
  ],
};

function index(repositories: RepositorySummary[], over: Partial<Extract<PageModel['view'], { kind: 'index' }>> = {}): PageModel {
  return { host, login: false, view: { kind: 'index', page: 1, pageCount: 1, total: repositories.length, search: '', repositories, ...over } };
}

// Every element the page may contain; anything else in the markup came from a value that was not escaped.
const ELEMENTS = new Set('html head meta title style body a header h1 h2 p main form label input button section div table caption thead tbody tr th td code ul li span data time nav footer script'.split(' '));

const START_TAG = /<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>"'/]+(?:="[^"]*")?)*)\s*>/g;
const END_TAG = /<\/([a-zA-Z][a-zA-Z0-9-]*)>/g;

/**
 * The markup outside the page's own style and script, read as a browser would: every element and attribute name
 * (attribute values are double-quoted), and what is left once tags are taken out, where no "<" or ">" may remain.
 */
function markup(body: string) {
  const outside = body.replace(/<style>[\s\S]*?<\/style>/, '<style></style>').replace(/<script>[\s\S]*?<\/script>/, '<script></script>').replace(/^<!doctype html>/, '');
  const elements = new Set<string>();
  const attributes = new Set<string>();
  const hrefs: string[] = [];
  for (const [, name = '', attrs = ''] of outside.matchAll(START_TAG)) {
    elements.add(name.toLowerCase());
    for (const [, attribute = '', value] of attrs.matchAll(/\s+([^\s=>"'/]+)(?:="([^"]*)")?/g)) {
      attributes.add(attribute.toLowerCase());
      if (attribute === 'href') hrefs.push(value ?? '');
    }
  }
  for (const [, name = ''] of outside.matchAll(END_TAG)) elements.add(name.toLowerCase());
  const text = outside.replace(START_TAG, '').replace(END_TAG, '');
  return { elements, attributes, hrefs, stray: text.match(/[<>]/g) ?? [], scripts: (body.match(/<script/g) ?? []).length };
}

const ATTRIBUTES = new Set('lang charset name content class href id role method action for type maxlength value aria-labelledby aria-label aria-current tabindex scope title rel readonly datetime'.split(' '));

function expectInert(body: string): void {
  const found = markup(body);
  expect([...found.elements].filter((element) => !ELEMENTS.has(element))).toEqual([]);
  expect([...found.attributes].filter((attribute) => !ATTRIBUTES.has(attribute))).toEqual([]);
  expect(found.stray).toEqual([]);
  expect(found.scripts).toBe(1);
  expect(found.hrefs.filter((href) => !/^(?:\/|#main$|https?:\/\/)/.test(href))).toEqual([]);
}

describe('the registry page', () => {
  it('shows each repository with its tags, digests, platforms, sizes, created time and pull commands', () => {
    const { status, headers, body } = renderPage(index([app]));
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body).toContain('<h2 id="r1"><a href="/?repository=app">app</a></h2>');
    expect(body).toContain('<p class="description">The app.</p>');
    expect(body).toContain('<a href="https://github.com/example/app" rel="noopener noreferrer nofollow">https://github.com/example/app</a>');
    expect(body).toContain('<li>linux/amd64 <span class="muted">12.3 MB</span></li><li>linux/arm64/v8 <span class="muted">11.0 MB</span></li>');
    expect(body).toContain('<data value="11000000">11.0 MB – 12.3 MB</data>');
    expect(body).toContain('<code title="sha256:bbbb');
    expect(body).toContain('<data value="842">842 B</data>');
    expect(body).toContain('<time datetime="2024-05-01T12:34:56.000Z">2024-05-01 12:34 UTC</time>');
    expect(body).toContain('<input id="r1-1" readonly value="docker pull ecr.example.com/app:latest">');
    expect(body).toContain('<input id="r1-2" readonly value="docker pull ecr.example.com/app:v1.0">');
    expect(body).toContain('<a href="/?repository=app">All 7 tags of app</a>');
    expectInert(body);
  });

  it('shows what a hostile registry says as text: descriptions, tag and repository names, hosts, digests, platforms', () => {
    const hostile: RepositorySummary = {
      name: `x"><svg onload=alert(1)>`,
      description: HOSTILE,
      source: 'javascript:alert(1)',
      tagCount: 1,
      tags: [{ name: `<script>alert(1)</script>`, digest: `"><img src=x onerror=alert(2)>`, platforms: [{ os: HOSTILE, architecture: `'onfocus='alert(3)` }], created: HOSTILE }],
    };
    const { body } = renderPage({ host: `evil"><img src=x onerror=alert(4)>`, login: true, view: { kind: 'index', page: 1, pageCount: 1, total: 1, search: `"><img src=x onerror=alert(5)>`, repositories: [hostile] } });
    expect(body).toContain('<p class="description">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(body).toContain('<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>');
    expect(body).not.toContain('javascript:');
    expect(body).not.toContain('Source:');
    expectInert(body);
  });

  it('links a source only when it is an http(s) URL without credentials', () => {
    expect(httpUrl('https://github.com/example/app')).toBe('https://github.com/example/app');
    expect(httpUrl('http://example.com/a b"c')).toBe('http://example.com/a%20b%22c');
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'vbscript:x', '//example.com/x', '/relative', 'https://user:pass@example.com/', 'ftp://example.com/', '']) {
      expect(httpUrl(bad), bad).toBeUndefined();
    }
    const { body } = renderPage(index([{ ...app, source: 'https://example.com/"onmouseover="alert(1)' }]));
    expect(body).toContain('href="https://example.com/%22onmouseover=%22alert(1)"');
    expectInert(body);
  });

  it('escapes markup, quotes and characters HTML does not allow, with one function', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u0007c\u001bd\u0085e\nf\tg')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\nf\tg');
    expect(escapeHtml('lone \ud800 high, pair 😀')).toBe('lone \ufffd high, pair 😀');
    expect(escapeHtml('plain text')).toBe('plain text');
  });

  it('allows only its own style and script, by hash, and nothing else', () => {
    const { headers, body } = renderPage(index([app]));
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(body)?.[1] ?? '';
    expect(headers['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).toBe(`default-src 'none'; style-src ${sha(style)}; script-src ${sha(script)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(body).not.toMatch(/\sstyle="/);
  });

  it('is accessible: language, landmarks, one h1, labelled fields with unique ids, table headers, a skip link', () => {
    const { body } = renderPage(index([app, { ...app, name: 'tools/lint' }], { page: 2, pageCount: 3, total: 45 }));
    expect(body).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(body.match(/<h1>/g)).toHaveLength(1);
    expect(body.match(/<h2 /g)).toHaveLength(2);
    for (const landmark of ['<header>', '<main id="main">', '<footer>', '<nav class="pages" aria-label="Pages of repositories">', '<form role="search"']) expect(body).toContain(landmark);
    expect(body).toContain('<a class="skip" href="#main">Skip to content</a>');
    const ids = [...body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    const inputs = [...body.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]);
    expect(inputs.length).toBe(5);
    for (const id of inputs) expect(body).toContain(`<label ${id === 'q' ? '' : 'class="vh" '}for="${id}">`);
    expect(body).toContain('<label class="vh" for="r2-1">Pull command for tools/lint:latest</label>');
    expect(body.match(/<th scope="col">/g)?.length).toBe(12);
    expect(body).toContain('<th scope="row"><code>latest</code></th>');
    expect(body).toContain(':focus-visible{outline:3px solid');
  });

  it('pages through the repositories, keeping the search', () => {
    const page = (n: number, pageCount: number) => renderPage(index([app], { page: n, pageCount, total: 50, search: 'a&b' })).body;
    expect(page(1, 3)).toContain('<span aria-current="page">Page 1 of 3</span>\n<a rel="next" href="/?q=a%26b&amp;page=2">Next</a>\n<a href="/?q=a%26b&amp;page=3">Last</a>');
    expect(page(1, 3)).not.toContain('rel="prev"');
    expect(page(3, 3)).toContain('<a href="/?q=a%26b">First</a>\n<a rel="prev" href="/?q=a%26b&amp;page=2">Previous</a>\n<span aria-current="page">Page 3 of 3</span></nav>');
    expect(page(1, 1)).not.toContain('aria-label="Pages of repositories"');
    expect(page(2, 3)).toContain('<title>ecr.example.com: container images (page 2)</title>');
    expect(page(2, 3)).toContain('<p>50 repositories matching “a&amp;b”, page 2 of 3.</p>');
  });

  it('says so when nothing is published, and when a search finds nothing', () => {
    expect(renderPage(index([])).body).toContain('<p>No repositories are published here yet.</p>');
    expect(renderPage(index([], { search: 'zzz' })).body).toContain('<p>No repositories matching “zzz”. <a href="/">See all repositories</a></p>');
  });

  it('shows a repository with a page of its tags, a way back, and how to log in when pulls need it', () => {
    const { body } = renderPage({ host, login: true, view: { kind: 'repository', page: 2, pageCount: 2, repository: { ...app, tagCount: 52 } } });
    expect(body).toContain('<title>app on ecr.example.com (page 2)</title>');
    expect(body).toContain('<nav aria-label="Breadcrumb"><p><a href="/">All repositories</a></p></nav>');
    expect(body).toContain('<p>Log in before you pull: <code>docker login ecr.example.com</code></p>');
    expect(body).toContain('<p>52 tags, page 2 of 2.</p>');
    expect(body).toContain('<a rel="prev" href="/?repository=app">Previous</a>');
    expect(body).toContain('<input id="t-1" readonly value="docker pull ecr.example.com/app:latest">');
  });

  it('shows a repository without tags, or whose tags could not be read, without a table', () => {
    const { body } = renderPage(index([{ name: 'empty', tagCount: 0, tags: [] }, { name: 'broken', tagCount: 0, tags: [], unavailable: true }]));
    expect(body).toContain('<p class="muted">No tags yet.</p>');
    expect(body).toContain('<p class="muted">Its tags could not be read just now; try again shortly.</p>');
    expect(body).not.toContain('<table>');
    expect(body).not.toContain('Created');
  });

  it('answers what it cannot show with a short page and the status', () => {
    const missing = renderMessage(host, 404, 'No repository named <x> is shown here.');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<p>No repository named &lt;x&gt; is shown here.</p>');
    expect(missing.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(renderMessage(host, 503, 'down').headers).toMatchObject({ 'cache-control': 'no-store', 'retry-after': '10' });
  });

  it('may be kept briefly by any cache when anyone may pull, and by none behind a login', () => {
    expect(renderPage(index([app])).headers['cache-control']).toBe('public, max-age=30');
    expect(renderPage({ ...index([app]), login: true }).headers['cache-control']).toBe('no-store');
    expect(renderMessage(host, 404, 'gone').headers['cache-control']).toBe('public, max-age=30');
    expect(renderMessage(host, 404, 'gone', true).headers['cache-control']).toBe('no-store');
  });
});

describe('what GET / asks for', () => {
  it.each([
    ['', { kind: 'index', page: 1, search: '' }],
    ['page=2', { kind: 'index', page: 2, search: '' }],
    ['q=%20tools%20&page=3&utm=x', { kind: 'index', page: 3, search: 'tools' }],
    ['repository=team%2Fapp', { kind: 'repository', name: 'team/app', page: 1 }],
    ['repository=app&page=4&q=x', { kind: 'repository', name: 'app', page: 4 }],
    ['page=', { kind: 'index', page: 1, search: '' }],
  ])('reads %j', (query, expected) => {
    expect(pageRequest(query)).toEqual(expected);
  });

  it.each(['page=0', 'page=-1', 'page=1.5', 'page=abc', 'page=1e3', 'page=9999999', 'repository=App', 'repository=../x', 'repository=', `q=${'x'.repeat(101)}`])('refuses %j', (query) => {
    expect(pageRequest(query).kind).toBe('invalid');
  });
});

describe('sizes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1_000, '1.0 kB'],
    [12_345_678, '12.3 MB'],
    [123_456_789, '123 MB'],
    [1_500_000_000, '1.5 GB'],
  ])('shows %d bytes as %s', (bytes, shown) => {
    expect(formatSize(bytes)).toBe(shown);
  });
});
