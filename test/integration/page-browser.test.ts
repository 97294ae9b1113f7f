/**
 * The registry page in a real browser (Debian's headless Chromium through playwright-core), served by `ecr-custom-domain
 * serve --access public` in front of Debian's docker-registry (test/e2e/stand-in.ts, distribution profile) with
 * repositories published by glob and by ECR tag (the ECR API stand-in). Chromium reaches serve as
 * https://ecr.example.com (--host-resolver-rules; on port 443 when the test may bind it). What a visitor sees, that
 * the Content-Security-Policy lets the page's style and script run and nothing else (no console error), that a
 * hostile description stays text (no dialog), keyboard use, paging, the page without JavaScript, and screenshots
 * kept in .tmp/artifacts/ for people to look at (registry-page.png, the whole page; registry-page-top.png, the first
 * screen, which docs/registry-page.png is made from).
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alias, type StandIn, startStandIn } from '../e2e/stand-in.ts';
import { launchChromium, watchedPage } from '../support/browser.ts';
import { pushImage, pushIndex, type Registry } from '../support/oci-push.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ARTIFACTS = join(import.meta.dirname, '../../.tmp/artifacts');
const DOMAIN = 'ecr.example.com';
const PAGE_HOST = '127.0.0.143';

let dir: string;
let s: StandIn;
let alias: Alias;
let browser: Browser;
/** https://ecr.example.com[:port] */
let origin: string;
let host: string;

/** app and tools/lint (two platforms), published by tag; zz/service-00..22 by glob, 05 with hostile labels; team/secret neither. */
async function fill(registry: Registry): Promise<void> {
  const labels = { 'org.opencontainers.image.description': 'The example web service.', 'org.opencontainers.image.source': 'https://github.com/example/app' };
  await pushImage(registry, 'app', ['latest', 'v1.0'], { labels, created: '2024-05-01T12:34:56Z', layers: [120_000, 30_000] });
  await pushIndex(
    registry,
    'tools/lint',
    ['2.1'],
    [
      { architecture: 'amd64', created: '2024-06-01T08:00:00Z', layers: [40_000] },
      { architecture: 'arm64', variant: 'v8', created: '2024-06-01T08:00:00Z', layers: [38_000] },
    ],
    { 'org.opencontainers.image.description': 'A linter, for two platforms.', 'org.opencontainers.image.source': 'https://github.com/example/lint' },
  );
  const hostile = { 'org.opencontainers.image.description': HOSTILE, 'org.opencontainers.image.source': 'javascript:alert(2)' };
  for (let i = 0; i < 23; i++) await pushImage(registry, `zz/service-${String(i).padStart(2, '0')}`, ['latest'], { layers: [1_000 * (i + 1)], ...(i === 5 ? { labels: hostile } : {}) });
  await pushImage(registry, 'team/secret', ['latest'], { labels: { 'org.opencontainers.image.description': 'Secret plans.' } });
  s.api.tag('app', { team: 'public' });
  s.api.tag('tools/lint', { team: 'public' });
  s.api.tag('team/secret', { team: 'private' });
}

/** serve on PAGE_HOST:443 when this process may bind it (so the page names plain ecr.example.com), else on a free port. */
async function startPublicAlias(): Promise<Alias> {
  const tls = await s.issueTls('page', [PAGE_HOST]);
  const args = ['--access', 'public', '--repositories', 'zz/*', '--repository-tag', 'team=public'];
  const env = { AWS_ENDPOINT_URL_ECR: s.api.url, AWS_ACCESS_KEY_ID: 'AKIAPAGEBROWSER00001', AWS_SECRET_ACCESS_KEY: 'page-browser-secret', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
  if (process.getuid?.() === 0) {
    try {
      return await s.startAlias(args, env, { listen: PAGE_HOST, port: 443, tls });
    } catch {
      // 443 taken on that address: any port does.
    }
  }
  return s.startAlias(args, env, { listen: PAGE_HOST, tls });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'page-browser-'));
  s = await startStandIn(join(dir, 'stand-in'), { profile: 'distribution' });
  const ca = await readFile(s.caFile);
  await fill({ base: `https://${s.registry}`, authorization: `Basic ${Buffer.from(`AWS:${s.password}`).toString('base64')}`, ca });
  alias = await startPublicAlias();
  const port = new URL(alias.url).port;
  origin = `https://${DOMAIN}${port === '' || port === '443' ? '' : `:${port}`}`;
  host = new URL(origin).host;
  browser = await launchChromium([`--host-resolver-rules=MAP ${DOMAIN} ${PAGE_HOST}`]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page in its own context that trusts serve's test certificate. */
const visit = (options: Parameters<typeof watchedPage>[1] = {}) => watchedPage(browser, { ignoreHTTPSErrors: true, viewport: { width: 1200, height: 800 }, ...options });

describe('the registry page served by serve, in headless Chromium', () => {
  it('shows the published repositories, a hostile description as text, with no console error, CSP refusal or dialog', async () => {
    const { page, problems, dialogs } = await visit();
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(host);
    expect((await page.locator('main h2').allTextContents()).slice(0, 3)).toEqual(['app', 'tools/lint', 'zz/service-00']);
    expect(await page.locator('main').textContent()).toContain('25 repositories, page 1 of 2.');
    expect(await page.locator('.description').first().textContent()).toBe('The example web service.');
    expect(await page.locator('section', { has: page.getByRole('heading', { name: 'zz/service-05' }) }).locator('.description').textContent()).toBe(HOSTILE);
    expect(await page.getByText(HOSTILE).isVisible()).toBe(true);
    expect(await page.locator('main img, main svg').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.getByText('linux/arm64/v8').count()).toBe(1);
    expect(await page.locator('input[value$="/app:latest"]').inputValue()).toBe(`docker pull ${host}/app:latest`);
    expect(await page.locator('time').first().textContent()).toBe('2024-05-01 12:34 UTC');
    // The page's own style applied (so the CSP hash matched): the skip link sits off screen until focused.
    expect(await page.locator('.skip').evaluate((element) => element.getBoundingClientRect().right)).toBeLessThan(0);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'registry-page.png'), fullPage: true });
    await page.screenshot({ path: join(ARTIFACTS, 'registry-page-top.png') });
    expect((await stat(join(ARTIFACTS, 'registry-page.png'))).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('never shows, counts or finds a repository that is neither listed nor tagged', async () => {
    const { page, problems } = await visit();
    await page.goto(`${origin}/?page=2`);
    expect(await page.locator('main h2').allTextContents()).toEqual(['zz/service-18', 'zz/service-19', 'zz/service-20', 'zz/service-21', 'zz/service-22']);
    await page.goto(`${origin}/?q=secret`);
    expect(await page.locator('main').textContent()).toContain('No repositories matching “secret”.');
    expect(await page.content()).not.toContain('Secret plans');
    expect(problems).toEqual([]);
  });

  it('works from the keyboard: a visible skip link, fields that select their command, copy buttons', async () => {
    const { page, problems } = await visit({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${origin}/`);
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', tag: document.activeElement?.tagName ?? '', id: document.activeElement?.id ?? '', outline: getComputedStyle(document.activeElement ?? document.body).outlineStyle }));
    expect(await focused()).toMatchObject({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    // Tab on to the first pull command: its field selects the whole command.
    for (let i = 0; i < 30 && (await focused()).id !== 'r1-1'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'INPUT', id: 'r1-1', outline: 'solid' });
    const selected = () => page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      return input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0);
    });
    expect(await selected()).toBe(`docker pull ${host}/app:latest`);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'BUTTON', text: 'Copy' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Copy Pull command for app:latest');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe(`Copied docker pull ${host}/app:latest`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker pull ${host}/app:latest`);
    expect(problems).toEqual([]);
  });

  it('pages through the repositories and into one repository', async () => {
    const { page, problems } = await visit();
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'Next' }).click();
    expect(new URL(page.url()).search).toBe('?page=2');
    expect(await page.locator('main h2').count()).toBe(5);
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'tools/lint' }).click();
    expect(await page.locator('main h2').textContent()).toBe('tools/lint');
    expect(await page.locator('.description').textContent()).toBe('A linter, for two platforms.');
    expect(await page.getByRole('link', { name: 'https://github.com/example/lint' }).getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(problems).toEqual([]);
    expect((await page.goto(`${origin}/?page=9`))?.status()).toBe(404);
    expect(await page.locator('main p').first().textContent()).toBe('There are 2 pages of repositories.');
    // Chromium reports the 404 it was given, and nothing else.
    expect(problems).toEqual(['console error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
  });

  it('works without JavaScript: commands in fields, search by a plain form, no copy buttons', async () => {
    const { page, problems } = await visit({ javaScriptEnabled: false });
    await page.goto(`${origin}/`);
    expect(await page.locator('button', { hasText: 'Copy' }).count()).toBe(0);
    expect(await page.locator('.pull input').count()).toBeGreaterThan(20);
    await page.getByLabel('Find a repository').fill('lint');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=lint$/);
    expect(await page.locator('main h2').allTextContents()).toEqual(['tools/lint']);
    expect(problems).toEqual([]);
  });
});
