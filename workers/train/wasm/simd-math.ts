// f32x4 helpers the CPU kernels share (AssemblyScript, inlined where used): multiply-add, and
// σ's and softplus's exp(−|x|) and log1p as float32 polynomials, 4 lanes at a time.
import { MAX_EXP } from './shared-constants';

// @ts-ignore: decorator
@inline export function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

export const ZERO: v128 = f32x4.splat(0);
export const ONE: v128 = f32x4.splat(1);
export const LANES: v128 = i32x4(0, 1, 2, 3);
export const MAX_EXP_V: v128 = f32x4.splat(<f32>MAX_EXP);

/**
 * exp(−x) for x ≥ 0 in each lane (Cephes' expf: x·log2 e split into n + r, a degree-6
 * polynomial on r, times 2ⁿ built in the exponent bits); within 2 ulp, 0 past x = 87.
 */
// @ts-ignore: decorator
@inline export function expNeg(x: v128): v128 {
  const xm = f32x4.neg(f32x4.min(x, f32x4.splat(87)));
  const n = f32x4.nearest(f32x4.mul(xm, f32x4.splat(1.44269504)));
  const r = f32x4.sub(f32x4.sub(xm, f32x4.mul(n, f32x4.splat(0.693359375))), f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(f32x4.splat(1.3981999507e-3), p, r);
  p = madd(f32x4.splat(8.3334519073e-3), p, r);
  p = madd(f32x4.splat(4.1665795894e-2), p, r);
  p = madd(f32x4.splat(1.6666665459e-1), p, r);
  p = madd(f32x4.splat(5.0000001201e-1), p, r);
  const y = f32x4.add(madd(r, p, f32x4.mul(r, r)), ONE);
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const out = f32x4.mul(y, scale);
  return v128.bitselect(ZERO, out, f32x4.ge(x, f32x4.splat(87))); // exp(−87) is 1.6e−38: 0 for the loss
}

/** log(1 + e) for 0 ≤ e ≤ 1 in each lane: 2·atanh(s), s = e / (2 + e) ≤ 1/3, to s¹³ (relative error < 2e−8). */
// @ts-ignore: decorator
@inline export function log1p4(e: v128): v128 {
  const s = f32x4.div(e, f32x4.add(f32x4.splat(2), e));
  const z = f32x4.mul(s, s);
  let q = f32x4.splat(<f32>(1.0 / 13));
  q = madd(f32x4.splat(<f32>(1.0 / 11)), q, z);
  q = madd(f32x4.splat(<f32>(1.0 / 9)), q, z);
  q = madd(f32x4.splat(<f32>(1.0 / 7)), q, z);
  q = madd(f32x4.splat(<f32>(1.0 / 5)), q, z);
  q = madd(f32x4.splat(<f32>(1.0 / 3)), q, z);
  q = madd(ONE, q, z);
  return f32x4.mul(f32x4.add(s, s), q);
}


/**
 * One f32x4 block of targets t..t+3 of a window: from their dots (in place at `p`) to their
 * gradients (label − σ(dot))·α with word2vec.c's MAX_EXP clamps, 0 for the lanes past the last
 * target (KT) and for a negative equal to the word (`ids` at `idp`; word2vec.c skips it). Returns
 * the block's loss, softplus(∓dot) summed over the lanes that count, as two float64 lanes.
 */
// @ts-ignore: decorator
@inline export function gradientBlock(p: usize, idp: usize, t: u32, KT: u32, w: u32, alphaV: v128): v128 {
  const dot = v128.load(p);
  const idx = i32x4.add(i32x4.splat(t), LANES);
  const isWord = i32x4.eq(idx, i32x4.splat(0)); // lane 0 of the first block: the positive pair
  const skipped = v128.andnot(i32x4.eq(v128.load(idp), i32x4.splat(w)), isWord);
  const valid = v128.andnot(i32x4.lt_s(idx, i32x4.splat(KT)), skipped);
  const label = v128.and(isWord, ONE);
  const e = expNeg(f32x4.abs(dot));
  const sig = f32x4.div(v128.bitselect(ONE, e, f32x4.ge(dot, ZERO)), f32x4.add(ONE, e));
  const term = v128.and(f32x4.add(f32x4.max(v128.bitselect(f32x4.neg(dot), dot, isWord), ZERO), log1p4(e)), valid);
  let g = f32x4.mul(f32x4.sub(label, sig), alphaV);
  g = v128.bitselect(f32x4.mul(f32x4.sub(label, ONE), alphaV), g, f32x4.gt(dot, MAX_EXP_V));
  g = v128.bitselect(f32x4.mul(label, alphaV), g, f32x4.lt(dot, f32x4.neg(MAX_EXP_V)));
  v128.store(p, v128.and(g, valid));
  return f64x2.add(f64x2.promote_low_f32x4(term), f64x2.promote_low_f32x4(v128.shuffle<f32>(term, term, 2, 3, 0, 1)));
}
