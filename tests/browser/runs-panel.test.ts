// The Runs panel through its UI, in real Chromium with real IndexedDB: three short runs trained
// on the bundled sample through the engine (lab.html), then the app's "5 · Runs" tab in the same
// context: the table lists them, sorts and filters; three selected runs compare (three curves,
// the settings that differ highlighted, neighbours side by side, McNemar); brushing a parallel-
// coordinates axis filters the table; rename, tag and delete persist across a reload; CSV / JSON
// export hold the rows; an evaluation file scores the older runs in one click; malformed records,
// a deleted vector set and a deleted corpus are shown as such; a second tab is read-only; records
// as older builds stored them read right: an analogy score no question could be asked for is n/a
// (not 0) in the table, the charts and the compare view, and an HN fit names its posts by file name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { labSession, type LabSession } from './lab';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';

let s: LabSession;
let page: Page;
const problems: string[] = [];
const ids: string[] = [];
let vectorsOf: Record<string, string> = {};
let corpusId = '';
let datasetId = '';
const HN_CSV =
  [
    'id,title,url,num_points,num_comments,author,created_at',
    '1,Show HN: A tiny compiler,http://example.com/compiler,120,30,alice,9/6/2015 5:56',
    '2,Ask HN: How do you learn?,,8,4,bob,9/7/2015 13:05',
    '3,Why we moved to Postgres,https://eng.example.com/pg,1500,300,dave,9/9/2015 1:00',
  ].join('\n') + '\n';
// Settings of the three runs: window and dim differ, everything else is the same.
const RUNS: { name: string; window: number; dim: number }[] = [
  { name: 'w2 d16', window: 2, dim: 16 },
  { name: 'w5 d16', window: 5, dim: 16 },
  { name: 'w5 d24', window: 5, dim: 24 },
];
const MINI =
  ': family\nman woman king queen\nboy girl father mother\nfather mother son daughter\n: plural\nyear years day days\nman men woman women\n';

const rowsShown = (): Promise<string[]> =>
  page.locator('[data-testid=runs-table] tbody tr').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-run') ?? ''));
const column = (key: string): Promise<string[]> =>
  page.evaluate((k) => {
    const heads = [...document.querySelectorAll('[data-testid=runs-table] thead th')];
    const i = heads.findIndex((h) => h.querySelector(`button[data-col="${k}"]`));
    return [...document.querySelectorAll('[data-testid=runs-table] tbody tr')].map((tr) => tr.children[i]?.textContent?.trim() ?? '');
  }, key);
/** One cell's text: run `id`, column `key`. */
const cell = (id: string, key: string): Promise<string> =>
  page.evaluate(
    ([i, k]) => {
      const heads = [...document.querySelectorAll('[data-testid=runs-table] thead th')];
      const at = heads.findIndex((h) => h.querySelector(`button[data-col="${k}"]`));
      return document.querySelector(`[data-testid=runs-table] tr[data-run="${i}"]`)?.children[at]?.textContent?.trim() ?? '';
    },
    [id, key] as const,
  );
const select = async (id: string): Promise<void> => page.locator(`tr[data-run="${id}"] input[type=checkbox]`).check();
const clearSelection = async (): Promise<void> => {
  const b = page.getByRole('button', { name: 'Clear selection' });
  if (await b.count()) await b.click();
};
async function openRuns(): Promise<void> {
  // The same address again would only be a fragment navigation: reload then.
  if (page.url().includes('index.html')) await page.reload();
  else await page.goto(`${s.appUrl}index.html#panel=runs`);
  await page.waitForSelector('.runs-panel[data-open-ms]', { timeout: 120_000 });
}
async function download(click: () => Promise<void>): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  return readFileSync((await d.path())!, 'utf8');
}

beforeAll(async () => {
  s = await labSession();
  page = s.page;
  const m = await s.ok('ingest', { source: { kind: 'sample' }, settings: { minCount: 5 }, baseUrl: `${s.appUrl}lab.html` });
  corpusId = m.manifest.id;
  for (const r of RUNS) {
    const settings: TrainSettings = { ...defaultTrainSettings(), dim: r.dim, window: r.window, epochs: 1 };
    const t = await s.ok('train', { corpusId, settings, trainer: 'cpu', name: r.name });
    ids.push(t.runId);
    vectorsOf[t.runId] = t.vectorsId;
  }
  datasetId = (await s.ok('hnImport', { source: { text: HN_CSV, name: 'hn-slice.csv' } })).id;
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on(
    'console',
    (msg) => void ((msg.type() === 'error' || msg.type() === 'warning') && problems.push(`console ${msg.type()}: ${msg.text()}`)),
  );
  await openRuns();
}, 600_000);
afterAll(() => s?.close());

describe('Runs panel', () => {
  it('lists the runs trained on the sample, with their settings and probe-set scores', async () => {
    expect((await rowsShown()).sort()).toEqual([...ids].sort());
    expect(await column('name')).toEqual(['w5 d24', 'w5 d16', 'w2 d16']); // newest first
    expect(await column('state')).toEqual(['finished', 'finished', 'finished']);
    // Only the settings that differ are columns (window, dimensions); negative samples is not.
    expect(await page.locator('button[data-col="s.window"]').count()).toBe(1);
    expect(await page.locator('button[data-col="s.negative"]').count()).toBe(0);
    const probe = await column('an.probe');
    expect(probe.every((v) => Number.isFinite(parseFloat(v)))).toBe(true);
  });

  it('sorts by a setting or score and filters by any of them', async () => {
    await page.click('button[data-col="s.dim"]'); // numbers sort high first
    expect(await column('s.dim')).toEqual(['24', '16', '16']);
    await page.click('button[data-col="s.dim"]');
    expect((await column('s.dim'))[0]).toBe('16');
    await page.click('button[data-col="name"]');
    expect(await column('name')).toEqual(['w2 d16', 'w5 d16', 'w5 d24']);
    await page.getByTestId('runs-filter').fill('window=5');
    expect(await column('name')).toEqual(['w5 d16', 'w5 d24']);
    await page.getByTestId('runs-filter').fill('window=5 dim>20');
    expect(await column('name')).toEqual(['w5 d24']);
    await page.getByTestId('runs-filter').fill('d16');
    expect(await column('name')).toEqual(['w2 d16', 'w5 d16']);
    await page.getByTestId('runs-filter').fill('nosuch>3');
    expect(await page.locator('.runs-panel [role=alert]').first().textContent()).toMatch(/no column "nosuch"/);
    await page.getByTestId('runs-filter').fill('');
    expect((await rowsShown()).length).toBe(3);
  });

  it('compares three runs: three curves with a legend, the differing settings highlighted, neighbours side by side', async () => {
    for (const id of ids) await select(id);
    const curves = page.locator('[data-testid=runs-curves] path.curve');
    await curves.nth(2).waitFor();
    expect(await curves.count()).toBe(3);
    const strokes = await curves.evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')));
    expect(new Set(strokes).size).toBe(3);
    expect(await page.locator('[data-testid=runs-curves] .chart-legend li').allTextContents()).toEqual(RUNS.map((r) => r.name));
    expect(await page.locator('[data-testid=runs-curves] .axis-title').allTextContents()).toEqual([
      'words trained (millions, all epochs)',
      'loss per pair (mean)',
    ]);
    expect(await page.locator('[data-testid=runs-scores] svg[data-metric="an.probe"] rect').count()).toBe(3);
    const changed = await page
      .locator('[data-testid=compare-settings] tr.changed')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-setting')));
    expect(changed).toContain('s.window');
    expect(changed).toContain('s.dim');
    expect(changed).not.toContain('s.negative');
    expect(changed).not.toContain('s.epochs');

    await page.getByTestId('compare-word').fill('man');
    await page.getByRole('button', { name: 'Show neighbours' }).click();
    const cols = page.locator('[data-testid=compare-neighbours] .near-col');
    await cols.nth(2).waitFor();
    expect(await cols.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-run')))).toEqual(ids);
    for (let i = 0; i < 3; i++) {
      const words = await cols.nth(i).locator('li').allTextContents();
      expect(words.length).toBe(10);
      expect(words.some((w) => w.startsWith('man '))).toBe(false); // the word itself is not its own neighbour
    }
  });

  it('says whether two runs differ on an analogy file: the questions each got right and an exact McNemar test', async () => {
    await clearSelection();
    await select(ids[0]);
    await select(ids[2]);
    await page.getByRole('button', { name: 'McNemar test' }).click();
    const table = page.getByTestId('compare-mcnemar');
    await table.waitFor();
    const n = (await table.locator('td').allTextContents()).map(Number);
    expect(n.slice(0, 4).every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(n[4]).toBeGreaterThan(0);
    expect(n[4]).toBeLessThanOrEqual(1);
    expect((await page.getByTestId('compare-verdict').textContent())?.length).toBeGreaterThan(10);
  });

  it('draws parallel coordinates over the settings and a score; brushing an axis filters the table', async () => {
    await clearSelection();
    const pc = page.locator('[data-testid=runs-parallel] svg.pc');
    expect(await pc.getAttribute('data-lines')).toBe('3');
    expect(
      await page.locator('[data-testid=runs-parallel] .pc-axis').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-key'))),
    ).toEqual(['s.dim', 's.window', 'an.probe']);
    // Drag over the top half of the window axis (window 5 is at the top, 2 at the bottom).
    const box = (await page.locator('[data-testid=runs-parallel] .pc-axis[data-key="s.window"] .pc-brush .overlay').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y - 10, { steps: 5 }); // past the top: the brush stops at the axis end
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length === 2);
    expect((await column('s.window')).every((w) => w === '5')).toBe(true);
    expect(await pc.getAttribute('data-inside')).toBe('2');
    await page.getByRole('button', { name: 'clear brushes' }).click();
    expect((await rowsShown()).length).toBe(3);
  });

  it('exports the table as CSV and JSON', async () => {
    const csv = await download(() => page.getByRole('button', { name: 'Export CSV' }).click());
    const lines = csv.trim().split(/\r\n/);
    expect(lines.length).toBe(4);
    expect(lines[0]).toMatch(/^id,name,kind,state/);
    for (const [i, id] of ids.entries()) expect(lines.some((l) => l.startsWith(`${id},${RUNS[i].name},word2vec,finished`))).toBe(true);
    const json = JSON.parse(await download(() => page.getByRole('button', { name: 'Export JSON' }).click())) as {
      rows: { id: string; name: string; 's.window': number }[];
    };
    expect(json.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(json.rows.find((r) => r.id === ids[0])?.['s.window']).toBe(2);
  });

  it('downloads a word2vec run as a gensim script', async () => {
    await clearSelection();
    await select(ids[1]);
    const py = await download(() => page.getByRole('button', { name: 'Gensim script' }).click());
    expect(py).toMatch(/Word2Vec\(/);
    expect(py).toMatch(/window=5/);
  });

  it('keeps an evaluation file and scores the older runs with it in one click', async () => {
    await page.getByTestId('eval-add').setInputFiles({ name: 'mini-analogies.txt', mimeType: 'text/plain', buffer: Buffer.from(MINI) });
    const score = page.getByRole('button', { name: 'Score 3 older runs with it' });
    await score.waitFor();
    await score.click();
    await page.getByText('Scored 3 of 3 runs on mini-analogies.txt.').waitFor({ timeout: 120_000 });
    const key = await page.locator('button[data-col^="an.ev-"]').getAttribute('data-col');
    expect((await column(key!)).every((v) => Number.isFinite(parseFloat(v)))).toBe(true);
    expect(await page.getByRole('button', { name: /older run/ }).count()).toBe(0);
  });

  it('renames, tags and deletes runs; the changes persist across a reload', async () => {
    await clearSelection();
    await select(ids[0]);
    await page.getByTestId('run-name').fill('renamed run');
    await page.getByTestId('run-tags').fill('alpha, beta');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await select(ids[2]);
    await page.getByRole('button', { name: 'Delete 1 selected…' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=runs-table] tbody tr').length === 2);
    await openRuns();
    expect((await rowsShown()).sort()).toEqual([ids[0], ids[1]].sort());
    const row = page.locator(`tr[data-run="${ids[0]}"]`);
    expect(await row.textContent()).toContain('renamed run');
    expect(await row.textContent()).toContain('alpha, beta');
    ids.splice(2, 1);
  });

  it('lists malformed records as unreadable, says when vectors or the corpus are deleted, and still works', async () => {
    await page.goto(`${s.appUrl}tests/browser/pages/runs-fill.html`);
    await page.waitForFunction(() => 'fillReady' in window);
    await page.evaluate(
      async ([vid]) => {
        const w = window as unknown as { putRaw(k: string, v: unknown): Promise<void>; dropVectors(id: string): Promise<void> };
        await w.putRaw('run/bad-1', { kind: 'w2v', id: 'bad-1', name: 7 });
        await w.putRaw('run/bad-2', 'not a record');
        await w.dropVectors(vid);
      },
      [vectorsOf[ids[1]]],
    );
    await openRuns();
    const bad = page.locator('tr.unreadable');
    expect(await bad.count()).toBe(2);
    expect(await page.locator('tr[data-run="bad-1"]').textContent()).toMatch(/unreadable: no name/);
    expect(await page.locator('tr[data-run="bad-2"]').textContent()).toMatch(/unreadable: not an object/);
    expect(await page.locator(`tr[data-run="${ids[1]}"] .mark`).allTextContents()).toEqual(['vectors deleted']);
    // The view still works around them: compare the two readable runs; the one without vectors says so.
    for (const id of ids) await select(id);
    await page.getByTestId('compare-word').fill('man');
    await page.getByRole('button', { name: 'Show neighbours' }).click();
    await page.locator(`[data-testid=compare-neighbours] .near-col[data-run="${ids[1]}"]`).waitFor();
    expect(await page.locator(`.near-col[data-run="${ids[1]}"]`).textContent()).toMatch(/vector set was deleted/);
    expect(await page.locator(`.near-col[data-run="${ids[0]}"] li`).count()).toBe(10);

    // Deleting the corpus keeps the records, marked.
    await page.evaluate(
      `(async () => { const { engine } = await import('/src/engine.svelte.ts'); await engine.call('deleteCorpus', { id: ${JSON.stringify(corpusId)} }); })()`,
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.waitForFunction(
      (id) => (document.querySelector(`tr[data-run="${id}"]`)?.textContent ?? '').includes('corpus deleted'),
      ids[0],
    );
    expect((await rowsShown()).length).toBe(4);
  });

  it('shows the records read-only in a second tab', async () => {
    const second = await s.context.newPage();
    try {
      await second.goto(`${s.appUrl}index.html#panel=runs`);
      await second.getByTestId('tab-readonly').waitFor({ timeout: 60_000 });
      await second.waitForFunction((id) => !!document.querySelector(`tr[data-run="${id}"]`), ids[0], { timeout: 60_000 });
      await second.locator(`tr[data-run="${ids[0]}"] input[type=checkbox]`).check();
      expect(await second.getByTestId('run-name').isDisabled()).toBe(true);
      expect(await second.getByRole('button', { name: 'Delete 1 selected…' }).isDisabled()).toBe(true);
      expect(await second.getByRole('button', { name: 'Start sweep' }).isDisabled()).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('reads records as older builds stored them: an analogy score with no question asked is n/a, HN data is named by its file', async () => {
    await page.goto(`${s.appUrl}tests/browser/pages/runs-fill.html`);
    await page.waitForFunction(() => 'fillReady' in window);
    await page.evaluate(
      async ([ds]) => {
        const w = window as unknown as { putRaw(k: string, v: unknown): Promise<void> };
        const base = { tags: [], state: 'finished', startedAt: 1_700_000_000_000, updatedAt: 1 };
        // A word2vec run on a corpus with none of the probe words: older builds stored accuracy 0, total 0.
        await w.putRaw('run/w2v-old-na', {
          ...base,
          kind: 'w2v',
          origin: 'trained',
          id: 'w2v-old-na',
          name: 'old run · dim 16 · 1 epochs',
          settings: { minCount: 5, dim: 16, window: 5, negative: 5, sample: 1e-3, alpha: 0.025, minAlpha: 0.0001, epochs: 1, seed: 1 },
          trainer: 'auto',
          fraction: 1,
          seconds: 1,
          scores: { analogy: { probe: { accuracy: 0, correct: 0, total: 0, skipped: 25 } }, pairs: {} },
        });
        // An HN fit recorded before records kept the dataset's name: "dataset <id>".
        await w.putRaw('run/hn-old-ds', {
          ...base,
          kind: 'hn',
          id: 'hn-old-ds',
          name: 'old HN fit',
          dataset: { train: `dataset ${ds}` },
          split: { kind: 'time', testShare: 0.2 },
          bins: [1, 10, 100, 1000],
          settings: { seed: 1, model: 'wide-deep' },
          model: { accuracy: 0.5, macroF1: 0.3, logLoss: 0.9, auc100: 0.6 },
          baselines: { majority: { accuracy: 0.5, macroF1: 0.2, logLoss: 1, auc100: 0.5 } },
        });
      },
      [datasetId],
    );
    await openRuns();
    await page.locator('tr[data-run="w2v-old-na"]').waitFor();
    expect(await cell('w2v-old-na', 'an.probe')).toBe('n/a (0 of 25 questions in the vocabulary)');
    expect(await cell('w2v-old-na', 'name')).toBe('old run · dim 16 · 1 epoch');
    expect(Number.isFinite(parseFloat(await cell(ids[0], 'an.probe')))).toBe(true); // a trained run's real score beside it
    expect(await cell('hn-old-ds', 'data')).toBe('hn-slice.csv');
    expect(await page.locator('tr[data-run="hn-old-ds"]').textContent()).not.toContain(datasetId);
    expect(await cell('w2v-old-na', 's.model')).toBe('skip-gram');
    expect(await cell('hn-old-ds', 's.model')).toBe('wide & deep');
    expect(await page.locator('button[data-col="s.model"]').textContent()).toBe('architecture');

    // Parallel coordinates on the probe score: the n/a run is left off that axis, and the chart says so.
    await page.getByTestId('pc-score').selectOption('an.probe');
    expect(await page.getByTestId('pc-na').textContent()).toMatch(/^1 run is n\/a on analogy: built-in probe set \(no question/);
    const ticks = await page
      .locator('[data-testid=runs-parallel] .pc-axis[data-key="an.probe"] .tick text')
      .evaluateAll((ts) => ts.map((t) => Number(t.textContent)));
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(1);
    // The colour legend names a range of two different ends, or says every run has one value: never "0 … 0".
    const legend = await page.locator('[data-testid=runs-parallel] .pc-legend text').allTextContents();
    const ends = legend.filter((t) => /^-?[\d.]+(e[+-]?\d+)?$/.test(t));
    expect(ends.length === 2 ? ends[0] !== ends[1] : /every run|no run/.test(legend.join(' '))).toBe(true);

    // Compare: the n/a run gets no bar on the probe chart and says n/a.
    await clearSelection();
    await select('w2v-old-na');
    await select(ids[0]);
    const probe = page.locator('[data-testid=runs-scores] svg[data-metric="an.probe"]');
    await probe.waitFor();
    expect(await probe.locator('rect[data-run="w2v-old-na"]').count()).toBe(0);
    expect(await probe.locator(`rect[data-run="${ids[0]}"]`).count()).toBe(1);
    expect(await probe.textContent()).toContain('n/a');
    // Nothing to test on a file where one run asked no question.
    expect(await page.getByRole('button', { name: /McNemar/ }).count()).toBe(0);

    // One HN fit alone: compared with a baseline, in plain words.
    await clearSelection();
    await select('hn-old-ds');
    await page.getByLabel('Compare this model with').waitFor();
    expect(await page.getByRole('button', { name: 'Test whether the difference is real (paired bootstrap)' }).count()).toBe(1);
    await clearSelection();
  });

  it('fits a phone: no horizontal overflow at 390 px with the compare view open (the table scrolls in its own box)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await clearSelection();
    for (const id of ids) await select(id);
    await page.locator('[data-testid=runs-curves] path.curve').nth(1).waitFor();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll).toBeLessThanOrEqual(client);
    const table = await page.getByTestId('runs-table').evaluate((e) => [e.scrollWidth, e.clientWidth]);
    expect(table[0]).toBeGreaterThan(table[1]); // wider than the phone: it scrolls inside its box
    expect(await page.getByText('Scroll the table sideways for every column →').isVisible()).toBe(true); // and says so
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('logged no console error or warning', () => {
    expect(problems).toEqual([]);
  });
});
