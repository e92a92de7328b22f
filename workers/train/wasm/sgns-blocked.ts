// Skip-gram's window as small matrix products (pWord2Vec / HogBatch, Ji et al. 2016), the CPU
// trainers' default: per centre word, the window's B ≤ 2·window context rows X [B, dp] (syn0)
// and its K + 1 targets T [K+1, dp] (syn1: the word, then its negatives) give
//   D = X·Tᵀ  [B, K+1]   dots, in register blocks of 2 contexts × 3 targets (f32x4 accumulators:
//                        each loaded lane is used 2 or 3 times),
//   G = (label − σ(D))·α  with word2vec.c's MAX_EXP clamps, 4 targets at a time (σ and the loss
//                        from float32 polynomials for exp and log1p, the loss summed in float64),
//   N = G·T   [B, dp]    the contexts' updates (neu1e), from the targets as they were,
//   T += Gᵀ·X            the targets' updates, from the contexts as they were,
//   X += N.
// Every product of a window reads the rows as they were before the window (pWord2Vec's order);
// the pair kernel (sgns.ts trainChunks) updates the targets after each context instead. The loss,
// the pair count, the RNG draws and "skip a negative equal to the word" are the pair kernel's.
// A target drawn twice is updated once with its gradients summed (two stores of one row from
// registers would lose one). reference.ts trainChunkSkipgramBlocked is this order in float64.

import { RNG_STRIDE, META_BYTES } from './shared-constants';
import { hash2, drawAlias } from './rng';
import { madd, gradientBlock } from './simd-math';

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * Trains chunks [0, nChunks) of a batch: the arguments and memory of sgns.ts trainChunks, with
 * scratch room for 16 + (2·window + 1)·dp·4 + 4·(2·window + 4·(K + 1) + 4·window·K4) bytes, K4 = K + 1
 * rounded up to a multiple of 4
 * (../wasm-trainer.ts memoryLayout). Returns the loss; the pair count is
 * stored at `scratch` as a u32 when done.
 */
export function trainChunksBlocked(
  syn0: usize, syn1: usize, dp: u32, V: u32, K: u32, window: u32,
  prob: usize, alias: usize, words: usize, meta: usize, nChunks: u32, scratch: usize,
): f64 {
  const rowBytes = <usize>dp << 2;
  const maxB = <usize>window << 1;
  const KT: u32 = K + 1;
  const gStride = <usize>((KT + 3) & ~3) << 2; // bytes per row of G: KT rounded up to whole f32x4s
  const neu = scratch + 16; // N: [maxB, dp] f32
  const zero = neu + maxB * rowBytes; // [dp] f32 zeros: the pad row of an odd window
  const ctx = zero + rowBytes; // [maxB] u32: the contexts' row addresses in syn0
  const tgt = ctx + (maxB << 2); // [KT] u32: the targets' row addresses in syn1
  const tid = tgt + (<usize>KT << 2); // [KT] u32: the targets' ids
  const uid = tid + (<usize>KT << 2); // [KT] u32: the ids of the targets to update (distinct, not skipped)
  const upd = uid + (<usize>KT << 2); // [KT] u32: their row addresses
  const G = upd + (<usize>KT << 2); // [maxB, K4] f32: the dots, then the gradients
  const GU = G + maxB * gStride; // [maxB, K4] f32: the gradients of the targets to update (U of each row used)
  const rowPairs = rowBytes & ~(<usize>31); // bytes of a row in whole pairs of lanes
  for (let d: usize = 0; d < rowBytes; d += 16) v128.store(zero + d, f32x4.splat(0));
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
      const lo = i - sentStart > r ? i - r : sentStart;
      const hi = sentEnd - 1 - i > r ? i + r : sentEnd - 1;
      if (hi == lo) continue; // a one-word sentence: no pairs (the pair kernel draws nothing either)
      store<u32>(tid, w);
      store<u32>(tgt, syn1 + <usize>w * rowBytes);
      for (let n: u32 = 0; n < K; n++) {
        const t = drawAlias(hash2(seed, local + 1 + n), V, prob, alias);
        store<u32>(tid + (<usize>(n + 1) << 2), t);
        store<u32>(tgt + (<usize>(n + 1) << 2), syn1 + <usize>t * rowBytes);
      }
      let B: u32 = 0;
      for (let j = lo; j <= hi; j++) {
        if (j == i) continue;
        store<u32>(ctx + (<usize>B << 2), syn0 + <usize>load<u32>(words + (<usize>j << 2)) * rowBytes);
        B++;
      }
      const Bp = (B + 1) & ~1; // pairs of contexts; an odd one is paired with the zero row
      if (Bp > B) store<u32>(ctx + (<usize>B << 2), zero);

      // D = X·Tᵀ in blocks of 2 contexts × 3 targets (then 2 × 1 for the rest of the targets).
      for (let c: u32 = 0; c < Bp; c += 2) {
        const x0 = <usize>load<u32>(ctx + (<usize>c << 2));
        const x1 = <usize>load<u32>(ctx + (<usize>c << 2), 4);
        const g0 = G + <usize>c * gStride;
        const g1 = g0 + gStride;
        let t: u32 = 0;
        for (; t + 3 <= KT; t += 3) {
          const ta = <usize>load<u32>(tgt + (<usize>t << 2));
          const tb = <usize>load<u32>(tgt + (<usize>t << 2), 4);
          const tc = <usize>load<u32>(tgt + (<usize>t << 2), 8);
          let a0 = f32x4.splat(0), b0 = f32x4.splat(0), c0v = f32x4.splat(0);
          let a1 = f32x4.splat(0), b1 = f32x4.splat(0), c1v = f32x4.splat(0);
          for (let d: usize = 0; d < rowBytes; d += 16) {
            const u0 = v128.load(x0 + d);
            const u1 = v128.load(x1 + d);
            const va = v128.load(ta + d);
            const vb = v128.load(tb + d);
            const vc = v128.load(tc + d);
            a0 = madd(a0, u0, va);
            b0 = madd(b0, u0, vb);
            c0v = madd(c0v, u0, vc);
            a1 = madd(a1, u1, va);
            b1 = madd(b1, u1, vb);
            c1v = madd(c1v, u1, vc);
          }
          const o = <usize>t << 2;
          store<f32>(g0 + o, hsum(a0));
          store<f32>(g0 + o, hsum(b0), 4);
          store<f32>(g0 + o, hsum(c0v), 8);
          store<f32>(g1 + o, hsum(a1));
          store<f32>(g1 + o, hsum(b1), 4);
          store<f32>(g1 + o, hsum(c1v), 8);
        }
        for (; t < KT; t++) {
          const ta = <usize>load<u32>(tgt + (<usize>t << 2));
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
          for (let d: usize = 0; d < rowBytes; d += 16) {
            const va = v128.load(ta + d);
            a0 = madd(a0, v128.load(x0 + d), va);
            a1 = madd(a1, v128.load(x1 + d), va);
          }
          store<f32>(g0 + (<usize>t << 2), hsum(a0));
          store<f32>(g1 + (<usize>t << 2), hsum(a1));
        }
      }

      // G from D (and the loss), 4 targets at a time; the pad row's gradients are 0, and so are
      // the lanes past the last target and a negative equal to the word (word2vec.c skips it).
      // σ(dot) and softplus(∓dot) from one e = exp(−|dot|) (float32 polynomials: expNeg, log1p4).
      const alphaV = f32x4.splat(<f32>alpha);
      for (let c: u32 = 0; c < B; c++) {
        const gr = G + <usize>c * gStride;
        for (let t: u32 = 0; t < KT; t += 4) lossV = f64x2.add(lossV, gradientBlock(gr + (<usize>t << 2), tid + (<usize>t << 2), t, KT, w, alphaV));
      }
      if (Bp > B) {
        const gr = G + <usize>B * gStride;
        for (let t: u32 = 0; t < KT; t++) store<f32>(gr + (<usize>t << 2), 0);
      }
      pairs += B;

      // The targets to update, each row once (a repeat's gradients added to its first; skipped
      // ones left out): their addresses `upd` [U] and their gradients GU [Bp, U], compact.
      let U: u32 = 0;
      for (let t: u32 = 0; t < KT; t++) {
        const id = load<u32>(tid + (<usize>t << 2));
        if (t > 0 && id == w) continue;
        let first: u32 = U;
        for (let u: u32 = 0; u < U; u++) {
          if (load<u32>(uid + (<usize>u << 2)) == id) {
            first = u;
            break;
          }
        }
        const to = <usize>first << 2;
        const from = <usize>t << 2;
        if (first == U) {
          store<u32>(uid + to, id);
          store<u32>(upd + to, load<u32>(tgt + from));
          for (let c: u32 = 0; c < Bp; c++) store<f32>(GU + <usize>c * gStride + to, load<f32>(G + <usize>c * gStride + from));
          U++;
        } else {
          for (let c: u32 = 0; c < Bp; c++) {
            const p = GU + <usize>c * gStride + to;
            store<f32>(p, load<f32>(p) + load<f32>(G + <usize>c * gStride + from));
          }
        }
      }
      const uBytes = <usize>U << 2;

      // N = G·T, 2 contexts × 2 lanes at a time (then the last lane), from the targets as they were.
      for (let c: u32 = 0; c < Bp; c += 2) {
        const g0 = GU + <usize>c * gStride;
        const g1 = g0 + gStride;
        const n0 = neu + <usize>c * rowBytes;
        const n1 = n0 + rowBytes;
        let d: usize = 0;
        for (; d < rowPairs; d += 32) {
          let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
          for (let u: usize = 0; u < uBytes; u += 4) {
            const row = <usize>load<u32>(upd + u) + d;
            const oa = v128.load(row);
            const ob = v128.load(row, 16);
            const h0 = v128.load32_splat(g0 + u);
            const h1 = v128.load32_splat(g1 + u);
            a0 = madd(a0, h0, oa);
            b0 = madd(b0, h0, ob);
            a1 = madd(a1, h1, oa);
            b1 = madd(b1, h1, ob);
          }
          v128.store(n0 + d, a0);
          v128.store(n0 + d, b0, 16);
          v128.store(n1 + d, a1);
          v128.store(n1 + d, b1, 16);
        }
        if (d < rowBytes) {
          let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
          for (let u: usize = 0; u < uBytes; u += 4) {
            const o = v128.load(<usize>load<u32>(upd + u) + d);
            a0 = madd(a0, v128.load32_splat(g0 + u), o);
            a1 = madd(a1, v128.load32_splat(g1 + u), o);
          }
          v128.store(n0 + d, a0);
          v128.store(n1 + d, a1);
        }
      }

      // T += Gᵀ·X, 3 targets × 2 lanes at a time (then one target, the last lane), from the contexts as they were.
      const cEnd = ctx + (<usize>Bp << 2);
      let u: usize = 0;
      for (; u + 12 <= uBytes; u += 12) {
        const ta = <usize>load<u32>(upd + u);
        const tb = <usize>load<u32>(upd + u, 4);
        const tc = <usize>load<u32>(upd + u, 8);
        let d: usize = 0;
        for (; d < rowPairs; d += 32) {
          let a = v128.load(ta + d), a2 = v128.load(ta + d, 16);
          let b = v128.load(tb + d), b2 = v128.load(tb + d, 16);
          let e = v128.load(tc + d), e2 = v128.load(tc + d, 16);
          let gr = GU + u;
          for (let cp = ctx; cp < cEnd; cp += 4) {
            const x = <usize>load<u32>(cp) + d;
            const xa = v128.load(x);
            const xb = v128.load(x, 16);
            const ha = v128.load32_splat(gr);
            const hb = v128.load32_splat(gr, 4);
            const hc = v128.load32_splat(gr, 8);
            a = madd(a, ha, xa);
            a2 = madd(a2, ha, xb);
            b = madd(b, hb, xa);
            b2 = madd(b2, hb, xb);
            e = madd(e, hc, xa);
            e2 = madd(e2, hc, xb);
            gr += gStride;
          }
          v128.store(ta + d, a);
          v128.store(ta + d, a2, 16);
          v128.store(tb + d, b);
          v128.store(tb + d, b2, 16);
          v128.store(tc + d, e);
          v128.store(tc + d, e2, 16);
        }
        if (d < rowBytes) {
          let a = v128.load(ta + d), b = v128.load(tb + d), e = v128.load(tc + d);
          let gr = GU + u;
          for (let cp = ctx; cp < cEnd; cp += 4) {
            const x = v128.load(<usize>load<u32>(cp) + d);
            a = madd(a, v128.load32_splat(gr), x);
            b = madd(b, v128.load32_splat(gr, 4), x);
            e = madd(e, v128.load32_splat(gr, 8), x);
            gr += gStride;
          }
          v128.store(ta + d, a);
          v128.store(tb + d, b);
          v128.store(tc + d, e);
        }
      }
      for (; u < uBytes; u += 4) {
        const ta = <usize>load<u32>(upd + u);
        for (let d: usize = 0; d < rowBytes; d += 16) {
          let a = v128.load(ta + d);
          let gr = GU + u;
          for (let cp = ctx; cp < cEnd; cp += 4) {
            a = madd(a, v128.load32_splat(gr), v128.load(<usize>load<u32>(cp) + d));
            gr += gStride;
          }
          v128.store(ta + d, a);
        }
      }

      // X += N, one context at a time (a context twice in the window gets both).
      for (let c: u32 = 0; c < B; c++) {
        const x = <usize>load<u32>(ctx + (<usize>c << 2));
        const n = neu + <usize>c * rowBytes;
        for (let d: usize = 0; d < rowBytes; d += 16) v128.store(x + d, f32x4.add(v128.load(x + d), v128.load(n + d)));
      }
    }
  }
  store<u32>(scratch, pairs);
  return f64x2.extract_lane(lossV, 0) + f64x2.extract_lane(lossV, 1);
}
