// Smoothed target statistics of a categorical value (domain, author): the mean log10(points + 1)
// and the share of each bin among the training posts with that value, pulled towards the overall
// figures by `smoothing` pseudo-posts, plus log(1 + posts seen). Training rows get out-of-fold
// encodings (stats from the other folds only), so no training row's encoding uses its own label;
// validation/test rows get the stats of every training row.

/** Key of a post's value; null (no author, say) is the "other" value: the prior, 0 posts. */
export type Key = string | null;

export interface TargetStats {
  k: number;
  smoothing: number;
  prior: Float64Array; // [1 + k]: mean log points, then bin shares, over all training rows
  table: Map<string, { n: number; sum: Float64Array /* [1 + k] */ }>;
}

/** Width of one encoding: mean log points, k bin shares, log(1 + posts). */
export const statsWidth = (k: number): number => k + 2;

function targetRow(logPts: number, bin: number, k: number): Float64Array {
  const t = new Float64Array(1 + k);
  t[0] = logPts;
  t[1 + bin] = 1;
  return t;
}

/** Stats of rows `rows` (all when absent). logPts: [n] log10(points + 1); bins: [n] bin ids. */
export function fitStats(keys: Key[], logPts: Float64Array, bins: Int32Array, k: number, smoothing = 10, rows?: Int32Array): TargetStats {
  const prior = new Float64Array(1 + k);
  const table = new Map<string, { n: number; sum: Float64Array }>();
  const idx = rows ?? Int32Array.from(keys, (_, i) => i);
  for (const i of idx) {
    const t = targetRow(logPts[i], bins[i], k);
    for (let j = 0; j <= k; j++) prior[j] += t[j] / idx.length;
    const key = keys[i];
    if (key === null) continue;
    let e = table.get(key);
    if (!e) table.set(key, (e = { n: 0, sum: new Float64Array(1 + k) }));
    e.n++;
    for (let j = 0; j <= k; j++) e.sum[j] += t[j];
  }
  return { k, smoothing, prior, table };
}

/** Encodes keys into out [n, statsWidth] at column `col` of rows `width` wide. */
export function encodeStats(s: TargetStats, keys: Key[], out: Float32Array, width: number, col: number, rows?: Int32Array): void {
  const idx = rows ?? Int32Array.from(keys, (_, i) => i);
  for (const i of idx) {
    const key = keys[i];
    const e = key === null ? undefined : s.table.get(key);
    const n = e?.n ?? 0;
    const o = i * width + col;
    for (let j = 0; j <= s.k; j++) out[o + j] = ((e?.sum[j] ?? 0) + s.smoothing * s.prior[j]) / (n + s.smoothing);
    out[o + s.k + 1] = Math.log1p(n);
  }
}

/** Fold of each row (0..folds−1), seeded and balanced: a shuffled i mod folds. */
export function foldsOf(n: number, folds: number, seed: number): Int32Array {
  const f = Int32Array.from({ length: n }, (_, i) => i % folds);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    [f[i], f[j]] = [f[j], f[i]];
  }
  return f;
}

/**
 * Out-of-fold encodings of the training rows into out [n, width] at `col`: row i's figures come
 * from the rows of the other folds. Returns the stats of all rows, for encoding new posts.
 */
export function oofStats(
  keys: Key[],
  logPts: Float64Array,
  bins: Int32Array,
  k: number,
  out: Float32Array,
  width: number,
  col: number,
  o: { folds?: number; smoothing?: number; seed: number },
): TargetStats {
  const folds = o.folds ?? 5;
  const fold = foldsOf(keys.length, folds, o.seed);
  for (let f = 0; f < folds; f++) {
    const inFold: number[] = [],
      rest: number[] = [];
    fold.forEach((v, i) => (v === f ? inFold : rest).push(i));
    const s = fitStats(keys, logPts, bins, k, o.smoothing, Int32Array.from(rest));
    encodeStats(s, keys, out, width, col, Int32Array.from(inFold));
  }
  return fitStats(keys, logPts, bins, k, o.smoothing);
}
