// UMAP to 2-D with umap-js, step by step so the worker answers progress and cancel:
//   1. exact k nearest neighbours by cosine over unit rows, in blocks of rows (the block's
//      [b, n] similarities from tfjs or plain loops), yielding between blocks;
//   2. umap-js builds its fuzzy graph from those neighbours (setPrecomputedKNN + initializeFit:
//      one synchronous call, about a second at 10k points);
//   3. the layout epochs run in time slices (umap.step()), yielding between slices.
// Cancel is checked between blocks and slices and throws CancelledError.
import { UMAP } from 'umap-js';
import { CancelledError } from '../errors';
import { unitRowsJs } from './analogy';

export interface UmapProgress {
  phase: 'neighbours' | 'graph' | 'layout';
  done: number;
  total: number;
  /** [n, 2] f32: the layout so far (sent about once a second during 'layout'). */
  coords?: Float32Array;
}

/** Cosine similarities of rows [r0, r1) of `unit` [n, dim] against all n rows: [r1 − r0, n] f32. */
export type BlockDots = (r0: number, r1: number) => Promise<Float32Array>;

export interface UmapHooks {
  signal?: AbortSignal;
  progress?(p: UmapProgress): void;
  /** Block similarities over the unit rows; defaults to plain loops (jsDots). */
  dotsFor?(unit: Float32Array, n: number, dim: number): BlockDots;
  /** Milliseconds of work between yields (default 40). */
  sliceMs?: number;
}

export interface UmapOptions {
  nNeighbors?: number;
  minDist?: number;
  /** Layout epochs; 0 = umap-js's default for the size (500 … 200). */
  epochs?: number;
  seed?: number;
}

const yieldNow = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('UMAP cancelled');
}

/** mulberry32: a small seeded generator in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plain-loop block dots over unit rows [n, dim]. */
export function jsDots(unit: Float32Array, n: number, dim: number): BlockDots {
  return async (r0, r1) => {
    const out = new Float32Array((r1 - r0) * n);
    for (let i = r0; i < r1; i++) {
      const oi = i * dim;
      const row = (i - r0) * n;
      for (let j = 0; j < n; j++) {
        const oj = j * dim;
        let s = 0;
        for (let d = 0; d < dim; d++) s += unit[oi + d] * unit[oj + d];
        out[row + j] = s;
      }
    }
    return out;
  };
}

/** Exact k nearest neighbours by cosine distance (1 − cos), the point itself first, as UMAP expects. */
export async function knnCosine(n: number, k: number, dots: BlockDots, hooks: UmapHooks = {}): Promise<{ indices: number[][]; distances: number[][] }> {
  const indices: number[][] = [];
  const distances: number[][] = [];
  const block = Math.max(1, Math.min(n, Math.floor(4_000_000 / n))); // ≤ 16 MB of scores a block
  const idx = new Int32Array(k);
  const val = new Float32Array(k);
  for (let r0 = 0; r0 < n; r0 += block) {
    check(hooks.signal);
    const r1 = Math.min(n, r0 + block);
    const s = await dots(r0, r1);
    for (let i = r0; i < r1; i++) {
      const o = (i - r0) * n;
      // Self first (similarity forced to the top), then the best k − 1 others.
      let len = 0;
      for (let j = 0; j < n; j++) {
        const x = j === i ? Infinity : s[o + j];
        if (len === k && x <= val[k - 1]) continue;
        let p = len === k ? k - 1 : len++;
        while (p > 0 && val[p - 1] < x) (val[p] = val[p - 1]), (idx[p] = idx[p - 1]), p--;
        val[p] = x;
        idx[p] = j;
      }
      indices.push(Array.from(idx.subarray(0, len)));
      distances.push(Array.from(val.subarray(0, len), (v, t) => (t === 0 ? 0 : Math.max(0, 1 - v))));
    }
    hooks.progress?.({ phase: 'neighbours', done: r1, total: n });
    await yieldNow();
  }
  return { indices, distances };
}

const toCoords = (e: number[][]): Float32Array => {
  const out = new Float32Array(e.length * 2);
  e.forEach((p, i) => ((out[i * 2] = p[0]), (out[i * 2 + 1] = p[1])));
  return out;
};

/** UMAP of the first n rows of `matrix` [≥ n, dim] in cosine geometry, to [n, 2] f32. */
export async function umap2(matrix: Float32Array, n: number, dim: number, opts: UmapOptions = {}, hooks: UmapHooks = {}): Promise<Float32Array> {
  const nNeighbors = Math.min(opts.nNeighbors ?? 15, n - 1);
  if (n < 3 || nNeighbors < 2) throw new Error(`UMAP needs at least 3 points (got ${n})`);
  const slice = hooks.sliceMs ?? 40;
  const unit = unitRowsJs(matrix, n, dim);
  const knn = await knnCosine(n, nNeighbors, (hooks.dotsFor ?? jsDots)(unit, n, dim), hooks);
  check(hooks.signal);
  hooks.progress?.({ phase: 'graph', done: 0, total: 1 });
  await yieldNow();
  const umap = new UMAP({ nComponents: 2, nNeighbors, minDist: opts.minDist ?? 0.1, nEpochs: opts.epochs ?? 0, random: seeded(opts.seed ?? 1) });
  umap.setPrecomputedKNN(knn.indices, knn.distances);
  const rows = Array.from({ length: n }, (_, i) => Array.from(unit.subarray(i * dim, (i + 1) * dim)));
  const total = umap.initializeFit(rows);
  let epoch = 0;
  let lastSnap = performance.now();
  while (epoch < total) {
    check(hooks.signal);
    const t0 = performance.now();
    while (epoch < total && performance.now() - t0 < slice) epoch = umap.step();
    const now = performance.now();
    const snap = now - lastSnap > 1000 && epoch < total;
    if (snap) lastSnap = now;
    hooks.progress?.({ phase: 'layout', done: epoch, total, coords: snap ? toCoords(umap.getEmbedding()) : undefined });
    await yieldNow();
  }
  return toCoords(umap.getEmbedding());
}
