// Constants every trainer shares — the TypeScript reference, the WebAssembly trainer
// (AssemblyScript: scripts/assemblyscript-plugin.ts serves `./shared-constants` from
// ascConstants()) and the WGSL kernels (gpu-trainer.ts puts wgslConstants() where
// sgns-common.wgsl says `// @shared-constants`). Written once here, so they cannot drift.

/** Most negatives per centre word (the settings' `negative` range ends here). */
export const MAX_NEGATIVE = 50;
/** Targets per centre word the kernels keep room for: the word and its negatives. */
export const MAX_TARGETS = MAX_NEGATIVE + 1;
/**
 * Hash draws reserved per centre word in a chunk's RNG stream: draw 0 is the reduced
 * window, 1..K the negatives (so K ≤ RNG_STRIDE − 1).
 */
export const RNG_STRIDE = 64;
/** u32 fields per chunk in a batch's meta buffer: sentStart, sentEnd, c0, c1, seed, alpha bits, 0, 0 (WGSL's Chunk struct). */
export const META_U32 = 8;
/** word2vec.c's MAX_EXP: beyond ±6 the sigmoid is taken as saturated (gradient clamp). */
export const MAX_EXP = 6;

/** The same constants as WGSL declarations. */
export function wgslConstants(): string {
  return [
    `const MAXT: u32 = ${MAX_TARGETS}u;   // 1 positive + up to ${MAX_NEGATIVE} negatives`,
    `const MAX_EXP: f32 = ${MAX_EXP.toFixed(1)};`,
    `const RNG_STRIDE: u32 = ${RNG_STRIDE}u;`,
    `const META_U32: u32 = ${META_U32}u;`,
  ].join('\n');
}

/** The same constants as an AssemblyScript module (`import { … } from './shared-constants'`). */
export function ascConstants(): string {
  return (
    [
      `export const MAX_TARGETS: u32 = ${MAX_TARGETS};`,
      `export const MAX_EXP: f64 = ${MAX_EXP};`,
      `export const RNG_STRIDE: u32 = ${RNG_STRIDE};`,
      `export const META_BYTES: u32 = ${META_U32 * 4};`,
    ].join('\n') + '\n'
  );
}

/** The shared-constants marker in WGSL sources. */
export const WGSL_CONSTANTS_MARKER = '// @shared-constants';

/** A WGSL source with the shared constants put in at the marker (throws when it has none). */
export function withWgslConstants(code: string): string {
  if (!code.includes(WGSL_CONSTANTS_MARKER)) throw new Error('WGSL source lacks the shared-constants marker');
  return code.replace(WGSL_CONSTANTS_MARKER, wgslConstants());
}

/** A software (CPU) WebGPU adapter — SwiftShader or a browser's fallback adapter. The one such check. */
export function isSoftwareAdapter(description: string, isFallbackAdapter = false): boolean {
  return isFallbackAdapter || /swiftshader/i.test(description);
}
