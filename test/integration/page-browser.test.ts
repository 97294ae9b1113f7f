/**
 * The registry page in a real browser (Debian's headless Chromium through playwright-core): the page source over an
 * in-memory registry, served on 127.0.0.141 by a plain HTTP server with the page's own headers. What a visitor sees,
 * that the Content-Security-Policy lets the page's style and script run and nothing else (no console error), that a
 * hostile description stays text, keyboard use, paging, the page without JavaScript, and a screenshot kept in
 * .tmp/artifacts/ for people to look at.
 */
import { mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageSource } from '../../function/src/page-data.ts';
import { launchChromium, watchedPage } from '../support/browser.ts';
import { fakeRegistry, OCI_INDEX, OCI_MANIFEST } from '../support/page-registry.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const ARTIFACTS = join(import.meta.dirname, '../../.tmp/artifacts');

let server: Server;
let origin: string;
let browser: Browser;

/** app (hostile labels), tools/lint (two platforms) and 23 more, so the repositories take two pages. */
function registry() {
  const r = fakeRegistry();
  const app = r.image({ architecture: 'amd64', os: 'linux', created: '2024-05-01T12:34:56Z', config: { Labels: { 'org.opencontainers.image.description': HOSTILE, 'org.opencontainers.image.source': 'javascript:alert(2)' } } }, [1_200_000, 30_000_000]);
  r.tag('app', 'latest', app.digest);
  r.tag('app', 'v1.0', app.digest);
  const amd64 = r.image({ architecture: 'amd64', os: 'linux' }, [3_000_000]);
  const arm64 = r.image({ architecture: 'arm64', variant: 'v8', os: 'linux' }, [2_900_000]);
  const index = r.manifest({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [
      { mediaType: OCI_MANIFEST, ...amd64, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: OCI_MANIFEST, ...arm64, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ],
    annotations: { 'org.opencontainers.image.description': 'A linter, for two platforms.', 'org.opencontainers.image.source': 'https://github.com/example/lint' },
  });
  r.tag('tools/lint', '2.1', index.digest);
  for (let i = 0; i < 23; i++) r.tag(`zz/service-${String(i).padStart(2, '0')}`, 'latest', r.image({ architecture: 'amd64', os: 'linux' }, [1_000 * i]).digest);
  return r;
}

beforeAll(async () => {
  const r = registry();
  const names = [...r.catalog].sort();
  const source = createPageSource(r.reader, async () => names);
  server = createServer((req, res) => {
    const [path = '', query = ''] = (req.url ?? '/').split('?');
    if (req.method !== 'GET' || path !== '/') {
      res.writeHead(404).end();
      return;
    }
    source.answer(query, req.headers.host ?? '').then(
      (reply) => res.writeHead(reply.status, reply.headers).end(reply.body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.141', resolve));
  origin = `http://127.0.0.141:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the registry page in headless Chromium', () => {
  it('shows the repositories, a hostile description as text, with no console error, CSP refusal or dialog', async () => {
    const { page, problems, dialogs } = await watchedPage(browser);
    const response = await page.goto(`${origin}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(new URL(origin).host);
    expect((await page.locator('h2').allTextContents()).slice(0, 3)).toEqual(['app', 'tools/lint', 'zz/service-00']);
    expect(await page.locator('.description').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('main img, main svg').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.getByText('linux/arm64/v8').count()).toBe(1);
    expect(await page.locator('input[value$="/app:latest"]').inputValue()).toBe(`docker pull ${new URL(origin).host}/app:latest`);
    // The page's own style applied (so the CSP hash matched): the skip link sits off screen until focused.
    expect(await page.locator('.skip').evaluate((element) => element.getBoundingClientRect().right)).toBeLessThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'registry-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('works from the keyboard: a visible skip link, fields that select their command, copy buttons', async () => {
    const { page, problems } = await watchedPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(`${origin}/`);
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', tag: document.activeElement?.tagName ?? '', id: document.activeElement?.id ?? '', outline: getComputedStyle(document.activeElement ?? document.body).outlineStyle }));
    expect(await focused()).toMatchObject({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    // Tab on to the first pull command: its field selects the whole command.
    for (let i = 0; i < 30 && (await focused()).id !== 'r1-1'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'INPUT', id: 'r1-1', outline: 'solid' });
    expect(await page.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLInputElement).value.slice((document.activeElement as HTMLInputElement).selectionStart ?? 0, (document.activeElement as HTMLInputElement).selectionEnd ?? 0))).toBe(
      `docker pull ${new URL(origin).host}/app:latest`,
    );
    await page.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ tag: 'BUTTON', text: 'Copy' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Copy Pull command for app:latest');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe(`Copied docker pull ${new URL(origin).host}/app:latest`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker pull ${new URL(origin).host}/app:latest`);
    expect(problems).toEqual([]);
  });

  it('pages through the repositories and into one repository', async () => {
    const { page, problems } = await watchedPage(browser);
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'Next' }).click();
    expect(new URL(page.url()).search).toBe('?page=2');
    expect(await page.locator('h2').allTextContents()).toEqual(['zz/service-18', 'zz/service-19', 'zz/service-20', 'zz/service-21', 'zz/service-22']);
    await page.goto(`${origin}/`);
    await page.getByRole('link', { name: 'tools/lint' }).click();
    expect(await page.locator('main h2').textContent()).toBe('tools/lint');
    expect(await page.getByRole('link', { name: 'https://github.com/example/lint' }).getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(problems).toEqual([]);
    expect((await page.goto(`${origin}/?page=9`))?.status()).toBe(404);
    expect(await page.locator('main p').first().textContent()).toBe('There are 2 pages of repositories.');
    // Chromium reports the 404 it was given, and nothing else.
    expect(problems).toEqual(['console error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
  });

  it('works without JavaScript: commands in fields, search by a plain form, no copy buttons', async () => {
    const { page, problems } = await watchedPage(browser, { javaScriptEnabled: false });
    await page.goto(`${origin}/`);
    expect(await page.locator('button', { hasText: 'Copy' }).count()).toBe(0);
    expect(await page.locator('.pull input').count()).toBeGreaterThan(20);
    await page.getByLabel('Find a repository').fill('lint');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=lint$/);
    expect(await page.locator('h2').allTextContents()).toEqual(['tools/lint']);
    expect(problems).toEqual([]);
  });
});
