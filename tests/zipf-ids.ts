// A deterministic Zipf-like id stream for trainer tests and benchmarks (Node and browser pages):
// id = ⌊vocab^u⌋ − 1 for u uniform in [0, 1) from an LCG, so low ids are frequent and the tail long.
export function zipfIds(n: number, vocab: number, seed: number): Uint32Array<ArrayBuffer> {
  let x = seed >>> 0;
  return new Uint32Array(n).map(
    () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0), Math.min(vocab - 1, Math.floor(vocab ** ((x >>> 8) / 2 ** 24)) - 1)),
  );
}
