// HN model fits as run records, an HN sweep (an ablation is a sweep), and the paired
// bootstrap of two fits or of a fit and its baseline, through the engine in real Chromium.
// The posts are made here (Kaggle schema): titles with "rust" in them get more points.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import type { HnRecord } from '../../workers/runs/record';

let s: LabSession;

function posts(n: number): string {
  const words = ['show', 'hn', 'rust', 'python', 'startup', 'database', 'release', 'why', 'new', 'open', 'source', 'ask', 'web', 'app'];
  let x = 12345;
  const rnd = (): number => (x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const lines = ['id,title,url,num_points,num_comments,author,created_at'];
  for (let i = 0; i < n; i++) {
    const t = Array.from({ length: 4 + Math.floor(rnd() * 4) }, () => words[Math.floor(rnd() * words.length)]);
    const hot = t.includes('rust');
    const points = Math.max(1, Math.round((hot ? 60 : 4) * Math.exp(rnd() * 2.5)));
    const day = 1 + Math.floor(i / 20);
    const date = `${1 + Math.floor(day / 28)}/${1 + (day % 28)}/2016 ${Math.floor(rnd() * 24)}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
    lines.push(
      `${1000 + i},${t.join(' ')},http://site${Math.floor(rnd() * 9)}.com/p/${i},${points},${1 + Math.floor(rnd() * 50)},user${Math.floor(rnd() * 30)},${date}`,
    );
  }
  return lines.join('\n') + '\n';
}

const hnRuns = async (): Promise<HnRecord[]> => (await s.ok('runsList', {})).filter((r): r is HnRecord & { kind: 'hn' } => r.kind === 'hn');

beforeAll(async () => {
  s = await labSession();
}, 180_000);
afterAll(() => s?.close());

describe('HN runs', () => {
  const text = posts(600);
  const base = { train: { text }, maxEpochs: 4, seed: 1, save: false };

  it("records a fit with its dataset, split, bins, groups and every predictor's metrics; a sweep over groups is an ablation", async () => {
    const r = await s.ok('hnClassify', { ...base, name: 'one fit' });
    const rec = (await hnRuns()).find((x) => x.name === 'one fit')!;
    expect(rec).toMatchObject({ state: 'finished', bins: [1, 10, 100, 1000], split: { kind: 'time', testShare: 0.2 } });
    expect(rec.dataset.rows).toEqual(r.rows);
    expect(rec.model?.logLoss).toBeCloseTo(r.model.metrics.logLoss, 9);
    expect(Object.keys(rec.baselines).sort()).toEqual(Object.keys(r.baselines).sort());
    expect(rec.baselines.logreg.auc100).toBeCloseTo(r.baselines.logreg.metrics.auc100, 9);
    expect(rec.settings['group:title']).toBe(false); // no vectors

    const sw = await s.ok('sweepStart', { kind: 'hn', text: 'domain=on,off', base: { ...base, name: 'abl' } });
    expect(sw.sweep.items.map((x) => x.state)).toEqual(['done', 'done']);
    const [on, off] = await Promise.all(sw.sweep.items.map(async (x) => (await hnRuns()).find((y) => y.id === x.runId)!));
    expect(on.settings['group:domain']).toBe(true);
    expect(off.settings['group:domain']).toBe(false);
    expect(on.sweep?.id).toBe(sw.sweep.id);

    // Is the difference real? The two fits on the same test rows, and a fit against its baseline.
    const d = await s.ok('runsCompareHn', { a: on.id, b: off.id, resamples: 300 });
    expect(d.metrics.logLoss.diff).toBeCloseTo(on.model!.logLoss - off.model!.logLoss, 9);
    expect(d.metrics.logLoss.lo).toBeLessThanOrEqual(d.metrics.logLoss.hi);
    expect(d.metrics.auc100.verdict).toMatch(/AUC\(≥100\)/);
    const vsBase = await s.ok('runsCompareHn', { a: on.id, b: 'baseline:majority', resamples: 300 });
    expect(vsBase.metrics.logLoss.diff).toBeCloseTo(on.model!.logLoss - on.baselines.majority.logLoss, 9);
    // Against itself: no difference at all.
    const same = await s.ok('runsCompareHn', { a: on.id, b: on.id, resamples: 100 });
    expect([same.metrics.accuracy.lo, same.metrics.accuracy.hi]).toEqual([0, 0]);
  }, 400_000);

  it('names a stored dataset by its file name (not its id), and says when that dataset was deleted', async () => {
    const ds = await s.ok('hnImport', { source: { text: posts(400), name: 'hn-slice.csv' } });
    await s.ok('hnClassify', { ...base, train: { datasetId: ds.id } });
    const rec = (await hnRuns()).find((x) => x.dataset.trainId === ds.id)!;
    expect(rec.dataset.train).toBe('hn-slice.csv');
    expect(rec.name).toBe('HN model · hn-slice.csv');
    expect(JSON.stringify(rec.dataset)).not.toMatch(/dataset ds-/);
    await s.ok('hnDeleteDataset', { id: ds.id });
    const after = (await s.ok('runsList', {})).find((x) => x.id === rec.id);
    expect(after).toMatchObject({ datasetDeleted: true, dataset: { train: 'hn-slice.csv' } });
  }, 300_000);

  it('refuses to compare fits tested on different rows', async () => {
    await s.ok('hnClassify', { ...base, train: { text: posts(500) }, name: 'other data' });
    const [a] = (await hnRuns()).filter((x) => x.name === 'one fit');
    const [b] = (await hnRuns()).filter((x) => x.name === 'other data');
    const r = await s.call('runsCompareHn', { a: a.id, b: b.id });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/different rows/);
  }, 300_000);
});
