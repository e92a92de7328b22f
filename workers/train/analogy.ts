// Analogy accuracy as gensim's KeyedVectors.evaluate_word_analogies: case-insensitive,
// vocabulary restricted to the 300000 most frequent words, only questions with all four
// words in it, the three question words excluded from the answers, 3CosAdd on
// unit-normalised vectors. Scores are a batched matMul + topk on tfjs.
// (The explorer owns workers/explore/analogy.ts; this is the trainer's copy for the
// runner's --eval-analogies until the lead reconciles the two.)
import * as tf from '@tensorflow/tfjs';

export interface AnalogyResult {
  accuracy: number;
  correct: number;
  /** Questions with all four words in the vocabulary. */
  asked: number;
  /** Questions in the file. */
  total: number;
}

export function parseQuestions(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l.length > 0 && !l.startsWith(':'))
    .map((l) => l.split(/\s+/))
    .filter((q) => q.length === 4);
}

/** `matrix` [vocab, dim] f32 rows in frequency order (most frequent first). */
export async function evaluateAnalogiesTf(words: string[], matrix: Float32Array, dim: number, questions: string[][], restrict = 300_000): Promise<AnalogyResult> {
  const n = Math.min(words.length, restrict);
  const index = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) index.set(words[i].toLowerCase(), i);
  const ok = questions.map((q) => q.map((w) => index.get(w))).filter((ids): ids is number[] => ids.every((i) => i !== undefined));
  const unit = tf.tidy(() => {
    const m = tf.tensor2d(matrix.subarray(0, n * dim), [n, dim]);
    return m.div(m.norm('euclidean', 1, true).maximum(1e-12));
  });
  let correct = 0;
  const B = 256;
  try {
    for (let s = 0; s < ok.length; s += B) {
      const batch = ok.slice(s, s + B);
      const idx = (col: number): tf.Tensor1D => tf.tensor1d(batch.map((q) => q[col]), 'int32');
      const { values, indices } = tf.tidy(() => {
        const q = tf.gather(unit, idx(1)).sub(tf.gather(unit, idx(0))).add(tf.gather(unit, idx(2)));
        return tf.topk(tf.matMul(q, unit, false, true), 4);
      });
      const top = (await indices.array()) as number[][];
      values.dispose();
      indices.dispose();
      batch.forEach((q, i) => {
        const guess = top[i].find((w) => w !== q[0] && w !== q[1] && w !== q[2]);
        if (guess === q[3]) correct++;
      });
    }
  } finally {
    unit.dispose();
  }
  return { accuracy: ok.length ? correct / ok.length : 0, correct, asked: ok.length, total: questions.length };
}
