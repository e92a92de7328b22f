// Counter-based hash RNG shared bit-for-bit by the TypeScript trainer and the WGSL kernel
// (kernels/sgns.wgsl has the same functions). No state: a draw is a hash of
// (chunk seed, position, draw index), so a checkpoint only needs the chunk counter.

/** PCG-RXS-M-XS 32-bit hash (Jarzynski & Olano, "Hash functions for GPU rendering"). */
export function pcg(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** Hash of two u32s. */
export function hash2(a: number, b: number): number {
  return pcg((a ^ pcg(b)) >>> 0);
}

/** Uniform in [0, 1) with 24 bits, exactly representable in f32 (same as the kernel). */
export function unit24(h: number): number {
  return (h >>> 8) * 2 ** -24;
}

/** Seed of chunk number `counter` of a run (counts chunks over all epochs). */
export function chunkSeed(seed: number, counter: number): number {
  return hash2(pcg(seed >>> 0), counter >>> 0);
}
