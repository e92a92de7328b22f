// The Train panel through its UI, in real Chromium (WebGPU on SwiftShader), on the bundled
// sample: settings typed into the form; Start → live figures, loss chart and watch-word
// neighbours that update; nothing that shapes the run can be changed mid-run; training goes
// on with the tab hidden; Pause → Resume continues the same run; the exports download and
// parse; Stop keeps the vectors so far as a set Explore lists.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { parseVectors } from '../../workers/vectors/read';
import { checkpointEvery, parkAt, release, usePace } from './pace';

let browser: Browser;
let page: Page;
const problems: string[] = [];

const text = async (id: string): Promise<string> => (await page.textContent(`[data-testid=${id}]`)) ?? '';
const num = async (id: string): Promise<number> => parseFloat((await text(id)).replace(/,/g, ''));
/** Waits until the figure `id` shows a value different from `from`. */
const changes = (id: string, from: string, ms = 120_000): Promise<unknown> =>
  page.waitForFunction(([i, v]) => (document.querySelector(`[data-testid=${i}]`)?.textContent ?? '') !== v, [id, from] as const, {
    timeout: ms,
  });
/** Points on the loss chart's smoothed line (one per batch). */
const chartPoints = (): Promise<number> =>
  page.evaluate(() => {
    const d = document.querySelector('.loss svg path[stroke="#2563eb"]')?.getAttribute('d') ?? '';
    return (d.match(/[ML]/g) ?? []).length;
  });
const watchText = async (): Promise<string> => (await page.locator('ul.watch').textContent()) ?? '';
const label = (name: string) => page.locator('#panel-train').getByLabel(name, { exact: true });
const button = (name: string) => page.locator('#panel-train').getByRole('button', { name, exact: true });

async function download(click: () => Promise<void>, n = 1): Promise<Download[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download): void => {
      got.push(d);
      if (got.length === n) (page.off('download', on), resolve());
    };
    page.on('download', on);
  });
  await click();
  await all;
  return got;
}

beforeAll(async () => {
  browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true });
  await usePace(context);
  page = await context.newPage();
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => void (m.type() === 'error' && problems.push('console: ' + m.text())));
  await page.goto(inject('appUrl'));
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
  // A checkpoint (with the watch words' neighbours) at every progress report, not every 5 s: the
  // steps below wait for "the next checkpoint", which then comes after a known batch.
  await checkpointEvery(page, 0);
  await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
  await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
  await page.click('#tab-train');
}, 240_000);
afterAll(() => browser?.close());

describe('Train panel', () => {
  it('Start → live figures, chart and neighbours; locked settings; hidden tab; pause → resume; exports', async () => {
    await label('dimensions').fill('16');
    // 2 epochs of the sample: about 16 GPU batches (131 k words each); the steps below use the first four.
    await label('epochs').fill('2');
    await label('window').fill('3');
    await label('Watch words (comma-separated)').fill('the, man, nosuchwordxyz');
    // SwiftShader here: the automatic trainer would take the CPU path and says so; this run uses the GPU kernels.
    expect(await text('train-software')).toMatch(/software renderer.*CPU path/s);
    await label('Trainer').selectOption('gpu');
    expect(await page.locator('[data-testid=train-software]').count()).toBe(0);
    // Parked after two batches, each reported with a checkpoint and the watch-word neighbours (the
    // first report's words/s is 0: on the GPU it counts batches completed before the report).
    let parked = await parkAt(page, { point: 'train-batch', saved: true, after: 1 });
    await button('Start').click();
    await parked();

    // Mid-run: every input that shapes the run is disabled; Start too, Pause and Stop are on.
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=train-wps]')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    for (const name of ['dimensions', 'epochs', 'window', 'negative samples', 'learning rate (start)', 'seed', 'Trainer'])
      expect(await label(name).isDisabled()).toBe(true);
    expect(await page.locator('#panel-train select').first().isDisabled()).toBe(true); // the corpus
    expect(await label('Watch words (comma-separated)').isDisabled()).toBe(true);
    expect(await button('Start').isDisabled()).toBe(true);
    expect(await button('Pause').isEnabled()).toBe(true);
    expect(await button('Stop').isEnabled()).toBe(true);

    // Live figures.
    await changes('train-done', '0.0%');
    expect(await num('train-wps')).toBeGreaterThan(0);
    expect(await num('train-pps')).toBeGreaterThan(await num('train-wps')); // several pairs per word
    expect(await num('train-lr')).toBeGreaterThan(0.0001);
    expect(await num('train-lr')).toBeLessThanOrEqual(0.025);
    expect(await text('train-epoch')).toMatch(/^[12] \/ 2$/);
    expect(await text('train-eta')).toMatch(/^\d+ (s|min)$/);
    expect(await text('train-adapter')).toMatch(/swiftshader/i);
    const loss = await num('train-loss');
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(6 * Math.LN2 + 0.01); // below an untrained model's (1 + negative)·ln 2
    const points = await chartPoints();
    expect(points).toBeGreaterThan(0);

    // Watch words: neighbours of known words, a note for an unknown one; they update.
    await page.waitForSelector('ul.watch li', { timeout: 60_000 });
    const firstWatch = await watchText();
    expect(firstWatch).toMatch(/the: \w+ \(-?\d\.\d\d\)/);
    expect(firstWatch).toMatch(/nosuchwordxyz: not in the vocabulary/);
    // On to the next checkpoint: the neighbours update.
    parked = await parkAt(page, { point: 'train-batch', saved: true });
    await release(page);
    await parked();
    await page.waitForFunction((t) => (document.querySelector('ul.watch')?.textContent ?? '') !== t, firstWatch, { timeout: 120_000 });
    expect(await chartPoints()).toBeGreaterThan(points);

    // Hidden behind another tab, training goes on (it runs in the worker).
    const other = await page.context().newPage();
    await other.bringToFront();
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hiddenAt = await text('train-done');
    parked = await parkAt(page, { point: 'train-batch', saved: true });
    await release(page);
    await parked();
    await changes('train-done', hiddenAt);
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    await other.close();
    await page.bringToFront();

    // Pause → the run is checkpointed and offered; Resume continues it (never back to 0).
    await button('Pause').click();
    await release(page); // the batch after the park is trained, then the run pauses
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Paused.'), null, {
      timeout: 120_000,
    });
    const offer = await text('train-continue');
    const saved = parseFloat(/\(([\d.]+)% done/.exec(offer)?.[1] ?? 'NaN');
    expect(saved).toBeGreaterThan(0);
    expect(await label('dimensions').isEnabled()).toBe(true);
    await button('Resume').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
      timeout: 400_000,
    });
    expect(await text('train-done')).toBe('100.0%');
    expect(await text('train-result')).toMatch(/^Trained [\d,]+ vectors/);
    expect(await text('train-cpu').catch(() => '')).toBe(''); // WebGPU here: no CPU banner

    // Exports: .vec and .bin parse to the same vectors; .tsv gives vectors + metadata rows.
    const vocab = parseInt((await text('train-result')).replace(/,/g, '').match(/Trained (\d+)/)![1], 10);
    const [vec] = await download(() => button('.vec').click());
    const [bin] = await download(() => button('.bin').click());
    const tsv = await download(() => button('.tsv (Projector)').click(), 2);
    const pv = await parseVectors(new Uint8Array(readFileSync(await vec.path())));
    const pb = await parseVectors(new Uint8Array(readFileSync(await bin.path())), { hint: 'bin' });
    expect(vec.suggestedFilename()).toMatch(/\.vec$/);
    expect(bin.suggestedFilename()).toMatch(/\.bin$/);
    expect([pv.format, pv.words.length, pv.dim]).toEqual(['vec', vocab, 16]);
    expect([pb.format, pb.words.length, pb.dim]).toEqual(['bin', vocab, 16]);
    expect(pb.words).toEqual(pv.words);
    expect(pv.words).toContain('the');
    let maxDiff = 0;
    for (let i = 0; i < pv.matrix.length; i++) maxDiff = Math.max(maxDiff, Math.abs(pv.matrix[i] - pb.matrix[i]));
    expect(maxDiff).toBeLessThan(1e-6);
    const files = new Map(await Promise.all(tsv.map(async (d) => [d.suggestedFilename(), readFileSync(await d.path(), 'utf8')] as const)));
    const vecRows = [...files]
      .find(([n]) => !/meta/.test(n))![1]
      .trimEnd()
      .split('\n');
    const metaRows = [...files]
      .find(([n]) => /meta/.test(n))![1]
      .trimEnd()
      .split('\n');
    expect(vecRows).toHaveLength(vocab);
    expect(metaRows).toEqual(pv.words);
    expect(vecRows[0].split('\t')).toHaveLength(16);
    expect(problems).toEqual([]);
  }, 600_000);

  it('Stop mid-run keeps the vectors so far as a set marked as stopped early', async () => {
    await label('epochs').fill('3');
    let parked = await parkAt(page, { point: 'train-batch' });
    await button('Start').click();
    await parked(); // before the first batch
    expect(await text('train-done')).toMatch(/^(–|0\.0%)$/); // no figures of the run before
    parked = await parkAt(page, { point: 'train-batch' });
    await release(page);
    await parked(); // one batch trained
    await button('Stop').click();
    await release(page);
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Stopped early'), null, {
      timeout: 120_000,
    });
    const status = await text('train-status');
    expect(status).toMatch(/Stopped early at \d+\.\d% \(epoch [1-3] of 3\): the vectors so far are saved/);
    expect(await text('train-result')).toMatch(/^Stopped early: Trained [\d,]+ vectors/);
    expect(await button('.vec').isEnabled()).toBe(true);
    expect(await page.locator('[data-testid=train-continue]').count()).toBe(0); // nothing left to continue

    await page.click('#tab-explore');
    const options = await page.locator('#panel-explore select option').allTextContents();
    expect(options.some((o) => /stopped early at \d+\.\d% \(epoch [1-3] of 3\)/.test(o))).toBe(true);
    expect(problems).toEqual([]);
  }, 400_000);
});
