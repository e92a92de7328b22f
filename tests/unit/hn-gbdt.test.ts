// The boosted trees against scikit-learn's HistGradientBoostingClassifier on a fixed small data set
// (tests/fixtures/hn/gbdt-sklearn.json, written by scripts/peers/gbdt_fixture.py with Debian's
// python3-sklearn): the same settings give the same test probabilities within 1e-6 (float32
// gradients summed in a different order are the only difference), and early stopping, importances,
// cancel and bad settings behave.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binThresholds, fitGbdt, predictGbdt, type GbdtOpts } from '../../workers/hn/gbdt';

interface Fixture {
  k: number;
  d: number;
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
  yTest: number[];
  cases: {
    params: {
      learning_rate: number;
      max_iter: number;
      max_leaf_nodes: number;
      max_depth?: number;
      min_samples_leaf: number;
      l2_regularization: number;
      max_bins: number;
    };
    probs: number[][];
  }[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/hn/gbdt-sklearn.json', import.meta.url), 'utf8')) as Fixture;
const xTrain = Float32Array.from(fx.xTrain.flat()),
  yTrain = Int32Array.from(fx.yTrain);
const xTest = Float32Array.from(fx.xTest.flat()),
  yTest = Int32Array.from(fx.yTest);

const optsOf = (p: Fixture['cases'][number]['params']): Partial<GbdtOpts> => ({
  learningRate: p.learning_rate,
  maxRounds: p.max_iter,
  maxLeaves: p.max_leaf_nodes,
  maxDepth: p.max_depth ?? 0,
  minSamplesLeaf: p.min_samples_leaf,
  l2: p.l2_regularization,
  maxBins: p.max_bins,
});

describe('gradient-boosted trees', () => {
  for (const [i, c] of fx.cases.entries()) {
    it(`equals scikit-learn's HistGradientBoostingClassifier (case ${i + 1}: ${c.params.max_iter} rounds, ${c.params.max_leaf_nodes} leaves)`, async () => {
      const m = await fitGbdt({ x: xTrain, y: yTrain }, fx.d, fx.k, optsOf(c.params));
      expect(m.rounds).toBe(c.params.max_iter);
      const p = predictGbdt(m, xTest, yTest.length);
      let worst = 0;
      c.probs.forEach((row, r) =>
        row.forEach((v, j) => {
          worst = Math.max(worst, Math.abs(v - p[r * fx.k + j]));
        }),
      );
      expect(worst).toBeLessThan(1e-6); // measured 3e-8; a 1% change of the learning rate moves them by 0.13
    });
  }

  it('bins like numpy: midpoints of few distinct values, "midpoint" percentiles of many', () => {
    expect([...binThresholds(Float64Array.from([3, 1, 2, 2, 5]), 255)]).toEqual([1.5, 2.5, 4]);
    // 11 values 0..10, 4 bins: percentiles 25/50/75 at positions 2.5, 5, 7.5 → midpoints 2.5, 5, 7.5.
    expect([
      ...binThresholds(
        Float64Array.from({ length: 11 }, (_, i) => i),
        4,
      ),
    ]).toEqual([2.5, 5, 7.5]);
  });

  it('early stopping keeps the best validation round, and the useful features carry the gain', async () => {
    const cut = 300;
    const m = await fitGbdt(
      { x: xTrain.subarray(0, cut * fx.d), y: yTrain.subarray(0, cut) },
      fx.d,
      fx.k,
      { learningRate: 0.3, maxRounds: 200, patience: 5 },
      { x: xTrain.subarray(cut * fx.d), y: yTrain.subarray(cut) },
    );
    expect(m.rounds).toBeLessThan(200);
    expect(m.trees.length).toBe(m.rounds * fx.k);
    const bestLoss = Math.min(...m.valLoss);
    expect(m.valLoss[m.rounds - 1]).toBe(bestLoss);
    expect(m.valLoss.length).toBe(m.rounds + 5);
    // Feature 4 is noise: the least gain of the five.
    expect(m.importance.indexOf(Math.min(...m.importance))).toBe(4);
  });

  it('a cancel is answered between rounds, and bad settings are refused', async () => {
    const ctl = new AbortController();
    const run = fitGbdt({ x: xTrain, y: yTrain }, fx.d, fx.k, { maxRounds: 10_000 }, undefined, ctl.signal, (r) => {
      if (r === 3) ctl.abort();
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    await expect(fitGbdt({ x: xTrain, y: yTrain }, fx.d, fx.k, { maxBins: 300 })).rejects.toThrow(/bins/);
  });
});
