// Cross-origin isolation of the built site (scripts/isolation.ts) in real Chromium: served under a
// sub-path by a plain static server that sends no headers (as GitHub Pages), the page registers
// coi-serviceworker, reloads once under it and is crossOriginIsolated from then on (no reload
// loop: later loads do not reload), and trains on N threads; a page that one reload did not isolate
// stays as it is (no second reload) and says the CPU path trains on one thread. `vite preview` sends
// the headers itself, so its page is isolated at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, launchChromium } from '../../scripts/harness';
import { COI_CONFIG, COI_SCRIPT, ISOLATION_HEADERS } from '../../scripts/isolation';
import { openApp, shipSite, watchedPage, type ShipSite, type Watched } from './ship-site';

let ship: ShipSite;
let browser: Browser;

beforeAll(async () => {
  ship = await shipSite();
  browser = await launchChromium({ noWebGpu: true });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await ship?.close();
});

/**
 * A watched page that counts its document requests (the first, and each reload; not hash changes).
 * Requests, not 'load' events: a reload that comes before the first document finished loading
 * leaves that document with no load event.
 */
async function counted(context: BrowserContext): Promise<Watched & { loads: () => number }> {
  const w = await watchedPage(context);
  let loads = 0;
  w.page.on('request', (r) => {
    if (r.isNavigationRequest() && r.resourceType() === 'document' && r.frame() === w.page.mainFrame()) loads++;
  });
  return { ...w, loads: () => loads };
}

const isolated = (page: Page): Promise<boolean> => page.evaluate(() => crossOriginIsolated);

describe('built site', () => {
  it('loads the service worker and its settings after the CSP <meta>, from files beside index.html', () => {
    const html = readFileSync(resolve(ship.outDir, 'index.html'), 'utf8');
    const csp = html.indexOf('Content-Security-Policy');
    const config = html.indexOf(`<script src="./${COI_CONFIG}"></script>`);
    const sw = html.indexOf(`<script src="./${COI_SCRIPT}"></script>`);
    expect(csp).toBeGreaterThan(0);
    expect(config).toBeGreaterThan(csp);
    expect(sw).toBeGreaterThan(config);
    expect(readFileSync(resolve(ship.outDir, COI_SCRIPT), 'utf8')).toMatch(/coi-serviceworker/);
    expect(readFileSync(resolve(ship.outDir, COI_CONFIG), 'utf8')).toMatch(/window\.coi = /);
  });

  it('under a sub-path with no headers: one reload under the service worker, then isolated; no reload loop; trains on N threads', async () => {
    const context = await browser.newContext();
    const { page, problems, loads } = await counted(context);
    await openApp(page, ship.site.url + '#panel=train'); // waits for crossOriginIsolated
    expect(loads()).toBe(2); // the first load and the one reload
    const sw = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(sw).toBe(ship.site.url); // the sub-path, not the origin's root
    // Later loads come under the worker at once: no second reload.
    await page.reload();
    await page.waitForSelector('.banner.warn');
    expect(await isolated(page)).toBe(true);
    expect(loads()).toBe(3);

    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.click('#tab-corpus');
    await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
    await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
    await page.click('#tab-train');
    expect(await page.textContent('[data-testid=train-threads-note]')).toContain(`trains on ${cores} thread`);
    await page.getByLabel('dimensions', { exact: true }).fill('8');
    await page.getByLabel('epochs', { exact: true }).fill('1');
    await page.getByTestId('train-trainer').selectOption('threads');
    await page.getByTestId('train-threads').fill('2');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
      timeout: 300_000,
    });
    expect(await page.textContent('[data-testid=train-adapter]')).toBe('cpu · WebAssembly SIMD · 2 threads');
    expect(loads()).toBe(3);
    expect(problems).toEqual([]);
    expect(ship.site.failures).toEqual([]);
    await context.close();
  }, 400_000);

  it('a page the reload did not isolate does not reload again (no loop): it stays, and the Train panel says one thread', async () => {
    // The guard as the one reload leaves it (scripts/isolation.ts): this tab session has reloaded
    // once already. The worker installs and takes the page, which stays as it is, not isolated.
    const context = await browser.newContext();
    await context.addInitScript(() => sessionStorage.setItem('skipgram-coi-reloaded', '1'));
    const { page, problems, loads } = await counted(context);
    await openApp(page, ship.site.url + '#panel=train', { isolated: false });
    await page.evaluate(() => navigator.serviceWorker.ready); // installed and active: its reload offer came and went
    expect(await isolated(page)).toBe(false);
    expect(await page.textContent('[data-testid=train-threads-note]')).toMatch(/not cross-origin isolated.*trains on one thread/s);
    expect(await page.textContent('[data-testid=train-cpu]')).toMatch(/WebAssembly SIMD, 1 thread\)/);
    expect(loads()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('vite preview', () => {
  let server: PreviewServer;
  beforeAll(async () => {
    server = await preview({ root: ROOT, logLevel: 'error', build: { outDir: ship.outDir }, preview: { port: 0, host: '127.0.0.1' } });
  });
  afterAll(() => server?.close());

  it('sends COOP and COEP: the page is isolated on its first load, with no reload', async () => {
    const url = server.resolvedUrls!.local[0];
    const res = await fetch(url);
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) expect(res.headers.get(k)).toBe(v);
    const context = await browser.newContext();
    const { page, problems, loads } = await counted(context);
    await openApp(page, url);
    expect(await isolated(page)).toBe(true);
    expect(loads()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
