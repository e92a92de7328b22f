// The Runs panel's table as plain data: an analogy score no question could be asked for is n/a
// (null) all the way through — row, text, sort, filter, CSV, JSON, chart domain — never 0; records
// stored by older builds (accuracy 0, total 0) read the same way; settings and architectures
// read as the Train and Predict panels word them; HN fits show their dataset's name.
import { describe, expect, it } from 'vitest';
import { columnsOf, parseFilter, rowCellText, rowOf, sortRows, toCsv, toJson, type Row } from '../../src/panels/runs/table-model';
import { count, settingValueText, shownName, sweepSettingLabel } from '../../src/panels/runs/labels';
import { numDomain } from '../../src/charts/parallel-coords';
import type { ListedRun } from '../../workers/runs/commands';
import type { AnalogyScore, HnRecord, W2vRecord } from '../../workers/runs/record';
import { PROBE_META } from '../../workers/runs/eval-files';
import { defaultTrainSettings } from '../../workers/settings';

const w2v = (id: string, probe: AnalogyScore, extra: Partial<W2vRecord> = {}): W2vRecord => ({
  kind: 'w2v',
  origin: 'trained',
  id,
  name: id,
  tags: [],
  state: 'finished',
  startedAt: 1,
  updatedAt: 1,
  settings: defaultTrainSettings(),
  trainer: 'cpu',
  fraction: 1,
  seconds: 2,
  scores: { analogy: { probe }, pairs: {} },
  ...extra,
});

const hn = (id: string, extra: Partial<HnRecord> = {}): HnRecord => ({
  kind: 'hn',
  id,
  name: id,
  tags: [],
  state: 'finished',
  startedAt: 2,
  updatedAt: 2,
  dataset: { train: 'hn-slice.csv', trainId: 'ds-abc' },
  split: { kind: 'time', testShare: 0.2 },
  bins: [1, 10, 100, 1000],
  settings: { seed: 1, model: 'wide-deep', classWeights: false },
  model: { accuracy: 0.5, macroF1: 0.3, logLoss: 0.9, auc100: 0.6 },
  baselines: {},
  ...extra,
});

// As an older build stored it: no question asked, accuracy 0.
const NONE: AnalogyScore = { accuracy: 0, correct: 0, total: 0, skipped: 25 };
const SOME: AnalogyScore = { accuracy: 0.25, correct: 5, total: 20, skipped: 5 };
const ZERO: AnalogyScore = { accuracy: 0, correct: 0, total: 20, skipped: 5 }; // asked, all wrong: a real 0

const rows = (...rs: ListedRun[]): Row[] => rs.map(rowOf);

describe('an analogy score with no question asked', () => {
  const [none, some, zero] = rows(w2v('none', NONE), w2v('some', SOME), w2v('zero', ZERO));
  const cols = columnsOf([none, some, zero], [PROBE_META]);
  const probe = cols.find((c) => c.key === 'an.probe')!;

  it('is n/a (null) with the reason, not 0; a real 0 (all asked questions wrong) stays 0', () => {
    expect(none.cells['an.probe']).toBeNull();
    expect(rowCellText(none, probe)).toBe('n/a (0 of 25 questions in the vocabulary)');
    expect(zero.cells['an.probe']).toBe(0);
    expect(rowCellText(zero, probe)).toBe('0');
    expect(some.cells['an.probe']).toBe(0.25);
  });

  it('keeps its column, bounded 0–1', () => {
    expect(probe).toMatchObject({ group: 'score', label: 'analogy: built-in probe set', bounds: [0, 1] });
    expect(columnsOf([none], [PROBE_META]).some((c) => c.key === 'an.probe')).toBe(true);
  });

  it('sorts after every value and before missing ones, both ways', () => {
    const [noScore] = rows(w2v('missing', SOME, { scores: { analogy: {}, pairs: {} } }));
    const all = [none, noScore, some, zero];
    expect(sortRows(all, 'an.probe', 1).map((r) => r.id)).toEqual(['zero', 'some', 'none', 'missing']);
    expect(sortRows(all, 'an.probe', -1).map((r) => r.id)).toEqual(['some', 'zero', 'none', 'missing']);
  });

  it('is not below any number in a filter; "=n/a" finds it', () => {
    const pick = (text: string): string[] => [none, some, zero].filter(parseFilter(text, cols).test).map((r) => r.id);
    expect(pick('an.probe<0.1')).toEqual(['zero']);
    expect(pick('an.probe>=0')).toEqual(['some', 'zero']);
    expect(pick('an.probe=n/a')).toEqual(['none']);
    expect(pick('an.probe!=n/a')).toEqual(['some', 'zero']);
  });

  it('exports as its reason in CSV and as null (not 0, not absent) in JSON', () => {
    const csv = toCsv([none], cols);
    expect(csv).toContain('n/a (0 of 25 questions in the vocabulary)');
    const json = JSON.parse(toJson([none, zero], cols)) as { rows: Record<string, unknown>[] };
    expect(json.rows[0]['an.probe']).toBeNull();
    expect(json.rows[1]['an.probe']).toBe(0);
  });

  it('a stored score without a total (hand-edited) is neither n/a nor a crash', () => {
    const [odd] = rows(w2v('odd', { accuracy: 0.1 } as AnalogyScore));
    expect(odd.cells['an.probe']).toBe(0.1);
  });
});

describe('labels the user reads', () => {
  it('names architectures as the Train and Predict panels do, and filters still take the old keys', () => {
    const rs = rows(
      w2v('sg', SOME),
      w2v('cb', SOME, { settings: { ...defaultTrainSettings(), model: 'cbow' } }),
      hn('wd'),
      hn('mlp', { settings: { seed: 1, model: 'mlp' } }),
    );
    expect(rs.map((r) => r.cells['s.model'])).toEqual(['skip-gram', 'CBOW', 'wide & deep', 'MLP']);
    const cols = columnsOf(rs, [PROBE_META]);
    expect(cols.find((c) => c.key === 's.model')?.label).toBe('architecture');
    const pick = (text: string): string[] => rs.filter(parseFilter(text, cols).test).map((r) => r.id);
    expect(pick('model=skipgram')).toEqual(['sg']);
    expect(pick('architecture=cbow')).toEqual(['cb']);
    expect(pick('model=wide-deep')).toEqual(['wd']);
    expect(pick('model!=mlp')).toEqual(['sg', 'cb', 'wd']);
  });

  it("shows an HN fit's dataset by its name, and marks a deleted one", () => {
    const [r] = rows(hn('h'));
    expect(r.cells.data).toBe('hn-slice.csv');
    const [gone] = rows({ ...hn('g'), datasetDeleted: true });
    expect(gone.notes).toContain('dataset deleted');
  });

  it("words settings as the Train panel does (the sweep's keys stay)", () => {
    const rs = rows(
      w2v('a', SOME),
      w2v('b', SOME, { settings: { ...defaultTrainSettings(), minCount: 2, alpha: 0.05, minAlpha: 0.001, sample: 0, dim: 8 } }),
    );
    const labels = Object.fromEntries(columnsOf(rs, [PROBE_META]).map((c) => [c.key, c.label]));
    expect(labels).toMatchObject({
      's.minCount': 'min-count',
      's.dim': 'dimensions',
      's.alpha': 'learning rate (start)',
      's.minAlpha': 'learning rate (end)',
      's.sample': 'subsample threshold',
    });
    expect(sweepSettingLabel('w2v', 'model')).toBe('architecture');
    expect(settingValueText('model', 'skipgram')).toBe('skip-gram');
    expect(sweepSettingLabel('hn', 'classWeights')).toBe('class weights');
  });

  it('counts in the singular for one', () => {
    expect(count(1, 'run')).toBe('1 run');
    expect(count(3, 'run')).toBe('3 runs');
    expect(count(1, 'axis', 'axes')).toBe('1 axis');
    expect(count(2, 'axis', 'axes')).toBe('2 axes');
    expect(shownName('hn-slice.csv · tiny.txt · dim 16 · 1 epochs')).toBe('hn-slice.csv · tiny.txt · dim 16 · 1 epoch');
    expect(shownName('corpus · 11 epochs · 2.1 epochs')).toBe('corpus · 11 epochs · 2.1 epochs');
    expect(rows(w2v('x', SOME, { name: 'c · dim 16 · 1 epochs' }))[0].cells.name).toBe('c · dim 16 · 1 epoch');
  });
});

describe('parallel coordinates: a number axis whose values are all equal', () => {
  it('spans its bounds for a bounded score (accuracy 0 → 0–1, not −1–1)', () => {
    expect(numDomain(0, 0, [0, 1]).domain).toEqual([0, 1]);
    expect(numDomain(0.4, 0.4, [0, 1]).domain).toEqual([0, 1]);
  });
  it('pads around the value otherwise, never below 0 for a non-negative value', () => {
    expect(numDomain(0, 0).domain).toEqual([0, 1]);
    expect(numDomain(200, 200).domain).toEqual([180, 220]);
    expect(numDomain(-2, -2).domain).toEqual([-2.2, -1.8]);
  });
  it('keeps the extent of differing values; no values: the bounds', () => {
    expect(numDomain(0.1, 0.3, [0, 1])).toEqual({ domain: [0.1, 0.3], nice: true });
    expect(numDomain(undefined, undefined, [-1, 1]).domain).toEqual([-1, 1]);
  });
});
