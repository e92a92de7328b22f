// `auto` by measurement (issue 12 item 4) in real Chromium (WebGPU on SwiftShader, so the GPU
// kernels are a candidate and lose): the run's result names every candidate's words/s and the
// trainer chosen, which is the one that ran; a second run of the same shape uses the cache; a forced
// trainer is not calibrated; the Train panel shows the calibration line near the trainer select.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import { openApp } from './ux-page';
import { seedCorpora } from './corpus-page';
import { gotoLab } from '../../scripts/harness';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import { threadsLabel } from '../../workers/train/threaded-trainer';
import { CPU_WASM } from '../../workers/train/trainer';
import type { Calibration } from '../../workers/train/calibrate';

let s: LabSession;
const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 1, minCount: 1 };

/** The result's adapter for a calibration label. */
function adapterMatches(chosen: string, adapter: string): boolean {
  const threads = /^CPU (\d+) threads$/.exec(chosen);
  if (threads) return adapter === threadsLabel(Number(threads[1]));
  if (chosen === 'CPU 1 thread') return adapter === CPU_WASM;
  return chosen === 'GPU kernels' && !adapter.startsWith('cpu');
}

function checkFigures(c: Calibration, cores: number, isolated: boolean): void {
  const labels = c.trainers.map((t) => t.label);
  expect(labels).toEqual(['GPU kernels', ...(isolated && cores > 1 ? [`CPU ${cores} threads`] : []), 'CPU 1 thread']);
  for (const t of c.trainers) expect(t.wordsPerSec).toBeGreaterThan(0);
  const best = c.trainers.reduce((b, t) => (t.wordsPerSec > b.wordsPerSec ? t : b));
  expect(c.chosen).toBe(best.label);
}

beforeAll(async () => {
  s = await labSession();
  await seedCorpora(s.page, s.appUrl, [{ id: 'synth', tokens: 200_000, vocab: 3000 }]);
  await gotoLab(s.page, s.appUrl);
}, 180_000);
afterAll(async () => {
  await s?.close();
});

describe('auto by measurement', () => {
  it("the result names each candidate's words/s and the chosen trainer, which ran; the second run uses the cache", async () => {
    const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
    const isolated = await s.page.evaluate(() => crossOriginIsolated);
    const first = await s.ok('train', { corpusId: 'synth', settings: small, noScore: true });
    expect(first.calibration).toBeDefined();
    const c1 = first.calibration!;
    checkFigures(c1, cores, isolated);
    expect(c1.cached).toBe(false);
    expect(adapterMatches(c1.chosen, first.adapter)).toBe(true);

    const second = await s.ok('train', { corpusId: 'synth', settings: { ...small, seed: 2 }, noScore: true });
    expect(second.calibration).toEqual({ ...c1, cached: true, seconds: 0 });
    // All the candidates together in about the budget (1.5 s; a slow one finishes its warm-up batch).
    expect(c1.seconds).toBeGreaterThan(0);
    expect(adapterMatches(c1.chosen, second.adapter)).toBe(true);

    // Another shape (dimensions) is measured again; a forced trainer is not calibrated.
    const other = await s.ok('train', { corpusId: 'synth', settings: { ...small, dim: 8 }, noScore: true });
    expect(other.calibration?.cached).toBe(false);
    const forced = await s.ok('train', { corpusId: 'synth', settings: small, trainer: 'cpu', noScore: true });
    expect(forced.calibration).toBeUndefined();
    expect(forced.adapter).toBe(CPU_WASM);
  }, 300_000);

  it('the Train panel shows the calibration line near the trainer select; a second Start says it is cached', async () => {
    const app = await openApp(s.browser);
    const { page } = app;
    await page.click('#tab-corpus');
    await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
    await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
    await page.click('#tab-train');
    await page.getByLabel('dimensions', { exact: true }).fill('8');
    await page.getByLabel('epochs', { exact: true }).fill('1');
    const line = page.getByTestId('train-calibration');
    const done = (): Promise<unknown> =>
      page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
        timeout: 300_000,
      });
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await done();
    const text = (await line.textContent()) ?? '';
    expect(text).toMatch(
      /^Measured on the first batches: GPU kernels [\d.]+[kM] words\/s · .*CPU 1 thread [\d.]+[kM] words\/s → (GPU kernels|CPU \d+ threads?)$/,
    );
    const chosen = /→ (.+)$/.exec(text)![1];
    expect(adapterMatches(chosen, (await page.textContent('[data-testid=train-adapter]')) ?? '')).toBe(true);
    // The line sits in the form beside the trainer select.
    expect(await page.locator('form:has([data-testid=train-trainer]) [data-testid=train-calibration]').count()).toBe(1);

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=train-calibration]')?.textContent?.includes('cached'), null, {
      timeout: 120_000,
    });
    await done();
    expect((await line.textContent()) ?? '').toContain(`→ ${chosen} (measured before, cached)`);
    expect(app.problems).toEqual([]);
    await app.context.close();
  }, 400_000);
});
