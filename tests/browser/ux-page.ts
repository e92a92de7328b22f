// Issue 15's browser tests (a page people understand without the README) open the app in fresh
// contexts (a fresh profile each: its own IndexedDB) and fail on any page error, console error or
// console warning. `tinyCorpus` (tiny-corpus.ts) makes a small deterministic text corpus for quick runs.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { usePace } from './pace';

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and warnings seen so far. */
  problems: string[];
}

/** A fresh context on the app at `hash` (e.g. '#panel=train'), waited until the engine answers. */
export async function openApp(
  browser: Browser,
  hash = '',
  opts: { width?: number; height?: number; pace?: boolean } = {},
): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1366, height: opts.height ?? 900 }, acceptDownloads: true });
  if (opts.pace) await usePace(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console ${m.type()}: ${m.text()}`)));
  await page.goto(inject('appUrl') + hash);
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 90_000 });
  return { context, page, problems };
}

export { tinyCorpus } from './tiny-corpus';
