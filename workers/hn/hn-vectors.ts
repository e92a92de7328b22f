// HN-flavoured word vectors: word2vec (skip-gram, negative sampling) continued on the training
// part's titles, each title a sentence, with the project's reference trainer (train/reference.ts:
// the same math and RNG as the kernel). Words of the titles that the vectors lack (≥ minCount
// times) get new rows, so test titles have fewer out-of-vocabulary words afterwards. The output
// vectors are not part of a stored vector set: they start at zero (the first steps fit them to
// the given input vectors, then both move), and the learning rate starts low (alpha 0.01) so the
// general-English geometry is adjusted, not replaced.
import { CancelledError } from '../errors';
import { text8Words } from '../lib/text8';
import { META_U32, type Batch } from '../train/plan';
import { initModel, paddedDim, unpad } from '../train/model';
import { trainBatch } from '../train/reference';
import { chunkSeed } from '../train/rng';
import { buildAliasTable, keepProbabilities, subsample, subsampleSeed } from '../train/samplers';
import type { WordTable } from './features';

export interface HnVectorsOpts {
  epochs: number;
  seed: number;
  minCount: number; // a new word needs this many occurrences in the titles
  window: number;
  negative: number;
  alpha: number;
  sample: number;
}
export const DEFAULT_HN_VECTORS: Omit<HnVectorsOpts, 'epochs' | 'seed'> = {
  minCount: 3,
  window: 5,
  negative: 5,
  alpha: 0.01,
  sample: 1e-3,
};

export interface HnVectors {
  table: WordTable;
  words: string[]; // row order: the given words, then the new ones
  added: number; // new rows
  tokens: number; // in-vocabulary title tokens per epoch (before subsampling)
  seconds: number;
}

/** Continues training `words` (rows `list`) on `titles` for `epochs` epochs. Cancel is checked between epochs. */
export async function hnVectors(
  words: WordTable,
  list: string[],
  titles: string[],
  o: HnVectorsOpts,
  signal?: AbortSignal,
  onEpoch?: (epoch: number, lossPerPair: number) => void,
): Promise<HnVectors> {
  const t0 = performance.now();
  const toks = titles.map(text8Words);
  const seen = new Map<string, number>();
  for (const t of toks) for (const w of t) if (!words.index.has(w)) seen.set(w, (seen.get(w) ?? 0) + 1);
  const fresh = [...seen].filter(([, n]) => n >= o.minCount).map(([w]) => w);
  const all = [...list, ...fresh];
  const index = new Map(all.map((w, i) => [w, i]));
  const vocab = all.length,
    dim = words.dim,
    dp = paddedDim(dim);
  // syn0: the given vectors, then word2vec.c's random start for the new rows; syn1: zeros.
  const model = initModel({ vocab, dim }, o.seed);
  for (let r = 0; r < list.length; r++) {
    model.syn0.fill(0, r * dp, (r + 1) * dp);
    model.syn0.set(words.matrix.subarray(r * dim, (r + 1) * dim), r * dp);
  }
  const sentences = toks.map((t) => Uint32Array.from(t.filter((w) => index.has(w)).map((w) => index.get(w)!)));
  const counts = new Float64Array(vocab);
  let tokens = 0;
  for (const s of sentences) for (const id of s) (counts[id]++, tokens++);
  const table = buildAliasTable(counts);
  const keep = keepProbabilities(counts, o.sample);
  const params = { vocab, dim, window: o.window, negative: o.negative };
  const f32 = new Float32Array(1),
    u32 = new Uint32Array(f32.buffer);
  let counter = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    if (signal?.aborted) throw new CancelledError();
    const buf = new Uint32Array(tokens);
    const meta = new Uint32Array(sentences.length * META_U32);
    let nWords = 0,
      nChunks = 0,
      pos = 0;
    for (const s of sentences) {
      const start = nWords;
      nWords = subsample(s, pos, keep, subsampleSeed(o.seed, epoch), buf, nWords);
      pos += s.length;
      if (nWords - start < 2) {
        nWords = start;
        continue;
      }
      // Linear decay over the run, to alpha / 100 (word2vec.c's floor is alpha · 1e-4).
      f32[0] = o.alpha * Math.max(0.01, 1 - (epoch * tokens + pos) / (o.epochs * tokens));
      meta.set([start, nWords, start, nWords, chunkSeed(o.seed, counter++), u32[0], 0, 0], nChunks++ * META_U32);
    }
    const batch: Batch = { words: buf, nWords, meta, nChunks, alpha: f32[0] };
    const r = trainBatch(model, params, table, batch);
    onEpoch?.(epoch + 1, r.pairs ? r.loss / r.pairs : 0);
    await new Promise((res) => setTimeout(res, 0)); // let a cancel in
  }
  return {
    table: { index, matrix: unpad(model.syn0, { vocab, dim }), dim },
    words: all,
    added: fresh.length,
    tokens,
    seconds: (performance.now() - t0) / 1000,
  };
}
