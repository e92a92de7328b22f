// What t-SNE is given (no tfjs and no crate here: the engine and the t-SNE worker both import it):
// the default iterations, the largest perplexity, and the rows. Rows of more than 50 dimensions
// are first projected onto their top 50 principal components (as the Embedding Projector and
// scikit-learn's advice do): the neighbour search and affinities, the one step that cannot be
// interrupted, cost in proportion to the dimension, and the components past the 50th are mostly
// noise for the neighbours.
import { covarianceJs, jacobiEigen } from './eigen';

export const TSNE_PCA_DIMS = 50;

/** Gradient iterations when the caller gives none: fewer beyond 5,000 points, where each costs 0.1-0.3 s here. */
export const tsneIterations = (n: number): number => (n > 5000 ? 500 : 1000);

/** Largest perplexity the crate accepts for n points (it needs 3·perplexity < n − 1). */
export const maxPerplexity = (n: number): number => Math.max(1, Math.floor((n - 2) / 3));

/** Gram–Schmidt, twice per vector (stable enough for 60 vectors): the rows of `b` made orthonormal in place. */
function orthonormalise(b: Float64Array[]): void {
  for (let j = 0; j < b.length; j++) {
    const v = b[j];
    for (let pass = 0; pass < 2; pass++)
      for (let i = 0; i < j; i++) {
        let p = 0;
        for (let d = 0; d < v.length; d++) p += b[i][d] * v[d];
        for (let d = 0; d < v.length; d++) v[d] -= p * b[i][d];
      }
    let s = 0;
    for (let d = 0; d < v.length; d++) s += v[d] * v[d];
    const inv = s > 1e-300 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < v.length; d++) v[d] *= inv;
  }
}

/**
 * The first n rows of `rows` [≥ n, dim] projected onto their top `k` principal components
 * (centred), [n, k] f32. The components come from a block power iteration on the covariance
 * (k + 10 vectors, 8 rounds) then Rayleigh–Ritz: about 0.1 s at dim 300, where a full Jacobi
 * decomposition takes 7 s; t-SNE needs the top-k subspace, not each axis to many digits
 * (any orthonormal basis of it gives the same distances).
 */
export function pcaReduce(rows: Float32Array, n: number, dim: number, k = TSNE_PCA_DIMS): Float32Array {
  if (dim <= k) throw new Error(`pcaReduce: ${dim} dimensions are not more than ${k}`);
  const { mean, cov } = covarianceJs(rows, n, dim); // [dim, dim]
  const m = Math.min(dim, k + 10);
  const mul = (x: Float64Array): Float64Array => {
    const out = new Float64Array(dim);
    for (let r = 0; r < dim; r++) {
      let s = 0;
      const o = r * dim;
      for (let t = 0; t < dim; t++) s += cov[o + t] * x[t];
      out[r] = s;
    }
    return out;
  };
  // Deterministic start: the same input gives the same components.
  let q: Float64Array[] = Array.from({ length: m }, (_, j) =>
    Float64Array.from({ length: dim }, (_, r) => (Math.sin(1 + r * 12.9898 + j * 78.233) * 43758.5453) % 1),
  );
  orthonormalise(q);
  for (let round = 0; round < 8; round++) {
    q = q.map(mul);
    orthonormalise(q);
  }
  // Rayleigh–Ritz: B = QᵀCQ [m, m]; its eigenvectors rotate Q onto the principal axes, largest first.
  const cq = q.map(mul);
  const b = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += q[i][d] * cq[j][d];
      b[i * m + j] = s;
    }
  const { vectors } = jacobiEigen(b, m); // [m, m], columns, largest first
  const axes = new Float64Array(k * dim); // [k, dim]
  for (let j = 0; j < k; j++)
    for (let i = 0; i < m; i++) {
      const w = vectors[i * m + j];
      for (let d = 0; d < dim; d++) axes[j * dim + d] += w * q[i][d];
    }
  const out = new Float32Array(n * k);
  const x = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let d = 0; d < dim; d++) x[d] = rows[r * dim + d] - mean[d];
    for (let j = 0; j < k; j++) {
      let a = 0;
      const o = j * dim;
      for (let d = 0; d < dim; d++) a += x[d] * axes[o + d];
      out[r * k + j] = a;
    }
  }
  return out;
}
