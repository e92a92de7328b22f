// Word-pair similarity evaluation computed like gensim's KeyedVectors.evaluate_word_pairs:
// case-insensitive, vocabulary restricted to the first `restrictVocab` rows (most frequent
// first), `#` comment lines skipped, lines that are not "word1 word2 score" skipped and
// counted, pairs with a word outside the restricted vocabulary skipped (counted as
// `skipped`, gensim's oov), cosine similarity of the two vectors, then Spearman (average
// ranks for ties) and Pearson between the gold scores and the cosines.
// Fields are split on tabs when the line has any (gensim's default delimiter), else on
// spaces.
export interface PairsEvaluation {
  spearman: number;
  pearson: number;
  used: number;
  /** Pairs with a word outside the vocabulary. */
  skipped: number;
  /** Lines that are not "word1 word2 score". */
  malformed: number;
  malformedLines: number[];
  /** The first few unknown words, for the message. */
  unknownWords: string[];
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function parsePairs(text: string): { pairs: [string, string, number][]; malformed: number; malformedLines: number[] } {
  const pairs: [string, string, number][] = [];
  let malformed = 0;
  const malformedLines: number[] = [];
  // A leading BOM made a first "#" line a malformed pair; lone CRs (old Mac files) end lines too.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((line, i) => {
    if (line.trim().length === 0 || line.startsWith('#')) return;
    const parts = (line.includes('\t') ? line.split('\t') : line.trim().split(/ +/)).map((p) => p.trim());
    // Decimal numbers only, as Python's float() reads them: Number() also took "0x1F" (31) and "0b11" (3).
    const score = parts.length === 3 && DECIMAL.test(parts[2]) ? Number(parts[2]) : NaN;
    if (parts.length !== 3 || !Number.isFinite(score) || !parts[0] || !parts[1]) {
      malformed++;
      if (malformedLines.length < 5) malformedLines.push(i + 1);
      return;
    }
    pairs.push([parts[0].toLowerCase(), parts[1].toLowerCase(), score]);
  });
  return { pairs, malformed, malformedLines };
}

/** Ranks 1..n, ties given their average rank. */
export function averageRanks(xs: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Float64Array(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) ((ma += a[i]), (mb += b[i]));
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(averageRanks(a), averageRanks(b));
}

export function evaluateWordPairs(
  words: string[],
  matrix: Float32Array,
  dim: number,
  pairsText: string,
  opts: { restrictVocab?: number } = {},
): PairsEvaluation {
  const { pairs, malformed, malformedLines } = parsePairs(pairsText);
  const n = Math.min(words.length, opts.restrictVocab ?? 300_000);
  const index = new Map<string, number>();
  for (let i = n - 1; i >= 0; i--) index.set(words[i].toLowerCase(), i);
  const gold: number[] = [];
  const model: number[] = [];
  const unknown = new Set<string>();
  let skipped = 0;
  for (const [a, b, score] of pairs) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined || ib === undefined) {
      skipped++;
      for (const [w, i] of [
        [a, ia],
        [b, ib],
      ] as const)
        if (i === undefined && unknown.size < 10) unknown.add(w);
      continue;
    }
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let d = 0; d < dim; d++) {
      const x = matrix[ia * dim + d];
      const y = matrix[ib * dim + d];
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    gold.push(score);
    model.push(dot / (Math.sqrt(na * nb) || 1));
  }
  return {
    spearman: spearman(gold, model),
    pearson: pearson(gold, model),
    used: gold.length,
    skipped,
    malformed,
    malformedLines,
    unknownWords: [...unknown],
  };
}
