import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { evaluateAnalogies, parseAnalogyFile, topK } from '../../workers/explore/analogy';
import { averageRanks, evaluateWordPairs, spearman } from '../../workers/explore/pairs';

// 2-D vectors where king − man + woman lands on queen.
const words = ['man', 'woman', 'king', 'queen', 'apple', 'Paris'];
const matrix = Float32Array.from([1, 0, 1, 0.2, 1, 1, 1, 1.2, -1, 0.1, 0.1, -1]);

describe('evaluation like gensim', () => {
  it('analogies: 3CosAdd, question words excluded, OOV skipped, malformed counted', async () => {
    await tf.setBackend('cpu');
    const text =
      ': royal\nman king woman queen\nMAN KING WOMAN QUEEN\nman king woman unknownword\nbad line here\n: fruit\nman woman king apple\n';
    const r = await evaluateAnalogies(words, matrix, 2, text);
    expect(await evaluateAnalogies(words, matrix, 2, text, { scoring: 'js' })).toEqual(r);
    expect(await evaluateAnalogies(words, matrix, 2, text, { scoring: 'tf' })).toEqual(r);
    expect(r.total).toBe(3);
    expect(r.skipped).toBe(1);
    expect(r.malformed).toBe(1);
    expect(r.malformedLines).toEqual([5]);
    expect(r.sections).toEqual([
      { name: 'royal', correct: 2, total: 2 },
      { name: 'fruit', correct: 0, total: 1 },
      { name: 'Total accuracy', correct: 2, total: 3 },
    ]);
    expect(r.accuracy).toBeCloseTo(2 / 3);
    // restricted vocabulary: 'queen' (row 3) falls outside the first 3 rows
    expect((await evaluateAnalogies(words, matrix, 2, text, { restrictVocab: 3 })).total).toBe(0);
  });

  it('parses sections', () => {
    expect(parseAnalogyFile(': a\nx y z w\n').sections).toEqual(['a']);
  });

  it('topK returns the largest first', () => {
    expect(topK(Float32Array.from([0.1, 5, -2, 3, 4]), 3)).toEqual([1, 4, 3]);
  });

  it('Spearman uses average ranks for ties', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1);
  });

  it('pairs: comments, unknown words skipped and named, malformed counted', () => {
    const text = '# comment\nking\tqueen\t9\nman\twoman\t8\nking\tapple\t1\nman\tzzz\t5\nnot a pair line\n';
    const r = evaluateWordPairs(words, matrix, 2, text);
    expect(r.used).toBe(3);
    expect(r.skipped).toBe(1);
    expect(r.unknownWords).toEqual(['zzz']);
    expect(r.malformed).toBe(1);
    expect(r.spearman).toBeGreaterThan(0.4);
  });
});
