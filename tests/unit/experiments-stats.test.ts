import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf,
  bootstrapInterval,
  describeDifference,
  mcnemar,
  mcnemarTable,
  pairedBootstrap,
  resampleIndices,
} from '../../workers/experiments/stats';
import { hash2, pcg } from '../../workers/train/rng';

/** Standard normal draws (Box–Muller over the project's hash RNG), reproducible per seed. */
function normals(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  const s = pcg(seed);
  for (let i = 0; i < n; i++) {
    const u1 = (hash2(s, 2 * i) + 1) / 4294967297;
    const u2 = hash2(s, 2 * i + 1) / 4294967296;
    out[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

const meanOf =
  (x: Float64Array) =>
  (idx: Uint32Array): number => {
    let s = 0;
    for (const i of idx) s += x[i];
    return s / idx.length;
  };

describe('bootstrap intervals', () => {
  it('resample indices are in range, reproducible per seed, and differ between seeds and resamples', () => {
    const a = resampleIndices(1000, 0, 7);
    expect(Math.max(...a)).toBeLessThan(1000);
    expect(resampleIndices(1000, 0, 7)).toEqual(a);
    expect(resampleIndices(1000, 0, 8)).not.toEqual(a);
    expect(resampleIndices(1000, 1, 7)).not.toEqual(a);
    // With replacement: about 1 − 1/e ≈ 63.2% of rows appear in a resample of n = 1,000.
    expect(new Set(a).size / 1000).toBeGreaterThan(0.58);
    expect(new Set(a).size / 1000).toBeLessThan(0.68);
  });

  it('the 95% interval of a mean covers the true mean in about 95% of 200 simulated data sets', () => {
    let covered = 0;
    const sets = 200;
    for (let d = 0; d < sets; d++) {
      const x = normals(60, 1000 + d).map((v) => 3 + 2 * v); // true mean 3
      const iv = bootstrapInterval(x.length, meanOf(x), { resamples: 1000, seed: d + 1 });
      expect(iv.lo).toBeLessThanOrEqual(iv.value);
      expect(iv.hi).toBeGreaterThanOrEqual(iv.value);
      expect(iv.resamples).toBe(1000);
      if (iv.lo <= 3 && 3 <= iv.hi) covered++;
    }
    expect(covered / sets).toBeGreaterThanOrEqual(0.9);
    expect(covered / sets).toBeLessThanOrEqual(0.98);
  });

  it('a wider level gives a wider interval; the same seed the same interval', () => {
    const x = normals(200, 5);
    const a = bootstrapInterval(200, meanOf(x), { seed: 3, level: 0.8 });
    const b = bootstrapInterval(200, meanOf(x), { seed: 3, level: 0.99 });
    expect(b.lo).toBeLessThan(a.lo);
    expect(b.hi).toBeGreaterThan(a.hi);
    expect(bootstrapInterval(200, meanOf(x), { seed: 3, level: 0.8 })).toEqual(a);
  });

  it('drops resamples where the metric is undefined and says how many were used', () => {
    // NaN on about half the resamples: those whose first index is odd.
    const iv = bootstrapInterval(100, (idx) => (idx[0] % 2 ? NaN : 1), { resamples: 400 });
    expect(iv.resamples).toBeGreaterThan(100);
    expect(iv.resamples).toBeLessThan(300);
    expect(iv).toMatchObject({ lo: 1, hi: 1 });
  });

  it('refuses nonsense options', () => {
    expect(() => bootstrapInterval(10, () => 1, { resamples: 0 })).toThrow(/resamples/);
    expect(() => bootstrapInterval(10, () => 1, { level: 1.5 })).toThrow(/level/);
    expect(() => bootstrapInterval(0, () => 1)).toThrow(/n must/);
  });
});

describe('paired bootstrap', () => {
  it('a model against itself: difference 0, interval [0, 0]', () => {
    const x = normals(300, 9);
    const d = pairedBootstrap(300, meanOf(x), meanOf(x), { resamples: 1000, seed: 4 });
    expect(d).toMatchObject({ diff: 0, lo: 0, hi: 0, pBetter: 0.5, resamples: 1000 });
    expect(describeDifference(d, { subject: "the model's", metric: 'AUC' })).toBe(
      "the model's AUC is the same, but the difference is not clear: interval 0.000 to 0.000 includes 0",
    );
  });

  it('a real shift is clear and a tiny one is not; pairing cancels the shared noise', () => {
    const noise = normals(400, 11);
    const own = normals(400, 12);
    const a = noise.map((v, i) => v + 0.02 * own[i] + 0.05); // B + 0.05 + small own noise
    const b = noise;
    const clear = pairedBootstrap(400, meanOf(a), meanOf(b), { seed: 2 });
    expect(clear.diff).toBeCloseTo(0.05, 2);
    expect(clear.lo).toBeGreaterThan(0);
    expect(clear.pBetter).toBe(1);
    // Unpaired, the same data's intervals overlap widely (noise sd 1 over 400 rows ≈ ±0.1).
    const ia = bootstrapInterval(400, meanOf(a), { seed: 2 });
    const ib = bootstrapInterval(400, meanOf(b), { seed: 2 });
    expect(ia.lo).toBeLessThan(ib.hi);
    expect(describeDifference(clear, { subject: "the model's", metric: 'mean' })).toMatch(
      /^the model's mean is higher by 0\.05\d, interval 0\.0\d\d to 0\.0\d\d$/,
    );

    expect(
      describeDifference(clear, { subject: "the model's", metric: 'log loss', than: "the baseline's", higherIsBetter: false }),
    ).toMatch(/^the model's log loss is higher \(worse\) than the baseline's by 0\.05\d, interval/);
    // Rounding to zero: no "−0.000", and a tiny difference is "less than 0.001".
    expect(describeDifference({ diff: -0.0003, lo: -0.0004, hi: 0.02, pBetter: 0.5, resamples: 10 }, { subject: 'A', metric: 'AUC' })).toBe(
      'A AUC is lower by less than 0.001, but the difference is not clear: interval 0.000 to 0.020 includes 0',
    );
    const c = own.map((v, i) => noise[i] + 0.3 * v); // no true shift
    const unclear = pairedBootstrap(400, meanOf(c), meanOf(b), { seed: 2, higherIsBetter: false });
    expect(unclear.lo).toBeLessThan(0);
    expect(unclear.hi).toBeGreaterThan(0);
    expect(describeDifference(unclear, { subject: "the model's", metric: 'log loss' })).toMatch(
      /the difference is not clear: interval −0\.\d{3} to 0\.\d{3} includes 0$/,
    );
  });
});

/** P(X ≤ m), X ~ Bin(n, 1/2), exactly with BigInt binomial coefficients. */
function exactCdf(m: number, n: number): number {
  let c = 1n;
  let s = 0n;
  for (let k = 0; k <= m; k++) {
    s += c;
    c = (c * BigInt(n - k)) / BigInt(k + 1);
  }
  // s / 2^n with enough precision: scale by 2^60 before the division.
  return Number((s << 60n) / (1n << BigInt(n))) / 2 ** 60;
}

describe('exact McNemar test', () => {
  it('matches tables computed by hand', () => {
    // b = 10, c = 2: 2 · (1 + 12 + 66) / 4096 = 0.0385742…
    expect(mcnemarTable({ onlyA: 10, onlyB: 2 }).pValue).toBeCloseTo(0.03857421875, 12);
    expect(mcnemarTable({ onlyA: 2, onlyB: 10 }).pValue).toBeCloseTo(0.03857421875, 12);
    expect(mcnemarTable({ onlyA: 7, onlyB: 7 }).pValue).toBe(1);
    expect(mcnemarTable({ onlyA: 0, onlyB: 0, both: 5, neither: 3 })).toEqual({ both: 5, onlyA: 0, onlyB: 0, neither: 3, pValue: 1 });
    expect(mcnemarTable({ onlyA: 5, onlyB: 0 }).pValue).toBeCloseTo(2 / 32, 12);
  });

  it('counts the four cells from two answer arrays', () => {
    const a = [true, true, false, false, true, 1, 0];
    const b = [true, false, true, false, false, 1, 0];
    expect(mcnemar(a, b)).toEqual({ both: 2, onlyA: 2, onlyB: 1, neither: 2, pValue: 1 });
    expect(() => mcnemar([true], [true, false])).toThrow(/same questions/);
    expect(() => mcnemarTable({ onlyA: -1, onlyB: 2 })).toThrow(/onlyA/);
  });

  it('is stable in log space up to 20,000 discordant pairs', () => {
    for (const [m, n] of [
      [40, 100],
      [230, 500],
      [480, 1000],
    ])
      expect(binomialHalfCdf(m, n)).toBeCloseTo(exactCdf(m, n), 10);
    const p = mcnemarTable({ onlyA: 9900, onlyB: 10100 }).pValue;
    // Normal approximation with continuity correction: z = (200 − 1) / √20000 = 1.407 → p ≈ 0.159.
    expect(p).toBeGreaterThan(0.15);
    expect(p).toBeLessThan(0.17);
    expect(mcnemarTable({ onlyA: 9000, onlyB: 11000 }).pValue).toBeGreaterThan(0);
    expect(mcnemarTable({ onlyA: 9000, onlyB: 11000 }).pValue).toBeLessThan(1e-40);
    expect(Number.isFinite(mcnemarTable({ onlyA: 10000, onlyB: 10000 }).pValue)).toBe(true);
  });
});
