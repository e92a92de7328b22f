// Issue 15 item 11: every setting has a one-line explanation at hand, and each step points to the
// next. Every control in the corpus settings, the training form and the HN model form is described
// (aria-describedby) by a visible line of text; after ingest, training and a model fit a "next
// step" button opens the next panel. In Explore each hint sits under its own control.
// Fails on the main before this change: no setting had an explanation, and no step said what next.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { sharedData } from '../shared-data';
import { openApp, tinyCorpus, type AppPage } from './ux-page';
import { hnSlice } from './full-app';
import { SETTING_HELP } from '../../src/settings-help';

let browser: Browser;
let app: AppPage;

beforeAll(async () => {
  browser = await launchChromium();
  app = await openApp(browser);
  app.page.setDefaultTimeout(120_000);
  app.page.on('dialog', (d) => void d.accept());
}, 240_000);
afterAll(() => browser?.close());

/** Controls in `scope` (file pickers aside) and the visible text that describes each, '' when none. */
async function descriptions(page: Page, scope: string): Promise<Record<string, string>> {
  return page.locator(scope).evaluate((root) => {
    const out: Record<string, string> = {};
    const nameOf = (c: Element): string =>
      (c.closest('label')?.textContent ?? c.getAttribute('aria-label') ?? c.getAttribute('data-testid') ?? c.tagName)
        .trim()
        .replace(/\s+/g, ' ');
    for (const c of root.querySelectorAll('input, select, textarea')) {
      // Sources (a URL, a file) and pickers among stored items are not settings.
      if (c instanceof HTMLInputElement && ['file', 'hidden', 'radio', 'url'].includes(c.type)) continue;
      const ids = (c.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const text = ids
        .map((id) => document.getElementById(id))
        .filter((e): e is HTMLElement => !!e && e.checkVisibility())
        .map((e) => e.textContent?.trim() ?? '')
        .join(' ');
      out[nameOf(c).slice(0, 60)] = text;
    }
    return out;
  });
}

function expectAllDescribed(found: Record<string, string>, atLeast: number): void {
  expect(Object.keys(found).length).toBeGreaterThanOrEqual(atLeast);
  const missing = Object.entries(found).filter(([, t]) => t.length < 20);
  expect(missing).toEqual([]);
  // A line or two each, not a page.
  for (const t of Object.values(found)) expect(t.length).toBeLessThan(300);
}

async function next(page: Page, text: RegExp, to: string): Promise<void> {
  const b = page.locator('[role=tabpanel]:not([hidden]) [data-testid=next-step] button', { hasText: text });
  await b.waitFor({ timeout: 300_000 });
  await b.click();
  await page.waitForSelector(`#tab-${to}[aria-selected=true]`);
}

describe('settings explained, next steps', () => {
  it('corpus settings are explained; "Corpus ready — train it →" opens Train', async () => {
    const { page } = app;
    const found = await descriptions(page, '#panel-corpus section[aria-label="Add a corpus"]');
    expectAllDescribed(found, 2);
    expect(Object.values(found)).toContain(SETTING_HELP.minCount);
    await page.locator('#panel-corpus input[type=file]').setInputFiles({ name: 'tiny.txt', mimeType: 'text/plain', buffer: tinyCorpus() });
    await next(page, /^Corpus ready — train word vectors on it →$/, 'train');
  });

  it('every training setting is explained; "Trained — explore →" opens Explore', async () => {
    const { page } = app;
    await page.click('#tab-train'); // already there after the step before; so this test also runs alone
    const found = await descriptions(page, '#panel-train form');
    expectAllDescribed(found, 10);
    for (const k of ['dim', 'window', 'negative', 'sample', 'alpha', 'minAlpha', 'epochs', 'seed'] as const)
      expect(Object.values(found)).toContain(SETTING_HELP[k]);
    const train = page.locator('#panel-train');
    await train.getByLabel('dimensions', { exact: true }).fill('8');
    await train.getByLabel('epochs', { exact: true }).fill('1');
    await train.getByRole('button', { name: 'Start', exact: true }).click();
    await next(page, /^Trained — explore the vectors →$/, 'explore');
  });

  it("Explore's settings are explained; Explore points on to Predict", async () => {
    const { page } = app;
    await page.click('#tab-explore');
    await page.getByTestId('map-colour-by').selectOption('cluster');
    const found = await descriptions(page, '#panel-explore');
    // The words asked about (and the words to highlight) are queries, not settings; every setting is described.
    const settings = Object.fromEntries(Object.entries(found).filter(([, t]) => t !== ''));
    expectAllDescribed(settings, 11);
    for (const k of [
      'metric',
      'topn',
      'analogyMethod',
      'mapMethod',
      'mapWords',
      'mapFollow',
      'map3d',
      'spherize',
      'colourBy',
      'clusters',
      'clusterSeed',
    ] as const)
      expect(Object.values(settings)).toContain(SETTING_HELP[k]);
    for (const id of ['neighbours-topn', 'analogy-topn', 'map-n', 'map-k', 'map-k-seed', 'map-colour-by'])
      expect(await page.getByTestId(id).getAttribute('aria-describedby')).toMatch(/^hint-/);
    // Each hint sits right under its own control (not in a row of hints under the whole form,
    // away from the controls it explains): its top within 24 px below the control's label, its
    // left edge within the label's width.
    const astray = await page.locator('#panel-explore').evaluate((root) => {
      const out: string[] = [];
      for (const c of root.querySelectorAll('[aria-describedby^="hint-"]')) {
        if (c.getAttribute('data-testid') === 'analogy-topn') continue; // shares the neighbours card's Top n hint
        const hint = document.getElementById(c.getAttribute('aria-describedby')!);
        if (!hint?.checkVisibility()) continue;
        const a = (c.closest('label') ?? c).getBoundingClientRect();
        const b = hint.getBoundingClientRect();
        if (b.top < a.bottom - 1 || b.top > a.bottom + 24 || b.left < a.left - 1 || b.left > a.right)
          out.push(
            `${hint.id}: hint at (${b.left.toFixed(0)}, ${b.top.toFixed(0)}), control ${a.left.toFixed(0)}–${a.right.toFixed(0)} × ${a.bottom.toFixed(0)}`,
          );
      }
      return out;
    });
    expect(astray).toEqual([]);
    await next(page, /^Next: predict Hacker News upvotes with these vectors →$/, 'predict');
  });

  it('every HN model setting is explained; after a fit, "compare it →" opens Runs', async () => {
    const { page, problems } = app;
    await page.click('#tab-predict');
    const found = await descriptions(page, '[data-testid=model-section] form');
    expectAllDescribed(found, 14);
    for (const k of ['bins', 'split', 'testShare', 'hnSeed', 'classWeights', 'finetune', 'ablation', 'intervals', 'maxEpochs'] as const)
      expect(Object.values(found)).toContain(SETTING_HELP[k]);
    await page
      .locator('[data-testid=hn-import] input[type=file]')
      .setInputFiles({ name: 'hn.csv', mimeType: 'text/csv', buffer: Buffer.from(hnSlice(sharedData('hn-posts-2015-2016.csv'), 600)) });
    await page.getByRole('button', { name: /^Import \d/ }).click();
    await page.waitForFunction(() => /hn\.csv/.test(document.querySelector('[data-testid=model-dataset]')?.textContent ?? ''));
    await page.getByTestId('model-epochs').fill('2');
    await page.getByTestId('model-intervals').uncheck();
    await page.getByTestId('model-train').click();
    await next(page, /^Model trained — compare it with your other runs →$/, 'runs');
    expect(problems).toEqual([]);
  });
});
