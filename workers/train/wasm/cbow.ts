// AssemblyScript source of the CPU path's CBOW trainer (gensim's fast_sentence_cbow_neg with
// cbow_mean=1), exported through sgns.ts. The same math, RNG and order as reference.ts's
// trainChunkCbow and kernels/cbow.wgsl, over the memory ../wasm-trainer.ts lays out (rows of
// `dp` floats, a multiple of 4). Dot products, the context mean, the gradients (4 targets at a
// time: simd-math.ts gradientBlock) and row updates are float32 (the reference uses float64);
// the loss is summed in float64, as there.
import { RNG_STRIDE, META_BYTES } from './shared-constants';
import { hash2, drawAlias } from './rng';
import { gradientBlock } from './simd-math';

/**
 * Trains chunks [0, nChunks) of a batch with CBOW; arguments and layout as sgns.ts's
 * trainChunks, but scratch holds 2·dp + (K + 1) + K4 words after its first 16 bytes (neu1e,
 * the context mean h, the targets, the dots then gradients; K4 = K + 1 rounded up to a
 * multiple of 4). Returns the loss; the count of
 * centre words trained (those with a context) is stored at `scratch` as a u32.
 */
export function trainChunksCbow(
  syn0: usize, syn1: usize, dp: u32, V: u32, K: u32, window: u32,
  prob: usize, alias: usize, words: usize, meta: usize, nChunks: u32, scratch: usize,
): f64 {
  const rowBytes = <usize>dp << 2;
  const neu = scratch + 16;
  const h = neu + rowBytes;
  const targets = h + rowBytes;
  const dots = targets + (<usize>(K + 1) << 2);
  const KT: u32 = K + 1;
  let lossV = f64x2.splat(0);
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
      const count = hi - lo; // the window's words but the centre
      if (count == 0) continue; // a one-word sentence: nothing to predict from
      // h = mean of the context rows
      for (let d: usize = 0; d < rowBytes; d += 16) v128.store(h + d, f32x4.splat(0));
      for (let j = lo; j <= hi; j++) {
        if (j == i) continue;
        const crow = syn0 + <usize>load<u32>(words + (<usize>j << 2)) * rowBytes;
        for (let d: usize = 0; d < rowBytes; d += 16) v128.store(h + d, f32x4.add(v128.load(h + d), v128.load(crow + d)));
      }
      const nv = f32x4.splat(<f32>count);
      for (let d: usize = 0; d < rowBytes; d += 16) v128.store(h + d, f32x4.div(v128.load(h + d), nv));
      for (let t: u32 = 0; t <= K; t++) {
        const row = syn1 + <usize>load<u32>(targets + (<usize>t << 2)) * rowBytes;
        let acc = f32x4.splat(0);
        for (let d: usize = 0; d < rowBytes; d += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(h + d), v128.load(row + d)));
        const dot = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
        store<f32>(dots + (<usize>t << 2), dot);
      }
      const alphaV = f32x4.splat(<f32>alpha);
      for (let t: u32 = 0; t < KT; t += 4) lossV = f64x2.add(lossV, gradientBlock(dots + (<usize>t << 2), targets + (<usize>t << 2), t, KT, w, alphaV));
      for (let d: usize = 0; d < rowBytes; d += 16) v128.store(neu + d, f32x4.splat(0));
      for (let t: u32 = 0; t <= K; t++) {
        const target = load<u32>(targets + (<usize>t << 2));
        if (t > 0 && target == w) continue; // as gensim and word2vec.c: a negative equal to the word is skipped
        const g = load<f32>(dots + (<usize>t << 2));
        const gv = f32x4.splat(g);
        const row = syn1 + <usize>target * rowBytes;
        for (let d: usize = 0; d < rowBytes; d += 16) {
          const o = v128.load(row + d);
          v128.store(neu + d, f32x4.add(v128.load(neu + d), f32x4.mul(gv, o)));
          v128.store(row + d, f32x4.add(o, f32x4.mul(gv, v128.load(h + d))));
        }
      }
      // neu1e in full to every context row (a word twice in the window gets it twice, as in gensim)
      for (let j = lo; j <= hi; j++) {
        if (j == i) continue;
        const crow = syn0 + <usize>load<u32>(words + (<usize>j << 2)) * rowBytes;
        for (let d: usize = 0; d < rowBytes; d += 16) v128.store(crow + d, f32x4.add(v128.load(crow + d), v128.load(neu + d)));
      }
      pairs++;
    }
  }
  store<u32>(scratch, pairs);
  return f64x2.extract_lane(lossV, 0) + f64x2.extract_lane(lossV, 1);
}
