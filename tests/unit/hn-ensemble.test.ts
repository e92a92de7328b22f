// The HN model as an ensemble: the trees' mixture weight is the one with the lowest validation
// log loss (none when the trees only add noise); a saved ensemble (nets, trees, calibration)
// survives the export file and gives hnAsk exactly the probabilities the fit computed; damaged
// trees are refused with the reason. tfjs runs on its CPU backend here.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { encode, fitPrep, type FeatureGroups } from '../../workers/hn/features';
import { HnNet, predictCpu } from '../../workers/hn/model';
import { modelFromJson, modelToJson, type HnModelBundle } from '../../workers/hn/model-store';
import { fitModelPrep } from '../../workers/hn/model-prep';
import { runGbdt } from '../../workers/hn/gbdt-baseline';
import {
  chooseGbdtWeight,
  GBDT_WEIGHTS,
  meanProbs,
  mixProbs,
  predictEnsembleCpu,
  saveGbdt,
  type HnEnsembleParts,
} from '../../workers/hn/ensemble';
import { applyScaling } from '../../workers/hn/calibration';
import { ask, useModel } from '../../workers/hn/ask';
import type { Post } from '../../workers/hn/posts';
import { makePosts, toyBundle, words } from './hn-toy';

const EDGES = [1, 10, 100];
const K = EDGES.length;
const GROUPS: FeatureGroups = { title: true, time: true, domain: true, author: true, length: true, flags: true };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Labels drawn from `truth` [n, K] (seeded). */
function draw(truth: Float32Array, seed: number): Int32Array {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Int32Array.from({ length: truth.length / K }, (_, i) => {
    let u = rnd(),
      c = 0;
    while (c < K - 1 && (u -= truth[i * K + c]) > 0) c++;
    return c;
  });
}

describe('the trees’ mixture weight', () => {
  it('is the weight with the lowest validation log loss, and 0 when the trees are noise', () => {
    const n = 4000;
    let s = 5;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    // Sharp true probabilities; the nets know them on even rows only, the trees on odd rows only
    // (the uniform guess elsewhere): by symmetry the even mixture is best.
    const truth = new Float32Array(n * K);
    for (let i = 0; i < n; i++) {
      const top = Math.floor(rnd() * K);
      for (let c = 0; c < K; c++) truth[i * K + c] = c === top ? 0.8 : 0.1;
    }
    const labels = draw(truth, 9);
    const half = (odd: number) => Float32Array.from(truth, (p, j) => (Math.floor(j / K) % 2 === odd ? p : 1 / K));
    const nets = half(0),
      trees = half(1);
    const c = chooseGbdtWeight(labels, nets, trees, K);
    expect(c.valLogLoss.map((v) => v.weight)).toEqual(GBDT_WEIGHTS);
    const best = Math.min(...c.valLogLoss.map((v) => v.logLoss));
    expect(c.valLogLoss.find((v) => v.weight === c.weight)?.logLoss).toBe(best);
    expect(c.weight).toBeGreaterThanOrEqual(0.4);
    expect(c.weight).toBeLessThanOrEqual(0.6);
    expect(best).toBeLessThan(c.valLogLoss[0].logLoss - 0.05); // the mixture beats the nets alone
    // Trees that predict the opposite of the truth: mixing only hurts.
    const wrong = Float32Array.from(truth, (_, j) => truth[j - (j % K) + (((j % K) + 1) % K)]);
    expect(chooseGbdtWeight(labels, truth, wrong, K).weight).toBe(0);
    expect(Array.from(meanProbs([nets, trees]))).toEqual(Array.from(mixProbs(nets, trees, 0.5)));
  });
});

describe('a saved ensemble', () => {
  async function ensembleBundle(): Promise<{ bundle: HnModelBundle; test: Post[]; expected: Float32Array }> {
    const fit = makePosts(300, 1),
      val = makePosts(80, 2),
      test = makePosts(30, 3);
    const prep = fitModelPrep(fit, GROUPS, words, EDGES, {
      model: 'wide-deep',
      titleMean: 'sif',
      removePc: false,
      targetStats: true,
      wideTitle: true,
      counts: null,
    });
    // Three nets from three seeds (untrained: their random layers already tell posts apart).
    const nets = [1, 1001, 2001].map((seed) => HnNet.init(prep, K, seed));
    const weights = await Promise.all(nets.map((n) => n.weights()));
    nets.forEach((n) => n.dispose());
    const g = await runGbdt(fit, val, test, fitPrep(fit, GROUPS, words.dim), words, EDGES, ['1–9', '10–99', '100+'], { seed: 1 });
    const parts: HnEnsembleParts = {
      members: weights.slice(1),
      gbdt: { weight: 0.3, trees: saveGbdt(g.model, g.encoder) },
      scaling: { temperature: 1.3, bias: [0, -0.2, 0.4] },
    };
    // What the fit computes for the test posts: the nets' mean, the trees mixed in, then the scaling.
    const e = encode(test, prep, words);
    const netMean = meanProbs(weights.map((w) => predictCpu(w, prep, K, e)));
    const expected = applyScaling(mixProbs(netMean, g.probs, 0.3), K, 1.3, [0, -0.2, 0.4]);
    const bundle: HnModelBundle = {
      ...toyBundle({ id: 'e1', name: 'ensemble', bins: EDGES, prep, weights: weights[0], train: fit, metrics: null }),
      ensemble: parts,
    };
    return { bundle, test, expected };
  }

  it('gives the fit’s probabilities after export → import, and hnAsk answers with them', async () => {
    const { bundle, test, expected } = await ensembleBundle();
    const direct = predictEnsembleCpu(bundle.weights, bundle.ensemble, bundle.prep, K, encode(test, bundle.prep, words), test, words);
    for (let i = 0; i < expected.length; i++) expect(direct[i]).toBeCloseTo(expected[i], 6);
    // The trees matter: without them the answer differs.
    const netsOnly = predictEnsembleCpu(
      bundle.weights,
      { ...bundle.ensemble!, gbdt: null },
      bundle.prep,
      K,
      encode(test, bundle.prep, words),
      test,
      words,
    );
    expect(Math.max(...direct.map((p, i) => Math.abs(p - netsOnly[i])))).toBeGreaterThan(1e-3);

    const back = modelFromJson(modelToJson(bundle), 'e2');
    expect(back.ensemble?.members).toHaveLength(2);
    expect(back.ensemble?.gbdt?.weight).toBe(0.3);
    expect(back.ensemble?.scaling).toEqual({ temperature: 1.3, bias: [0, -0.2, 0.4] });
    const table = { index: new Map(back.words.map((w, i) => [w, i])), matrix: back.matrix, dim: back.prep.dim };
    const again = predictEnsembleCpu(back.weights, back.ensemble, back.prep, K, encode(test, back.prep, table), test, table);
    for (let i = 0; i < expected.length; i++) expect(again[i]).toBeCloseTo(expected[i], 6);

    useModel(back);
    const p = test[0];
    const a = await ask({ title: p.title, url: p.url, author: p.author ?? undefined, time: p.createdAt });
    expect(a.modelId).toBe('e2');
    for (let c = 0; c < K; c++) expect(a.probs[c]).toBeCloseTo(expected[c], 6);
  }, 60_000);

  it('refuses damaged trees and nets with the reason', async () => {
    const { bundle } = await ensembleBundle();
    type Json = {
      ensemble: {
        members: { name: string; data: string }[][];
        scaling: { temperature: number; bias: number[] };
        gbdt: { weight: number; model: { rounds: number; trees: { feature: number[]; left: number[]; right: number[] }[] } };
      };
    };
    const good = JSON.parse(modelToJson(bundle)) as Json;
    const variant = (f: (o: Json) => void): string => {
      const o = structuredClone(good);
      f(o);
      return JSON.stringify(o);
    };
    const split = good.ensemble.gbdt.model.trees.findIndex((t) => t.feature[0] >= 0);
    expect(split).toBeGreaterThanOrEqual(0); // the toy trees do split
    const cases: [string, RegExp][] = [
      [
        variant((o) => void (o.ensemble.members[1] = o.ensemble.members[1].filter((w) => w.name !== 'w2'))),
        /net 3's weight "w2" is missing/,
      ],
      [variant((o) => void (o.ensemble.gbdt.weight = 1.5)), /ensemble's tree weight is malformed/],
      [variant((o) => void (o.ensemble.gbdt.model.rounds += 1)), /ensemble's trees are malformed/],
      [variant((o) => void (o.ensemble.gbdt.model.trees[split].feature[0] = 10_000)), new RegExp(`tree ${split + 1} is malformed`)],
      // A child pointing back at its parent would loop for ever in prediction.
      [variant((o) => void (o.ensemble.gbdt.model.trees[split].left[0] = 0)), new RegExp(`tree ${split + 1} is malformed`)],
      [variant((o) => void (o.ensemble.scaling.temperature = -1)), /calibration is malformed/],
    ];
    for (const [text, msg] of cases) expect(() => modelFromJson(text, 'x')).toThrow(msg);
  }, 60_000);
});
