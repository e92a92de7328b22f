// Out-of-fold target statistics of domain/author: a training row's encoding never uses its own
// label (changing it leaves the row's encoding as it was, while rows of other folds with the same
// value see the change), smoothing pulls rare values to the prior, and a missing value is "other".
import { describe, expect, it } from 'vitest';
import { encodeStats, fitStats, foldsOf, oofStats, statsWidth } from '../../workers/hn/target-stats';

const k = 2,
  width = statsWidth(k);
const keys = ['a', 'a', 'a', 'a', 'b', 'b', 'a', 'a', 'a', 'a', null, 'b'];
const logPts = Float64Array.from([1, 2, 1, 3, 0.5, 0.2, 2, 2, 1, 1, 1, 0.4]);
const bins = Int32Array.from(logPts, (v) => (v >= 1.5 ? 1 : 0));
const enc = (lp: Float64Array, b: Int32Array) => {
  const out = new Float32Array(keys.length * width);
  oofStats(keys, lp, b, k, out, width, 0, { folds: 4, smoothing: 2, seed: 3 });
  return out;
};
const row = (x: Float32Array, i: number) => [...x.subarray(i * width, (i + 1) * width)];

describe('out-of-fold target statistics', () => {
  it("a training row's encoding does not use its own label", () => {
    const base = enc(logPts, bins);
    const fold = foldsOf(keys.length, 4, 3);
    for (let i = 0; i < keys.length; i++) {
      const lp = Float64Array.from(logPts);
      lp[i] = 9;
      const b = Int32Array.from(bins);
      b[i] = 1 - b[i];
      const moved = enc(lp, b);
      expect(row(moved, i)).toEqual(row(base, i));
      // Another fold's row with the same value does see the change: the label is used, just not by its own row.
      const other = keys.findIndex((key, j) => key === keys[i] && key !== null && fold[j] !== fold[i]);
      if (other >= 0) expect(row(moved, other)[0]).toBeGreaterThan(row(base, other)[0]);
    }
  });

  it('smooths towards the prior and encodes a missing or unseen value as the prior with 0 posts', () => {
    const s = fitStats(keys, logPts, bins, k, 2);
    const out = new Float32Array(3 * width);
    encodeStats(s, ['a', null, 'never seen'], out, width, 0);
    const n = keys.filter((x) => x === 'a').length;
    const sumA = keys.reduce((t, x, i) => t + (x === 'a' ? logPts[i] : 0), 0);
    expect(out[0]).toBeCloseTo((sumA + 2 * s.prior[0]) / (n + 2), 5);
    expect(out[width - 1]).toBeCloseTo(Math.log1p(n), 5);
    for (const r of [1, 2]) {
      expect(out[r * width]).toBeCloseTo(s.prior[0], 5);
      expect(out[r * width + width - 1]).toBe(0);
    }
  });
});
