// The trainable state: input vectors (syn0) and output vectors (syn1neg), word2vec.c's
// names. Rows are padded to a multiple of 4 floats so the kernel can use vec4 lanes.
import { hash2, pcg, unit24 } from './rng';

export interface ModelShape {
  vocab: number;
  dim: number;
}

/** Row stride in floats: dim rounded up to a multiple of 4. */
export const paddedDim = (dim: number): number => Math.ceil(dim / 4) * 4;

export interface ModelData {
  /** [vocab, paddedDim] f32 row-major, input vectors. */
  syn0: Float32Array<ArrayBuffer>;
  /** [vocab, paddedDim] f32 row-major, output vectors. */
  syn1: Float32Array<ArrayBuffer>;
}

/**
 * syn0 uniform in ±1/dim (gensim 4's prep_vectors; word2vec.c draws ±0.5/dim, which gave analogy
 * 0.0794 against 0.0817 on text8-prefix over seeds 1-3), syn1neg zeros, padding zeros.
 */
export function initModel({ vocab, dim }: ModelShape, seed: number): ModelData {
  const dp = paddedDim(dim);
  const syn0 = new Float32Array(vocab * dp);
  const s = pcg((seed ^ 0x9e3779b9) >>> 0);
  for (let w = 0; w < vocab; w++) {
    for (let d = 0; d < dim; d++) syn0[w * dp + d] = (2 * unit24(hash2(s, w * dp + d)) - 1) / dim;
  }
  return { syn0, syn1: new Float32Array(vocab * dp) };
}

/** syn0 without padding: [vocab, dim] f32, the exported vectors. */
export function unpad(m: Float32Array, { vocab, dim }: ModelShape): Float32Array {
  const dp = paddedDim(dim);
  if (dp === dim) return m.slice(0, vocab * dim);
  const out = new Float32Array(vocab * dim);
  for (let w = 0; w < vocab; w++) out.set(m.subarray(w * dp, w * dp + dim), w * dim);
  return out;
}
