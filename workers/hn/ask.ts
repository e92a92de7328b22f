// hnAsk: bin probabilities for one post from a trained or saved model, and the most similar
// training titles. The model in use stays in memory; another one is loaded from IndexedDB.
// One row needs no GPU: the forward pass runs in plain TypeScript on the saved weights.
import { LabError } from '../errors';
import { text8Words } from '../lib/text8';
import type { ArgsOf, ResultOf } from '../protocol';
import { encode, type WordTable } from './features';
import { predictEnsembleCpu } from './ensemble';
import { listModels, loadModel, type HnModelBundle } from './model-store';
import type { Post } from './posts';

interface Loaded {
  id: string;
  bundle: HnModelBundle;
  words: WordTable | null;
  /** [titles, dim] unit-length title means (dim 0: bag-of-words similarity instead). */
  titleVecs: Float32Array;
  /** Without word vectors: each training title's distinct words. */
  titleWords: string[][];
}

let current: Loaded | null = null;

/** words: [V]; matrix: [V, dim] f32. Null when dim is 0 (no title vectors). */
export function wordTable(words: string[], matrix: Float32Array, dim: number): WordTable | null {
  return dim ? { index: new Map(words.map((w, i) => [w, i])), matrix, dim } : null;
}

/** Mean of the title's in-vocabulary word vectors, unit length; null when no word is known. */
function titleVector(title: string, words: WordTable, out: Float32Array, off: number): boolean {
  const d = words.dim;
  let hit = 0;
  for (const w of text8Words(title)) {
    const r = words.index.get(w);
    if (r === undefined) continue;
    hit++;
    for (let j = 0; j < d; j++) out[off + j] += words.matrix[r * d + j];
  }
  let n = 0;
  for (let j = 0; j < d; j++) n += out[off + j] ** 2;
  n = Math.sqrt(n);
  if (!hit || !n) return false;
  for (let j = 0; j < d; j++) out[off + j] /= n;
  return true;
}

/** Makes `b` the model hnAsk answers with. */
export function useModel(b: HnModelBundle): void {
  const words = wordTable(b.words, b.matrix, b.prep.dim);
  const d = words?.dim ?? 0;
  const titleVecs = new Float32Array(b.titles.length * d);
  if (words) b.titles.forEach((t, i) => titleVector(t, words, titleVecs, i * d));
  const titleWords = words ? [] : b.titles.map((t) => [...new Set(text8Words(t))]);
  current = { id: b.manifest.id, bundle: b, words, titleVecs, titleWords };
}

export function forgetModel(id: string): void {
  if (current?.id === id) current = null;
}

async function ensure(modelId: string | undefined): Promise<Loaded> {
  if (current && (!modelId || modelId === current.id)) return current;
  const id = modelId ?? (await listModels())[0]?.id;
  if (!id) throw new LabError('no model yet: train one (or import a model file) first', 'state');
  useModel(await loadModel(id));
  return current!;
}

function similarTitles(m: Loaded, title: string, k: number): ResultOf<'hnAsk'>['similar'] {
  const { titles, points } = m.bundle;
  const scores = new Float32Array(titles.length);
  if (m.words) {
    const d = m.words.dim;
    const q = new Float32Array(d);
    if (!titleVector(title, m.words, q, 0)) return [];
    for (let i = 0; i < titles.length; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += m.titleVecs[i * d + j] * q[j];
      scores[i] = s;
    }
  } else {
    // No word vectors: cosine of word sets.
    const q = new Set(text8Words(title));
    if (!q.size) return [];
    m.titleWords.forEach((w, i) => {
      let both = 0;
      for (const x of w) if (q.has(x)) both++;
      scores[i] = w.length ? both / Math.sqrt(w.length * q.size) : 0;
    });
  }
  const top: number[] = [];
  for (let i = 0; i < titles.length; i++) {
    if (scores[i] <= 0) continue;
    let p = top.length;
    while (p > 0 && scores[top[p - 1]] < scores[i]) p--;
    if (p < k) {
      top.splice(p, 0, i);
      if (top.length > k) top.pop();
    }
  }
  return top.map((i) => ({ title: titles[i], points: points[i], score: scores[i] }));
}

export async function ask(a: ArgsOf<'hnAsk'>): Promise<ResultOf<'hnAsk'>> {
  const m = await ensure(a.modelId);
  const t0 = performance.now();
  if (!a.title.trim()) throw new LabError('type a title to ask about');
  const post: Post = {
    id: 'ask',
    title: a.title,
    url: a.url ?? '',
    points: 0,
    author: a.author ?? null,
    createdAt: a.time ?? Math.floor(Date.now() / 1000),
  };
  const e = encode([post], m.bundle.prep, m.words);
  const b = m.bundle;
  const probs = Array.from(predictEnsembleCpu(b.weights, b.ensemble, b.prep, b.manifest.bins.length, e, [post], m.words));
  const similar = similarTitles(m, a.title, 5);
  return { modelId: m.id, probs, bins: m.bundle.manifest.bins, oovShare: e.oovShare, similar, ms: performance.now() - t0 };
}
