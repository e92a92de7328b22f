// Spherize, as the Embedding Projector offers it: centre the rows on their mean, then scale
// each to unit length, before projecting. Frequent words' long vectors and the common
// direction all word2vec vectors share stop dominating the picture; what is left is angles.

/** The first n rows of `matrix` [≥ n, dim] centred on their mean and normalised: [n, dim] f32 (a copy). */
export function spherize(matrix: Float32Array, n: number, dim: number): Float32Array {
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) mean[d] += matrix[r * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(1, n);
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const o = r * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const x = matrix[o + d] - mean[d];
      out[o + d] = x;
      s += x * x;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) out[o + d] *= inv;
  }
  return out;
}
