// The HN model's save format: a trained net → export file → import gives the same predictions
// (tfjs and the plain-TypeScript forward pass hnAsk uses); damaged files are refused with the
// reason; fine-tuning moves only the title words' vectors. tfjs runs on its CPU backend here.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { encode, fitPrep, type FeatureGroups } from '../../workers/hn/features';
import { DEFAULT_TRAIN, fitModel, HnNet, predict, predictCpu, type TrainOpts } from '../../workers/hn/model';
import { modelFromJson, modelToJson, MODEL_FORMAT, type HnModelBundle } from '../../workers/hn/model-store';
import { TitleTuner } from '../../workers/hn/finetune';
import { binOf } from '../../workers/hn/metrics';
import type { Post } from '../../workers/hn/posts';
import { ask, useModel } from '../../workers/hn/ask';
import { makePosts, toyBundle, words } from './hn-toy';
import { encodeTrain, fitModelPrep } from '../../workers/hn/model-prep';

const EDGES = [1, 10, 100];
const GROUPS: FeatureGroups = { title: true, time: true, domain: true, author: true, length: true, flags: true };
const opts: TrainOpts = { ...DEFAULT_TRAIN, k: EDGES.length, seed: 3, maxEpochs: 4, patience: 4, batchSize: 32 };
const y = (ps: Post[]) => Int32Array.from(ps, (p) => binOf(p.points, EDGES));
const never = new AbortController().signal;

async function trainBundle(wideDeep = false): Promise<{ bundle: HnModelBundle; probs: Float32Array; test: Post[] }> {
  const train = makePosts(300, 1),
    val = makePosts(60, 2),
    test = makePosts(40, 3);
  // The wide-and-deep model: SIF means (first component removed), target statistics, the wide part.
  const prep = wideDeep
    ? fitModelPrep(train, GROUPS, words, EDGES, {
        model: 'wide-deep',
        titleMean: 'sif',
        removePc: true,
        targetStats: true,
        wideTitle: true,
        counts: null,
      })
    : fitPrep(train, GROUPS, words.dim, 2);
  const net = HnNet.init(prep, EDGES.length, 3);
  const logs = await fitModel(
    net,
    {
      train: wideDeep ? encodeTrain(train, prep, words, EDGES, 3) : encode(train, prep, words),
      yTrain: y(train),
      val: encode(val, prep, words),
      yVal: y(val),
    },
    opts,
    () => {},
    never,
  );
  expect(logs.length).toBe(4);
  expect(logs[logs.length - 1].loss).toBeLessThan(logs[0].loss);
  const probs = await predict(net, encode(test, prep, words));
  const bundle = toyBundle({
    id: 'm1',
    name: 'unit',
    bins: EDGES,
    prep,
    weights: await net.weights(),
    train,
    metrics: { accuracy: 0.5, macroF1: 0.4, logLoss: 0.9, auc100: NaN },
  });
  net.dispose();
  return { bundle, probs, test };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('HN model save format', () => {
  it.each([
    ['the MLP', false],
    ['wide and deep with SIF means and target statistics', true],
  ])(
    'export → import gives the same predictions, in tfjs and in the CPU forward pass (%s)',
    async (_, wideDeep) => {
      const { bundle, probs, test } = await trainBundle(wideDeep);
      if (wideDeep) expect(bundle.prep.wide && bundle.prep.sif?.pc && bundle.prep.stats?.domain).toBeTruthy();
      const json = modelToJson(bundle);
      const back = modelFromJson(json, 'm2');
      expect(back.manifest).toMatchObject({ id: 'm2', origin: 'imported', name: 'unit', bins: EDGES, vocabSize: 7, trainRows: 300 });
      expect(back.manifest.metrics).toBeNull(); // NaN AUC does not survive JSON: no half metrics
      expect(back.titles).toEqual(bundle.titles);
      const net = HnNet.fromWeights(back.prep, EDGES.length, back.weights);
      const enc = encode(test, back.prep, { index: new Map(back.words.map((w, i) => [w, i])), matrix: back.matrix, dim: back.prep.dim });
      const again = await predict(net, enc);
      net.dispose();
      expect(Array.from(again)).toEqual(Array.from(probs));
      const cpu = predictCpu(back.weights, back.prep, EDGES.length, enc);
      for (let i = 0; i < probs.length; i++) expect(cpu[i]).toBeCloseTo(probs[i], 5);
      // Not a constant: the toy titles separate the bins.
      expect(Math.max(...probs) - Math.min(...probs)).toBeGreaterThan(0.2);
    },
    60_000,
  );

  it('refuses damaged or foreign files with the reason', async () => {
    const { bundle } = await trainBundle();
    const good = JSON.parse(modelToJson(bundle)) as Record<string, unknown> & {
      weights: { name: string; shape: number[]; data: string }[];
    };
    const variant = (f: (o: typeof good) => void): string => {
      const o = structuredClone(good);
      f(o);
      return JSON.stringify(o);
    };
    const cases: [string, RegExp][] = [
      ['{"hits": []', /not JSON/],
      ['{"hits": []}', new RegExp(`expected "format": "${MODEL_FORMAT}"`)],
      [
        variant((o) => {
          o.version = 99;
        }),
        /version 99 is not supported/,
      ],
      [
        variant((o) => {
          o.weights = o.weights.filter((w) => w.name !== 'w2');
        }),
        /weight "w2" is missing/,
      ],
      [
        variant((o) => {
          o.weights[0].data = btoa('12345678');
        }),
        /weight "w1" has 2 values, shape \[25, 64\], expected \[25, 64\]/,
      ],
      [
        variant((o) => {
          o.weights[0].data = 'AAAAAAA=';
        }),
        /weight "w1" is cut short \(5 bytes/,
      ],
      [
        variant((o) => {
          o.weights[0].data = '!!!';
        }),
        /weight "w1" is not valid base64/,
      ],
      [
        variant((o) => {
          o.weights[0].data = btoa(
            String.fromCharCode(
              ...new Uint8Array(Float32Array.from({ length: o.weights[0].shape.reduce((a, b) => a * b, 1) }, () => NaN).buffer),
            ),
          );
        }),
        /NaN/,
      ],
      [
        variant((o) => {
          o.matrix = btoa('abcd');
        }),
        /7 words × 2 dims ≠ 1 values/,
      ],
      [
        variant((o) => {
          (o.manifest as { bins: number[] }).bins = [10, 1];
        }),
        /bin edges/,
      ],
    ];
    for (const [text, msg] of cases) expect(() => modelFromJson(text, 'x')).toThrow(msg);
  }, 60_000);
});

describe('fine-tuning the title vectors', () => {
  it('trains through the title table and changes only the rows of title words', async () => {
    const train = makePosts(300, 4).map((p) => ({ ...p, title: p.title.replace('Show HN: ', '') }));
    const val = makePosts(60, 5).map((p) => ({ ...p, title: p.title.replace('Show HN: ', '') }));
    const prep = fitPrep(train, GROUPS, words.dim, 2);
    const net = HnNet.init(prep, EDGES.length, 3);
    const tuner = TitleTuner.create([...train, ...val], words);
    expect(tuner.size).toBe(5); // rust, compiler, weekly, newsletter, the (not show, hn)
    const rows = { train: tuner.tokenRows(train), val: tuner.tokenRows(val) };
    const logs = await fitModel(
      net,
      { train: encode(train, prep, words), yTrain: y(train), val: encode(val, prep, words), yVal: y(val), title: { tuner, ...rows } },
      opts,
      () => {},
      never,
    );
    expect(logs[logs.length - 1].loss).toBeLessThan(logs[0].loss);
    const tuned = tuner.tunedWords();
    const row = (m: Float32Array, w: string) => Array.from(m.subarray(words.index.get(w)! * 2, words.index.get(w)! * 2 + 2));
    expect(row(tuned.matrix, 'rust')).not.toEqual(row(words.matrix, 'rust'));
    expect(row(tuned.matrix, 'show')).toEqual(row(words.matrix, 'show'));
    expect(row(tuned.matrix, 'hn')).toEqual(row(words.matrix, 'hn'));
    net.dispose();
  }, 60_000);
});

describe('hnAsk from a model bundle (no GPU: the saved weights in plain TypeScript)', () => {
  it('answers with probabilities that sum to 1 and the most similar titles, by vectors and by words', async () => {
    const { bundle } = await trainBundle();
    useModel(bundle);
    const a = await ask({ title: 'the Rust compiler', url: 'https://github.com/x', author: 'pg', time: 1_450_000_000 });
    expect(a.modelId).toBe('m1');
    expect(a.probs.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    expect(a.similar).toHaveLength(5);
    expect(a.similar[0].title).toMatch(/rust|compiler/);
    expect(a.similar[0].score).toBeGreaterThan(0.5);
    // Without vectors (title group off): similarity by shared words.
    useModel({
      ...bundle,
      manifest: { ...bundle.manifest, id: 'm3' },
      prep: { ...bundle.prep, dim: 0, groups: { ...bundle.prep.groups, title: false } },
      words: [],
      matrix: new Float32Array(0),
      weights: bundle.weights.map((w) => (w.name === 'w1' ? { ...w, shape: [w.shape[0] - 2, 64], data: w.data.slice(2 * 64) } : w)),
    });
    const b = await ask({ title: 'weekly newsletter', time: 1_450_000_000 });
    expect(b.probs.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    expect(b.similar[0].title).toMatch(/the (weekly|newsletter) issue/);
    // Asked again, the same answer (nothing carried between calls); its time is a figure, not a test.
    const again = await ask({ title: 'weekly newsletter', time: 1_450_000_000 });
    expect(again.probs).toEqual(b.probs);
    await expect(ask({ title: '   ' })).rejects.toThrow(/type a title/);
  }, 60_000);
});
