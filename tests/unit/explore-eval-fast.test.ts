// The analogy evaluation's WebAssembly SIMD path (workers/explore/analogy-fast.ts) against
// the plain loops: the same top 8 rows for every question, ties and OOV words included,
// on vector shapes that exercise the kernel's padding, batching and overflow paths.
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { analogyTops, evaluateAnalogies, lowercaseIndex, parseAnalogyFile, unitRowsJs } from '../../workers/explore/analogy';
import { Rng } from '../fuzz-inputs';
import { describeWithData, sharedData } from '../shared-data';

/** [n, dim] vectors: Gaussian-ish, or small integers (many exact score ties). */
function vectors(r: Rng, n: number, dim: number, kind: 'real' | 'ties'): Float32Array {
  const m = new Float32Array(n * dim);
  for (let i = 0; i < m.length; i++) m[i] = kind === 'ties' ? r.int(3) - 1 : r.next() + r.next() + r.next() - 1.5;
  // Some rows repeat an earlier one, so whole rows tie.
  for (let i = 1; i < n; i += 7) {
    const from = r.int(i) * dim;
    m.copyWithin(i * dim, from, from + dim);
  }
  return m;
}

/** Random questions over rows [0, n) (a few repeating a word), as row ids [a, b, c, d]. */
function questions(r: Rng, n: number, count: number): number[][] {
  return Array.from({ length: count }, () => {
    const q = [r.int(n), r.int(n), r.int(n), r.int(n)];
    if (r.chance(0.05)) q[2] = q[0];
    return q;
  });
}

async function bothPaths(
  unit: Float32Array,
  n: number,
  dim: number,
  qs: number[][],
  cap?: number,
): Promise<{ fast: number[][]; plain: number[][] }> {
  const fast = await analogyTops(unit, n, dim, qs, Math.min(8, n), 'wasm', cap);
  const plain = await analogyTops(unit, n, dim, qs, Math.min(8, n), 'js');
  // Else the comparison below would be the plain path against itself.
  expect(fast.scoring).toBe('wasm');
  expect(plain.scoring).toBe('js');
  return { fast: fast.tops, plain: plain.tops };
}

describe('analogy evaluation: WebAssembly SIMD path = plain path', () => {
  const shapes: [string, number, number, 'real' | 'ties', number | undefined][] = [
    ['real values, n and dim multiples of 4', 400, 16, 'real', undefined],
    ['real values, n % 4 = 3, dim % 4 = 2', 603, 10, 'real', undefined],
    ['small integers: many exact ties', 301, 7, 'ties', undefined],
    ['ties beyond a candidate cap of 9: those questions scored in full', 257, 5, 'ties', 9],
    ['fewer rows than the top 8', 5, 3, 'real', undefined],
  ];
  for (const [title, n, dim, kind, cap] of shapes) {
    it(title, async () => {
      const r = new Rng(n * 1000 + dim);
      const unit = unitRowsJs(vectors(r, n, dim, kind), n, dim);
      const qs = questions(r, n, 300);
      const { fast, plain } = await bothPaths(unit, n, dim, qs, cap);
      expect(fast).toEqual(plain);
      expect(plain[0]).toHaveLength(Math.min(8, n));
    });
  }

  it('zero rows (normalised to zero) rank like the plain path', async () => {
    const r = new Rng(7);
    const m = vectors(r, 100, 8, 'real');
    m.fill(0, 8 * 10, 8 * 20);
    const unit = unitRowsJs(m, 100, 8);
    const qs = questions(r, 100, 200);
    const { fast, plain } = await bothPaths(unit, 100, 8, qs);
    expect(fast).toEqual(plain);
  });

  it('questions over more distinct words than one batch holds (several gram batches)', async () => {
    // 2000 rows, 1500 questions over all of them: ~2500 distinct words, batches of 512.
    const r = new Rng(11);
    const unit = unitRowsJs(vectors(r, 2000, 12, 'real'), 2000, 12);
    const qs = questions(r, 2000, 1500);
    const { fast, plain } = await bothPaths(unit, 2000, 12, qs);
    expect(fast).toEqual(plain);
  });

  it('evaluateAnalogies: same sections and totals on both paths, OOV words and mixed case', async () => {
    const r = new Rng(3);
    const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
    words[40] = 'W7'; // lowercases to row 7's word: row 7 (earlier) wins
    const m = vectors(r, 500, 9, 'ties');
    const name = (i: number): string => (r.chance(0.03) ? `oov${i}` : r.chance(0.2) ? words[i].toUpperCase() : words[i]);
    let text = '';
    for (const sec of ['one', 'two', 'three']) {
      text += `: ${sec}\n`;
      for (const q of questions(r, 500, 400)) text += `${q.map(name).join(' ')}\n`;
    }
    const fast = await evaluateAnalogies(words, m, 9, text, { scoring: 'wasm' });
    const plain = await evaluateAnalogies(words, m, 9, text, { scoring: 'js' });
    expect(fast).toEqual(plain);
    expect(fast.skipped).toBeGreaterThan(0);
    expect(fast.correct).toBeGreaterThan(0);
  });

  it('question rows and question words are both left out, as gensim does', async () => {
    // a, b, c = e1, e2, e3, so q = b − a + c scores b and c 1. Case variants of b and c
    // (ignored as answers by their lowercased word) score 0.995 and 0.981, queen 0.970.
    // Without the row exclusion gensim's top 5 would hold only question words; without
    // the word check the answer would be "king".
    const dims = (...xs: number[]): number[] => Array.from({ length: 6 }, (_, i) => xs[i] ?? 0);
    const rows: [string, number[]][] = [
      ['man', dims(1)],
      ['king', dims(0, 1)],
      ['woman', dims(0, 0, 1)],
      ['queen', dims(0, 1, 1, 0, 0, 1.5)],
      ['King', dims(0, 1, 0, 0.1)],
      ['KING', dims(0, 1, 0, 0.2)],
      ['Woman', dims(0, 0, 1, 0, 0.1)],
      ['WOMAN', dims(0, 0, 1, 0, 0.2)],
      ['apple', dims(0, 0, 0, 0, 0, 1)],
      ['pear', dims(0, 0, 0, 1)],
    ];
    const words = rows.map(([w]) => w);
    const m = Float32Array.from(rows.flatMap(([, v]) => v));
    for (const scoring of ['wasm', 'js', 'tf'] as const) {
      const res = await evaluateAnalogies(words, m, 6, ': s\nman king woman queen\n', { scoring });
      expect({ scoring, correct: res.correct, total: res.total }).toEqual({ scoring, correct: 1, total: 1 });
    }
  });

  it('answers are the best row other than the question rows (float64 brute force)', async () => {
    // d = the best row other than a, b, c by float64 cosine (no ties in real values):
    // every question is answered right only if a, b and c are left out.
    const r = new Rng(5);
    const n = 300;
    const dim = 64;
    const words = Array.from({ length: n }, (_, i) => `w${i}`);
    const m = vectors(r, n, dim, 'real');
    const unit = unitRowsJs(m, n, dim);
    const qs = questions(r, n, 200).map(([a, b, c]) => {
      let best = -1;
      let bestScore = -Infinity;
      for (let w = 0; w < n; w++) {
        if (w === a || w === b || w === c) continue;
        let s = 0;
        for (let d = 0; d < dim; d++) s += unit[w * dim + d] * (unit[b * dim + d] - unit[a * dim + d] + unit[c * dim + d]);
        if (s > bestScore) ((best = w), (bestScore = s));
      }
      return [a, b, c, best];
    });
    const text = `: s\n${qs.map((q) => q.map((i) => words[i]).join(' ')).join('\n')}\n`;
    const res = await evaluateAnalogies(words, m, dim, text, { scoring: 'wasm' });
    expect(res.total).toBe(200);
    expect(res.correct).toBe(200);
    // The test has teeth: for most questions the best row overall is a question word.
    const { tops } = await analogyTops(unit, n, dim, qs, 8, 'wasm');
    const own = tops.filter((t, i) => qs[i].slice(0, 3).includes(t[0])).length;
    expect(own).toBeGreaterThan(150);
  });
});

describe('without WebAssembly SIMD', () => {
  it('the plain path runs and gives the same evaluation', async () => {
    const r = new Rng(23);
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const m = vectors(r, 200, 8, 'ties');
    const text = `: s\n${questions(r, 200, 150)
      .map((q) => q.map((i) => words[i]).join(' '))
      .join('\n')}\n`;
    const withSimd = await evaluateAnalogies(words, m, 8, text);
    vi.resetModules();
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const fresh = await import('../../workers/explore/analogy');
      const unit = unitRowsJs(m, 200, 8);
      expect((await fresh.analogyTops(unit, 200, 8, [[0, 1, 2]], 8, 'wasm')).scoring).toBe('js');
      expect(await fresh.evaluateAnalogies(words, m, 8, text)).toEqual(withSimd);
      expect(validate).toHaveBeenCalled();
    } finally {
      validate.mockRestore();
      vi.resetModules();
    }
  });
});

describeWithData(['questions-words.txt'], 'analogy evaluation on questions-words.txt', () => {
  it('random vectors over its words: the same answers on both paths', async () => {
    const parsed = parseAnalogyFile(readFileSync(sharedData('questions-words.txt'), 'utf8'));
    const vocab = [...new Set(parsed.questions.flatMap((q) => q.words))];
    const r = new Rng(17);
    // Shuffled, a tenth left out (their questions skipped), 300 extra words.
    for (let i = vocab.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [vocab[i], vocab[j]] = [vocab[j], vocab[i]];
    }
    const words = [...vocab.slice(0, Math.floor(vocab.length * 0.9)), ...Array.from({ length: 300 }, (_, i) => `extra${i}`)];
    const dim = 24;
    const m = vectors(r, words.length, dim, 'real');
    const index = lowercaseIndex(words, words.length);
    const qs = parsed.questions
      .map((q) => q.words.map((w) => index.get(w)))
      .filter((ids): ids is number[] => ids.every((i) => i !== undefined));
    expect(qs.length).toBeGreaterThan(5000);
    const unit = unitRowsJs(m, words.length, dim);
    const { fast, plain } = await bothPaths(unit, words.length, dim, qs);
    expect(fast).toEqual(plain);
  });
});
