// Issue 15 item 1: a share link names its corpus. A run trained on a local file gives a link that
// says so (name, size, word count); opened in a fresh profile, the offer asks for that file — a
// wrong name or size is refused — and trains on it, never on the bundled sample. A linked corpus
// with another word count, or a URL that fails to load, is said in the offer and nothing trains.
// Fails on the main before this change: the link had no corpus in it (it read as the sample).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { openApp, tinyCorpus, type AppPage } from './ux-page';

let browser: Browser;
const opened: AppPage[] = [];
const corpus = tinyCorpus();
const file = (name: string, buffer: Buffer = corpus) => ({ name, mimeType: 'text/plain', buffer });
const status = (page: Page) => page.getByTestId('train-status');

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

async function open(hash = ''): Promise<AppPage> {
  const a = await openApp(browser, hash);
  opened.push(a);
  return a;
}

describe('share links name their corpus', () => {
  it('a run on a local file: the link names the file; a fresh profile is asked for it and trains on it', async () => {
    const { page, problems } = await open();
    await page.locator('#panel-corpus input[type=file]').setInputFiles(file('tiny-corpus.txt'));
    await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
    const words = parseInt(((await page.getByTestId('corpus-stats').locator('p').first().textContent()) ?? '').replace(/,/g, ''), 10);
    expect(words).toBe(2500 * 12);
    await page.click('#tab-train');
    const label = (n: string) => page.locator('#panel-train').getByLabel(n, { exact: true });
    await label('dimensions').fill('8');
    await label('epochs').fill('1');
    await label('seed').fill('7');
    await page.locator('#panel-train').getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
      timeout: 300_000,
    });
    const link = await page.evaluate(() => location.href);
    const hash = new URLSearchParams(new URL(link).hash.slice(1));
    expect(Object.fromEntries(hash)).toMatchObject({
      corpus: 'file',
      corpusFile: 'tiny-corpus.txt',
      corpusBytes: String(corpus.length),
      corpusWords: String(words),
      dim: '8',
      epochs: '1',
      seed: '7',
    });
    expect(problems).toEqual([]);

    // A fresh profile: no corpus stored. The offer names the file and asks for it (no Start on another corpus).
    const b = await open(new URL(link).hash);
    const offer = b.page.getByTestId('run-offer');
    await offer.waitFor();
    expect(await b.page.getByTestId('run-offer-corpus').textContent()).toBe(
      `a local file, "tiny-corpus.txt" (${(corpus.length / 1e6).toFixed(1)} MB, ${words.toLocaleString('en-US')} words)`,
    );
    expect(await offer.textContent()).toMatch(/dimensions 8.*epochs 1.*seed 7/);
    expect(await b.page.getByTestId('start-linked-run').count()).toBe(0);
    // Another file's name, then the right name with another size: refused before anything loads.
    await b.page.getByTestId('linked-file').setInputFiles(file('other.txt'));
    expect(await b.page.getByTestId('run-offer-problem').textContent()).toMatch(
      /You chose "other\.txt"; the link's run was trained on "tiny-corpus\.txt"/,
    );
    await b.page.getByTestId('linked-file').setInputFiles(file('tiny-corpus.txt', tinyCorpus(2400)));
    expect(await b.page.getByTestId('run-offer-problem').textContent()).toMatch(/is [\d,]+ bytes; the link's file was [\d,]+ bytes/);
    await b.page.click('#tab-corpus');
    expect(await b.page.locator('#panel-corpus').getByText('None yet.').count()).toBe(1); // nothing ingested
    // The right file: loaded, checked, trained with the link's settings.
    await b.page.getByTestId('linked-file').setInputFiles(file('tiny-corpus.txt'));
    await b.page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.includes('Done.'), null, {
      timeout: 300_000,
    });
    expect(await b.page.locator('#panel-train select').first().locator('option:checked').textContent()).toMatch(
      /^tiny-corpus\.txt \(30,000 words/,
    );
    expect(await b.page.getByTestId('train-result').textContent()).toMatch(/^Trained \d+ vectors/);
    expect(await b.page.getByTestId('train-epoch').textContent()).toBe('1 / 1');
    expect(b.problems).toEqual([]);
  }, 600_000);

  it('a linked corpus with another word count is not trained on without a yes', async () => {
    const { page, problems } = await open('#corpus=sample&corpusWords=123&dim=8&epochs=1');
    await page.getByTestId('run-offer').waitFor();
    expect(await page.getByTestId('run-offer-corpus').textContent()).toBe('the bundled sample (Brown corpus, 123 words)');
    await page.getByTestId('start-linked-run').click();
    const problem = page.getByTestId('run-offer-problem');
    await problem.waitFor({ timeout: 120_000 });
    expect(await problem.textContent()).toMatch(
      /has [\d,]+ words; the link's run was trained on a corpus of 123 words, so it is not the same corpus\. Nothing was trained\./,
    );
    expect(await status(page).textContent()).toBe('');
    expect(await page.getByTestId('train-done').textContent()).toBe('–');
    expect(await problem.getByRole('button', { name: /anyway/ }).count()).toBe(1);
    expect(problems).toEqual([]);
  }, 300_000);

  it('a linked URL that fails to load is said in the offer, which then asks for a copy of the file', async () => {
    const { page, problems } = await open('#corpus=url&corpusUrl=' + encodeURIComponent('http://127.0.0.1:9/corpus.txt') + '&dim=8');
    await page.getByTestId('start-linked-run').click();
    const problem = page.getByTestId('run-offer-problem');
    await problem.waitFor({ timeout: 120_000 });
    expect(await problem.textContent()).toMatch(
      /^\s*Could not load the linked corpus \(http:\/\/127\.0\.0\.1:9\/corpus\.txt\): .+\. Nothing was trained\./,
    );
    expect(await page.getByText('Or choose a copy of the corpus file').count()).toBe(1);
    expect(await status(page).textContent()).toBe('');
    // The refused connection is logged by Chromium itself; nothing else may be.
    expect(problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to fetch/.test(p))).toEqual([]);
  }, 300_000);
});
