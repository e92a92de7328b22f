// The 2-D map's math in Node: PCA (tfjs on the CPU backend and plain loops) against
// data whose principal axes are known exactly, the eigen-solver against a full Jacobi
// decomposition, exact cosine kNN, and the UMAP wrapper (separation, progress, cancel).
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { covarianceJs, jacobiEigen, pca2, topEigen } from '../../workers/explore/pca';
import { alignSigns } from '../../workers/explore/align';
import { jsDots, knnCosine, knnCosineJs, seeded, umap2, type UmapProgress } from '../../workers/explore/umap';
import { CancelledError } from '../../workers/errors';

/** Sylvester Hadamard matrix of order 2^k: ±1 entries, mutually orthogonal columns. */
function hadamard(n: number): number[][] {
  let h = [[1]];
  while (h.length < n) h = [...h.map((r) => [...r, ...r]), ...h.map((r) => [...r, ...r.map((x) => -x)])];
  return h;
}

/** Random orthogonal [d, d] (columns), Gram–Schmidt of seeded noise. */
function orthogonal(d: number, rnd: () => number): number[][] {
  const cols: number[][] = [];
  for (let j = 0; j < d; j++) {
    const v = Array.from({ length: d }, () => rnd() - 0.5);
    for (const c of cols) {
      const p = c.reduce((a, x, i) => a + x * v[i], 0);
      for (let i = 0; i < d; i++) v[i] -= p * c[i];
    }
    const n = Math.hypot(...v);
    cols.push(v.map((x) => x / n));
  }
  return cols;
}

/**
 * n points in d dimensions whose sample covariance is exactly R diag(s²) Rᵀ: coefficients are
 * Hadamard columns 1..d (zero mean, orthogonal), scaled by s, rotated by R, shifted by a mean.
 * The principal axes are R's first two columns and the PCA coordinates s₁h₁ and s₂h₂.
 */
function knownAxes(n: number, d: number, seed: number) {
  const rnd = seeded(seed);
  const h = hadamard(n);
  const s = Array.from({ length: d }, (_, j) => (j === 0 ? 10 : j === 1 ? 6 : 3 * 0.97 ** j));
  const R = orthogonal(d, rnd);
  const mean = Array.from({ length: d }, () => 5 * (rnd() - 0.5));
  const m = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      let x = mean[k];
      for (let j = 0; j < d; j++) x += h[r][j + 1] * s[j] * R[j][k];
      m[r * d + k] = x;
    }
  }
  const total = s.reduce((a, x) => a + x * x, 0);
  return { m, h, s, R, explained: [s[0] ** 2 / total, s[1] ** 2 / total] };
}

describe('PCA to 2-D', () => {
  for (const [d, mode] of [
    [20, 'js'],
    [20, 'tf'],
    [80, 'js'],
    [80, 'tf'],
  ] as const) {
    it(`finds the known axes and coordinates (d=${d}, ${mode})`, async () => {
      await tf.setBackend('cpu');
      const n = 256;
      const { m, h, s, R, explained } = knownAxes(n, d, d);
      const p = await pca2(m, n, d, mode);
      expect(p.coords).toHaveLength(n * 2);
      expect(p.explained[0]).toBeCloseTo(explained[0], 4);
      expect(p.explained[1]).toBeCloseTo(explained[1], 4);
      for (let c = 0; c < 2; c++) {
        const axis = p.axes.subarray(c * d, (c + 1) * d);
        const dot = axis.reduce((a, x, i) => a + x * R[c][i], 0);
        expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-5);
        // coords = ±s_c h_c, the sign the same for every row
        const sign = Math.sign(dot);
        let worst = 0;
        for (let r = 0; r < n; r++) worst = Math.max(worst, Math.abs(p.coords[r * 2 + c] - sign * s[c] * h[r][c + 1]));
        expect(worst).toBeLessThan(2e-3 * s[c]);
      }
    });
  }

  it('the block eigen-solver agrees with a full Jacobi decomposition on random data', () => {
    const rnd = seeded(7);
    const n = 400,
      d = 100;
    // correlated: x = z W with W random, so the spectrum is uneven but not degenerate
    const W = Array.from({ length: d * d }, () => rnd() - 0.5);
    const m = new Float32Array(n * d);
    for (let r = 0; r < n; r++) {
      const z = Array.from({ length: d }, () => rnd() - 0.5);
      for (let k = 0; k < d; k++) {
        let x = 0;
        for (let j = 0; j < d; j++) x += z[j] * W[j * d + k];
        m[r * d + k] = x;
      }
    }
    const { cov } = covarianceJs(m, n, d);
    const full = jacobiEigen(cov, d);
    const top = topEigen(cov, d, 2);
    for (let c = 0; c < 2; c++) {
      expect(top.values[c]).toBeCloseTo(full.values[c], 6);
      const dot = top.vectors[c].reduce((a, x, i) => a + x * full.vectors[i * d + c], 0);
      expect(Math.abs(dot)).toBeGreaterThan(1 - 1e-6);
    }
  });

  it('alignSigns keeps a refreshed map the same way up', () => {
    const prev = Float32Array.from([1, 2, -1, 3, 2, -2]);
    const next = Float32Array.from([-1.1, 2, 0.9, 3.1, -2, -2.2]); // x flipped
    expect(Array.from(alignSigns(prev, next))).toEqual(Array.from(Float32Array.from([1.1, 2, -0.9, 3.1, 2, -2.2])));
  });

  it('refuses fewer than 2 points', async () => {
    await expect(pca2(new Float32Array(3), 1, 3, 'js')).rejects.toThrow(/at least 2/);
  });
});

/** Two tight clusters pointing different ways (cosine geometry), interleaved rows. */
function twoClusters(per: number, d: number, seed: number): Float32Array {
  const rnd = seeded(seed);
  const m = new Float32Array(2 * per * d);
  for (let r = 0; r < 2 * per; r++) {
    for (let k = 0; k < d; k++) m[r * d + k] = (k === r % 2 ? 5 : 0) + 0.4 * (rnd() - 0.5) + 1;
  }
  return m;
}

describe('UMAP to 2-D (umap-js)', () => {
  it('exact cosine kNN (blocks and pairwise): the point itself first, then by similarity', async () => {
    const rnd = seeded(3);
    const n = 50,
      d = 6;
    const m = Float32Array.from({ length: n * d }, () => rnd() - 0.5);
    const unit = m.map((x, i) => x / Math.hypot(...m.subarray(Math.floor(i / d) * d, Math.floor(i / d) * d + d)));
    const blocks = await knnCosine(n, 5, jsDots(unit, n, d));
    const pairs = await knnCosineJs(unit, n, d, 5);
    for (const { indices, distances } of [blocks, pairs])
      for (let i = 0; i < n; i++) {
        const brute = Array.from({ length: n }, (_, j) => ({
          j,
          dist: 1 - unit.subarray(i * d, i * d + d).reduce((a, x, t) => a + x * unit[j * d + t], 0),
        }))
          .filter((x) => x.j !== i)
          .sort((a, b) => a.dist - b.dist)
          .slice(0, 4);
        expect(indices[i]).toEqual([i, ...brute.map((x) => x.j)]);
        expect(distances[i][0]).toBe(0);
        distances[i].slice(1).forEach((x, t) => expect(x).toBeCloseTo(brute[t].dist, 5));
      }
  });

  it('separates two well-separated clusters, reporting progress in order', async () => {
    const per = 60,
      d = 10;
    const seen: UmapProgress[] = [];
    const coords = await umap2(
      twoClusters(per, d, 11),
      2 * per,
      d,
      { epochs: 200, seed: 1 },
      { progress: (p) => seen.push(p), sliceMs: 5 },
    );
    expect(coords).toHaveLength(4 * per);
    expect(coords.every(Number.isFinite)).toBe(true);
    // every point's nearest point on the map is in its own cluster
    const n = 2 * per;
    for (let i = 0; i < n; i++) {
      let best = -1,
        bd = Infinity;
      for (let j = 0; j < n; j++) {
        const dd = j === i ? Infinity : (coords[i * 2] - coords[j * 2]) ** 2 + (coords[i * 2 + 1] - coords[j * 2 + 1]) ** 2;
        if (dd < bd) ((bd = dd), (best = j));
      }
      expect(best % 2).toBe(i % 2);
    }
    // the clusters' centres are far apart compared to their spread
    const centre = (c: number): [number, number] => {
      let x = 0,
        y = 0;
      for (let i = c; i < n; i += 2) ((x += coords[i * 2]), (y += coords[i * 2 + 1]));
      return [x / per, y / per];
    };
    const spread = (c: number): number => {
      const [cx, cy] = centre(c);
      let s = 0;
      for (let i = c; i < n; i += 2) s = Math.max(s, Math.hypot(coords[i * 2] - cx, coords[i * 2 + 1] - cy));
      return s;
    };
    const [a, b] = [centre(0), centre(1)];
    expect(Math.hypot(a[0] - b[0], a[1] - b[1])).toBeGreaterThan(Math.max(spread(0), spread(1)));
    // phases in order; layout epochs count up to the total
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['neighbours', 'graph', 'layout']);
    const layout = seen.filter((p) => p.phase === 'layout');
    expect(layout[layout.length - 1]).toMatchObject({ done: 200, total: 200 });
    for (let i = 1; i < layout.length; i++) expect(layout[i].done).toBeGreaterThanOrEqual(layout[i - 1].done);
  });

  it('stops with CancelledError when cancelled during the layout', async () => {
    const ctl = new AbortController();
    let lastDone = 0;
    const run = umap2(
      twoClusters(100, 8, 5),
      200,
      8,
      { epochs: 500, seed: 2 },
      {
        signal: ctl.signal,
        sliceMs: 2,
        progress: (p) => {
          if (p.phase === 'layout') ((lastDone = p.done), ctl.abort());
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(lastDone).toBeGreaterThan(0);
    expect(lastDone).toBeLessThan(500);
  });

  it('refuses too few points', async () => {
    await expect(umap2(new Float32Array(4), 2, 2)).rejects.toThrow(/at least 3 points/);
  });
});
