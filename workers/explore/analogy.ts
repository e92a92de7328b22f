// Analogy accuracy computed like gensim's KeyedVectors.evaluate_word_analogies:
// - case-insensitive: words compared lowercased; where two rows share a lowercased form
//   the more frequent (earlier) row wins;
// - vocabulary restricted to the first `restrictVocab` rows (default 300000: rows are in
//   frequency order, most frequent first);
// - a question with any word outside the restricted vocabulary is skipped (not counted);
// - scores: 3CosAdd on unit vectors, b − a + c against every restricted row; the three
//   question rows are excluded (most_similar), then of gensim's top 5 the first answer
//   whose word is not one of the question words is the prediction;
// - accuracy = correct / (correct + incorrect) over the questions asked, per section and
//   in total ("Total accuracy").
// Batched tfjs matMul + topk, so it runs on the webgpu and on the cpu backend.
import * as tf from '@tensorflow/tfjs';

export interface AnalogySection {
  name: string;
  correct: number;
  total: number;
}

export interface AnalogyEvaluation {
  accuracy: number;
  correct: number;
  /** Questions asked (all four words in the restricted vocabulary). */
  total: number;
  sections: AnalogySection[];
  /** Questions skipped because a word is outside the restricted vocabulary. */
  skipped: number;
  /** Lines that are neither a `: section` line nor four words (gensim skips them too). */
  malformed: number;
  /** 1-based line numbers of the first few malformed lines, for the message. */
  malformedLines: number[];
}

export interface AnalogyQuestion {
  section: number;
  words: [string, string, string, string];
}

export interface ParsedQuestions {
  sections: string[];
  questions: AnalogyQuestion[];
  malformed: number;
  malformedLines: number[];
}

/** Parses questions-words.txt format: `: section` lines, then four words a line. */
export function parseAnalogyFile(text: string): ParsedQuestions {
  const sections: string[] = [];
  const questions: AnalogyQuestion[] = [];
  let malformed = 0;
  const malformedLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    if (raw.startsWith(': ')) {
      sections.push(raw.slice(2).trim());
      continue;
    }
    const parts = raw.trim().split(/\s+/).filter((p) => p.length > 0);
    if (parts.length === 0 && i === lines.length - 1) continue; // trailing newline
    if (parts.length !== 4) {
      malformed++;
      if (malformedLines.length < 5) malformedLines.push(i + 1);
      continue;
    }
    // gensim refuses questions before any section header; we file them under one.
    if (sections.length === 0) sections.push('(no section)');
    const [a, b, c, d] = parts.map((p) => p.toLowerCase());
    questions.push({ section: sections.length - 1, words: [a, b, c, d] });
  }
  return { sections, questions, malformed, malformedLines };
}

/** Unit-normalised [n, dim] tensor of the first n rows (zero rows stay zero). */
export function unitRows(matrix: Float32Array, n: number, dim: number): tf.Tensor2D {
  return tf.tidy(() => {
    const m = tf.tensor2d(matrix.subarray(0, n * dim), [n, dim]);
    return m.div(m.norm('euclidean', 1, true).maximum(1e-12));
  });
}

/** Unit-normalised copy of the first n rows, [n, dim] f32. */
export function unitRowsJs(matrix: Float32Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += matrix[r * dim + d] ** 2;
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let d = 0; d < dim; d++) out[r * dim + d] = matrix[r * dim + d] * inv;
  }
  return out;
}

/** Lowercased word → row among the first n rows, the earliest row winning. */
export function lowercaseIndex(words: string[], n: number): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) index.set(words[i].toLowerCase(), i);
  return index;
}

const BATCH = 128;
/** gensim's most_similar(topn=5) after excluding the 3 question rows needs top 8. */
const TOP = 8;

export async function evaluateAnalogies(
  words: string[],
  matrix: Float32Array,
  dim: number,
  questionsText: string,
  opts: { restrictVocab?: number; scoring?: 'tf' | 'js' } = {},
): Promise<AnalogyEvaluation> {
  const parsed = parseAnalogyFile(questionsText);
  const n = Math.min(words.length, opts.restrictVocab ?? 300_000);
  const index = lowercaseIndex(words, n);
  const sections = parsed.sections.map((name) => ({ name, correct: 0, total: 0 }));
  const asked: { q: AnalogyQuestion; ids: [number, number, number, number] }[] = [];
  let skipped = 0;
  for (const q of parsed.questions) {
    const ids = q.words.map((w) => index.get(w));
    if (ids.some((i) => i === undefined)) skipped++;
    else asked.push({ q, ids: ids as [number, number, number, number] });
  }
  let correct = 0;
  const judge = (q: AnalogyQuestion, ids: number[], top: number[]): void => {
    const sims = top.filter((r) => r !== ids[0] && r !== ids[1] && r !== ids[2]).slice(0, 5);
    const ignore = new Set(q.words.slice(0, 3));
    let predicted: string | undefined;
    for (const r of sims) {
      predicted = words[r].toLowerCase();
      if (!ignore.has(predicted)) break;
    }
    const sec = sections[q.section];
    sec.total++;
    if (predicted === q.words[3]) {
      sec.correct++;
      correct++;
    }
  };
  const k = Math.min(TOP, n);
  if (asked.length > 0 && n > 0 && opts.scoring === 'js') {
    // Plain loops: on SwiftShader (a CPU emulating a GPU) tfjs's big matMul crawls.
    const unit = unitRowsJs(matrix, n, dim);
    const q = new Float32Array(dim);
    const scores = new Float32Array(n);
    for (const { q: question, ids } of asked) {
      for (let d = 0; d < dim; d++) q[d] = unit[ids[1] * dim + d] - unit[ids[0] * dim + d] + unit[ids[2] * dim + d];
      for (let r = 0; r < n; r++) {
        let acc = 0;
        const o = r * dim;
        for (let d = 0; d < dim; d++) acc += unit[o + d] * q[d];
        scores[r] = acc;
      }
      judge(question, ids, topK(scores, k));
    }
  } else if (asked.length > 0 && n > 0) {
    const unit = unitRows(matrix, n, dim);
    try {
      for (let s = 0; s < asked.length; s += BATCH) {
        const batch = asked.slice(s, s + BATCH);
        const col = (c: number): tf.Tensor1D => tf.tensor1d(batch.map((x) => x.ids[c]), 'int32');
        // [B, n] scores from the GPU; the top-k selection runs here because tfjs's
        // topk is a full sort on webgpu.
        const scores = tf.tidy(() => {
          // [B, dim] query = b − a + c; its norm does not change the ranking.
          const q = tf.gather(unit, col(1)).sub(tf.gather(unit, col(0))).add(tf.gather(unit, col(2)));
          return tf.matMul(q, unit, false, true);
        });
        const flat = (await scores.data()) as Float32Array;
        scores.dispose();
        batch.forEach(({ q, ids }, i) => judge(q, ids, topK(flat.subarray(i * n, (i + 1) * n), k)));
      }
    } finally {
      unit.dispose();
    }
  }
  return {
    accuracy: asked.length ? correct / asked.length : 0,
    correct,
    total: asked.length,
    sections: [...sections, { name: 'Total accuracy', correct, total: asked.length }],
    skipped,
    malformed: parsed.malformed,
    malformedLines: parsed.malformedLines,
  };
}

/** Indices of the k largest values, best first. O(n·k) with tiny k. */
export function topK(xs: Float32Array, k: number): number[] {
  const idx: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (idx.length === k && x <= val[k - 1]) continue;
    let j = idx.length === k ? k - 1 : idx.length;
    while (j > 0 && val[j - 1] < x) {
      val[j] = val[j - 1];
      idx[j] = idx[j - 1];
      j--;
    }
    val[j] = x;
    idx[j] = i;
  }
  return idx;
}
