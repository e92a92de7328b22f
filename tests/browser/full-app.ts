// The app with real content on every panel, driven through its own controls: a small corpus
// ingested (Corpus: stats and the rank chart), a run trained (Train: curve, figures, watch
// words; Runs: its record), a PCA map drawn and a word's neighbours (Explore), HN posts
// imported and a model fitted (Predict: EDA charts, results, confusion matrix). Used by the
// layout and accessibility tests (ux-layout, ux-a11y) and scripts/screenshots.ts, so it takes
// the app's URL and imports nothing from vitest.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { tinyCorpus } from './tiny-corpus';

export const PANELS = ['corpus', 'train', 'explore', 'predict', 'runs'] as const;
export type PanelId = (typeof PANELS)[number];

export interface FullApp {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and warnings seen so far. */
  problems: string[];
}

const DONE = 300_000;

/** The first `n` posts of an HN file in the Kaggle schema (header kept). */
export function hnSlice(csvPath: string, n: number): string {
  return (
    readFileSync(csvPath, 'utf8')
      .split('\n')
      .slice(0, n + 1)
      .join('\n') + '\n'
  );
}

/** Opens the app in a fresh context at 1366×900 and fills every panel (about a minute on SwiftShader). */
export async function openFullApp(browser: Browser, appUrl: string, hnCsvPath: string): Promise<FullApp> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console ${m.type()}: ${m.text()}`)));
  page.on('dialog', (d) => void d.accept());
  await page.goto(appUrl);
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 120_000 });

  // Corpus: a small file through the picker.
  await page
    .locator('#panel-corpus input[type=file]')
    .setInputFiles({ name: 'tiny-corpus.txt', mimeType: 'text/plain', buffer: tinyCorpus() });
  await page.waitForSelector('[data-testid=corpus-stats]', { timeout: DONE });

  // Train: small and quick, watching two words of the corpus.
  await page.click('#tab-train');
  const train = page.locator('#panel-train');
  await train.getByLabel('dimensions', { exact: true }).fill('16');
  await train.getByLabel('epochs', { exact: true }).fill('1');
  await train.getByLabel('Watch words (comma-separated)').fill('wa, wb');
  await train.getByRole('button', { name: 'Start', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
    timeout: DONE,
  });

  // Explore: the trained vectors, a word's neighbours and a PCA map with a word picked.
  await page.click('#tab-explore');
  const explore = page.locator('#panel-explore');
  await explore.getByLabel('Word', { exact: true }).fill('wa');
  await explore.getByLabel('Word', { exact: true }).press('Enter');
  await page.getByTestId('map-n').fill('200');
  await page.getByTestId('map-card').getByRole('button', { name: 'Draw map' }).click();
  await page.waitForFunction(() => /^PCA of/.test(document.querySelector('[data-testid=map-status]')?.textContent ?? ''), null, {
    timeout: DONE,
  });
  await page.getByTestId('map-search').fill('wa');
  await page.getByTestId('map-card').getByRole('button', { name: 'Find', exact: true }).click();

  // Predict: posts imported (EDA) and a model fitted on them with the trained vectors.
  await page.click('#tab-predict');
  await page
    .locator('[data-testid=hn-import] input[type=file]')
    .setInputFiles({ name: 'hn-slice.csv', mimeType: 'text/csv', buffer: Buffer.from(hnSlice(hnCsvPath, 800)) });
  await page.getByRole('button', { name: /^Import \d/ }).click();
  await page.waitForFunction(() => /hn-slice\.csv/.test(document.querySelector('[data-testid=model-dataset]')?.textContent ?? ''), null, {
    timeout: DONE,
  });
  await page.locator('[data-testid=model-section] button:text("↻")').click();
  const vectors = page.getByTestId('model-vectors').locator('option', { hasText: 'tiny-corpus.txt' }).first();
  await vectors.waitFor({ state: 'attached' });
  await page.getByTestId('model-vectors').selectOption((await vectors.getAttribute('value'))!);
  await page.getByTestId('model-epochs').fill('2');
  await page.getByTestId('model-intervals').uncheck();
  await page.getByTestId('model-train').click();
  await page.getByTestId('results-table').waitFor({ timeout: DONE });

  // Runs: the table lists both runs; select the word2vec one for the compare view.
  await page.click('#tab-runs');
  await page.locator('#panel-runs table input[type=checkbox]').first().waitFor({ timeout: DONE });
  await page.locator('#panel-runs table input[type=checkbox]').first().check();
  await page.click('#tab-corpus');
  return { context, page, problems };
}

/** Shows panel `id` (by its tab) and waits until it is the selected one. */
export async function showPanel(page: Page, id: PanelId): Promise<void> {
  await page.click(`#tab-${id}`);
  await page.waitForSelector(`#tab-${id}[aria-selected=true]`);
}
