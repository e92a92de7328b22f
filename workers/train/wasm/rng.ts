// AssemblyScript copy of ../rng.ts's hash RNG and ../samplers.ts's alias draw, bit for bit
// (the trainers' RNG streams must match the reference and the WGSL kernels).

// @ts-ignore: decorator
@inline export function pcg(v: u32): u32 {
  const state = v * 747796405 + 2891336453;
  const word = ((state >> ((state >> 28) + 4)) ^ state) * 277803737;
  return (word >> 22) ^ word;
}

// @ts-ignore: decorator
@inline export function hash2(a: u32, b: u32): u32 {
  return pcg(a ^ pcg(b));
}

// @ts-ignore: decorator
@inline export function unit24(h: u32): f32 {
  return <f32>(h >> 8) * <f32>5.9604644775390625e-8;
}

/** One negative with hash `h` from the alias table: prob [V] f32, alias [V] u32 (byte offsets). */
// @ts-ignore: decorator
@inline export function drawAlias(h: u32, V: u32, prob: usize, alias: usize): u32 {
  let col = <u32>(unit24(h) * <f32>V);
  if (col > V - 1) col = V - 1;
  return unit24(pcg(h)) < load<f32>(prob + (<usize>col << 2)) ? col : load<u32>(alias + (<usize>col << 2));
}
