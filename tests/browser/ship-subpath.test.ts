// The built site served under a sub-path by a plain static server, in headless Chromium:
// no failed request, no console error, the engine answers; share links, keyboard tabs, two tabs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import type { DistServer } from '../../scripts/serve-dist';
import { longestTask } from './ship-longtasks';
import { jsSize, openApp, shipSite, ttiMs, watchedPage, type ShipSite, type Watched } from './ship-site';

let ship: ShipSite;
let site: DistServer;
let browser: Browser;

async function open(context: BrowserContext, hashOrQuery = ''): Promise<Watched> {
  const w = await watchedPage(context);
  await openApp(w.page, site.url + hashOrQuery);
  return w;
}

beforeAll(async () => {
  ship = await shipSite();
  site = ship.site;
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await ship?.close();
});

describe('built site under a sub-path', () => {
  it('loads with no failed request or console error and the engine answers', async () => {
    const context = await browser.newContext();
    const { page, problems } = await open(context);
    // The worker fetches the bundled sample lazily; check that its relative URL resolves too.
    const sample = await page.evaluate(async () => (await fetch(new URL('sample/brown.txt', location.href))).status);
    expect(sample).toBe(200);
    const tti = await ttiMs(page);
    const tasks = await longestTask(page);
    console.log(
      JSON.stringify({
        metric: 'ship-tti',
        ttiMs: Math.round(tti ?? -1),
        longestTaskMs: Math.round(tasks.longestMs),
        js: jsSize(ship.outDir),
      }),
    );
    expect(tti).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(site.failures).toEqual([]);
    await context.close();
  });

  it('restores settings from a share link, reports ignored values, and writes the hash back', async () => {
    const context = await browser.newContext();
    // The link is opened in a context the isolation service worker already controls (no reload);
    // the first visit's reload is the next case.
    await (await open(context)).page.close();
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

  it("keeps a share link's ignored values across the first visit's isolation reload", async () => {
    // A first visit reloads once under the isolation service worker (scripts/isolation.ts). The
    // app drops the link's invalid entries from the address as soon as it runs, so the reload must
    // use the address as opened or the reloaded page has nothing to report. The pace is fixed to
    // the order that loses it: the app's bundle is held until the worker has asked for the reload,
    // and the worker's `ready` (which the reload waits for) until the app has cleaned the hash.
    const context = await browser.newContext();
    await context.addInitScript(() => {
      if (crossOriginIsolated || !navigator.serviceWorker) return;
      const cleaned = new Promise<void>((resolve) => {
        const check = (): void => void (location.hash.includes('bogus') ? setTimeout(check, 10) : resolve());
        check();
      });
      const ready = navigator.serviceWorker.ready;
      Object.defineProperty(navigator.serviceWorker, 'ready', { get: () => ready.then((r) => cleaned.then(() => r)) });
    });
    const { page, problems } = await watchedPage(context);
    let held = false;
    await page.route(
      /\/assets\/main-[^/]*\.js$/,
      async (route) => {
        held = true;
        await page.waitForFunction(() => sessionStorage.getItem('skipgram-coi-reloaded') === '1', null, { timeout: 60_000 });
        await route.continue();
      },
      { times: 1 },
    );
    await openApp(page, site.url + '#panel=train&dim=64&bogus=1&window=-3');
    expect(held).toBe(true);
    expect(await page.getAttribute('#tab-train', 'aria-selected')).toBe('true');
    const notices = await page.locator('.banner[role=alert]').allTextContents();
    expect(notices.some((n) => n.includes('bogus'))).toBe(true);
    expect(notices.some((n) => n.includes('window'))).toBe(true);
    await page.waitForFunction(() => location.hash === '#panel=train&dim=64');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('gives the engine to one tab; the second is read-only until the first closes', async () => {
    const context = await browser.newContext();
    const first = await open(context);
    const second = await open(context);
    await second.page.waitForSelector('[data-testid=tab-readonly]');
    expect(await first.page.locator('[data-testid=tab-readonly]').count()).toBe(0);
    // The read-only tab's data-changing buttons are off, and the panel says why.
    const sampleButton = (p: typeof first.page) => p.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' });
    expect(await sampleButton(second.page).isDisabled()).toBe(true);
    expect(await second.page.locator('#panel-corpus [data-testid=readonly-note]').textContent()).toMatch(/open in another tab/);
    expect(await second.page.locator('#panel-train button[type=submit]').isDisabled()).toBe(true);
    expect(await sampleButton(first.page).isEnabled()).toBe(true);
    await first.page.close();
    await second.page.waitForSelector('[data-testid=tab-readonly]', { state: 'detached', timeout: 10_000 });
    expect(await sampleButton(second.page).isEnabled()).toBe(true);
    expect(await second.page.locator('[data-testid=readonly-note]').count()).toBe(0);
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
