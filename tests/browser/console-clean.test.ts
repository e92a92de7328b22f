// The app on the Vite dev server (where Svelte's dev warnings appear, e.g. binding_property_non_reactive,
// assignment_value_stale) opens and shows every panel with no console error or warning, on the page
// or in its workers, no page error and no failed request. The built site: ship-csp.test.ts.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { openApp, watchedPage } from './ship-site';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it('dev server: the page and every panel with no console error or warning', async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  await openApp(page, inject('appUrl'));
  // Every tab the page has (read from its tablist, so a new panel is visited too), by click and by keyboard.
  const ids = await page.locator('[role=tab]').evaluateAll((tabs) => tabs.map((t) => t.id));
  expect(ids.length).toBeGreaterThanOrEqual(4);
  for (const id of ids) {
    await page.click(`#${id}`);
    await page.waitForSelector(`#${id}[aria-selected=true]`);
  }
  await page.focus(`#${ids[0]}`);
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector(`#${ids[1]}[aria-selected=true]`);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe(ids[1]);
  // The stored-corpora list and storage estimate have answered (the engine's first replies).
  await page.waitForSelector('text=/Storage used/', { state: 'attached' }); // in the Corpus tab, hidden now
  expect(problems).toEqual([]);
  await context.close();
});
