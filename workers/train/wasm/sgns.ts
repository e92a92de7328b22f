// AssemblyScript source of the CPU path's SGNS trainer (compiled to WebAssembly with
// SIMD by the Vite plugin scripts/assemblyscript-plugin.ts). The same math, RNG and order as reference.ts and the
// WGSL kernels, over memory the caller lays out (see ../wasm-trainer.ts): rows are
// `dp` floats (a multiple of 4), so each row is dp/4 f32x4 lanes.
// Differences from reference.ts: dot products and row updates are float32 (the
// reference sums in float64); the gradient and the loss are float64, as there.

// MAX_EXP, RNG_STRIDE, META_BYTES: workers/train/constants.ts (the ?wasm plugin serves this module).
import { MAX_EXP, RNG_STRIDE, META_BYTES } from './shared-constants';
import { hash2, drawAlias } from './rng';
// CBOW's trainer (trainChunksCbow) and skip-gram's blocked one (trainChunksBlocked, the default)
// are their own files, exported from this module too.
export { trainChunksCbow } from './cbow';
export { trainChunksBlocked } from './sgns-blocked';

/**
 * Trains chunks [0, nChunks) of a batch. Layout (byte offsets): syn0, syn1: [V, dp] f32;
 * prob: [V] f32 and alias: [V] u32 (the unigram^0.75 alias table); words: [n] u32;
 * meta: [nChunks, 8] u32 (sentStart, sentEnd, centreStart, centreEnd, seed, alpha bits);
 * scratch: room for dp + 2·(K + 1) words. Returns the loss; the pair count is stored
 * at `scratch` as a u32 when done.
 */
export function trainChunks(
  syn0: usize, syn1: usize, dp: u32, V: u32, K: u32, window: u32,
  prob: usize, alias: usize, words: usize, meta: usize, nChunks: u32, scratch: usize,
): f64 {
  const neu = scratch + 16;
  const targets = neu + (<usize>dp << 2);
  const dots = targets + (<usize>(K + 1) << 2);
  const rowBytes = <usize>dp << 2;
  let loss: f64 = 0;
  let pairs: u32 = 0;
  for (let k: u32 = 0; k < nChunks; k++) {
    const m = meta + <usize>k * META_BYTES;
    const sentStart = load<u32>(m);
    const sentEnd = load<u32>(m, 4);
    const c0 = load<u32>(m, 8);
    const c1 = load<u32>(m, 12);
    const seed = load<u32>(m, 16);
    const alpha = <f64>load<f32>(m, 20);
    for (let i = c0; i < c1; i++) {
      const w = load<u32>(words + (<usize>i << 2));
      const local = (i - c0) * RNG_STRIDE;
      const r = window - (hash2(seed, local) % window);
      store<u32>(targets, w);
      for (let n: u32 = 0; n < K; n++) store<u32>(targets + (<usize>(n + 1) << 2), drawAlias(hash2(seed, local + 1 + n), V, prob, alias));
      const lo = i - sentStart > r ? i - r : sentStart;
      const hi = sentEnd - 1 - i > r ? i + r : sentEnd - 1;
      for (let j = lo; j <= hi; j++) {
        if (j == i) continue;
        const crow = syn0 + <usize>load<u32>(words + (<usize>j << 2)) * rowBytes;
        for (let t: u32 = 0; t <= K; t++) {
          const row = syn1 + <usize>load<u32>(targets + (<usize>t << 2)) * rowBytes;
          let acc = f32x4.splat(0);
          for (let d: usize = 0; d < rowBytes; d += 16) {
            acc = f32x4.add(acc, f32x4.mul(v128.load(crow + d), v128.load(row + d)));
          }
          const dot = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
          store<f32>(dots + (<usize>t << 2), dot);
        }
        for (let d: usize = 0; d < rowBytes; d += 16) v128.store(neu + d, f32x4.splat(0));
        for (let t: u32 = 0; t <= K; t++) {
          const target = load<u32>(targets + (<usize>t << 2));
          if (t > 0 && target == w) continue; // word2vec.c skips a negative equal to the word
          const dot = <f64>load<f32>(dots + (<usize>t << 2));
          const label: f64 = t == 0 ? 1 : 0;
          // σ(dot) and softplus(∓dot) from one exp: e = exp(−|dot|).
          const e = Math.exp(-Math.abs(dot));
          const sig = dot >= 0 ? 1 / (1 + e) : e / (1 + e);
          const lp = Math.log1p(e);
          loss += t == 0 ? Math.max(-dot, 0) + lp : Math.max(dot, 0) + lp;
          const g = <f32>(dot > MAX_EXP ? (label - 1) * alpha : dot < -MAX_EXP ? label * alpha : (label - sig) * alpha);
          const gv = f32x4.splat(g);
          const row = syn1 + <usize>target * rowBytes;
          for (let d: usize = 0; d < rowBytes; d += 16) {
            const o = v128.load(row + d);
            v128.store(neu + d, f32x4.add(v128.load(neu + d), f32x4.mul(gv, o)));
            v128.store(row + d, f32x4.add(o, f32x4.mul(gv, v128.load(crow + d))));
          }
        }
        for (let d: usize = 0; d < rowBytes; d += 16) {
          v128.store(crow + d, f32x4.add(v128.load(crow + d), v128.load(neu + d)));
        }
        pairs++;
      }
    }
  }
  store<u32>(scratch, pairs);
  return loss;
}
