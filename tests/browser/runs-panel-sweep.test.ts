// Sweeps through the Runs panel, in real Chromium on the bundled sample: bad sweeps are refused
// with every problem listed before anything starts; a 3-run sweep opened from a share link is
// started with "Start it", paused and resumed in its second run, reloaded there, and the reload
// resumes it (the second run from its checkpoint) to the end, each run recorded and scored; a
// paused sweep can be cancelled. Runs are parked at known batches (tests/browser/pace.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { labSession, type LabSession } from './lab';
import { checkpointEvery, parkAt, release, usePace } from './pace';
import type { Sweep } from '../../workers/sweeps/commands';
import type { ListedRun } from '../../workers/runs/commands';

let s: LabSession;
let page: Page;
const problems: string[] = [];
const SWEEP = 'window=2,3,4;dim=16;epochs=1';

/** The page's own engine client (same module URL as the app's import: not a second worker). */
const engineCall = <T>(type: string, args: object): Promise<T> =>
  page.evaluate(
    `(async () => { const { engine } = await import('/src/engine.svelte.ts'); return engine.call(${JSON.stringify(type)}, ${JSON.stringify(args)}); })()`,
  ) as Promise<T>;
/** The engine worker has said its test hooks are on (it says so once it has started; that stays). */
const hooksOn = (): Promise<unknown> =>
  page.waitForFunction(() => !!(window as unknown as { __pace?: unknown }).__pace, null, { timeout: 60_000 });
const statusText = async (): Promise<string> => (await page.getByTestId('sweep-status').textContent()) ?? '';
const progressText = async (): Promise<string> => (await page.getByTestId('sweep-progress').textContent()) ?? '';

beforeAll(async () => {
  s = await labSession();
  page = s.page;
  await usePace(s.context);
  await s.ok('ingest', { source: { kind: 'sample' }, settings: { minCount: 5 }, baseUrl: `${s.appUrl}lab.html` });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console ${m.type()}: ${m.text()}`)));
}, 300_000);
afterAll(() => s?.close());

describe('Runs panel sweeps', () => {
  it('refuses a bad sweep with one message listing every problem, before anything starts', async () => {
    await page.goto(`${s.appUrl}index.html#panel=runs`);
    // The corpus list is read first (a sweep with no corpus has that problem too).
    await page.locator('#panel-runs').getByLabel('Corpus').locator('option').first().waitFor({ state: 'attached' });
    const text = page.getByTestId('sweep-text');
    await text.fill('windw=2,5;dim=0,50;negative=');
    const box = page.getByTestId('sweep-problems');
    await box.waitFor();
    const items = await box.locator('li').allTextContents();
    expect(items.length).toBe(3);
    expect(items.join(' ')).toMatch(/unknown setting "windw" \(did you mean "window"\?\)/);
    expect(items.join(' ')).toMatch(/dim/);
    expect(items.join(' ')).toMatch(/negative: empty list/);
    expect(await page.getByRole('button', { name: 'Start sweep' }).isDisabled()).toBe(true);
    await text.fill('window=1,2,3,4,5,6,7,8,9;dim=8,16,24,32,40,48,56,64');
    expect(await box.textContent()).toMatch(/72 runs.*at most 64/);
    await text.fill('random 4 seed 1;alpha=0.05:0.01');
    expect(await box.textContent()).toMatch(/lo > hi/);
    await text.fill('window=2,5');
    expect(await page.getByTestId('sweep-problems').count()).toBe(0);
    expect(await page.getByTestId('sweep-plan').textContent()).toMatch(/2 runs/);
    // What the user reads words settings as the Train panel does; the sweep text keeps its short names.
    expect(await page.getByTestId('sweep-plan').locator('li').allTextContents()).toEqual(['window 2', 'window 5']);
    const baseText = (await page.getByTestId('sweep-base').textContent())?.replace(/\s+/g, ' ') ?? '';
    expect(baseText).toMatch(
      /architecture skip-gram, min-count \d+, dimensions \d+, .*subsample threshold .*learning rate \(start\) .*learning rate \(end\)/,
    );
    expect(baseText).not.toMatch(/minCount|minAlpha|\bdim \d|skipgram/);
    await text.fill('dim=50');
    expect(await page.getByTestId('sweep-plan').textContent()).toMatch(/1 run\b(?!s)/);
    await text.fill('window=2,5');
    expect(await engineCall<Sweep[]>('sweepList', {})).toEqual([]);
  });

  it('starts a sweep from a link; pause, resume, a reload in its second run resumes it to the end with every run recorded and scored', async () => {
    await page.goto('about:blank'); // a fresh load of the link, not a fragment change
    await page.goto(`${s.appUrl}index.html#panel=runs&sweep=${encodeURIComponent(SWEEP)}`);
    await hooksOn();
    const offer = page.getByTestId('sweep-offer');
    await offer.waitFor({ timeout: 60_000 });
    expect(await offer.textContent()).toContain(SWEEP);
    await checkpointEvery(page, 0); // a checkpoint at every progress report: "saved" comes after a known batch
    let parked = await parkAt(page, { point: 'train-batch', saved: true, match: { sweepIndex: 1 } });
    await offer.getByRole('button', { name: 'Start it' }).click();
    expect((await parked()).sweepIndex).toBe(1);
    await page.waitForFunction(() => /Run 2 of 3/.test(document.querySelector('[data-testid=sweep-progress]')?.textContent ?? ''));
    expect(await progressText()).toMatch(/ETA/);
    expect(await page.locator('[data-testid=sweep-offer]').count()).toBe(0); // the offer is used up
    expect(page.url()).not.toContain('sweep='); // and gone from the address, so a reload does not offer it again

    // Pause in the second run: it stops after the parked batch with a checkpoint; Resume continues it.
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await release(page);
    await page.waitForFunction(() => /Paused\./.test(document.querySelector('[data-testid=sweep-status]')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    let [sw] = await engineCall<Sweep[]>('sweepList', {});
    expect(sw.state).toBe('paused');
    expect(sw.items.map((x) => x.state)).toEqual(['done', 'paused', 'queued']);
    const second = sw.items[1].runId!;
    parked = await parkAt(page, { point: 'train-batch', saved: true, match: { sweepIndex: 1 } });
    await page.locator(`[data-sweep="${sw.id}"]`).getByRole('button', { name: 'Resume' }).click();
    await parked();

    // Reload while the second run is parked: the engine dies with the page; the new page resumes the sweep.
    await page.reload();
    await page.waitForFunction(() => /Sweep done/.test(document.querySelector('[data-testid=sweep-status]')?.textContent ?? ''), null, {
      timeout: 300_000,
    });
    expect(await statusText()).not.toMatch(/error/i);
    [sw] = await engineCall<Sweep[]>('sweepList', {});
    expect(sw.state).toBe('done');
    expect(sw.items.map((x) => x.state)).toEqual(['done', 'done', 'done']);
    expect(sw.items[1].runId).toBe(second); // continued from its checkpoint, not started again
    expect(await page.locator(`[data-sweep="${sw.id}"]`).textContent()).toMatch(/done · 3 of 3 done/);

    const recs = (await engineCall<ListedRun[]>('runsList', {})).filter((r) => r.kind === 'w2v' && r.sweep?.id === sw.id);
    expect(recs.length).toBe(3);
    for (const r of recs) {
      if (r.kind !== 'w2v') continue;
      expect(r.state).toBe('finished');
      expect(r.settings.dim).toBe(16);
      expect(r.scores.analogy.probe.total).toBeGreaterThan(0);
    }
    expect(recs.map((r) => (r.kind === 'w2v' ? r.settings.window : 0)).sort()).toEqual([2, 3, 4]);
    // The table lists them (the panel re-reads the list as each run ends).
    for (const r of recs) await page.locator(`tr[data-run="${r.id}"]`).waitFor();
  }, 600_000);

  it('cancels a paused sweep; its finished runs stay', async () => {
    await page.getByTestId('sweep-text').fill('window=2,3;dim=16;epochs=1');
    await hooksOn();
    const parked = await parkAt(page, { point: 'train-batch', after: 1 });
    await page.getByRole('button', { name: 'Start sweep' }).click();
    await parked();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await release(page);
    await page.waitForFunction(() => /Paused\./.test(document.querySelector('[data-testid=sweep-status]')?.textContent ?? ''), null, {
      timeout: 120_000,
    });
    const sw = (await engineCall<Sweep[]>('sweepList', {})).find((x) => x.state === 'paused')!;
    await page.locator(`[data-sweep="${sw.id}"]`).getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction((id) => document.querySelector(`[data-sweep="${id}"]`)?.getAttribute('data-state') === 'cancelled', sw.id);
    expect(await page.locator(`[data-sweep="${sw.id}"] button`).count()).toBe(0);
  }, 300_000);

  it('logged no console error or warning', () => {
    expect(problems).toEqual([]);
  });
});
