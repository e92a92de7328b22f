import { describe, expect, it } from 'vitest';
import { classifyIntervals, weightedMetrics } from '../../workers/hn/intervals';
import { metrics } from '../../workers/hn/metrics';
import { resampleIndices } from '../../workers/experiments/stats';
import { hash2 } from '../../workers/train/rng';

const K = 4;

/** n test rows: bins skewed to the low end; probabilities that lean to the true bin by `skill`, ties on purpose. */
function fixture(n: number, skill: number, seed: number): { y: Int32Array; probs: Float32Array } {
  const y = Int32Array.from({ length: n }, (_, i) => [0, 0, 0, 0, 1, 1, 1, 2, 2, 3][hash2(seed, i) % 10]);
  const probs = new Float32Array(n * K);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < K; c++) {
      // Coarse values (multiples of 1/8) so AUC scores tie between rows.
      const noise = Math.floor((hash2(seed + 1, i * K + c) / 4294967296) * 8) / 8;
      probs[i * K + c] = 0.2 + noise + (c === y[i] ? skill : 0);
      sum += probs[i * K + c];
    }
    for (let c = 0; c < K; c++) probs[i * K + c] /= sum;
  }
  return { y, probs };
}

describe('HN bootstrap intervals', () => {
  it('weighted metrics equal metrics() on the resampled rows (ties, duplicates, absent classes)', () => {
    const { y, probs } = fixture(300, 0.3, 5);
    expect(weightedMetrics(y, probs, K, 2, new Uint32Array(300).fill(1))).toEqual(
      expect.objectContaining(Object.fromEntries(Object.entries(metrics(y, probs, K, 2)).map(([k, v]) => [k, expect.closeTo(v, 10)]))),
    );
    for (const r of [0, 1, 2]) {
      const idx = resampleIndices(300, r, 9);
      const w = new Uint32Array(300);
      for (const i of idx) w[i]++;
      const yR = Int32Array.from(idx, (i) => y[i]);
      const pR = new Float32Array(300 * K);
      idx.forEach((i, j) => pR.set(probs.subarray(i * K, i * K + K), j * K));
      const want = metrics(yR, pR, K, 2);
      const got = weightedMetrics(y, probs, K, 2, w);
      for (const m of ['accuracy', 'macroF1', 'logLoss', 'auc100'] as const) expect(got[m]).toBeCloseTo(want[m], 10);
    }
  });

  it('intervals contain the point value; a predictor against itself differs by 0; a better model is clearly better', () => {
    const good = fixture(2000, 0.6, 3);
    const weak = fixture(2000, 0.05, 3);
    const prior = new Float32Array(2000 * K).fill(0.25);
    const iv = classifyIntervals(
      good.y,
      { model: good.probs, majority: prior, logreg: weak.probs, titleLogreg: good.probs, titleWords: weak.probs },
      K,
      2,
      { resamples: 1000, seed: 1 },
    );
    expect(iv.resamples).toBe(1000);
    for (const p of ['model', 'majority', 'logreg', 'titleLogreg', 'titleWords'] as const) {
      for (const m of ['accuracy', 'macroF1', 'logLoss', 'auc100'] as const) {
        // 1e-12: a constant predictor's resampled log loss is its value up to float summation order.
        expect(iv[p][m].lo).toBeLessThanOrEqual(iv[p][m].value + 1e-12);
        expect(iv[p][m].hi).toBeGreaterThanOrEqual(iv[p][m].value - 1e-12);
      }
    }
    expect(iv.model.logLoss.value).toBeCloseTo(metrics(good.y, good.probs, K, 2).logLoss, 10);
    expect(iv.model.auc100.lo).toBeLessThan(iv.model.auc100.hi);
    expect(iv.majority.auc100).toEqual({ value: 0.5, lo: 0.5, hi: 0.5 }); // constant scores: every pair ties
    // The same probabilities as the model: difference exactly 0, interval [0, 0], "not clear".
    expect(iv.diff.vsTitleLogreg.logLoss).toMatchObject({ diff: 0, lo: 0, hi: 0, pBetter: 0.5 });
    expect(iv.diff.vsTitleLogreg.auc100.verdict).toMatch(/not clear/);
    // The skilled model against the weak one: lower log loss and higher AUC, both clear.
    expect(iv.diff.vsLogreg.logLoss.hi).toBeLessThan(0);
    expect(iv.diff.vsLogreg.logLoss.pBetter).toBe(1);
    expect(iv.diff.vsLogreg.logLoss.verdict).toMatch(
      /^the model's log loss is lower \(better\) than the logistic baseline's by 0\.\d{3}, interval −0\.\d{3} to −0\.\d{3}$/,
    );
    expect(iv.diff.vsLogreg.auc100.lo).toBeGreaterThan(0);
    expect(iv.diff.vsLogreg.auc100.verdict).toMatch(/^the model's AUC is higher \(better\) than the logistic baseline's by/);
    // Seeded: the same seed, the same intervals.
    const again = classifyIntervals(
      good.y,
      { model: good.probs, majority: prior, logreg: weak.probs, titleLogreg: good.probs, titleWords: weak.probs },
      K,
      2,
      { resamples: 1000, seed: 1 },
    );
    expect({ ...again, seconds: 0 }).toEqual({ ...iv, seconds: 0 });
  });
});
