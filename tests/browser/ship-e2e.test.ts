// End to end on the BUILT site served under a sub-path, in real Chromium, through the UI only:
// first visit → bundled corpus → short training, reloaded mid-way and continued from its
// checkpoint → neighbours → classifier on a small HN file (with the trained vectors) → ask →
// Copy link; the link opened in a fresh browser profile restores its
// settings in the form fields and "Start this run" ingests and trains. Throughout: no console
// error, no page error, no failed request, no response >= 400.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { openApp, shipSite, watchedPage, type ShipSite } from './ship-site';
import { checkpointEvery, parkAt, release, usePace } from './pace';

let ship: ShipSite;
let browser: Browser;

beforeAll(async () => {
  ship = await shipSite();
  browser = await launchChromium();
}, 400_000);

afterAll(async () => {
  await browser?.close();
  await ship?.close();
});

interface SeenWindow {
  __seen?: { loading: boolean; noneYet: boolean };
}

/** Records whether the stored-corpora list ever said "Loading…" or "None yet." on this page load. */
async function watchCorpusList(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as SeenWindow;
    w.__seen = { loading: false, noneYet: false };
    new MutationObserver(() => {
      const text = document.querySelector('section[aria-label="Stored corpora"]')?.textContent ?? '';
      if (text.includes('Loading…')) w.__seen!.loading = true;
      if (text.includes('None yet.')) w.__seen!.noneYet = true;
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
}

/** Every value the Train panel's "done" figure shows from now on (percent). */
async function recordDone(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __done: number[] };
    w.__done = [];
    const dd = document.querySelector('[data-testid=train-done]')!;
    const read = () => {
      const v = parseFloat(dd.textContent ?? '');
      if (Number.isFinite(v)) w.__done.push(v);
    };
    new MutationObserver(read).observe(dd, { childList: true, subtree: true, characterData: true });
  });
}
const doneValues = (page: Page): Promise<number[]> => page.evaluate(() => (window as unknown as { __done: number[] }).__done);
const doneNow = async (page: Page): Promise<number> => parseFloat((await page.textContent('[data-testid=train-done]')) ?? '');

/**
 * A small HN file in the Kaggle schema (id,title,url,num_points,num_comments,author,created_at):
 * `n` posts over ten months, titles of common English words (so the Brown vectors know them),
 * points spread over the four order-of-magnitude bins. Seeded, so every run is the same.
 */
function smallHnCsv(n: number): string {
  const words = [
    'the',
    'new',
    'world',
    'money',
    'city',
    'war',
    'music',
    'school',
    'law',
    'church',
    'power',
    'science',
    'water',
    'family',
    'market',
    'game',
  ];
  const domains = ['github.com', 'nytimes.com', 'medium.com', 'example.org', ''];
  let seed = 11;
  const r = (k: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % k;
  const rows = ['id,title,url,num_points,num_comments,author,created_at'];
  for (let i = 0; i < n; i++) {
    const title = Array.from({ length: 3 + r(5) }, () => words[r(words.length)]).join(' ');
    const domain = domains[r(domains.length)];
    const points = [1 + r(9), 10 + r(90), 100 + r(900), 1000 + r(2000)][r(10) < 5 ? 0 : r(10) < 6 ? 1 : r(10) < 8 ? 2 : 3];
    const date = `${1 + r(10)}/${1 + r(28)}/2016 ${r(24)}:${String(r(60)).padStart(2, '0')}`;
    rows.push(`${i + 1},${title},${domain ? `https://${domain}/p${i}` : ''},${points},${r(50)},user${r(20)},${date}`);
  }
  return rows.join('\n') + '\n';
}

it('first visit → sample → train (reload mid-way, continue) → neighbours → HN classifier → ask → share link restores and starts the run', async () => {
  const context = await browser.newContext();
  await usePace(context);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(ship.site.url).origin });
  const { page, problems } = await watchedPage(context);
  await watchCorpusList(page);
  await openApp(page, ship.site.url);

  // 1. Corpus: the bundled sample through the Corpus panel's button.
  await page.getByRole('button', { name: 'Use the bundled sample (Brown corpus)' }).click();
  await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
  expect(await page.textContent('[data-testid=corpus-stats]')).toMatch(/Brown corpus/);

  // 2. Train: small settings typed into the form; the link follows them. 2 epochs of the sample:
  // about 120 batches of the CPU path (the automatic trainer on SwiftShader, 16 k words a batch).
  await page.click('#tab-train');
  await page.getByLabel('dimensions', { exact: true }).fill('8');
  await page.getByLabel('epochs', { exact: true }).fill('2');
  await page.getByLabel('window', { exact: true }).fill('3');
  await page.waitForFunction(() => location.hash.includes('dim=8') && location.hash.includes('epochs=2'));
  // The app checkpoints every 5 s; here at every progress report, and the run is parked after its
  // second batch, so the reload below comes after a stored checkpoint and before the run's end.
  await checkpointEvery(page, 0);
  const parked = await parkAt(page, { point: 'train-batch', saved: true, after: 1 });
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  const at = await parked();
  expect(at.saved).toBeGreaterThan(0);
  expect(at.saved).toBeLessThan(1);
  await page.waitForFunction(() => parseFloat(document.querySelector('[data-testid=train-done]')?.textContent ?? '') > 0, null, {
    timeout: 120_000,
  });
  expect(await doneNow(page)).toBeLessThan(100);

  // 3. Reload mid-training: the stored corpus is listed at once ("Loading…", never "None yet."),
  // and the Train panel offers to continue from the checkpoint.
  await page.reload();
  await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 60_000 });
  const offer = page.locator('[data-testid=train-continue]');
  await offer.waitFor({ timeout: 60_000 });
  const saved = parseFloat(/\(([\d.]+)% done/.exec((await offer.textContent()) ?? '')?.[1] ?? 'NaN');
  expect(saved).toBeGreaterThan(0);
  expect(await page.locator('[data-testid=run-offer]').count()).toBe(0); // the link's run is the checkpointed one
  await page.waitForSelector('section[aria-label="Stored corpora"] li[data-state=ready]', { state: 'attached' }); // in the hidden Corpus tab
  expect(await page.evaluate(() => (window as unknown as SeenWindow).__seen)).toEqual({ loading: true, noneYet: false });
  await recordDone(page);
  await offer.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
    timeout: 400_000,
  });
  const shown = await doneValues(page);
  console.log(JSON.stringify({ metric: 'e2e-resume', checkpointPercent: saved, firstShownAfterContinue: shown[0], shown: shown.length }));
  expect(shown.length).toBeGreaterThan(0);
  expect(Math.min(...shown)).toBeGreaterThanOrEqual(saved - 0.05); // never back to 0
  expect(shown[shown.length - 1]).toBe(100);

  // 4. Explore: neighbours of a word; the word goes into the link.
  await page.click('#tab-explore');
  await page.getByLabel('Word', { exact: true }).fill('man');
  await page.locator('#panel-explore').getByRole('button', { name: 'Search', exact: true }).click();
  await page.waitForSelector('ol.neighbours li', { timeout: 60_000 });
  expect(await page.locator('ol.neighbours li').count()).toBe(15);
  await page.waitForFunction(() => location.hash.includes('word=man'));

  // 5. Predict: a small HN file through the Data section, the classifier with the vectors just
  // trained (2 epochs), then Ask.
  await page.click('#tab-predict');
  await page
    .locator('[data-testid=hn-import] input[type=file]')
    .setInputFiles({ name: 'hn-small.csv', mimeType: 'text/csv', buffer: Buffer.from(smallHnCsv(400)) });
  await page.getByRole('button', { name: /^Import \d/ }).click();
  await page.waitForFunction(
    () => /hn-small\.csv \(400 posts\)/.test(document.querySelector('[data-testid=model-dataset]')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  await page.locator('[data-testid=model-section] button:text("↻")').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid=model-vectors]') as HTMLSelectElement | null)?.value !== '');
  await page.locator('[data-testid=model-epochs]').fill('2');
  await page.locator('[data-testid=model-train]').click();
  await page.locator('[data-testid=results-table]').waitFor({ timeout: 400_000 });
  await page.locator('[data-testid=ask-title]').fill('new music from the city');
  await page.locator('[data-testid=ask-submit]').click();
  await page.locator('[data-testid=ask-answer]').waitFor({ timeout: 60_000 });
  const probs = (await page.locator('[data-testid=ask-prob]').allTextContents()).map(Number);
  expect(probs).toHaveLength(4); // bins 1–9, 10–99, 100–999, 1000+ (the share table's default)
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);

  // 6. Copy link (real clipboard).
  await page.getByTestId('copy-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link.startsWith(ship.site.url)).toBe(true);
  expect(link).toMatch(/#panel=predict&.*dim=8.*&epochs=2&.*word=man/);
  expect(problems).toEqual([]);

  // 7. The link in a fresh profile (no stored corpus): settings restored in the form fields,
  // "Start this run" ingests the sample and trains with the link's settings.
  const fresh = await browser.newContext();
  await usePace(fresh);
  const other = await watchedPage(fresh);
  await openApp(other.page, link);
  const p2 = other.page;
  expect(await p2.getAttribute('#tab-predict', 'aria-selected')).toBe('true');
  expect(await p2.getByLabel('Word', { exact: true }).inputValue()).toBe('man');
  expect(await p2.getByLabel('dimensions', { exact: true }).inputValue()).toBe('8');
  expect(await p2.getByLabel('epochs', { exact: true }).inputValue()).toBe('2');
  expect(await p2.getByLabel('window', { exact: true }).inputValue()).toBe('3');
  expect(await p2.getByLabel('seed', { exact: true }).inputValue()).toBe('1');
  const runOffer = p2.getByTestId('run-offer');
  await runOffer.waitFor();
  expect(await runOffer.textContent()).toMatch(/dimensions 8.*epochs 2\b/);
  // Parked after its first batch: it is still running when Pause is pressed.
  const linkedParked = await parkAt(p2, { point: 'train-batch', after: 1 });
  await p2.getByTestId('start-linked-run').click();
  await linkedParked();
  await p2.waitForFunction(() => parseFloat(document.querySelector('[data-testid=train-done]')?.textContent ?? '') >= 0, null, {
    timeout: 180_000,
  });
  expect(await p2.getAttribute('#tab-train', 'aria-selected')).toBe('true');
  expect(await p2.textContent('[data-testid=train-epoch]')).toMatch(/\/ 2$/);
  expect(await p2.locator('section[aria-label="Stored corpora"] li[data-state=ready]').count()).toBe(1);
  expect(await runOffer.count()).toBe(0);
  await p2.getByRole('button', { name: 'Pause' }).click();
  await release(p2);
  await p2.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Paused.'), null, {
    timeout: 120_000,
  });
  expect(other.problems).toEqual([]);
  expect(problems).toEqual([]);
  expect(ship.site.failures).toEqual([]);
  await fresh.close();
  await context.close();
}, 900_000);
