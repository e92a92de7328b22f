// The built site's Content-Security-Policy (scripts/csp-plugin.ts), in real Chromium, served under
// a sub-path by a plain static server (no headers, as GitHub Pages): under the policy the site
// loads, trains the bundled sample (the CPU path: WebAssembly), searches neighbours (tfjs on
// WebGPU), and imports vectors and a corpus from another origin (a local CORS server on another
// port, which connect-src allows); an injected inline script and inline handler do not run; the
// first load makes no request off the site's origin; no console error or warning anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium, startFileServer, type FileServer } from '../../scripts/harness';
import { CSP_POLICY } from '../../scripts/csp-plugin';
import { openApp, shipSite, watchedPage, type ShipSite } from './ship-site';
import { until } from './wait';

let ship: ShipSite;
let browser: Browser;
let files: FileServer;

beforeAll(async () => {
  ship = await shipSite();
  browser = await launchChromium();
  files = await startFileServer();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await ship?.close();
  await files?.close();
});

/** Clicks every tab the page has (read from its tablist, so a new panel is visited too). */
async function visitEveryTab(page: Page): Promise<string[]> {
  const ids = await page.locator('[role=tab]').evaluateAll((tabs) => tabs.map((t) => t.id));
  for (const id of ids) {
    await page.click(`#${id}`);
    await page.waitForSelector(`#${id}[aria-selected=true]`);
  }
  return ids;
}

/** Waits for `ok` or the panel's error line; returns that error's text (null when `ok` came). */
async function outcome(page: Page, panel: string, ok: Locator): Promise<string | null> {
  const error = page.locator(`#panel-${panel} p.error[role=alert]`);
  await ok.or(error).first().waitFor({ timeout: 120_000 });
  return (await error.count()) > 0 ? await error.first().textContent() : null;
}

describe('built site under its Content-Security-Policy', () => {
  it('carries the policy as the first thing after <meta charset> in index.html', () => {
    const html = readFileSync(resolve(ship.outDir, 'index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/g)].map((m) => m[1]);
    expect(metas).toEqual([CSP_POLICY]);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script for the policy to block
  });

  it('loads, trains the sample, searches neighbours, imports vectors and a corpus from another origin — no violation, no console error or warning', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await openApp(page, ship.site.url);
    // WebGPU came up under the policy (the adapter line, not the no-WebGPU banner).
    await page.waitForSelector('[data-testid=adapter]');
    expect(await visitEveryTab(page)).toEqual(expect.arrayContaining(['tab-corpus', 'tab-train', 'tab-explore', 'tab-predict']));

    // Train: the bundled sample, one short run on the CPU path, the WebAssembly SIMD trainer
    // (compiled under 'wasm-unsafe-eval').
    await page.click('#tab-corpus');
    await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
    await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
    await page.click('#tab-train');
    await page.getByLabel('dimensions', { exact: true }).fill('8');
    await page.getByLabel('epochs', { exact: true }).fill('1');
    await page.getByTestId('train-trainer').selectOption('cpu');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
      timeout: 300_000,
    });
    expect(await page.textContent('[data-testid=train-adapter]')).toMatch(/WebAssembly/);

    // Explore: neighbours of a word run on tfjs (WebGPU backend) in the engine worker.
    await page.click('#tab-explore');
    await page.getByLabel('Word', { exact: true }).fill('man');
    await page.locator('#panel-explore').getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForSelector('ol.neighbours li', { timeout: 60_000 });
    expect(await page.locator('ol.neighbours li').count()).toBe(15);

    // Import vectors from a URL on another origin (127.0.0.1, another port, CORS).
    const vecUrl = files.add('toy.vec', { body: '3 2\nking 1 0\nqueen 0.9 0.1\napple 0 1\n', contentType: 'text/plain' });
    expect(new URL(vecUrl).origin).not.toBe(new URL(ship.site.url).origin);
    await page.locator('#panel-explore').getByLabel('or URL').fill(vecUrl);
    await page.locator('#panel-explore').getByRole('button', { name: 'Import', exact: true }).click();
    expect(await outcome(page, 'explore', page.getByText(/imported 3 × 2; 0 rows skipped/))).toBeNull();

    // A corpus from that other origin through the Corpus panel (fetched by the inflate worker).
    const corpusUrl = files.add('other-origin.txt', {
      body: 'the cat sat on the mat and the dog sat on the log '.repeat(100),
      contentType: 'text/plain',
    });
    await page.click('#tab-corpus');
    await page.getByRole('textbox', { name: 'URL (.txt, .zip, .gz)' }).fill(corpusUrl);
    await page.getByRole('button', { name: 'Load URL' }).click();
    expect(
      await outcome(
        page,
        'corpus',
        page.locator('section[aria-label="Stored corpora"] li[data-state=ready]', { hasText: 'other-origin.txt' }),
      ),
    ).toBeNull();

    await visitEveryTab(page);
    expect(problems).toEqual([]);
    expect(ship.site.failures).toEqual([]);
    await context.close();
  }, 600_000);

  it('blocks an injected inline script and inline handler, and reports the violations', async () => {
    const context = await browser.newContext();
    const { page, problems } = await watchedPage(context);
    await openApp(page, ship.site.url);
    await page.evaluate(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      const s = document.createElement('script');
      s.textContent = 'window.__injected = "script ran"';
      document.head.append(s);
      const d = document.createElement('div');
      d.setAttribute('onclick', 'window.__injected = "handler ran"');
      document.body.append(d);
      d.click();
    });
    // Violation events are queued as tasks: wait for both (they stay once recorded).
    await page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2);
    // (No eval check here: code that page.evaluate runs may eval whatever the policy says —
    // CDP's allowUnsafeEvalBlockedByCSP; that the policy has no 'unsafe-eval' is the first test's.)
    const seen = await page.evaluate(() => {
      const w = window as unknown as { __violations: string[]; __injected?: string };
      return { violations: w.__violations, injected: w.__injected };
    });
    expect(seen.injected).toBeUndefined();
    expect(seen.violations).toEqual(expect.arrayContaining(['script-src-elem inline', 'script-src-attr inline']));
    // What the page reported is exactly these violations (console errors and the watcher's lines).
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toMatch(/^console error: (.*Content Security Policy.*|securitypolicyviolation script-src-(elem|attr) inline)$/s);
    await context.close();
  });

  it('makes no request off the site origin on first load (page and workers)', async () => {
    const context = await browser.newContext();
    const urls: string[] = [];
    context.on('request', (r) => urls.push(r.url()));
    const { page, problems } = await watchedPage(context);
    await openApp(page, ship.site.url);
    // First load is over once the engine has answered, the Corpus panel has listed storage, and
    // both workers have loaded their bundles (the engine and its spare inflate worker, started
    // ahead of need) — states that stay.
    await page.waitForFunction(() => document.querySelector('section[aria-label="Stored corpora"]')?.textContent?.includes('None yet.'));
    await page.waitForSelector('text=/Storage used/');
    const bundle = (name: string) => (u: string) => new RegExp(`/assets/${name}-[\\w-]+\\.js$`).test(u);
    const bothBundles = () => urls.some(bundle('engine')) && urls.some(bundle('inflate-worker'));
    await until(
      async () => bothBundles(),
      (v) => v,
    );
    const origin = new URL(ship.site.url).origin;
    const off = urls.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
    console.log(JSON.stringify({ metric: 'ship-first-load-requests', requests: urls.length, offOrigin: off.length }));
    expect(off).toEqual([]);
    // The workers' own requests are in the list: the bundles their blob: wrappers import.
    expect(bothBundles()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
