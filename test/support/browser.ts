/**
 * Debian's Chromium, headless, driven by playwright-core over the DevTools protocol. playwright-core downloads no
 * browser: scripts/install-system-deps.sh installs the Debian package. Pages are watched for what a visitor would
 * not see but a test must: console errors (Content-Security-Policy refusals among them), uncaught errors, dialogs.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** The browser; CHROMIUM_PATH names another build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium with these command-line switches; fails with the fix when it is missing (these tests never skip). */
export async function launchChromium(args: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-system-deps.sh (Debian package chromium) or set CHROMIUM_PATH`);
  // Chromium's sandbox refuses to run as root (CI and these machines run as root).
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...args] });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and warnings, uncaught errors, and every dialog (alert, confirm, prompt) opened. */
  problems: string[];
  dialogs: string[];
}

/** A new page in its own context, watched for problems; dialogs are dismissed and recorded. */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { page, problems, dialogs };
}
