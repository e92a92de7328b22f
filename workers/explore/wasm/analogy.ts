// AssemblyScript source of the analogy evaluation's scoring kernel (compiled to
// WebAssembly with SIMD by scripts/assemblyscript-plugin.ts), driven by
// ../analogy-fast.ts over memory it lays out. Rows are `dp` floats (a multiple of 4).
//
// 3CosAdd scores (b − a + c)·w decompose as b·w − a·w + c·w, and the questions of a
// section share few words, so `gram` computes the [m, n] cosines of a batch's distinct
// question words against every row once, and `scan` combines three of those rows per
// question. Both are float32: `scan` returns the rows whose approximate score lies
// within `eps2` of its k-th best, and the driver rescores those exactly.

// @ts-ignore: decorator
@inline function hsum4(a: v128, b: v128, c: v128, d: v128): v128 {
  // [Σa, Σb, Σc, Σd]: two rounds of pairwise lane sums (a transpose folded into adds).
  const ab = f32x4.add(f32x4.shuffle(a, b, 0, 4, 1, 5), f32x4.shuffle(a, b, 2, 6, 3, 7));
  const cd = f32x4.add(f32x4.shuffle(c, d, 0, 4, 1, 5), f32x4.shuffle(c, d, 2, 6, 3, 7));
  return f32x4.add(f32x4.shuffle(ab, cd, 0, 1, 4, 5), f32x4.shuffle(ab, cd, 2, 3, 6, 7));
}

/**
 * S[j, r] = W[ids[j]] · W[r] for j < m (m even), r0 ≤ r < r1 (multiples of 4; W has r1
 * rows or more, the padding rows zero). W: [·, dp] f32; ids: [m] u32; S: [m, stride] f32.
 * Rows outer, so W streams from memory once; the m question rows stay in cache. Each
 * inner step: 2 question rows × 4 rows, 8 f32x4 accumulators. The driver calls it on
 * row ranges, so the engine's optimising tier takes over after the first few calls.
 */
export function gram(W: usize, dp: u32, r0: u32, r1: u32, ids: usize, m: u32, S: usize, stride: u32): void {
  const rowBytes = <usize>dp << 2;
  const sRow = <usize>stride << 2;
  for (let r: u32 = r0; r < r1; r += 4) {
    const w0 = W + <usize>r * rowBytes;
    const w1 = w0 + rowBytes;
    const w2 = w1 + rowBytes;
    const w3 = w2 + rowBytes;
    const out = S + (<usize>r << 2);
    for (let j: u32 = 0; j < m; j += 2) {
      const u0 = W + <usize>load<u32>(ids + (<usize>j << 2)) * rowBytes;
      const u1 = W + <usize>load<u32>(ids + (<usize>j << 2), 4) * rowBytes;
      let a0 = f32x4.splat(0);
      let a1 = f32x4.splat(0);
      let a2 = f32x4.splat(0);
      let a3 = f32x4.splat(0);
      let b0 = f32x4.splat(0);
      let b1 = f32x4.splat(0);
      let b2 = f32x4.splat(0);
      let b3 = f32x4.splat(0);
      for (let d: usize = 0; d < rowBytes; d += 16) {
        const x = v128.load(u0 + d);
        const y = v128.load(u1 + d);
        const v0 = v128.load(w0 + d);
        const v1 = v128.load(w1 + d);
        const v2 = v128.load(w2 + d);
        const v3 = v128.load(w3 + d);
        a0 = f32x4.add(a0, f32x4.mul(x, v0));
        a1 = f32x4.add(a1, f32x4.mul(x, v1));
        a2 = f32x4.add(a2, f32x4.mul(x, v2));
        a3 = f32x4.add(a3, f32x4.mul(x, v3));
        b0 = f32x4.add(b0, f32x4.mul(y, v0));
        b1 = f32x4.add(b1, f32x4.mul(y, v1));
        b2 = f32x4.add(b2, f32x4.mul(y, v2));
        b3 = f32x4.add(b3, f32x4.mul(y, v3));
      }
      v128.store(out + <usize>j * sRow, hsum4(a0, a1, a2, a3));
      v128.store(out + <usize>(j + 1) * sRow, hsum4(b0, b1, b2, b3));
    }
  }
}

// @ts-ignore: decorator
@inline function insert(top: usize, k: u32, x: f32): f32 {
  // top: [k] f32, descending; returns the new k-th best.
  let j = k - 1;
  while (j > 0 && load<f32>(top + (<usize>(j - 1) << 2)) < x) {
    store<f32>(top + (<usize>j << 2), load<f32>(top + (<usize>(j - 1) << 2)));
    j--;
  }
  store<f32>(top + (<usize>j << 2), x);
  return load<f32>(top + (<usize>(k - 1) << 2));
}

// @ts-ignore: decorator
@inline function combine(pa: usize, pb: usize, pc: usize, o: usize): v128 {
  return f32x4.add(f32x4.sub(v128.load(pb + o), v128.load(pa + o)), v128.load(pc + o));
}

// @ts-ignore: decorator
@inline function admit(p: usize, lanes: usize, top: usize, k: u32, t: f32): f32 {
  // Scores p[0..lanes) that beat the running k-th best t go into the top list.
  for (let l: usize = 0; l < lanes << 2; l += 4) {
    const x = load<f32>(p + l);
    if (x > t) t = insert(top, k, x);
  }
  return t;
}

/**
 * One question: scores s[r] = (S[ib, r] − S[ia, r]) + S[ic, r] for r < n into buf [n],
 * then the rows with s[r] ≥ (k-th best s) − eps2, ascending, into cand [cap] u32.
 * Returns how many there are (more than cap: only the first cap were stored).
 * top: scratch for k f32. 8 rows a step, one branch per step in each pass: beating the
 * running k-th best is rare after the first rows, and few rows are near the last one.
 */
export function scan(S: usize, stride: u32, n: u32, ia: u32, ib: u32, ic: u32, buf: usize, top: usize, k: u32, eps2: f32, cand: usize, cap: u32): u32 {
  const sRow = <usize>stride << 2;
  const pa = S + <usize>ia * sRow;
  const pb = S + <usize>ib * sRow;
  const pc = S + <usize>ic * sRow;
  for (let i: u32 = 0; i < k; i++) store<f32>(top + (<usize>i << 2), -Infinity);
  let t: f32 = -Infinity;
  const n8 = n & ~7;
  for (let r: u32 = 0; r < n8; r += 8) {
    const o = <usize>r << 2;
    const v = combine(pa, pb, pc, o);
    const w = combine(pa, pb, pc, o + 16);
    v128.store(buf + o, v);
    v128.store(buf + o, w, 16);
    const tv = f32x4.splat(t);
    if (v128.any_true(v128.or(f32x4.gt(v, tv), f32x4.gt(w, tv)))) t = admit(buf + o, 8, top, k, t);
  }
  for (let r: u32 = n8; r < n; r++) {
    const o = <usize>r << 2;
    const x = load<f32>(pb + o) - load<f32>(pa + o) + load<f32>(pc + o);
    store<f32>(buf + o, x);
    if (x > t) t = insert(top, k, x);
  }
  const thr = t - eps2;
  const tv = f32x4.splat(thr);
  let count: u32 = 0;
  for (let r: u32 = 0; r < n8; r += 8) {
    const o = buf + (<usize>r << 2);
    let bits = i32x4.bitmask(f32x4.ge(v128.load(o), tv)) | (i32x4.bitmask(f32x4.ge(v128.load(o, 16), tv)) << 4);
    while (bits != 0) {
      if (count < cap) store<u32>(cand + (<usize>count << 2), r + <u32>ctz(bits));
      count++;
      bits &= bits - 1;
    }
  }
  for (let r: u32 = n8; r < n; r++) {
    if (load<f32>(buf + (<usize>r << 2)) >= thr) {
      if (count < cap) store<u32>(cand + (<usize>count << 2), r);
      count++;
    }
  }
  return count;
}
