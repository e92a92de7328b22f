// Skip-gram in the blocked order of the CPU trainers' kernel (wasm/sgns-blocked.ts, pWord2Vec's),
// in plain TypeScript and float64: the test that kernel is checked against. Per centre word w,
// with reference.ts's window and negatives: the window's contexts X [B, dp] and targets T [K+1, dp]
// (the word, then its negatives) as they were before the window give D = X·Tᵀ and
// G = (label − σ(D))·α (word2vec.c's clamps; a negative equal to the word skipped: G = 0, no loss);
// then N = G·T, T += Gᵀ·X, X += N. reference.ts's pair order instead updates the targets after
// each context, so the contexts after it see them moved.
import { hash2 } from './rng';
import { drawAlias, type AliasTable } from './samplers';
import { META_U32, type Batch } from './plan';
import { paddedDim, type ModelData } from './model';
import { RNG_STRIDE } from './constants';
import { bitsToF32, gradient, softplus, trainBatch, type ChunkLoss, type SgnsParams } from './reference';

/** The four-way-split dot product of rows `a` of `A` and `b` of `B` (dp a multiple of 4), as reference.ts sums. */
function dot4(A: Float32Array, a: number, B: Float32Array, b: number, dp: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let d = 0; d < dp; d += 4) {
    s0 += A[a + d] * B[b + d];
    s1 += A[a + d + 1] * B[b + d + 1];
    s2 += A[a + d + 2] * B[b + d + 2];
    s3 += A[a + d + 3] * B[b + d + 3];
  }
  return s0 + s1 + (s2 + s3);
}

/** Skip-gram on chunk `k` of `batch`, each window in the blocked order. */
export function trainChunkSkipgramBlocked(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch, k: number): ChunkLoss {
  const dp = paddedDim(p.dim);
  const meta = batch.meta.subarray(k * META_U32, (k + 1) * META_U32);
  const [sentStart, sentEnd, c0, c1, seed] = meta;
  const alpha = bitsToF32(meta[5]);
  const words = batch.words;
  const K = p.negative;
  const KT = K + 1;
  const { syn0, syn1 } = m;
  const maxB = 2 * p.window;
  const targets = new Uint32Array(KT);
  const ctx = new Uint32Array(maxB); // context row offsets in syn0
  const G = new Float64Array(maxB * KT); // [B, K+1]
  const N = new Float64Array(maxB * dp); // [B, dp]
  let loss = 0;
  let pairs = 0;
  for (let i = c0; i < c1; i++) {
    const w = words[i];
    const local = (i - c0) * RNG_STRIDE;
    const r = p.window - (hash2(seed, local) % p.window);
    targets[0] = w;
    for (let n = 0; n < K; n++) targets[n + 1] = drawAlias(table, hash2(seed, local + 1 + n));
    const lo = Math.max(sentStart, i - r);
    const hi = Math.min(sentEnd - 1, i + r);
    let B = 0;
    for (let j = lo; j <= hi; j++) if (j !== i) ctx[B++] = words[j] * dp;
    if (B === 0) continue;
    for (let c = 0; c < B; c++) {
      for (let t = 0; t < KT; t++) {
        if (t > 0 && targets[t] === w) {
          G[c * KT + t] = 0; // word2vec.c skips a negative equal to the word
          continue;
        }
        const dot = dot4(syn0, ctx[c], syn1, targets[t] * dp, dp);
        const label = t === 0 ? 1 : 0;
        loss += softplus(label ? -dot : dot);
        G[c * KT + t] = gradient(dot, label, alpha);
      }
    }
    N.fill(0, 0, B * dp);
    for (let c = 0; c < B; c++) {
      for (let t = 0; t < KT; t++) {
        const g = G[c * KT + t];
        const row = targets[t] * dp;
        for (let d = 0; d < dp; d++) N[c * dp + d] += g * syn1[row + d];
      }
    }
    // A target drawn twice gets both columns' updates (syn0 is not yet changed: X as it was).
    for (let t = 0; t < KT; t++) {
      const row = targets[t] * dp;
      for (let d = 0; d < dp; d++) {
        let s = syn1[row + d];
        for (let c = 0; c < B; c++) s += G[c * KT + t] * syn0[ctx[c] + d];
        syn1[row + d] = s;
      }
    }
    for (let c = 0; c < B; c++) for (let d = 0; d < dp; d++) syn0[ctx[c] + d] += N[c * dp + d];
    pairs += B;
  }
  return { loss, pairs };
}

/** Trains every chunk of a skip-gram batch in order, in the blocked order. */
export function trainBatchBlocked(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch): ChunkLoss {
  return trainBatch(m, p, table, batch, trainChunkSkipgramBlocked);
}
