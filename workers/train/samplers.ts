// The two samplers of word2vec: subsampling of frequent words and the unigram^0.75
// negative distribution (as an alias table the GPU can sample with two hashes).
import { hash2, pcg, unit24 } from './rng';

/**
 * word2vec.c's keep probability per word id: (sqrt(f/(s·T)) + 1)·(s·T)/f, capped at 1,
 * where f is the word's count, T the total of all in-vocabulary counts, s = sample.
 * sample 0 disables subsampling. Returns [vocab] f32.
 */
export function keepProbabilities(counts: ArrayLike<number>, sample: number): Float32Array {
  const n = counts.length;
  const out = new Float32Array(n).fill(1);
  if (sample <= 0) return out;
  let total = 0;
  for (let i = 0; i < n; i++) total += counts[i];
  const st = sample * total;
  for (let i = 0; i < n; i++) {
    const f = counts[i];
    if (f > 0) out[i] = Math.min(1, (Math.sqrt(f / st) + 1) * (st / f));
  }
  return out;
}

/** Subsampling stream seed of one epoch. */
export function subsampleSeed(seed: number, epoch: number): number {
  return hash2(pcg((seed ^ 0x5bd1e995) >>> 0), epoch);
}

/**
 * Keeps each word of `ids` with its keep probability; the draw is a hash of the word's
 * position in the epoch (`firstPos` + i), so a resumed run drops the same words.
 * Writes kept ids into `out` from `at`; returns the new end.
 */
export function subsample(ids: Uint32Array, firstPos: number, keep: Float32Array, epochSeed: number, out: Uint32Array, at: number): number {
  let o = at;
  for (let i = 0; i < ids.length; i++) {
    const w = ids[i];
    const p = keep[w];
    if (p >= 1 || unit24(hash2(epochSeed, firstPos + i)) < p) out[o++] = w;
  }
  return o;
}

/** Walker/Vose alias table of the unigram^power distribution. */
export interface AliasTable {
  /** [vocab] f32 acceptance probability of the column's own word. */
  prob: Float32Array<ArrayBuffer>;
  /** [vocab] u32 the other word of the column. */
  alias: Uint32Array<ArrayBuffer>;
}

/** Exact probabilities counts^power / Σ counts^power (f64), for tests and the table. */
export function unigramProbabilities(counts: ArrayLike<number>, power = 0.75): Float64Array {
  const p = new Float64Array(counts.length);
  let z = 0;
  for (let i = 0; i < counts.length; i++) z += p[i] = Math.pow(counts[i], power);
  for (let i = 0; i < counts.length; i++) p[i] /= z;
  return p;
}

export function buildAliasTable(counts: ArrayLike<number>, power = 0.75): AliasTable {
  const n = counts.length;
  const p = unigramProbabilities(counts, power);
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = p[i] * n;
  const prob = new Float32Array(n);
  const alias = new Uint32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) ((prob[i] = 1), (alias[i] = i));
  for (const i of small) ((prob[i] = 1), (alias[i] = i));
  return { prob, alias };
}

/** One negative from the table with hash `h` (same arithmetic as the kernel's f32). */
export function drawAlias(t: AliasTable, h: number): number {
  const n = t.prob.length;
  const col = Math.min(n - 1, Math.floor(Math.fround(unit24(h) * n)));
  return unit24(pcg(h)) < t.prob[col] ? col : t.alias[col];
}
