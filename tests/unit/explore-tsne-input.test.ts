// t-SNE's input in Node: rows of more than 50 dimensions are reduced to their top 50 principal
// components (tsne-input.ts) without changing the distances t-SNE sees when the data lie in a
// 50-dimensional subspace, and the variance kept is the top 50 eigenvalues' share; the default
// iterations drop to 500 beyond 5,000 points.
import { describe, expect, it } from 'vitest';
import { TSNE_PCA_DIMS, pcaReduce, tsneIterations } from '../../workers/explore/tsne-input';
import { seeded } from '../../workers/explore/umap';
import { covarianceJs, jacobiEigen } from '../../workers/explore/eigen';

/** n rows of `dim` dimensions that are random mixes of `rank` fixed random directions, plus an offset. */
function lowRank(n: number, dim: number, rank: number, seed = 3): Float32Array {
  const rnd = seeded(seed);
  const basis = Array.from({ length: rank * dim }, () => rnd() - 0.5);
  const offset = Array.from({ length: dim }, () => 5 * (rnd() - 0.5));
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const w = Array.from({ length: rank }, () => rnd() - 0.5);
    for (let d = 0; d < dim; d++) {
      let a = offset[d];
      for (let j = 0; j < rank; j++) a += w[j] * basis[j * dim + d];
      out[r * dim + d] = a;
    }
  }
  return out;
}

const dist = (m: Float32Array, dim: number, i: number, j: number): number => {
  let s = 0;
  for (let d = 0; d < dim; d++) s += (m[i * dim + d] - m[j * dim + d]) ** 2;
  return Math.sqrt(s);
};

describe('t-SNE input', () => {
  it('PCA to 50 keeps every pairwise distance of rows that span 50 of 120 dimensions', () => {
    const n = 400,
      dim = 120;
    const rows = lowRank(n, dim, TSNE_PCA_DIMS);
    const out = pcaReduce(rows, n, dim);
    expect(out.length).toBe(n * TSNE_PCA_DIMS);
    let worst = 0;
    for (let i = 0; i < n; i += 7)
      for (let j = i + 1; j < n; j += 11) {
        const a = dist(rows, dim, i, j);
        worst = Math.max(worst, Math.abs(dist(out, TSNE_PCA_DIMS, i, j) - a) / a);
      }
    expect(worst).toBeLessThan(1e-3);
  });

  it("keeps the top components: the variance kept is the top 50 eigenvalues' share", () => {
    const n = 600,
      dim = 64;
    // 60 strong directions: the reduction to 50 keeps most but not all of the variance.
    const rows = lowRank(n, dim, 60, 5);
    const out = pcaReduce(rows, n, dim);
    const variance = (m: Float32Array, d: number): number => {
      let total = 0;
      for (let c = 0; c < d; c++) {
        let mean = 0;
        for (let r = 0; r < n; r++) mean += m[r * d + c] / n;
        for (let r = 0; r < n; r++) total += (m[r * d + c] - mean) ** 2 / (n - 1);
      }
      return total;
    };
    const kept = variance(out, TSNE_PCA_DIMS) / variance(rows, dim);
    // The exact share of the top 50 eigenvalues (full Jacobi): the power iteration keeps as much.
    const { cov } = covarianceJs(rows, n, dim);
    const { values } = jacobiEigen(cov, dim);
    const exact = values.slice(0, TSNE_PCA_DIMS).reduce((a, b) => a + b, 0) / values.reduce((a, b) => a + b, 0);
    expect(exact).toBeLessThan(0.999);
    expect(kept).toBeGreaterThan(exact - 0.002);
    expect(kept).toBeLessThan(exact + 1e-6);
    // Components in decreasing variance: the first column varies more than the last.
    const col = (c: number): number => {
      let s = 0;
      for (let r = 0; r < n; r++) s += out[r * TSNE_PCA_DIMS + c] ** 2;
      return s;
    };
    expect(col(0)).toBeGreaterThan(col(TSNE_PCA_DIMS - 1));
  });

  it('refuses rows that are not longer than 50; 1000 iterations up to 5,000 points, 500 beyond', () => {
    expect(() => pcaReduce(new Float32Array(100 * 50), 100, 50)).toThrow(/not more than 50/);
    expect(tsneIterations(600)).toBe(1000);
    expect(tsneIterations(5000)).toBe(1000);
    expect(tsneIterations(5001)).toBe(500);
    expect(tsneIterations(10_000)).toBe(500);
  });
});
