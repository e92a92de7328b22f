// Issue 15 item 2: Start never silently discards a paused run. With a paused run, Start asks
// "Continue the paused run (N%) or start a new one?"; a new run keeps the paused one listed (it
// can be continued after), Discard asks for a yes, and Continue resumes it to the end.
// Fails on the main before this change: Start began a new run at once and the offer vanished.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { checkpointEvery, parkAt, release } from './pace';
import { openApp, tinyCorpus } from './ux-page';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

describe('paused runs', () => {
  it('Start asks before a new run, the paused run stays listed, Discard asks, Continue finishes it', async () => {
    const { page, problems } = await openApp(browser, '', { pace: true });
    await checkpointEvery(page, 0); // a checkpoint at every report: "paused after a stored checkpoint" is a known batch
    await page.locator('#panel-corpus input[type=file]').setInputFiles({ name: 'tiny.txt', mimeType: 'text/plain', buffer: tinyCorpus() });
    await page.waitForSelector('[data-testid=corpus-stats]', { timeout: 120_000 });
    await page.click('#tab-train');
    const panel = page.locator('#panel-train');
    const label = (n: string) => panel.getByLabel(n, { exact: true });
    const button = (n: string) => panel.getByRole('button', { name: n, exact: true });
    const statusHas = (t: string) =>
      page.waitForFunction((x) => document.querySelector('[data-testid=train-status]')?.textContent?.includes(x), t, { timeout: 300_000 });
    await label('dimensions').fill('8');
    await label('epochs').fill('4');

    // A run paused after its second stored checkpoint (the CPU path's batches are 16k words: ~8 in this run).
    const parked = await parkAt(page, { point: 'train-batch', saved: true, after: 1 });
    await button('Start').click();
    await parked();
    await button('Pause').click();
    await release(page);
    await statusHas('Paused.');
    const offer = page.getByTestId('train-continue');
    const pctText = /\(([\d.]+)% done/.exec((await offer.textContent()) ?? '')?.[1] ?? 'NaN';
    expect(parseFloat(pctText)).toBeGreaterThan(0);
    expect(parseFloat(pctText)).toBeLessThan(100);
    expect(await offer.textContent()).toMatch(/tiny\.txt, dim 8, 4 epochs, seed 1/);

    // Start asks first; nothing starts until an answer.
    await button('Start').click();
    const ask = page.getByTestId('train-ask');
    await ask.waitFor();
    expect(await page.locator('#train-ask-q').textContent()).toBe(`Continue the paused run (${pctText}%) or start a new one?`);
    expect(await page.getByTestId('train-status').textContent()).toMatch(/Paused\./);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    expect(await page.getByTestId('paused-run').count()).toBe(1);

    // A new run: it trains to the end; the paused run is still listed at the same point.
    await label('epochs').fill('1');
    await button('Start').click();
    await ask.getByRole('button', { name: 'Start a new run' }).click();
    await statusHas('Done.');
    expect(await page.getByTestId('train-epoch').textContent()).toBe('1 / 1');
    expect(await page.getByTestId('paused-run').count()).toBe(1);
    expect(await offer.textContent()).toContain(`(${pctText}% done`);

    // Discard asks; "no" keeps it.
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await offer.getByRole('button', { name: 'Discard' }).click();
    expect(asked[0]).toMatch(new RegExp(`^Discard the paused run \\(${pctText.replace('.', '\\.')}% done`));
    expect(await page.getByTestId('paused-run').count()).toBe(1);

    // Continue it from the question: the run ends at 4 epochs and nothing is left to continue.
    await button('Start').click();
    await ask.getByRole('button', { name: `Continue the paused run (${pctText}%)` }).click();
    await statusHas('Done.');
    expect(await page.getByTestId('train-epoch').textContent()).toBe('4 / 4');
    expect(await label('epochs').inputValue()).toBe('4'); // the paused run's own settings
    expect(await page.getByTestId('train-continue').count()).toBe(0);
    expect(problems).toEqual([]);
  }, 600_000);
});
