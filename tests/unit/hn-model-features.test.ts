// The stronger model's features: SIF weights and principal-component removal (against numbers
// worked by hand and an SVD-free check), the wide part's hashing (unigrams, bigrams, domain,
// author; fixed width; missing author), and the target statistics in the model's encoding:
// out of fold on the training rows (a row's own label never reaches its encoding), the training
// stats for new posts, and a saved model's tables surviving JSON.
import { describe, expect, it } from 'vitest';
import { fnv } from '../../workers/hn/baselines';
import { denseWidth, encode, statsColumn, type FeatureGroups, type WordTable } from '../../workers/hn/features';
import { encodeTrain, fitModelPrep, type PrepOpts } from '../../workers/hn/model-prep';
import type { Post } from '../../workers/hn/posts';
import { firstComponent, removeComponent, sifWeights } from '../../workers/hn/sif';
import { WIDE_SLOTS, wideRows, wideTerms } from '../../workers/hn/wide';

const post = (i: number, title: string, url: string, author: string | null, points: number): Post => ({
  id: String(i),
  title,
  url,
  author,
  points,
  createdAt: 1_450_000_000 + i * 3600,
});

describe('SIF weights', () => {
  it('are a / (a + p(w)) with p(w) from the corpus counts', () => {
    const w = sifWeights(3, [6, 3, 1], 0.1);
    expect(w[0]).toBeCloseTo(0.1 / (0.1 + 0.6), 6);
    expect(w[1]).toBeCloseTo(0.1 / (0.1 + 0.3), 6);
    expect(w[2]).toBeCloseTo(0.1 / (0.1 + 0.1), 6);
  });

  it("without counts use Zipf's estimate from the rank: frequent rows weigh less, every weight in (0, 1)", () => {
    const w = sifWeights(1000, null, 1e-3);
    const h = Array.from({ length: 1000 }, (_, r) => 1 / (r + 1)).reduce((a, b) => a + b, 0);
    expect(w[0]).toBeCloseTo(1e-3 / (1e-3 + 1 / h), 6);
    for (let r = 1; r < 1000; r++) expect(w[r]).toBeGreaterThan(w[r - 1]);
    expect(w[999]).toBeLessThan(1);
  });

  it('the first principal component is the dominant direction; removing it leaves rows orthogonal to it', () => {
    // Rows along (3, 4)/5 with small noise on the orthogonal axis.
    const n = 50,
      d = 2;
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const t = (i % 7) + 1,
        e = ((i % 3) - 1) * 0.05;
      x[i * 2] = 0.6 * t - 0.8 * e;
      x[i * 2 + 1] = 0.8 * t + 0.6 * e;
    }
    const pc = firstComponent(x, n, d);
    expect(pc[0]).toBeCloseTo(0.6, 3);
    expect(pc[1]).toBeCloseTo(0.8, 3);
    removeComponent(x, n, d, 0, pc);
    for (let i = 0; i < n; i++) expect(Math.abs(x[i * 2] * pc[0] + x[i * 2 + 1] * pc[1])).toBeLessThan(1e-5);
  });

  it("the model's SIF title mean weighs each word and removes the training titles' first component", () => {
    const words: WordTable = {
      index: new Map([
        ['the', 0],
        ['rust', 1],
        ['go', 2],
      ]),
      matrix: Float32Array.from([1, 0, 0, 1, 1, 1]),
      dim: 2,
    };
    const fit = [post(0, 'the rust', '', 'a', 5), post(1, 'the go', '', 'b', 50), post(2, 'rust go', '', 'a', 500)];
    const groups: FeatureGroups = { title: true, time: false, domain: false, author: false, length: false, flags: false };
    const o: PrepOpts = { model: 'mlp', titleMean: 'sif', removePc: false, targetStats: false, wideTitle: false, counts: [8, 1, 1] };
    const prep = fitModelPrep(fit, groups, words, [1, 10, 100], o);
    const a = 1e-3,
      wt = (c: number) => a / (a + c / 10);
    const e = encode([fit[0]], prep, words);
    expect(e.dense[0]).toBeCloseTo((wt(8) * 1 + wt(1) * 0) / 2, 6);
    expect(e.dense[1]).toBeCloseTo((wt(8) * 0 + wt(1) * 1) / 2, 6);
    const withPc = fitModelPrep(fit, groups, words, [1, 10, 100], { ...o, removePc: true });
    const pc = withPc.sif!.pc!;
    const r = encode(fit, withPc, words).dense;
    for (let i = 0; i < 3; i++) expect(Math.abs(r[i * 2] * pc[0] + r[i * 2 + 1] * pc[1])).toBeLessThan(1e-6);
  });
});

describe('wide part hashing', () => {
  const spec = { buckets: 1 << 16, title: true, domain: true, author: true };
  it('hashes title unigrams and bigrams, the domain and the author', () => {
    const p = post(0, 'Show HN: Rust, fast', 'https://www.github.com/x', 'pg', 1);
    expect(wideTerms(p, spec)).toEqual([
      'u:show',
      'u:hn',
      'u:rust',
      'u:fast',
      'b:show hn',
      'b:hn rust',
      'b:rust fast',
      'd:github.com',
      'a:pg',
    ]);
    const { idx, val } = wideRows([p], spec);
    expect(idx.length).toBe(WIDE_SLOTS);
    expect(idx[0]).toBe(fnv('u:show') % spec.buckets);
    expect(idx[8]).toBe(fnv('a:pg') % spec.buckets);
    expect([...val.subarray(0, 9)].every((v) => Math.abs(v - 1 / 3) < 1e-7)).toBe(true);
    expect([...val.subarray(9)].every((v) => v === 0)).toBe(true);
  });

  it('leaves out a missing author and switched-off parts, and caps a long title at the slot count', () => {
    const p = post(0, 'a b', '', null, 1);
    expect(wideTerms(p, spec)).toEqual(['u:a', 'u:b', 'b:a b', 'd:(self)']);
    expect(wideTerms(p, { ...spec, title: false })).toEqual(['d:(self)']);
    const long = post(1, Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}`).join(' '), '', 'x', 1);
    expect(wideTerms(long, spec).length).toBe(WIDE_SLOTS);
  });
});

describe("target statistics in the model's encoding", () => {
  const edges = [1, 10, 100];
  const groups: FeatureGroups = { title: false, time: false, domain: true, author: true, length: false, flags: false };
  const o: PrepOpts = { model: 'mlp', titleMean: 'plain', removePc: false, targetStats: true, wideTitle: false, counts: null };
  const domains = ['a.com', 'b.com', 'c.com'];
  const fit = Array.from({ length: 60 }, (_, i) => post(i, `t ${i}`, `https://${domains[i % 3]}/${i}`, `u${i % 4}`, (i * 37) % 400));

  it("no training row's encoding uses its own label (points changed → the row's stats unchanged)", () => {
    const prep = fitModelPrep(fit, groups, null, edges, o);
    const w = denseWidth(prep),
      col = statsColumn(prep);
    const base = encodeTrain(fit, prep, null, edges, 7).dense;
    for (const i of [0, 13, 59]) {
      const moved = fit.map((p, j) => (j === i ? { ...p, points: 5000 } : p));
      // The same preprocessing (its full-training tables are for new posts, not these rows).
      const again = encodeTrain(moved, prep, null, edges, 7).dense;
      expect([...again.subarray(i * w + col, (i + 1) * w)]).toEqual([...base.subarray(i * w + col, (i + 1) * w)]);
      // Some other row with the same domain moved: the label is used, by other folds' rows.
      const changed = fit.some((_, j) => j !== i && again[j * w + col] !== base[j * w + col]);
      expect(changed).toBe(true);
    }
  });

  it('new posts get the stats of every training row; the tables survive a JSON round trip', () => {
    const prep = fitModelPrep(fit, groups, null, edges, o);
    const test = [post(100, 'x', 'https://a.com/z', 'u1', 3), post(101, 'y', 'https://never.org/', null, 3)];
    const e = encode(test, prep, null).dense;
    const w = denseWidth(prep),
      col = statsColumn(prep);
    const onA = fit.filter((p) => p.url.includes('a.com'));
    const mean = onA.reduce((s, p) => s + Math.log10(p.points + 1), 0);
    const prior = fit.reduce((s, p) => s + Math.log10(p.points + 1), 0) / fit.length;
    expect(e[col]).toBeCloseTo((mean + 10 * prior) / (onA.length + 10), 5);
    expect(e[w + col]).toBeCloseTo(prior, 5); // unseen domain: the prior
    const back = JSON.parse(JSON.stringify(prep));
    expect([...encode(test, back, null).dense]).toEqual([...e]);
  });
});
