// Run records' pure parts: the loss curve kept ≤ 2,000 points however long the run, and the
// check that lists a hand-edited or older record as unreadable instead of trusting it.
import { describe, expect, it } from 'vitest';
import { addPoint, curveOf, emptyCurve, MAX_POINTS } from '../../workers/runs/curve';
import { askedAccuracy, checkRecord } from '../../workers/runs/record';
import { defaultTrainSettings } from '../../workers/settings';

describe('loss curve', () => {
  it('keeps every point of a short run', () => {
    const c = curveOf([3, 2, 1], 300);
    expect(c.x).toEqual([100, 200, 300]);
    expect(c.y).toEqual([3, 2, 1]);
  });

  it('stays within the cap on a long run, evenly spaced, with the mean loss of what it merged', () => {
    const n = 50_000;
    const losses = Array.from({ length: n }, (_, i) => 4 - (3 * i) / n);
    const c = curveOf(losses, n);
    expect(c.x.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(c.x.length).toBeGreaterThan(MAX_POINTS / 4);
    const gaps = c.x.slice(1).map((x, i) => x - c.x[i]);
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThan(1.01);
    // Each point is the mean of the batches it stands for: on a linear curve, the line at its x.
    c.x.forEach((x, i) => expect(c.y[i]).toBeCloseTo(4 - (3 * (x - 1)) / n, 6));
    // The mean over the curve equals the mean over the run (equal weights per point).
    const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(c.y)).toBeCloseTo(mean(losses.slice(0, c.x.length * c.stride)), 3);
  });

  it('merges pairwise when full and then takes `stride` batches a point', () => {
    const c = emptyCurve();
    for (let i = 1; i <= 8; i++) addPoint(c, i, i, 4);
    expect(c.stride).toBe(4);
    expect(c.x).toEqual([2.5, 6.5]);
  });
});

/** A word2vec record as the recorder writes it. */
const good = {
  kind: 'w2v',
  origin: 'trained',
  id: 'r1',
  name: 'n',
  tags: [],
  state: 'finished',
  startedAt: 1,
  updatedAt: 1,
  settings: defaultTrainSettings(),
  trainer: 'auto',
  fraction: 1,
  seconds: 2,
  scores: { analogy: {}, pairs: {} },
};

describe('checkRecord', () => {
  it('accepts a record as written', () => expect(checkRecord('r1', good).kind).toBe('w2v'));
  it('accepts a CBOW run (the architecture is the one setting that is not a number)', () =>
    expect(checkRecord('r1', { ...good, settings: { ...good.settings, model: 'cbow' } }).kind).toBe('w2v'));
  it.each([
    ['a string', 'junk', /not an object/],
    ['an unknown kind', { ...good, kind: 'x' }, /kind/],
    ['a mismatched id', good, /id/],
    ['a name that is not text', { ...good, name: 3 }, /name/],
    ['an unknown state', { ...good, state: 'weird' }, /state/],
    ['a setting that is not a number', { ...good, settings: { ...good.settings, dim: 'big' } }, /dim/],
    ['an unknown architecture', { ...good, settings: { ...good.settings, model: 'glove' } }, /model must be one of/],
    ['no scores', { ...good, scores: undefined }, /scores/],
  ])('lists %s as unreadable with the reason', (_what, v, reason) => {
    const r = checkRecord(v === good ? 'other' : 'r1', v);
    expect(r.kind).toBe('unreadable');
    if (r.kind === 'unreadable') expect(r.reason).toMatch(reason);
  });
});

describe('askedAccuracy', () => {
  it('is null where no question was asked (stored as accuracy 0 by every build), not 0', () =>
    expect(askedAccuracy({ accuracy: 0, correct: 0, total: 0, skipped: 12 })).toBeNull());
  it('is the accuracy where questions were asked, 0 included', () => {
    expect(askedAccuracy({ accuracy: 0.25, correct: 1, total: 4, skipped: 0 })).toBe(0.25);
    expect(askedAccuracy({ accuracy: 0, correct: 0, total: 4, skipped: 0 })).toBe(0);
  });
  it('is undefined for what is not a score', () => {
    expect(askedAccuracy('x')).toBeUndefined();
    expect(askedAccuracy({ accuracy: 'high', total: 3 })).toBeUndefined();
  });
  it("leaves an older record's scores loadable as they are", () => {
    const old = {
      ...good,
      id: 'old',
      scores: { analogy: { probe: { accuracy: 0, correct: 0, total: 0, skipped: 25 } }, pairs: {} },
    };
    const r = checkRecord('old', old);
    expect(r.kind).toBe('w2v');
    if (r.kind === 'w2v') expect(askedAccuracy(r.scores.analogy.probe)).toBeNull();
  });
});
