// The built site served under a sub-path by a plain static server, in headless Chromium:
// no failed request, no console error, the engine answers; share links, keyboard tabs, two tabs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, ROOT } from '../../scripts/harness';
import { serveDist, type DistServer } from '../../scripts/serve-dist';
import { recordLongTasks, longestTask } from './ship-longtasks';

// SHIP_DIST=<dir> reuses an existing build (e.g. CI's dist/); otherwise build fresh into .lab-out.
const outDir = process.env.SHIP_DIST ? resolve(process.env.SHIP_DIST) : resolve(ROOT, '.lab-out/ship-dist');
const SUB = '/some/sub/path/';

let site: DistServer;
let browser: Browser;

interface Watched { page: Page; problems: string[] }

async function open(context: BrowserContext, hashOrQuery = ''): Promise<Watched> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`); });
  // Time to interactive: navigation start → the adapter line or the no-WebGPU banner appears.
  await page.addInitScript(() => {
    const w = window as unknown as { __tti?: number };
    const mo = new MutationObserver(() => {
      if (w.__tti === undefined && document.querySelector('[data-testid=adapter], .banner.warn')) {
        w.__tti = performance.now();
        mo.disconnect();
      }
    });
    mo.observe(document, { childList: true, subtree: true });
  });
  await recordLongTasks(page);
  await page.goto(site.url + hashOrQuery);
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
  return { page, problems };
}

beforeAll(async () => {
  if (!process.env.SHIP_DIST || !existsSync(resolve(outDir, 'index.html'))) {
    await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  site = await serveDist(outDir, SUB);
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('built site under a sub-path', () => {
  it('loads with no failed request or console error and the engine answers', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context);
    // The worker fetches the bundled sample lazily; check that its relative URL resolves too.
    const sample = await page.evaluate(async () => (await fetch(new URL('sample/brown.txt', location.href))).status);
    expect(sample).toBe(200);
    const tti = await page.evaluate(() => (window as unknown as { __tti?: number }).__tti);
    const tasks = await longestTask(page);
    console.log(JSON.stringify({ metric: 'ship-tti', ttiMs: Math.round(tti ?? -1), longestTaskMs: Math.round(tasks.longestMs) }));
    expect(problems).toEqual([]);
    expect(site.failures).toEqual([]);
    await context.close();
  });

  it('restores settings from a share link, reports ignored values, and writes the hash back', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context, '#panel=train&dim=64&bogus=1&window=-3');
    expect(await page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
    const notices = await page.locator('.banner[role=alert]').allTextContents();
    expect(notices.some((n) => n.includes('bogus'))).toBe(true);
    expect(notices.some((n) => n.includes('window'))).toBe(true);
    // Invalid entries are dropped from the address; valid ones stay.
    await page.waitForFunction(() => location.hash === '#panel=train&dim=64');
    // Keyboard: ArrowRight moves to the next tab and the hash follows, without new history entries.
    const historyBefore = await page.evaluate(() => history.length);
    await page.focus('#tab-train');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-explore', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tab-explore');
    await page.waitForFunction(() => location.hash === '#panel=explore&dim=64');
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives the engine to one tab; the second is read-only until the first closes', async () => {
    const context = await browser.newContext();
    const first = await open(context);
    const second = await open(context);
    await second.page.waitForSelector('[data-testid=tab-readonly]');
    expect(await first.page.locator('[data-testid=tab-readonly]').count()).toBe(0);
    await first.page.close();
    await second.page.waitForSelector('[data-testid=tab-readonly]', { state: 'detached', timeout: 10_000 });
    expect(second.problems).toEqual([]);
    await context.close();
  });

  it('offers to open vectors from ?vectors=', async () => {
    const context = await browser.newContext();
    const { page } = await open(context, '?vectors=' + encodeURIComponent(site.url + 'data/none.vec'));
    await page.waitForSelector('[data-testid=vectors-offer]');
    expect(await page.locator('[data-testid=vectors-offer] code').textContent()).toBe(site.url + 'data/none.vec');
    await context.close();
  });
});
