// The samplers' distributions, checked statistically against word2vec.c's formulas.
import { describe, expect, it } from 'vitest';
import { buildAliasTable, drawAlias, keepProbabilities, subsample, unigramProbabilities } from '../../workers/train/samplers';
import { hash2 } from '../../workers/train/rng';

/** Upper 0.999 quantile of chi-square with k degrees of freedom (Wilson–Hilferty). */
function chiSquareCritical(k: number): number {
  const z = 3.09;
  return k * (1 - 2 / (9 * k) + z * Math.sqrt(2 / (9 * k))) ** 3;
}

describe('subsampling', () => {
  it('keeps a word with word2vec.c probability (sqrt(f/(s·T)) + 1)·(s·T)/f', () => {
    const counts = [50_000, 20_000, 5_000, 1_000, 100, 10];
    const total = counts.reduce((a, b) => a + b, 0);
    const keep = keepProbabilities(counts, 1e-3);
    counts.forEach((f, i) => {
      const st = 1e-3 * total;
      expect(keep[i]).toBeCloseTo(Math.min(1, (Math.sqrt(f / st) + 1) * (st / f)), 6);
    });
    expect(keep[0]).toBeLessThan(0.2); // the most frequent word is mostly dropped
    expect(keep[5]).toBe(1); // rare words always kept
  });

  it('drops words at the keep rate (binomial bound, 4 sigma)', () => {
    const counts = [8_000, 1_000, 10];
    const keep = keepProbabilities(counts, 1e-2);
    const n = 200_000;
    const ids = new Uint32Array(n).map((_, i) => i % 2);
    const out = new Uint32Array(n);
    const end = subsample(ids, 0, keep, 12345, out, 0);
    for (const w of [0, 1]) {
      const kept = out.subarray(0, end).filter((x) => x === w).length;
      const p = keep[w];
      const m = n / 2;
      expect(Math.abs(kept - m * p)).toBeLessThan(4 * Math.sqrt(m * p * (1 - p)));
    }
  });

  it('sample 0 keeps everything', () => {
    expect([...keepProbabilities([100, 5], 0)]).toEqual([1, 1]);
  });
});

describe('negatives from unigram^0.75', () => {
  it('the alias table draws with probabilities counts^0.75 / Σ (chi-square)', () => {
    const counts = Array.from({ length: 50 }, (_, i) => Math.round(10_000 / (i + 1)));
    const t = buildAliasTable(counts);
    const p = unigramProbabilities(counts);
    const n = 400_000;
    const seen = new Float64Array(counts.length);
    for (let i = 0; i < n; i++) seen[drawAlias(t, hash2(99, i))]++;
    let chi = 0;
    for (let w = 0; w < counts.length; w++) chi += (seen[w] - n * p[w]) ** 2 / (n * p[w]);
    expect(chi).toBeLessThan(chiSquareCritical(counts.length - 1));
    // and it is not plain unigram: the rarest word is drawn more often than its count share
    const total = counts.reduce((a, b) => a + b, 0);
    expect(seen[49] / n).toBeGreaterThan((1.3 * counts[49]) / total);
  });

  it('a uniform distribution would fail the same chi-square test', () => {
    const counts = Array.from({ length: 50 }, (_, i) => Math.round(10_000 / (i + 1)));
    const t = buildAliasTable(counts.map(() => 1));
    const p = unigramProbabilities(counts);
    const n = 100_000;
    const seen = new Float64Array(counts.length);
    for (let i = 0; i < n; i++) seen[drawAlias(t, hash2(7, i))]++;
    let chi = 0;
    for (let w = 0; w < counts.length; w++) chi += (seen[w] - n * p[w]) ** 2 / (n * p[w]);
    expect(chi).toBeGreaterThan(chiSquareCritical(counts.length - 1));
  });
});
