import { describe, expect, it } from 'vitest';
import { binOf, confusion, metrics, rocAuc } from '../../workers/hn/metrics';
import { hashedFeatures, predictLogReg, predictPrior, priorModel, trainLogReg, domainOf } from '../../workers/hn/baselines';
import { timeSplit } from '../../workers/hn/split';
import type { Post } from '../../workers/hn/posts';

describe('HN metrics', () => {
  it('bins points by order of magnitude with configurable edges', () => {
    const e = [1, 10, 100, 1000];
    expect([0, 1, 9, 10, 99, 100, 999, 1000, 5000].map((p) => binOf(p, e))).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3]);
    expect(binOf(50, [1, 50])).toBe(1);
  });

  it('AUC: perfect ranking 1, reversed 0, ties 0.5', () => {
    const pos = Uint8Array.from([0, 0, 1, 1]);
    expect(rocAuc(Float64Array.from([0.1, 0.2, 0.8, 0.9]), pos)).toBe(1);
    expect(rocAuc(Float64Array.from([0.9, 0.8, 0.2, 0.1]), pos)).toBe(0);
    expect(rocAuc(Float64Array.from([0.5, 0.5, 0.5, 0.5]), pos)).toBe(0.5);
  });

  it('accuracy, macro-F1, log loss and confusion agree with hand computation', () => {
    const y = Int32Array.from([0, 1, 2, 2]);
    const p = Float32Array.from([0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0.1, 0.1, 0.8, 0.2, 0.2, 0.6]);
    const m = metrics(y, p, 3, 2);
    expect(m.accuracy).toBe(0.75);
    expect(confusion(y, p, 3)).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 2],
    ]);
    // F1: class0 2/3, class1 0, class2 1 → mean 5/9
    expect(m.macroF1).toBeCloseTo(5 / 9, 6);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.7) + Math.log(0.3) + Math.log(0.8) + Math.log(0.6)) / 4, 5);
    expect(m.auc100).toBe(1);
  });
});

function post(i: number, title: string, points: number): Post {
  return {
    id: String(i),
    title,
    url: i % 2 ? 'https://www.github.com/x' : '',
    points,
    author: 'u' + (i % 5),
    createdAt: 1.45e9 + i * 3600,
  };
}

describe('HN baselines', () => {
  it('class prior has the training frequencies and finite log loss', () => {
    const prior = priorModel(Int32Array.from([0, 0, 0, 1]), 3);
    expect(prior[0]).toBeGreaterThan(prior[1]);
    expect(prior[2]).toBeGreaterThan(0);
    const m = metrics(Int32Array.from([2]), predictPrior(prior, 1), 3, 2);
    expect(Number.isFinite(m.logLoss)).toBe(true);
  });

  it('hashed logistic regression learns words that predict the bin and beats the prior', () => {
    const posts: Post[] = [];
    for (let i = 0; i < 400; i++) {
      const hot = i % 3 === 0;
      posts.push(post(i, (hot ? 'rust compiler release ' : 'my weekend thoughts ') + ['a', 'b', 'c'][i % 3], hot ? 300 : 4));
    }
    const { train, test } = timeSplit(posts, 0.25);
    expect(Math.max(...train.map((p) => p.createdAt))).toBeLessThanOrEqual(Math.min(...test.map((p) => p.createdAt)));
    const edges = [1, 10, 100, 1000];
    const g = { title: true, domain: true, time: true, author: true };
    const xs = (ps: Post[]) => ps.map((p) => hashedFeatures(p, 1 << 12, g));
    const ytr = Int32Array.from(train, (p) => binOf(p.points, edges));
    const yte = Int32Array.from(test, (p) => binOf(p.points, edges));
    const lr = trainLogReg(xs(train), ytr, 4, { dim: 1 << 12, epochs: 5, lr: 0.5, l2: 1e-5, seed: 1 });
    const mLr = metrics(yte, predictLogReg(lr, xs(test)), 4, 2);
    const mPrior = metrics(yte, predictPrior(priorModel(ytr, 4), test.length), 4, 2);
    expect(mLr.logLoss).toBeLessThan(mPrior.logLoss);
    expect(mLr.auc100).toBeGreaterThan(0.95);
    expect(mLr.accuracy).toBeGreaterThan(0.95);
  });

  it('domains ignore www. and self posts get their own value', () => {
    expect(domainOf('https://www.GitHub.com/a?b')).toBe('github.com');
    expect(domainOf('')).toBe('(self)');
  });
});
