// Smooth inverse frequency (SIF) title means (Arora, Liang & Ma 2017, "A simple but tough-to-beat
// baseline for sentence embeddings"): each word vector weighted a / (a + p(w)), p(w) the word's
// share of the corpus the vectors were trained on, then the first principal component of the
// training titles' means (uncentred, as their TruncatedSVD) projected out of every title mean.

/** Arora et al.'s default a (they found 1e-4 … 1e-3 about equally good). */
export const SIF_A = 1e-3;

/**
 * SIF weight of each word-table row [vocab]. counts: the corpus counts in row order; null when the
 * vectors came without them (an imported file): p(w) is then Zipf's estimate from the row's rank
 * (rows most frequent first), p(r) = 1 / ((r + 1) · H_V).
 */
export function sifWeights(vocab: number, counts: ArrayLike<number> | null, a = SIF_A): Float32Array {
  const w = new Float32Array(vocab);
  if (counts && counts.length === vocab) {
    let total = 0;
    for (let i = 0; i < vocab; i++) total += counts[i];
    for (let i = 0; i < vocab; i++) w[i] = a / (a + (total ? counts[i] / total : 0));
    return w;
  }
  let h = 0;
  for (let r = 1; r <= vocab; r++) h += 1 / r;
  for (let r = 0; r < vocab; r++) w[r] = a / (a + 1 / ((r + 1) * h));
  return w;
}

/**
 * First principal component (unit length, sign fixed: largest |entry| positive) of rows x [n, d],
 * uncentred: the top right singular vector, by power iteration on xᵀx. Zero when x is all zeros.
 */
export function firstComponent(x: Float32Array, n: number, d: number, iterations = 100): Float32Array {
  let u: Float64Array = new Float64Array(d).fill(1 / Math.sqrt(d));
  const xu = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * u[j];
      xu[i] = s;
    }
    const next = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) next[j] += x[i * d + j] * xu[i];
    const norm = Math.hypot(...next);
    if (!norm) return new Float32Array(d);
    let moved = 0;
    for (let j = 0; j < d; j++) {
      next[j] /= norm;
      moved = Math.max(moved, Math.abs(Math.abs(next[j]) - Math.abs(u[j])));
    }
    u = next;
    if (moved < 1e-9) break;
  }
  let big = 0;
  for (let j = 0; j < d; j++) if (Math.abs(u[j]) > Math.abs(u[big])) big = j;
  const sign = u[big] < 0 ? -1 : 1;
  return Float32Array.from(u, (v) => v * sign);
}

/** x [n, d] at column `col` of rows `width` wide: each row minus its projection on unit vector pc [d]. */
export function removeComponent(x: Float32Array, n: number, width: number, col: number, pc: ArrayLike<number>): void {
  const d = pc.length;
  for (let i = 0; i < n; i++) {
    const o = i * width + col;
    let s = 0;
    for (let j = 0; j < d; j++) s += x[o + j] * pc[j];
    for (let j = 0; j < d; j++) x[o + j] -= s * pc[j];
  }
}
