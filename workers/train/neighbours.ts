// Cosine nearest neighbours of a few watched words over a snapshot of syn0 (CPU, cheap:
// [vocab, dim] dot products per word).
import { paddedDim } from './model';
import type { Neighbour } from './commands';

export function nearest(
  syn0: Float32Array,
  vocab: number,
  dim: number,
  words: string[],
  watch: string[],
  k = 8,
): { word: string; near: Neighbour[] }[] {
  const dp = paddedDim(dim);
  const norms = new Float32Array(vocab);
  for (let w = 0; w < vocab; w++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += syn0[w * dp + d] ** 2;
    norms[w] = Math.sqrt(s) || 1;
  }
  const index = new Map(words.map((w, i) => [w, i]));
  return watch.map((word) => {
    const q = index.get(word.toLowerCase());
    if (q === undefined) return { word, near: [] };
    const best: Neighbour[] = [];
    for (let w = 0; w < vocab; w++) {
      if (w === q) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += syn0[q * dp + d] * syn0[w * dp + d];
      const sim = s / (norms[q] * norms[w]);
      if (best.length < k || sim > best[best.length - 1].similarity) {
        best.push({ word: words[w], similarity: sim });
        best.sort((a, b) => b.similarity - a.similarity);
        if (best.length > k) best.pop();
      }
    }
    return { word, near: best };
  });
}
