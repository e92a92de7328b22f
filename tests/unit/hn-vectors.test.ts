// HN-flavoured vectors: word2vec continued on titles adds the titles' frequent unknown words as new
// rows (so fewer test tokens are OOV), keeps the given rows' order, lowers its loss, pulls a new
// word towards the words it shares titles with, is seeded, and stops at a cancel.
import { describe, expect, it } from 'vitest';
import { hnVectors, DEFAULT_HN_VECTORS } from '../../workers/hn/hn-vectors';
import type { WordTable } from '../../workers/hn/features';

const dim = 16;
// Two topics with their own words (a0…a9, b0…b9); the new words appear in topic a's titles only.
const list = [
  ...Array.from({ length: 10 }, (_, i) => `a${'abcdefghij'[i]}`),
  ...Array.from({ length: 10 }, (_, i) => `b${'abcdefghij'[i]}`),
];
const matrix = Float32Array.from({ length: list.length * dim }, (_, i) => Math.sin(i * 1.7) * 0.3);
const words: WordTable = { index: new Map(list.map((w, i) => [w, i])), matrix, dim };
let s = 7;
const rnd = (n: number) => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8) % n;
const titles = Array.from({ length: 600 }, (_, i) => {
  const t = i % 2 ? 'a' : 'b';
  const w = Array.from({ length: 6 }, () => `${t}${'abcdefghij'[rnd(10)]}`);
  if (t === 'a' && i % 3 === 1) w.splice(rnd(6), 0, 'kubernetes');
  if (i === 1 || i === 3 || i === 5) w.push('rarely'); // 3 times: kept (min count 3)
  if (i === 7) w.push('once'); // once: stays unknown
  return w.join(' ');
});
const cos = (t: WordTable, a: string, b: string) => {
  const x = t.index.get(a)! * dim,
    y = t.index.get(b)! * dim;
  let d = 0,
    nx = 0,
    ny = 0;
  for (let k = 0; k < dim; k++) ((d += t.matrix[x + k] * t.matrix[y + k]), (nx += t.matrix[x + k] ** 2), (ny += t.matrix[y + k] ** 2));
  return d / Math.sqrt(nx * ny);
};

describe('HN-flavoured vectors', () => {
  it('adds the frequent unknown words after the given rows, learns, and is seeded', async () => {
    const o = { ...DEFAULT_HN_VECTORS, epochs: 5, seed: 3, alpha: 0.025 };
    const losses: number[] = [];
    const h = await hnVectors(words, list, titles, o, undefined, (_, l) => losses.push(l));
    expect(h.words.slice(0, list.length)).toEqual(list);
    expect(new Set(h.words.slice(list.length))).toEqual(new Set(['kubernetes', 'rarely']));
    expect(h.added).toBe(2);
    expect(h.table.matrix.length).toBe(h.words.length * dim);
    expect(h.table.matrix.every(Number.isFinite)).toBe(true);
    expect(losses.length).toBe(5);
    expect(losses[4]).toBeLessThan(losses[0]);
    const meanCos = (w: string, t: string) => list.filter((x) => x[0] === t).reduce((a, x) => a + cos(h.table, w, x), 0) / 10;
    expect(meanCos('kubernetes', 'a')).toBeGreaterThan(meanCos('kubernetes', 'b'));
    const again = await hnVectors(words, list, titles, o);
    expect(again.table.matrix).toEqual(h.table.matrix);
  });

  it('stops at a cancel between epochs', async () => {
    const c = new AbortController();
    c.abort();
    await expect(hnVectors(words, list, titles, { ...DEFAULT_HN_VECTORS, epochs: 3, seed: 1 }, c.signal)).rejects.toThrow();
  });
});
