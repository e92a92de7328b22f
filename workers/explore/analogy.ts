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
// Scored by a WebAssembly SIMD kernel (analogy-fast.ts) that gives exactly the answers of
// the plain loops; those, or batched tfjs matMul, where WebAssembly SIMD is missing.
import * as tf from '@tensorflow/tfjs';
import { analogyKernel, createFastScorer, dotRow, queryInto } from './analogy-fast';

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
  /** [questions in the file] 1 right, 0 wrong, 2 skipped: what an exact McNemar test of two runs reads. */
  outcomes: Uint8Array;
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
  // A leading BOM hid the first ": section" line; lone CRs (old Mac files) end lines too.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.startsWith(': ')) {
      sections.push(raw.slice(2).trim());
      continue;
    }
    const parts = raw
      .trim()
      .split(/\s+/)
      .filter((p) => p.length > 0);
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

/**
 * How the [questions, n] scores are ranked. 'wasm' (default): the WebAssembly SIMD
 * kernel (analogy-fast.ts), exactly the 'js' answers; where WebAssembly SIMD is missing
 * it falls back to `fallback` (default 'js'), and to 'js' where memory is refused.
 * 'js': plain loops, every row scored in float64 sums. 'tf': tfjs matMul (float32 on
 * the backend; ties and near-ties may rank otherwise).
 */
export type AnalogyScoring = 'wasm' | 'tf' | 'js';

/** One question's top k rows (ids = [a, b, c, …]), best first: every row scored. */
export function plainTop(
  unit: Float32Array,
  n: number,
  dim: number,
  ids: readonly number[],
  k: number,
  q: Float32Array,
  scores: Float32Array,
): number[] {
  queryInto(unit, dim, ids, q);
  for (let r = 0; r < n; r++) scores[r] = dotRow(unit, dim, q, r);
  return topK(scores.subarray(0, n), k);
}

/** The same over the rows the kernel kept (ascending): plainTop's answer, ties included. */
function topAmong(unit: Float32Array, dim: number, ids: readonly number[], rows: Uint32Array, k: number, q: Float32Array): number[] {
  queryInto(unit, dim, ids, q);
  const scores = new Float32Array(rows.length);
  for (let i = 0; i < rows.length; i++) scores[i] = dotRow(unit, dim, q, rows[i]);
  return topK(scores, k).map((i) => rows[i]);
}

/** Called between chunks of questions with how many are scored of how many; it may pause (await) or throw to cancel. */
export type OnChunk = (done: number, total: number) => Promise<void>;

/** Questions scored between two OnChunk calls: progress about every 1/20 of questions-words. */
export const CHUNK = 1000;

/**
 * Each question's top k rows by 3CosAdd over the first n unit rows ([n, dim] f32),
 * best first; `scoring` says which path ran ('js' where the kernel could not).
 */
export async function analogyTops(
  unit: Float32Array,
  n: number,
  dim: number,
  questions: readonly (readonly number[])[],
  k: number,
  scoring: 'wasm' | 'js',
  cap?: number,
  onChunk?: OnChunk,
): Promise<{ tops: number[][]; scoring: 'wasm' | 'js' }> {
  const tops: number[][] = [];
  const q = new Float32Array(dim);
  let scores: Float32Array | undefined;
  const all = (ids: readonly number[]): number[] => plainTop(unit, n, dim, ids, k, q, (scores ??= new Float32Array(n)));
  const fast = scoring === 'wasm' && questions.length > 0 ? await createFastScorer(unit, n, dim, cap) : undefined;
  for (let s = 0; s < questions.length; s += CHUNK) {
    const chunk = questions.slice(s, s + CHUNK);
    if (fast) fast.candidates(chunk, k, (i, rows) => tops.push(rows ? topAmong(unit, dim, chunk[i], rows, k, q) : all(chunk[i])));
    else for (const ids of chunk) tops.push(all(ids));
    await onChunk?.(tops.length, questions.length);
  }
  return { tops, scoring: fast ? 'wasm' : 'js' };
}

async function tfTops(
  matrix: Float32Array,
  n: number,
  dim: number,
  questions: readonly (readonly number[])[],
  k: number,
  onChunk?: OnChunk,
): Promise<number[][]> {
  const tops: number[][] = [];
  const unit = unitRows(matrix, n, dim);
  try {
    for (let s = 0; s < questions.length; s += BATCH) {
      const batch = questions.slice(s, s + BATCH);
      const col = (c: number): tf.Tensor1D =>
        tf.tensor1d(
          batch.map((ids) => ids[c]),
          'int32',
        );
      // [B, n] scores from the GPU; the top-k selection runs here because tfjs's
      // topk is a full sort on webgpu.
      const scores = tf.tidy(() => {
        // [B, dim] query = b − a + c; its norm does not change the ranking.
        const q = tf
          .gather(unit, col(1))
          .sub(tf.gather(unit, col(0)))
          .add(tf.gather(unit, col(2)));
        return tf.matMul(q, unit, false, true);
      });
      const flat = (await scores.data()) as Float32Array;
      scores.dispose();
      batch.forEach((_, i) => tops.push(topK(flat.subarray(i * n, (i + 1) * n), k)));
      if (tops.length % CHUNK < BATCH || tops.length === questions.length) await onChunk?.(tops.length, questions.length);
    }
  } finally {
    unit.dispose();
  }
  return tops;
}

export async function evaluateAnalogies(
  words: string[],
  matrix: Float32Array,
  dim: number,
  questionsText: string,
  opts: { restrictVocab?: number; scoring?: AnalogyScoring; fallback?: 'tf' | 'js'; onProgress?: OnChunk } = {},
): Promise<AnalogyEvaluation> {
  const parsed = parseAnalogyFile(questionsText);
  const n = Math.min(words.length, opts.restrictVocab ?? 300_000);
  const index = lowercaseIndex(words, n);
  const sections = parsed.sections.map((name) => ({ name, correct: 0, total: 0 }));
  const asked: { q: AnalogyQuestion; ids: [number, number, number, number]; at: number }[] = [];
  const outcomes = new Uint8Array(parsed.questions.length).fill(2);
  let skipped = 0;
  parsed.questions.forEach((q, at) => {
    const ids = q.words.map((w) => index.get(w));
    if (ids.some((i) => i === undefined)) skipped++;
    else asked.push({ q, ids: ids as [number, number, number, number], at });
  });
  let correct = 0;
  const judge = (q: AnalogyQuestion, ids: number[], top: number[], at: number): void => {
    const sims = top.filter((r) => r !== ids[0] && r !== ids[1] && r !== ids[2]).slice(0, 5);
    const ignore = new Set(q.words.slice(0, 3));
    let predicted: string | undefined;
    for (const r of sims) {
      predicted = words[r].toLowerCase();
      if (!ignore.has(predicted)) break;
    }
    const sec = sections[q.section];
    sec.total++;
    outcomes[at] = predicted === q.words[3] ? 1 : 0;
    if (predicted === q.words[3]) {
      sec.correct++;
      correct++;
    }
  };
  const k = Math.min(TOP, n);
  if (asked.length > 0 && n > 0) {
    const questions = asked.map((x) => x.ids);
    let scoring = opts.scoring ?? 'wasm';
    if (scoring === 'wasm' && !(await analogyKernel())) scoring = opts.fallback ?? 'js';
    await opts.onProgress?.(0, questions.length);
    const tops =
      scoring === 'tf'
        ? await tfTops(matrix, n, dim, questions, k, opts.onProgress)
        : (await analogyTops(unitRowsJs(matrix, n, dim), n, dim, questions, k, scoring, undefined, opts.onProgress)).tops;
    asked.forEach(({ q, ids, at }, i) => judge(q, ids, tops[i], at));
  }
  return {
    accuracy: asked.length ? correct / asked.length : 0,
    correct,
    total: asked.length,
    sections: [...sections, { name: 'Total accuracy', correct, total: asked.length }],
    skipped,
    malformed: parsed.malformed,
    malformedLines: parsed.malformedLines,
    outcomes,
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
