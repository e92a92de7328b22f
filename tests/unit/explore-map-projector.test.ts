// The map's Projector-style math in Node: PCA to three components against data whose axes are
// known, spherize (centred, unit rows), seeded k-means on separated clusters, UMAP to 3-D,
// and the colourings the 2-D and 3-D views draw (groups, colours, legend lines).
import { describe, expect, it } from 'vitest';
import { pca2, pcaN } from '../../workers/explore/pca';
import { spherize } from '../../workers/explore/spherize';
import { kmeans } from '../../workers/explore/kmeans';
import { seeded, umap2 } from '../../workers/explore/umap';
import { unitRowsJs } from '../../workers/explore/analogy';
import { byCluster, byList, byRank, clusterColours } from '../../src/charts/map-colour';
import { BINS } from '../../src/charts/rank-legend';

/** n points around c centres in d dimensions (row i in cluster i mod c), seeded. */
function clusters(n: number, d: number, c: number, seed = 1): Float32Array {
  const rnd = seeded(seed);
  const centres = Array.from({ length: c * d }, () => 4 * (rnd() - 0.5));
  const m = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) m[i * d + k] = centres[(i % c) * d + k] + 0.3 * (rnd() - 0.5);
  return m;
}

describe('PCA to three components', () => {
  it('has the 2-D axes first and a third orthogonal one, with its share of the variance', async () => {
    // Axis scales 10, 6, 4, then 1s: the third axis is the third coordinate.
    const n = 400,
      d = 8,
      rnd = seeded(3);
    const scales = [10, 6, 4, 1, 1, 1, 1, 1];
    const m = new Float32Array(n * d);
    for (let i = 0; i < n * d; i++) m[i] = scales[i % d] * (rnd() - 0.5);
    const p2 = await pca2(m, n, d, 'js');
    const p3 = await pcaN(m, n, d, 3, 'js');
    expect(p3.coords).toHaveLength(n * 3);
    expect(p3.explained).toHaveLength(3);
    expect(p3.explained[0]).toBeCloseTo(p2.explained[0], 6);
    expect(p3.explained[2]).toBeGreaterThan(0.05);
    for (let i = 0; i < n; i++) {
      expect(p3.coords[i * 3]).toBeCloseTo(p2.coords[i * 2], 3);
      expect(p3.coords[i * 3 + 1]).toBeCloseTo(p2.coords[i * 2 + 1], 3);
    }
    // The third axis is a unit vector orthogonal to the first two.
    const ax = (j: number): Float32Array => p3.axes.subarray(j * d, (j + 1) * d);
    const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i], 0);
    expect(dot(ax(2), ax(2))).toBeCloseTo(1, 5);
    expect(Math.abs(dot(ax(2), ax(0)))).toBeLessThan(1e-5);
    expect(Math.abs(dot(ax(2), ax(1)))).toBeLessThan(1e-5);
    expect(Math.abs(ax(2)[2])).toBeGreaterThan(0.99); // along the third input dimension
  });
});

describe('spherize', () => {
  it('centres the rows on their mean and scales each to length 1, leaving the input alone', () => {
    const n = 50,
      d = 6;
    const m = clusters(n, d, 3);
    const before = Float32Array.from(m);
    const s = spherize(m, n, d);
    expect(m).toEqual(before);
    for (let i = 0; i < n; i++) expect(Math.hypot(...s.subarray(i * d, (i + 1) * d))).toBeCloseTo(1, 5);
    // Centred before normalising: the direction of (row − mean).
    const mean = Array.from({ length: d }, (_, k) => Array.from({ length: n }, (_, i) => m[i * d + k]).reduce((a, b) => a + b) / n);
    const r0 = Array.from({ length: d }, (_, k) => m[k] - mean[k]);
    const len = Math.hypot(...r0);
    for (let k = 0; k < d; k++) expect(s[k]).toBeCloseTo(r0[k] / len, 5);
  });
});

describe('k-means (cosine, seeded)', () => {
  it('recovers separated clusters, the same for the same seed', async () => {
    const n = 600,
      d = 10,
      c = 5;
    const unit = unitRowsJs(clusters(n, d, c), n, d);
    const a = await kmeans(unit, n, d, c, 7);
    const b = await kmeans(unit, n, d, c, 7);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.sizes.reduce((x, y) => x + y)).toBe(n);
    // Every true cluster maps to one found cluster and back.
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t = i % c;
      if (!map.has(t)) map.set(t, a.labels[i]);
      expect(a.labels[i]).toBe(map.get(t));
    }
    expect(new Set(map.values()).size).toBe(c);
    expect(a.cost / n).toBeLessThan(0.05);
  });

  it('refuses k outside 2..20 and more clusters than words, and stops when cancelled', async () => {
    const unit = unitRowsJs(clusters(30, 4, 3), 30, 4);
    await expect(kmeans(unit, 30, 4, 1)).rejects.toThrow(/k must be a whole number from 2 to 20/);
    await expect(kmeans(unit, 30, 4, 21)).rejects.toThrow(/from 2 to 20/);
    await expect(kmeans(unit, 3, 4, 5)).rejects.toThrow(/at least 5 words/);
    const ctl = new AbortController();
    ctl.abort();
    await expect(kmeans(unit, 30, 4, 3, 1, ctl.signal)).rejects.toThrow(/cancelled/);
  });
});

describe('UMAP to 3-D', () => {
  it('gives three finite coordinates a point', async () => {
    const n = 120,
      d = 8;
    const coords = await umap2(clusters(n, d, 3), n, d, { dims: 3, epochs: 50 });
    expect(coords).toHaveLength(n * 3);
    expect(coords.every(Number.isFinite)).toBe(true);
    expect(new Set(Array.from(coords.filter((_, i) => i % 3 === 2))).size).toBeGreaterThan(n / 2);
  });
});

describe('map colourings', () => {
  it('by rank: every row once, frequent words drawn last', () => {
    const c = byRank(1000);
    expect(c.groups).toHaveLength(BINS);
    expect(c.groups.reduce((a, g) => a + g.length, 0)).toBe(1000);
    expect(Array.from(c.groups[c.groups.length - 1])).toContain(0);
  });
  it('by list: the listed rows in red, on top, counted in the legend', () => {
    const c = byList(10, [2, 5, 5, 42]);
    expect(Array.from(c.groups[1])).toEqual([2, 5]);
    expect(c.groups[0]).toHaveLength(8);
    expect(c.labels).toEqual(['other words (8)', 'in the list (2)']);
  });
  it('by cluster: one distinct colour and legend line per cluster', () => {
    const labels = [0, 1, 1, 2, 2, 2];
    const c = byCluster(labels, 3);
    expect(c.labels).toEqual(['cluster 3 (3)', 'cluster 2 (2)', 'cluster 1 (1)']);
    expect(new Set(c.colours).size).toBe(3);
    expect(new Set(clusterColours(20)).size).toBe(20);
  });
});
