// The title-only logistic baseline (dense, on title mean vectors): it learns a signal in the
// title vector, never strays far above the class prior without one, and is reproducible.
import { describe, expect, it } from 'vitest';
import { predictDenseLogReg, predictPrior, priorModel, trainDenseLogReg } from '../../workers/hn/baselines';
import { encode, type Prep, type WordTable } from '../../workers/hn/features';
import { metrics } from '../../workers/hn/metrics';
import type { Post } from '../../workers/hn/posts';

// xorshift32 → [0, 1)
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

// 3-D word vectors: "rust"/"compiler" point up (popular), "weekly"/"newsletter" down, others noise.
const WORDS: Record<string, number[]> = {
  rust: [1, 0, 0.2],
  compiler: [0.9, 0.1, 0],
  weekly: [-1, 0.1, 0],
  newsletter: [-0.9, 0, 0.1],
  the: [0, 0.5, 0.5],
  a: [0.05, 0.4, 0.6],
  of: [0, 0.6, 0.4],
  new: [0.02, 0.5, 0.5],
};
const table: WordTable = {
  index: new Map(Object.keys(WORDS).map((w, i) => [w, i])),
  matrix: Float32Array.from(Object.values(WORDS).flat()),
  dim: 3,
};
const titlePrep: Prep = {
  groups: { title: true, time: false, domain: false, author: false, length: false, flags: false },
  dim: 3,
  domains: ['(other)'],
  authors: ['(other)'],
};

/** Posts whose bin follows the title's words: "rust"/"compiler" → bin 1 mostly, "weekly"/"newsletter" → bin 0. */
function posts(n: number, seed: number): { posts: Post[]; y: Int32Array } {
  const r = rng(seed);
  const ps: Post[] = [];
  const y = new Int32Array(n);
  const filler = ['the', 'a', 'of', 'new'];
  for (let i = 0; i < n; i++) {
    const hot = r() < 0.4;
    const topic = hot ? (r() < 0.5 ? 'rust' : 'compiler') : r() < 0.5 ? 'weekly' : 'newsletter';
    ps.push({
      id: String(i),
      title: `${filler[Math.floor(r() * 4)]} ${topic} ${filler[Math.floor(r() * 4)]}`,
      url: '',
      points: 0,
      author: null,
      createdAt: 0,
    });
    y[i] = hot ? (r() < 0.85 ? 1 : 0) : r() < 0.1 ? 1 : 0;
  }
  return { posts: ps, y };
}

describe('title-only logistic regression (title mean vectors)', () => {
  const train = posts(2000, 1);
  const test = posts(500, 2);
  const xTrain = encode(train.posts, titlePrep, table).dense;
  const xTest = encode(test.posts, titlePrep, table).dense;
  const prior = metrics(test.y, predictPrior(priorModel(train.y, 2), 500), 2, 1);

  it('learns the signal in the title vector and beats the class prior', () => {
    const m = trainDenseLogReg(xTrain, train.y, 3, 2, { epochs: 5, lr: 0.01, l2: 1e-4, seed: 1 });
    const p = predictDenseLogReg(m, xTest, 500);
    for (let i = 0; i < 500; i++) expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 5);
    const got = metrics(test.y, p, 2, 1);
    expect(got.auc100).toBeGreaterThan(0.8);
    expect(got.logLoss).toBeLessThan(prior.logLoss - 0.15);
    expect(got.accuracy).toBeGreaterThan(0.8);
  });

  it('starts at the class prior: on titles with no signal its log loss stays near the prior', () => {
    const noise = { ...test, y: Int32Array.from(test.y, (_, i) => (rng(i + 9)() < 0.3 ? 1 : 0)) };
    const yTrain = Int32Array.from(train.y, (_, i) => (rng(i + 99)() < 0.3 ? 1 : 0));
    const m = trainDenseLogReg(xTrain, yTrain, 3, 2, { epochs: 5, lr: 5e-4, l2: 1e-4, seed: 1 });
    const got = metrics(noise.y, predictDenseLogReg(m, xTest, 500), 2, 1);
    const base = metrics(noise.y, predictPrior(priorModel(yTrain, 2), 500), 2, 1);
    expect(Math.abs(got.logLoss - base.logLoss)).toBeLessThan(0.02);
  });

  it('is reproducible for a seed and differs for another', () => {
    const a = trainDenseLogReg(xTrain, train.y, 3, 2, { epochs: 2, lr: 0.01, l2: 0, seed: 5 });
    const b = trainDenseLogReg(xTrain, train.y, 3, 2, { epochs: 2, lr: 0.01, l2: 0, seed: 5 });
    const c = trainDenseLogReg(xTrain, train.y, 3, 2, { epochs: 2, lr: 0.01, l2: 0, seed: 6 });
    expect(Array.from(a.w)).toEqual(Array.from(b.w));
    expect(Array.from(a.w)).not.toEqual(Array.from(c.w));
  });
});
