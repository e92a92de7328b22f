// k-means of the map's words for "colour by cluster": seeded k-means++ start, then Lloyd
// iterations on unit rows (cosine geometry: a word vector's direction is its meaning, its
// length mostly its frequency), yielding between iterations so cancel is answered.
import { CancelledError, LabError } from '../errors';
import { seeded } from './umap';
import { yieldToMessages } from '../lib/yield';

export interface KMeansResult {
  /** [n] cluster of each row, 0..k−1 */
  labels: Uint8Array;
  /** [k] rows in each cluster */
  sizes: number[];
  /** Sum over rows of 1 − cos(row, its centre). */
  cost: number;
  iterations: number;
}

export const KMEANS_MAX_K = 20;

/** k-means of the first n rows of `unit` [≥ n, dim] (rows of unit length), seeded. */
export async function kmeans(
  unit: Float32Array,
  n: number,
  dim: number,
  k: number,
  seed = 1,
  signal?: AbortSignal,
  maxIter = 50,
): Promise<KMeansResult> {
  if (!Number.isInteger(k) || k < 2 || k > KMEANS_MAX_K)
    throw new LabError(`clusters: k must be a whole number from 2 to ${KMEANS_MAX_K} (got ${k})`);
  if (n < k) throw new LabError(`clusters: ${k} clusters need at least ${k} words (got ${n})`);
  const rnd = seeded(seed);
  const centres = new Float32Array(k * dim);
  const dist = new Float64Array(n).fill(Infinity); // 1 − cos to the nearest chosen centre
  const dot = (r: number, c: number): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += unit[r * dim + d] * centres[c * dim + d];
    return s;
  };
  // k-means++: each next centre a row drawn with probability ∝ its distance to the chosen ones.
  let pick = Math.floor(rnd() * n);
  for (let c = 0; c < k; c++) {
    centres.set(unit.subarray(pick * dim, (pick + 1) * dim), c * dim);
    let total = 0;
    for (let r = 0; r < n; r++) {
      dist[r] = Math.min(dist[r], Math.max(0, 1 - dot(r, c)));
      total += dist[r];
    }
    let u = rnd() * total;
    pick = n - 1;
    for (let r = 0; r < n; r++) if ((u -= dist[r]) <= 0) ((pick = r), (r = n));
  }
  const labels = new Uint8Array(n);
  const sums = new Float64Array(k * dim);
  const sizes = new Array<number>(k).fill(0);
  let cost = 0;
  let it = 0;
  for (; it < maxIter; it++) {
    if (signal?.aborted) throw new CancelledError('clustering cancelled');
    let moved = 0;
    cost = 0;
    sums.fill(0);
    sizes.fill(0);
    for (let r = 0; r < n; r++) {
      let best = 0,
        bestDot = -Infinity;
      for (let c = 0; c < k; c++) {
        const x = dot(r, c);
        if (x > bestDot) ((bestDot = x), (best = c));
      }
      if (labels[r] !== best || it === 0) moved++;
      labels[r] = best;
      sizes[best]++;
      cost += 1 - bestDot;
      for (let d = 0; d < dim; d++) sums[best * dim + d] += unit[r * dim + d];
    }
    // New centres: the normalised mean direction (an empty cluster keeps its centre).
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += sums[c * dim + d] ** 2;
      if (!sizes[c] || s === 0) continue;
      const inv = 1 / Math.sqrt(s);
      for (let d = 0; d < dim; d++) centres[c * dim + d] = sums[c * dim + d] * inv;
    }
    if (it > 0 && moved === 0) break;
    await yieldToMessages();
  }
  return { labels, sizes, cost, iterations: it + 1 };
}
