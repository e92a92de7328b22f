// The stronger HN model through the Predict panel in Chromium: the wide-and-deep model with SIF
// title means and HN-flavoured vectors (word2vec continued on the training titles) chosen in the
// model section → the results say the settings and the test titles' OOV before → after, the fit is
// a run record with those settings, and Ask answers from the saved model (wide part included);
// a Cancel while the gradient-boosted baseline trains (parked after its first round, so Cancel
// lands mid-boosting however fast or slow the machine) is answered within 300 ms.
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startFileServer, type FileServer } from '../../scripts/harness';
import { parkAt, usePace } from './pace';
import { loadPostsAndVectors, postsSlice, q } from './predict-page';

let browser: Browser;
let page: Page;
let files: FileServer;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  files = await startFileServer();
  browser = await launchChromium();
  const context = await browser.newContext();
  await usePace(context);
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  await page.goto(inject('appUrl') + '#panel=predict');
  await page.waitForSelector(q('model-section'), { timeout: 180_000 });
  // Vectors for the words of the oldest 300 posts only: the newer training titles bring words they lack.
  await loadPostsAndVectors(page, files, postsSlice(600), 'hn16.vec', /hn-slice\.csv \(60\d posts\)/, postsSlice(300));
  await page.locator(q('model-epochs')).fill('2');
  await page.locator(q('model-intervals')).uncheck();
}, 300_000);

afterAll(async () => {
  console.log('predict-hn-model figures ' + JSON.stringify(figures));
  await browser?.close();
  await files?.close();
});

describe('Predict: the stronger model', () => {
  it('trains wide and deep on SIF means of HN-flavoured vectors; says the OOV before → after; records the run; Ask answers', async () => {
    expect(await page.locator(q('model-kind')).inputValue()).toBe('wide-deep'); // the defaults
    expect(await page.locator(q('model-title-mean')).inputValue()).toBe('sif');
    await page.locator(q('model-hn-epochs')).fill('2');
    await page.locator(q('model-train')).click();
    await expect.poll(() => page.locator(q('model-status')).textContent(), { timeout: 300_000 }).toMatch(/Done\./);
    const note = (await page.locator(q('hn-vectors-note')).textContent()) ?? '';
    const m =
      /HN-flavoured vectors: 2 word2vec epochs on [\d,]+ training-title words, ([\d,]+) new words; test titles' OOV (\d+\.\d)% → (\d+\.\d)%\./.exec(
        note.replace(/\s+/g, ' '),
      );
    expect(m, note).not.toBeNull();
    const [added, before, after] = [Number(m![1].replace(/,/g, '')), Number(m![2]), Number(m![3])];
    expect(added).toBeGreaterThan(0);
    expect(after).toBeLessThan(before);
    figures.oov = { before, after, added };
    expect((await page.locator(q('model-settings')).textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Model: wide and deep, SIF title mean, domain\/author target statistics; validation log loss \d\.\d{3} \(the first net alone at its best epoch, on the validation part: the newest 10% of the training posts/,
    );
    // The fit is a run record with the new settings.
    const rec = (await page.evaluate(`(async () => { const { engine } = await import('/src/engine.svelte.ts');
      return (await engine.call('runsList', {})).find((r) => r.kind === 'hn' && r.state === 'finished'); })()`)) as {
      settings: Record<string, unknown>;
    };
    expect(rec.settings).toMatchObject({ model: 'wide-deep', titleMean: 'sif', hnVectorsEpochs: 2 });
    // Ask answers from the model just trained (its wide part and new words included).
    await page.locator(q('ask-title')).fill('Show HN: a kubernetes operator in Rust');
    await page.locator(q('ask-submit')).click();
    await page.locator(q('ask-prob')).first().waitFor({ timeout: 30_000 });
    const probs = (await page.locator(q('ask-prob')).allTextContents()).map(Number);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  }, 360_000);

  it('answers a Cancel during the boosted trees within 300 ms', async () => {
    await page.locator(q('model-hn-epochs')).fill('0');
    const parked = await parkAt(page, { point: 'gbdt-round', after: 1 });
    await page.locator(q('model-train')).click();
    await parked(); // boosting, after its first round
    expect(await page.locator(q('model-status')).textContent()).toMatch(/gradient boosting/);
    // Release and click in one go, timed in the page: the engine gets the release, then the cancel, so the
    // cancel is read at the boosting's first yield after the park (after one tree), never after it ended.
    const ms = await page.evaluate(
      ([cancel, status]) =>
        new Promise<number>((resolve) => {
          const el = document.querySelector(status)!;
          new MutationObserver(() => {
            if (/Training cancelled\./.test(el.textContent ?? '')) resolve(performance.now() - t0);
          }).observe(el, { childList: true, subtree: true, characterData: true });
          const pace = (window as unknown as { __pace: { worker: Worker } }).__pace;
          pace.worker.postMessage({ kind: 'test-release' });
          const t0 = performance.now();
          (document.querySelector(cancel) as HTMLButtonElement).click();
        }),
      [q('model-cancel'), q('model-status')],
    );
    figures.gbdtCancelMs = ms;
    expect(ms).toBeLessThan(300);
  }, 360_000);
});
