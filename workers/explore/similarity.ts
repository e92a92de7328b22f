// Nearest neighbours, analogies and "doesn't match" on tfjs (webgpu or cpu backend),
// with gensim's semantics:
//   most_similar        mean of ±unit vectors (positive +1, negative −1), unit-normalised,
//                       cosine against every row, the input words excluded
//   most_similar_cosmul  Π (1 + cos(w, p)) / 2 over positives ÷ (Π (1 + cos(w, n)) / 2 + 1e-6)
//   doesnt_match        the word least similar to the unit-normalised mean of the words
//   similarity          cosine of two words' vectors
// Euclidean neighbours use the raw vectors: |x|² − 2 x·q + |q|².
// The unit matrix tensor is cached for one vector set at a time (the one being explored).
import * as tf from '@tensorflow/tfjs';
import { LabError } from '../errors';
import { loadVectors, type VectorSet } from '../vectors/format';
import { lowercaseIndex, topK, unitRows } from './analogy';

export interface Scored {
  word: string;
  /** Cosine similarity, 3CosMul score, or minus the euclidean distance. */
  score: number;
}

interface Loaded {
  id: string;
  set: VectorSet;
  index: Map<string, number>;
  /** [V, D] unit rows */
  unit: tf.Tensor2D;
  /** [V, D] raw rows and [V] squared norms, made on first euclidean query */
  raw?: { m: tf.Tensor2D; sq: tf.Tensor1D };
}

let loaded: Loaded | undefined;

export async function useVectors(id: string): Promise<Loaded> {
  if (loaded?.id === id) return loaded;
  const set = await loadVectors(id).catch(() => {
    throw new LabError(`vector set ${id} was not found`, 'not-found');
  });
  releaseVectors();
  const n = set.words.length;
  loaded = { id, set, index: lowercaseIndex(set.words, n), unit: unitRows(set.matrix, n, set.manifest.dim) };
  return loaded;
}

/** Drops the cached set if it is `id` (it was deleted). */
export function forgetVectors(id: string): void {
  if (loaded?.id === id) releaseVectors();
}

export function releaseVectors(): void {
  loaded?.unit.dispose();
  loaded?.raw?.m.dispose();
  loaded?.raw?.sq.dispose();
  loaded = undefined;
}

/** Rows of the words; unknown words are named in the error. */
export function rowsOf(l: Loaded, words: string[]): number[] {
  const ids = words.map((w) => l.index.get(w.trim().toLowerCase()));
  const missing = words.filter((_, i) => ids[i] === undefined);
  if (missing.length) throw new LabError(`not in the vocabulary: ${missing.map((w) => `"${w}"`).join(', ')}`, 'not-found');
  return ids as number[];
}

/** Top k rows by score, skipping `exclude`. The [V] scores are read back and selected
 *  here: tfjs's topk is a full sort on webgpu and takes seconds on SwiftShader. */
async function topExcluding(scores: tf.Tensor1D, k: number, exclude: number[]): Promise<{ idx: number[]; val: number[] }> {
  const flat = (await scores.data()) as Float32Array;
  scores.dispose();
  const out = { idx: [] as number[], val: [] as number[] };
  for (const r of topK(flat, Math.min(flat.length, k + exclude.length))) {
    if (!exclude.includes(r) && out.idx.length < k) (out.idx.push(r), out.val.push(flat[r]));
  }
  return out;
}

function named(l: Loaded, t: { idx: number[]; val: number[] }): Scored[] {
  return t.idx.map((r, i) => ({ word: l.set.words[r], score: t.val[i] }));
}

export async function neighbours(l: Loaded, word: string, k: number, metric: 'cosine' | 'euclidean'): Promise<Scored[]> {
  const [q] = rowsOf(l, [word]);
  if (metric === 'cosine') {
    const scores = tf.tidy(() => tf.matMul(tf.gather(l.unit, [q]), l.unit, false, true).reshape([-1]) as tf.Tensor1D); // [1, D] × [V, D]ᵀ
    return named(l, await topExcluding(scores, k, [q]));
  }
  if (!l.raw) {
    const m = tf.tensor2d(l.set.matrix, [l.set.words.length, l.set.manifest.dim]);
    l.raw = { m, sq: tf.tidy(() => m.square().sum(1)) };
  }
  const raw = l.raw;
  const scores = tf.tidy(() => {
    const qv = tf.gather(raw.m, [q]); // [1, D]
    const d2 = raw.sq.sub(tf.matMul(qv, raw.m, false, true).reshape([-1]).mul(2)).add(qv.square().sum());
    return d2.maximum(0).sqrt().neg() as tf.Tensor1D;
  });
  return named(l, await topExcluding(scores, k, [q]));
}

/** gensim's similarity(w1, w2): the cosine of the two words' vectors. */
export async function similarity(l: Loaded, a: string, b: string): Promise<number> {
  const [ia, ib] = rowsOf(l, [a, b]);
  const t = tf.tidy(() =>
    tf
      .gather(l.unit, [ia])
      .mul(tf.gather(l.unit, [ib]))
      .sum(),
  );
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

export async function analogy(l: Loaded, positive: string[], negative: string[], k: number, method: 'add' | 'mul'): Promise<Scored[]> {
  if (positive.length + negative.length === 0) throw new LabError('give at least one word');
  const all = rowsOf(l, [...positive, ...negative]); // names every unknown word at once
  const pos = all.slice(0, positive.length);
  const neg = all.slice(positive.length);
  const scores = tf.tidy(() => {
    if (method === 'add') {
      const weights = tf.tensor2d([...pos.map(() => 1), ...neg.map(() => -1)], [1, pos.length + neg.length]);
      const mean = tf.matMul(weights, tf.gather(l.unit, [...pos, ...neg])); // [1, D]
      return tf.matMul(mean, l.unit, false, true).reshape([-1]) as tf.Tensor1D;
    }
    // [|terms|, V] cosines shifted to [0, 1] (this operand order is ~30× faster on SwiftShader)
    const cos = (ids: number[]): tf.Tensor2D => tf.matMul(tf.gather(l.unit, ids), l.unit, false, true).add(1).div(2);
    const p = pos.length ? cos(pos).prod(0) : tf.ones([l.set.words.length]);
    const n = neg.length ? cos(neg).prod(0) : tf.ones([l.set.words.length]);
    return p.div(n.add(1e-6)) as tf.Tensor1D;
  });
  const top = await topExcluding(scores, k, [...pos, ...neg]);
  if (method === 'add') {
    // Report cosines to the unit-normalised mean, as gensim does.
    const norm = tf.tidy(() => {
      const w = tf.tensor2d([...pos.map(() => 1), ...neg.map(() => -1)], [1, pos.length + neg.length]);
      return tf.matMul(w, tf.gather(l.unit, [...pos, ...neg])).norm();
    });
    const s = (await norm.data())[0] || 1;
    norm.dispose();
    top.val = top.val.map((v) => v / s);
  }
  return named(l, top);
}

export async function doesntMatch(l: Loaded, words: string[]): Promise<{ word: string; similarities: Scored[] }> {
  if (words.length < 2) throw new LabError('give at least two words');
  const ids = rowsOf(l, words);
  const sims = tf.tidy(() => {
    const v = tf.gather(l.unit, ids); // [n, D]
    const mean = v.mean(0, true);
    const unitMean = mean.div(mean.norm().maximum(1e-12));
    return tf.matMul(v, unitMean, false, true).reshape([-1]);
  });
  const s = Array.from(await sims.data());
  sims.dispose();
  const scored = ids.map((r, i) => ({ word: l.set.words[r], score: s[i] }));
  const worst = scored.reduce((a, b) => (b.score < a.score ? b : a));
  return { word: worst.word, similarities: scored };
}
