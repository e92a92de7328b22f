// The Predict panel's data half through the real UI in Chromium: import (picker, drop) with preview
// and schema, EDA charts with the documented bin counts, manual mapping, a file without authors,
// bad inputs that leave stored datasets intact, reload, delete, and live fetch from a local replay
// of the HN search API (progress, 429 retry, 429 forever, partial results kept).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startFileServer, type FileServer } from '../../scripts/harness';
import { sharedData } from '../shared-data';
import { startHnReplay, syntheticStories, type ReplayServer } from '../hn-api-replay';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/hn/${name}`, import.meta.url), 'utf8');
const NEWEST = Date.UTC(2016, 2, 10, 12) / 1000; // 2016-03-10 12:00 UTC

let browser: Browser;
let page: Page;
let api: ReplayServer;
let files: FileServer;
const requests: string[] = [];
const figures: Record<string, unknown> = {};

const T = { timeout: 60_000 }; // polls wait for the worker on two busy cores
const q = (id: string): string => `[data-testid=${id}]`;
const datasetNames = async (): Promise<string[]> => page.locator(`${q('hn-datasets')} li strong`).allTextContents();

async function choose(name: string, text: string): Promise<void> {
  await page.locator(`${q('hn-import')} input[type=file]`).setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

/** Clicks Import and waits until the dataset list holds one more entry named `name`. */
async function importPreviewed(name: string): Promise<void> {
  const before = (await datasetNames()).length;
  await page
    .locator(q('hn-import'))
    .getByRole('button', { name: /^Import \d/ })
    .click();
  await expect.poll(datasetNames, { timeout: 60_000 }).toHaveLength(before + 1);
  expect((await datasetNames())[0]).toBe(name);
}

const binCounts = async (): Promise<string[]> => page.locator(`${q('bin-counts')} tbody tr`).allInnerTexts();

beforeAll(async () => {
  api = await startHnReplay(syntheticStories(3000, NEWEST));
  files = await startFileServer();
  browser = await launchChromium();
  const context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(60_000); // two shared cores: the first load compiles the app
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => void d.accept());
  await page.goto(inject('appUrl') + '#panel=predict');
  await page.waitForSelector(q('hn-data'), { timeout: 180_000 });
  await page.locator(q('hn-data')).getByText('None yet.').waitFor(); // the stored list has loaded
});

afterAll(async () => {
  console.log('predict-data figures ' + JSON.stringify(figures));
  await browser?.close();
  await api?.close();
  await files?.close();
});

describe('Predict: data through the UI', () => {
  it('imports the shared Kaggle file: preview, schema recognised, EDA with the documented bin counts', async () => {
    const csv = readFileSync(sharedData('hn-posts-2015-2016.csv'), 'utf8');
    const t0 = Date.now();
    await choose('hn-posts-2015-2016.csv', csv);
    await page.waitForSelector(q('hn-preview'), { timeout: 60_000 });
    const tPreview = Date.now() - t0;
    const readSeconds = Number(/read in ([\d.]+) s/.exec((await page.locator(q('parse-seconds')).textContent()) ?? '')?.[1]);
    expect(readSeconds).toBeGreaterThan(0);
    expect(await page.locator(q('schema')).textContent()).toBe('recognised: Kaggle HN posts');
    expect(await page.locator(`${q('hn-preview')} thead th`).allTextContents()).toEqual([
      'idid',
      'titletitle',
      'urlurl',
      'num_pointspoints',
      'num_comments',
      'authorauthor',
      'created_attime',
    ]);
    const rows = await page.locator(`${q('hn-preview')} tbody tr`).allInnerTexts();
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain('Dying vets fuck you letter (2013)');
    const t1 = Date.now();
    await importPreviewed('hn-posts-2015-2016.csv');
    await expect
      .poll(binCounts, { timeout: 60_000 })
      .toEqual(['1–9\t8,203\t51.3%', '10–99\t5,573\t34.8%', '100–999\t2,197\t13.7%', '1000+\t27\t0.2%']);
    figures.importShared = {
      rows: 16000,
      workerReadParseSeconds: readSeconds,
      pickToPreviewMs: tPreview,
      importToBinsShownMs: Date.now() - t1,
      rowsPerSecondEndToEnd: Math.round(16000 / ((Date.now() - t0) / 1000)),
    };
    expect(await page.locator(q('eda-summary')).textContent()).toMatch(/^16,000 posts from 2015-09-06 \d\d:\d\d UTC to 2016-0\d-\d\d/);
    // Charts drawn: histogram bars + the four target-bin marks, 24 hours, 7 weekdays, 16,000 dots.
    expect(await page.locator(`${q('points-histogram')} .bars rect`).count()).toBeGreaterThan(8);
    expect(await page.locator(`${q('points-histogram')} .target-marks text`).allTextContents()).toEqual([
      '1–9: 8,203',
      '10–99: 5,573',
      '100–999: 2,197',
      '1000+: 27',
    ]);
    expect(await page.locator(`${q('hours-chart')} .bars rect`).count()).toBe(24);
    expect(await page.locator(`${q('weekdays-chart')} .bars rect`).count()).toBe(7);
    expect(await page.locator(`${q('weekdays-chart')} svg`).getAttribute('aria-label')).toBe('posts by weekday (UTC)');
    expect(await page.locator(`${q('length-scatter')} canvas`).getAttribute('data-dots')).toBe('16000');
    expect(await page.locator(`${q('top-domains')} tbody tr`).count()).toBe(15);
    expect(await page.locator(`${q('top-authors')} tbody tr`).count()).toBe(15);
    expect(await page.locator(`${q('top-posts')} tbody tr`).count()).toBe(10);
  });

  it('recounts the bins for new edges, and refuses bad edges with a message', async () => {
    const edges = page.locator(q('bin-edges'));
    await edges.fill('1, 100');
    await expect.poll(binCounts, T).toEqual(['1–99\t13,776\t86.1%', '100+\t2,224\t13.9%']);
    expect(page.url()).toContain('bins=1%2C100');
    await edges.fill('100, 10');
    expect(await page.locator(q('edges-error')).textContent()).toBe('Edges must go up: 10 comes after 100.');
    expect(await binCounts()).toHaveLength(2); // the last valid edges stay
    await edges.fill('1, 10, 100, 1000');
    await expect.poll(binCounts, T).toHaveLength(4);
  });

  it('maps unknown columns by hand, by drag and drop', async () => {
    const text =
      'h,v,w,l\n"Hello &amp; bye",12,2016-01-04 10:00:00,http://x.org/a\nSecond post,150,2016-01-05 11:00:00,\nThird,3,2016-01-06 12:00:00,https://www.x.org/b\n';
    await page.evaluate(
      ([body]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([body], 'odd-columns.csv', { type: 'text/csv' }));
        document
          .querySelector('[data-testid=hn-drop]')!
          .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      },
      [text],
    );
    await page.waitForSelector(q('hn-mapping'));
    expect(await page.locator(q('schema')).textContent()).toMatch(/not recognised/);
    const importButton = page.locator(q('hn-import')).getByRole('button', { name: /^Import \d/ });
    expect(await importButton.isDisabled()).toBe(true);
    const mapping = page.locator(q('hn-mapping'));
    await mapping.locator('select[name=title]').selectOption('h');
    await mapping.locator('select[name=points]').selectOption('v');
    expect(await importButton.isDisabled()).toBe(true); // time still missing
    await mapping.locator('select[name=time]').selectOption('w');
    await mapping.locator('select[name=url]').selectOption('l');
    expect(await page.locator(q('mapping-notice')).allTextContents()).toEqual([
      'No author column: the author feature is off.',
      'No id column: rows are numbered, so duplicate posts cannot be detected.',
    ]);
    await importPreviewed('odd-columns.csv');
    await expect.poll(binCounts, T).toEqual(['1–9\t1\t33.3%', '10–99\t1\t33.3%', '100–999\t1\t33.3%', '1000+\t0\t0.0%']);
    expect(
      await page
        .locator(`${q('top-posts')} tbody tr`)
        .first()
        .innerText(),
    ).toBe('150\tSecond post\t(self)\t–\t2016-01-05 11:00 UTC');
    expect(await page.locator(`${q('top-domains')} tbody tr`).allInnerTexts()).toEqual(['x.org\t2\t7.5', '(self)\t1\t150']);
  });

  it('a file without authors: the author feature is off, said in the preview and the explorer', async () => {
    await choose('no-author.csv', fixture('no-author.csv'));
    await page.waitForSelector(q('hn-preview'));
    expect(await page.locator(q('mapping-notice')).allTextContents()).toEqual(['No author column: the author feature is off.']);
    await importPreviewed('no-author.csv');
    await expect
      .poll(() => page.locator(q('dataset-notice')).allTextContents(), T)
      .toEqual(['No author column: the author feature is off.']);
    expect(await page.locator(q('top-authors')).textContent()).toBe('No authors in this dataset.');
  });

  it('bad inputs give a clear message and leave the stored datasets intact', async () => {
    const before = await datasetNames();
    const algolia = fixture('algolia.json');
    const cases: [string, string, RegExp][] = [
      ['empty.csv', '', /^empty\.csv is empty\.$/],
      ['spaces.csv', '  \n \n', /^spaces\.csv is empty\.$/],
      ['truncated.json', algolia.slice(0, algolia.length / 2), /^truncated\.json is not valid JSON \(truncated, or not JSON at all\)\.$/],
      ['header-only.csv', 'id,title,num_points,created_at\n', /^header-only\.csv has no data rows\.$/],
    ];
    for (const [name, body, msg] of cases) {
      await choose(name, body);
      await expect.poll(() => page.locator(q('import-error')).textContent(), T).toMatch(msg);
      expect(await page.locator(q('hn-preview')).count()).toBe(0);
    }
    // JSON that is not HN data: no usable title column, so it cannot be imported as is.
    await choose('weather.json', fixture('not-hn.json'));
    await page.waitForSelector(q('hn-mapping'));
    expect(await page.locator(q('schema')).textContent()).toMatch(/not recognised/);
    expect(
      await page
        .locator(q('hn-import'))
        .getByRole('button', { name: /^Import \d/ })
        .isDisabled(),
    ).toBe(true);
    expect(await page.locator(q('hn-preview')).innerText()).toContain('Choose a column for: title, points, time');
    // Forcing a mapping onto it reads no posts: a clear error, nothing stored.
    for (const f of ['title', 'points', 'time']) await page.locator(`${q('hn-mapping')} select[name=${f}]`).selectOption('weather');
    await page
      .locator(q('hn-import'))
      .getByRole('button', { name: /^Import \d/ })
      .click();
    await expect
      .poll(() => page.locator(q('import-error')).textContent(), T)
      .toMatch(/^No posts could be read from weather\.json: 1 row skipped \(1 missing fields\)\. Nothing was stored\.$/);
    expect(await datasetNames()).toEqual(before);
    // HTML in a title is shown as text.
    await choose(
      'html.csv',
      'id,title,url,num_points,num_comments,author,created_at\n1,<img src=x onerror=alert(1)> &lt;b&gt;,,5,0,eve,1/4/2016 10:00\n',
    );
    await page.waitForSelector(q('hn-preview'));
    await importPreviewed('html.csv');
    await expect
      .poll(
        () =>
          page
            .locator(`${q('top-posts')} tbody td`)
            .nth(1)
            .textContent(),
        T,
      )
      .toBe('<img src=x onerror=alert(1)> <b>');
    expect(await page.locator(`${q('hn-explore')} img`).count()).toBe(0);
  });

  it('imports from a URL: a BigQuery export with its comments dropped (counted), and a 404 said plainly', async () => {
    const urlInput = page.locator(q('hn-import')).getByLabel('or a URL (CORS)');
    await urlInput.fill(files.add('export.csv', { body: fixture('bigquery.csv'), contentType: 'text/csv' }));
    await page.locator(q('hn-import')).getByRole('button', { name: 'Preview URL' }).click();
    await page.waitForSelector(q('hn-preview'));
    expect(await page.locator(q('schema')).textContent()).toBe('recognised: BigQuery / ClickHouse export');
    await importPreviewed('export.csv');
    const info = await page
      .locator(`${q('hn-datasets')} li`)
      .first()
      .innerText();
    expect(info).toContain('2 posts, 2 rows skipped');
    await page
      .locator(`${q('hn-datasets')} li`)
      .first()
      .locator('summary')
      .click();
    expect(
      await page
        .locator(`${q('hn-datasets')} li`)
        .first()
        .locator('details li')
        .allTextContents(),
    ).toEqual(['not a story: 2']);
    await expect
      .poll(
        () =>
          page
            .locator(`${q('top-posts')} tbody td`)
            .nth(1)
            .textContent(),
        T,
      )
      .toBe('Quantum "supremacy" explained');
    const missing = files.url + 'nope.csv';
    await urlInput.fill(missing);
    await page.locator(q('hn-import')).getByRole('button', { name: 'Preview URL' }).click();
    await expect.poll(() => page.locator(q('import-error')).textContent(), T).toBe(`Could not read ${missing}: HTTP 404.`);
  });

  it('finds the datasets again after a reload, and deletes one', async () => {
    const before = await datasetNames();
    await page.reload();
    await expect.poll(datasetNames, T).toEqual(before);
    await page
      .locator(`${q('hn-datasets')} li`)
      .filter({ hasText: 'html.csv' })
      .getByRole('button', { name: 'Delete html.csv' })
      .click();
    await expect.poll(datasetNames, T).toEqual(before.filter((n) => n !== 'html.csv'));
  });

  it('fetches live from a replay of the HN search API, with progress and a 429 retried', async () => {
    await page.locator(`${q('hn-fetch')} summary`).click();
    await page.locator(q('api-base')).fill(api.apiBase);
    await page.locator(q('hn-fetch')).getByLabel('from', { exact: true }).fill('2016-01-01');
    await page.locator(q('hn-fetch')).getByLabel('to', { exact: true }).fill('2016-03-10');
    await page.locator(q('hn-fetch')).getByLabel('posts', { exact: true }).fill('1500');
    api.log.length = 0;
    api.failNext([429, 429]);
    // The first retry is held by the server until the notice has been read (it would otherwise say "retry 2" 0.5 s later).
    const retry = api.hold(1);
    const t0 = Date.now();
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Fetch', exact: true }).click();
    await retry.reached;
    await page.waitForSelector(q('fetch-retry'));
    expect(await page.locator(q('fetch-retry')).textContent()).toMatch(
      /^The HN API is rate-limiting requests \(HTTP 429\): retry 1 of 4 in 0\.5 s…$/,
    );
    retry.release();
    await page.waitForSelector(q('fetch-done'), { timeout: 60_000 });
    expect(await page.locator(q('fetch-done')).textContent()).toMatch(/^Fetched 1,500 posts in \d+\.\d s \(4 requests\)\.$/);
    figures.fetch = { posts: 1500, requests: 4, incl429: 2, ms: Date.now() - t0, text: await page.locator(q('fetch-done')).textContent() };
    expect(api.log).toHaveLength(4);
    expect(api.log[0]).toContain('numericFilters=created_at_i%3E%3D1451606400%2Ccreated_at_i%3C1457654400');
    const name = (await datasetNames())[0];
    expect(name).toMatch(/^HN 2016-01-01 … 2016-03-10 \(1500 posts\)$/);
    await expect.poll(() => page.locator(q('eda-summary')).textContent(), T).toMatch(/^1,500 posts from/);
    // A bigger fetch of all 3,000 for the figures.
    await page.locator(q('hn-fetch')).getByLabel('from', { exact: true }).fill('2015-12-01');
    await page.locator(q('hn-fetch')).getByLabel('posts', { exact: true }).fill('5000');
    const t1 = Date.now();
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Fetch', exact: true }).click();
    await expect.poll(() => page.locator(q('fetch-done')).textContent(), { timeout: 60_000 }).toMatch(/^Fetched 3,000 posts/);
    figures.fetchAll = { posts: 3000, ms: Date.now() - t1, text: await page.locator(q('fetch-done')).textContent() };
  });

  it('a 429 that never ends fails clearly; one after the first window keeps what was fetched', async () => {
    const before = await datasetNames();
    await page.locator(q('hn-fetch')).getByLabel('posts', { exact: true }).fill('1500');
    api.failAlways(429);
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Fetch', exact: true }).click();
    await expect
      .poll(() => page.locator(q('fetch-error')).textContent(), { timeout: 30_000 })
      .toBe('Stopped: the HN API is rate-limiting requests (HTTP 429), still after 4 retries.');
    expect(await datasetNames()).toEqual(before);
    api.failAlways(null);
    api.failAfter(1, 429);
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Fetch', exact: true }).click();
    await expect
      .poll(() => page.locator(q('fetch-error')).textContent(), { timeout: 30_000 })
      .toMatch(
        /^Stopped: the HN API is rate-limiting requests \(HTTP 429\), still after 4 retries\. Kept the 1,000 posts fetched before that as "HN 2015-12-01 … 2016-03-10 \(1000 posts\)"\.$/,
      );
    api.failAlways(null);
    expect(await datasetNames()).toEqual(['HN 2015-12-01 … 2016-03-10 (1000 posts)', ...before]);
    expect(
      await page
        .locator(`${q('hn-datasets')} li`)
        .first()
        .innerText(),
    ).toContain('fetched from the HN API (incomplete)');
    // Cancel stores nothing: a 429, then its retry is held by the server until the click has landed.
    api.failNext([429]);
    const retry = api.hold(1);
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Fetch', exact: true }).click();
    await retry.reached;
    await page.waitForSelector(q('fetch-retry')); // shown from the 429 on, while the retry is held
    expect(await page.locator(q('fetch-retry')).textContent()).toMatch(/HTTP 429\): retry 1 of 4/);
    await page.locator(q('hn-fetch')).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator(q('fetch-error')).textContent(), T).toBe('Cancelled; nothing was stored.');
    retry.release();
    expect((await datasetNames()).length).toBe(before.length + 1);
    // Nothing in this whole session went to the real HN API.
    expect(requests.filter((u) => /algolia|ycombinator/.test(u))).toEqual([]);
  });
});
