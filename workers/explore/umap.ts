// UMAP to 2-D with umap-js, step by step so the worker answers progress and cancel:
//   1. exact k nearest neighbours by cosine over unit rows: blocks of rows against all rows
//      with tfjs (a GPU), or each pair once in plain loops (SwiftShader, CPU), yielding often;
//   2. umap-js builds its fuzzy graph from those neighbours (setPrecomputedKNN + initializeFit:
//      one synchronous call, about a second at 10k points);
//   3. the layout epochs run in time slices (umap.step()), yielding between slices.
// Cancel is checked between blocks and slices and throws CancelledError.
import { UMAP } from 'umap-js';
import { CancelledError } from '../errors';
import { unitRowsJs } from './analogy';
import { TEST_HOOKS, parkPoint } from '../test-pace';
import { yieldToMessages } from '../lib/yield';

export interface UmapProgress {
  phase: 'neighbours' | 'graph' | 'layout';
  done: number;
  total: number;
  /** [n, dims] f32: the layout so far (sent about once a second during 'layout'). */
  coords?: Float32Array;
}

/** Cosine similarities of rows [r0, r1) of `unit` [n, dim] against all n rows: [r1 − r0, n] f32. */
export type BlockDots = (r0: number, r1: number) => Promise<Float32Array>;

export interface UmapHooks {
  signal?: AbortSignal;
  progress?(p: UmapProgress): void;
  /** Block similarities over the unit rows (tfjs on a GPU); without it, knnCosineJs. */
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
  /** Output components: 2 (default) or 3. */
  dims?: 2 | 3;
}

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

/** Plain-loop block dots over unit rows [n, dim] (for tests; umap2's loop path is knnCosineJs). */
export function jsDots(unit: Float32Array, n: number, dim: number): BlockDots {
  return async (r0, r1) => {
    const out = new Float32Array((r1 - r0) * n);
    for (let i = r0; i < r1; i++) for (let j = 0; j < n; j++) out[(i - r0) * n + j] = dot(unit, i * dim, j * dim, dim);
    return out;
  };
}

function dot(u: Float32Array, a: number, b: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += u[a + d] * u[b + d];
  return s;
}

/** Per-row top-k lists [n, k] (similarity descending), filled by insert(). */
class TopLists {
  readonly idx: Int32Array;
  readonly val: Float32Array;
  readonly len: Int32Array;
  constructor(
    n: number,
    readonly k: number,
  ) {
    this.idx = new Int32Array(n * k);
    this.val = new Float32Array(n * k);
    this.len = new Int32Array(n);
  }
  insert(row: number, j: number, x: number): void {
    const { k, val, idx } = this;
    const o = row * k;
    const len = this.len[row];
    if (len === k && x <= val[o + k - 1]) return;
    let p = len === k ? k - 1 : this.len[row]++;
    while (p > 0 && val[o + p - 1] < x) ((val[o + p] = val[o + p - 1]), (idx[o + p] = idx[o + p - 1]), p--);
    val[o + p] = x;
    idx[o + p] = j;
  }
  /** UMAP's form: indices with the point itself first, distances 1 − cos (0 for itself). */
  lists(n: number): { indices: number[][]; distances: number[][] } {
    const indices: number[][] = [];
    const distances: number[][] = [];
    for (let i = 0; i < n; i++) {
      const o = i * this.k;
      indices.push(Array.from(this.idx.subarray(o, o + this.len[i])));
      distances.push(Array.from(this.val.subarray(o, o + this.len[i]), (v, t) => (t === 0 ? 0 : Math.max(0, 1 - v))));
    }
    return { indices, distances };
  }
}

/**
 * Exact k nearest neighbours by cosine over unit rows [n, dim] in plain loops, each pair's
 * dot product computed once (half the work of the block path), yielding every ~2M pairs.
 */
export async function knnCosineJs(
  unit: Float32Array,
  n: number,
  dim: number,
  k: number,
  hooks: UmapHooks = {},
): Promise<{ indices: number[][]; distances: number[][] }> {
  const top = new TopLists(n, k);
  for (let i = 0; i < n; i++) top.insert(i, i, Infinity); // itself first
  const pairs = (n * (n - 1)) / 2;
  let done = 0,
    since = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const x = dot(unit, oi, j * dim, dim);
      top.insert(i, j, x);
      top.insert(j, i, x);
    }
    since += n - i - 1;
    if (since > 2_000_000 || i === n - 1) {
      done += since;
      since = 0;
      check(hooks.signal);
      // progress in rows' worth of pairs, so the bar moves evenly
      hooks.progress?.({ phase: 'neighbours', done: Math.round((done / pairs) * n), total: n });
      await yieldToMessages();
    }
  }
  return top.lists(n);
}

/** Exact k nearest neighbours by cosine distance (1 − cos), the point itself first, as UMAP
 *  expects; similarities come a block of rows at a time from `dots` (tfjs on a GPU). */
export async function knnCosine(
  n: number,
  k: number,
  dots: BlockDots,
  hooks: UmapHooks = {},
): Promise<{ indices: number[][]; distances: number[][] }> {
  const top = new TopLists(n, k);
  const block = Math.max(1, Math.min(n, Math.floor(4_000_000 / n))); // ≤ 16 MB of scores a block
  for (let r0 = 0; r0 < n; r0 += block) {
    check(hooks.signal);
    const r1 = Math.min(n, r0 + block);
    const s = await dots(r0, r1);
    for (let i = r0; i < r1; i++) {
      const o = (i - r0) * n;
      for (let j = 0; j < n; j++) top.insert(i, j, j === i ? Infinity : s[o + j]);
    }
    hooks.progress?.({ phase: 'neighbours', done: r1, total: n });
    await yieldToMessages();
  }
  return top.lists(n);
}

const toCoords = (e: number[][], dims: number): Float32Array => {
  const out = new Float32Array(e.length * dims);
  e.forEach((p, i) => out.set(p.slice(0, dims), i * dims));
  return out;
};

/** UMAP of the first n rows of `matrix` [≥ n, dim] in cosine geometry, to [n, dims] f32 (dims 2 or 3). */
export async function umap2(
  matrix: Float32Array,
  n: number,
  dim: number,
  opts: UmapOptions = {},
  hooks: UmapHooks = {},
): Promise<Float32Array> {
  const nNeighbors = Math.min(opts.nNeighbors ?? 15, n - 1);
  if (n < 3 || nNeighbors < 2) throw new Error(`UMAP needs at least 3 points (got ${n})`);
  const slice = hooks.sliceMs ?? 40;
  const dims = opts.dims ?? 2;
  const unit = unitRowsJs(matrix, n, dim);
  const knn = hooks.dotsFor
    ? await knnCosine(n, nNeighbors, hooks.dotsFor(unit, n, dim), hooks)
    : await knnCosineJs(unit, n, dim, nNeighbors, hooks);
  check(hooks.signal);
  hooks.progress?.({ phase: 'graph', done: 0, total: 1 });
  await yieldToMessages();
  const umap = new UMAP({
    nComponents: dims,
    nNeighbors,
    minDist: opts.minDist ?? 0.1,
    nEpochs: opts.epochs ?? 0,
    random: seeded(opts.seed ?? 1),
  });
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
    hooks.progress?.({ phase: 'layout', done: epoch, total, coords: snap ? toCoords(umap.getEmbedding(), dims) : undefined });
    if (TEST_HOOKS && epoch < total) await parkPoint('umap-slice', { done: epoch, total }); // a browser test's pace (workers/test-pace.ts)
    await yieldToMessages();
  }
  return toCoords(umap.getEmbedding(), dims);
}
