// PCA to 2-D (or 3-D) of the first n rows of a [V, D] matrix (rows most frequent first):
//   centre the rows, covariance C = XcᵀXc / (n − 1)  [D, D]  (tfjs matMul, or plain loops
//   where tfjs's matMul crawls: SwiftShader and the CPU backend), the top eigenvectors of C
//   by orthogonal iteration with Rayleigh–Ritz on the small D × D matrix (plain TS), then
//   coords = Xc · [e1 e2 (e3)]  [n, 2 or 3].
// Signs are fixed (each axis's largest-|value| component positive) so a refresh on slightly
// changed vectors does not flip the picture; alignSigns() (align.ts) fixes them against a previous map.
import * as tf from '@tensorflow/tfjs';
import { covarianceJs, topEigen } from './eigen';

// The plain-TypeScript parts (no tfjs, so the t-SNE worker can use them): eigen.ts.
export { covarianceJs, jacobiEigen, topEigen } from './eigen';

export interface Pca2 {
  /** [n, 2] f32 row-major */
  coords: Float32Array;
  /** [2, D] f32: the two principal axes (unit rows). */
  axes: Float32Array;
  /** Share of the total variance along each axis, 0..1. */
  explained: [number, number];
}

/** The same with tfjs on the current backend: XcᵀXc on the device, [D, D] read back. */
export async function covarianceTf(matrix: Float32Array, n: number, dim: number): Promise<{ mean: Float64Array; cov: Float64Array }> {
  const [meanT, covT] = tf.tidy(() => {
    const x = tf.tensor2d(matrix.subarray(0, n * dim), [n, dim]);
    const mean = x.mean(0, true); // [1, D]
    const xc = x.sub(mean);
    return [mean, tf.matMul(xc, xc, true, false).div(Math.max(1, n - 1))]; // [D, n] × [n, D]
  });
  const [m, c] = await Promise.all([meanT.data(), covT.data()]);
  meanT.dispose();
  covT.dispose();
  return { mean: Float64Array.from(m), cov: Float64Array.from(c) };
}

/** The largest-|value| component of each axis made positive. */
function fixSign(v: Float64Array): Float64Array {
  let big = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  if (v[big] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

/** PCA to 2-D of the first n rows. `mode` picks tfjs or plain loops for the [n, D] work. */
export async function pca2(matrix: Float32Array, n: number, dim: number, mode: 'tf' | 'js' = 'tf'): Promise<Pca2> {
  const p = await pcaN(matrix, n, dim, 2, mode);
  return { ...p, explained: [p.explained[0], p.explained[1]] };
}

/** PCA to `k` (2 or 3) components of the first n rows: coords [n, k], axes [k, D], explained [k]. */
export async function pcaN(
  matrix: Float32Array,
  n: number,
  dim: number,
  k: number,
  mode: 'tf' | 'js' = 'tf',
): Promise<{ coords: Float32Array; axes: Float32Array; explained: number[] }> {
  if (n < 2) throw new Error('PCA needs at least 2 points');
  const { mean, cov } = mode === 'tf' ? await covarianceTf(matrix, n, dim) : covarianceJs(matrix, n, dim);
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += cov[i * dim + i];
  const kk = Math.min(k, dim);
  const eig = topEigen(cov, dim, kk);
  const axes = new Float32Array(k * dim); // rows past the dimension stay zero
  eig.vectors.forEach((v, j) => axes.set(fixSign(v), j * dim));
  const explained = Array.from({ length: k }, (_, j) => (trace > 0 && j < kk ? Math.max(0, eig.values[j]) / trace : 0));
  let coords: Float32Array;
  if (mode === 'tf') {
    const t = tf.tidy(() => {
      const x = tf.tensor2d(matrix.subarray(0, n * dim), [n, dim]).sub(tf.tensor2d(Float32Array.from(mean), [1, dim]));
      return tf.matMul(x, tf.tensor2d(axes, [k, dim]), false, true); // [n, D] × [k, D]ᵀ
    });
    coords = (await t.data()) as Float32Array;
    t.dispose();
  } else {
    coords = new Float32Array(n * k);
    for (let r = 0; r < n; r++)
      for (let j = 0; j < k; j++) {
        let a = 0;
        for (let d = 0; d < dim; d++) a += (matrix[r * dim + d] - mean[d]) * axes[j * dim + d];
        coords[r * k + j] = a;
      }
  }
  return { coords, axes, explained };
}
