// The hnClassify pipeline (import → split → features → model + baselines → metrics) and hnAsk.
import type * as tf from '@tensorflow/tfjs';
import { initCompute } from '../gpu';
import { CancelledError, LabError } from '../errors';
import { loadVectors } from '../vectors/format';
import { text8Words } from '../lib/text8';
import type { ArgsOf, ResultOf, ProgressOf } from '../protocol';
import type { ModelReport, PostsSource } from './commands';
import { hashedFeatures, predictLogReg, predictPrior, priorModel, trainLogReg, type HashGroups } from './baselines';
import { ALL_GROUPS, encode, fitPrep, type FeatureGroups, type Prep, type WordTable } from './features';
import { binOf, confusion, metrics } from './metrics';
import { buildModel, DEFAULT_TRAIN, fitModel, predict } from './model';
import { parsePosts } from './parse';
import type { ParseResult, Post } from './posts';
import { randomSplit, timeSplit } from './split';

async function readSource(s: PostsSource): Promise<string> {
  if ('text' in s) return s.text;
  const r = await fetch(s.url);
  if (!r.ok) throw new LabError(`could not read ${s.url}: HTTP ${r.status}`);
  return r.text();
}

function sameSource(a: PostsSource, b: PostsSource): boolean {
  return 'url' in a && 'url' in b ? a.url === b.url : 'text' in a && 'text' in b && a.text === b.text;
}

// The last trained model, for hnAsk.
let last: { model: tf.LayersModel; prep: Prep; words: WordTable | null; edges: number[]; train: Post[]; titleVecs: Float32Array } | null = null;

async function wordTable(vectorsId: string): Promise<WordTable> {
  const v = await loadVectors(vectorsId);
  const dim = v.matrix.length / Math.max(v.words.length, 1);
  return { index: new Map(v.words.map((w, i) => [w, i])), matrix: v.matrix, dim };
}

function report(y: Int32Array, probs: Float32Array, k: number, topFrom: number, epochs: number): ModelReport {
  return { metrics: metrics(y, probs, k, topFrom), confusion: confusion(y, probs, k), epochs };
}

type Progress = (p: ProgressOf<'hnClassify'>) => void;

async function trainOne(train: Post[], test: Post[], edges: number[], groups: FeatureGroups, words: WordTable | null,
  seed: number, classWeights: boolean, progress: Progress, signal: AbortSignal) {
  const k = edges.length;
  // Validation = newest 10% of the training split (early stopping never sees the test split).
  const { train: fit, test: val } = timeSplit(train, 0.1);
  const prep = fitPrep(fit, groups, words?.dim ?? 0);
  const y = (ps: Post[]) => Int32Array.from(ps, (p) => binOf(p.points, edges));
  const model = buildModel(prep, k, seed);
  const logs = await fitModel(model, prep, encode(fit, prep, words), y(fit), encode(val, prep, words), y(val),
    { ...DEFAULT_TRAIN, k, seed, classWeights }, (l) => progress({ phase: 'training', ...l }), signal);
  if (signal.aborted) { model.dispose(); throw new CancelledError(); }
  const enc = encode(test, prep, words);
  return { model, prep, probs: await predict(model, prep, enc), epochs: logs.length, oovShare: enc.oovShare };
}

export async function classify(a: ArgsOf<'hnClassify'>, progress: Progress, signal: AbortSignal): Promise<ResultOf<'hnClassify'>> {
  await initCompute();
  const edges = a.bins ?? [1, 10, 100, 1000];
  if (edges.length < 2 || edges.some((e, i) => i > 0 && e <= edges[i - 1])) throw new LabError('bin edges must be ascending, at least two');
  const k = edges.length;
  const topFrom = Math.max(1, edges.findIndex((e) => e >= 100) === -1 ? k - 1 : edges.findIndex((e) => e >= 100));
  const seed = a.seed ?? 1;
  const testShare = a.testShare ?? 0.2;
  progress({ phase: 'importing' });
  const trainParsed = parsePosts(await readSource(a.train));
  let testParsed: ParseResult | null = a.test && !sameSource(a.train, a.test) ? parsePosts(await readSource(a.test)) : null;
  let train: Post[], test: Post[];
  if (testParsed) { train = trainParsed.posts; test = testParsed.posts; }
  else ({ train, test } = a.split === 'random' ? randomSplit(trainParsed.posts, testShare, seed) : timeSplit(trainParsed.posts, testShare));
  if (train.length < 20 || test.length < 5) throw new LabError(`too few posts to train (${train.length} train, ${test.length} test)`);
  const reasons = { ...trainParsed.reasons };
  for (const [r, n] of Object.entries(testParsed?.reasons ?? {})) reasons[r as keyof typeof reasons] = (reasons[r as keyof typeof reasons] ?? 0) + n;
  const skipped = trainParsed.skipped + (testParsed?.skipped ?? 0);
  const notices = [...trainParsed.notices, ...(testParsed?.notices ?? [])];
  testParsed = null;

  const words = a.vectorsId ? await wordTable(a.vectorsId) : null;
  const groups: FeatureGroups = { ...ALL_GROUPS, ...a.groups, ...(words ? {} : { title: false }) };
  if (!words) notices.push('No word vectors: the title-vector feature is off.');
  const yTest = Int32Array.from(test, (p) => binOf(p.points, edges));
  const yTrain = Int32Array.from(train, (p) => binOf(p.points, edges));

  progress({ phase: 'baselines' });
  const prior = priorModel(yTrain, k);
  const hg: HashGroups = { title: true, domain: true, time: true, author: true };
  const dim = 1 << 18;
  const lr = trainLogReg(train.map((p) => hashedFeatures(p, dim, hg)), yTrain, k, { dim, epochs: 4, lr: 0.3, l2: 1e-6, seed });
  const baselines = {
    majority: report(yTest, predictPrior(prior, test.length), k, topFrom, 0),
    logreg: report(yTest, predictLogReg(lr, test.map((p) => hashedFeatures(p, dim, hg))), k, topFrom, 4),
  };

  progress({ phase: 'training' });
  const main = await trainOne(train, test, edges, groups, words, seed, a.classWeights ?? false, progress, signal);
  const model = report(yTest, main.probs, k, topFrom, main.epochs);

  const ablation: ResultOf<'hnClassify'>['ablation'] = [];
  if (a.ablation) {
    for (const g of Object.keys(groups) as (keyof FeatureGroups)[]) {
      if (!groups[g]) continue;
      progress({ phase: `ablation: without ${g}` });
      const r = await trainOne(train, test, edges, { ...groups, [g]: false }, words, seed, a.classWeights ?? false, () => {}, signal);
      r.model.dispose();
      ablation.push({ without: g, metrics: metrics(yTest, r.probs, k, topFrom) });
    }
  }

  last?.model.dispose();
  const titleVecs = main.prep.dim && words ? encode(train, { ...main.prep, groups: { ...main.prep.groups, time: false, length: false, flags: false } }, words).dense : new Float32Array(0);
  last = { model: main.model, prep: main.prep, words, edges, train, titleVecs };

  const m = model.metrics, p = baselines.majority.metrics, l = baselines.logreg.metrics;
  const beats = m.logLoss < p.logLoss && m.logLoss < l.logLoss;
  const beatsBaselines = beats
    ? `The model beats both baselines on log loss (${m.logLoss.toFixed(3)} vs prior ${p.logLoss.toFixed(3)}, logistic ${l.logLoss.toFixed(3)}).`
    : `The model does NOT beat both baselines on log loss (${m.logLoss.toFixed(3)} vs prior ${p.logLoss.toFixed(3)}, logistic ${l.logLoss.toFixed(3)}).`;
  return { rows: { train: train.length, test: test.length, skipped }, reasons, notices, oovShare: main.oovShare, model, baselines, ablation, beatsBaselines };
}

export async function ask(a: ArgsOf<'hnAsk'>): Promise<ResultOf<'hnAsk'>> {
  if (!last) throw new LabError('train a model first');
  const t0 = performance.now();
  const post: Post = { id: 'ask', title: a.title, url: a.url ?? '', points: 0, author: a.author ?? null, createdAt: a.time ?? Math.floor(Date.now() / 1000) };
  const probs = Array.from(await predict(last.model, last.prep, encode([post], last.prep, last.words)));
  // Most similar training titles: cosine of title mean vectors.
  const similar: { title: string; points: number; score: number }[] = [];
  const d = last.prep.dim;
  if (d && last.words) {
    const q = new Float32Array(d);
    let hit = 0;
    for (const w of text8Words(a.title)) { const r = last.words.index.get(w); if (r === undefined) continue; hit++; for (let j = 0; j < d; j++) q[j] += last.words.matrix[r * d + j]; }
    if (hit) {
      const qn = Math.hypot(...q) || 1;
      const scores = last.train.map((p, i) => {
        let dot = 0, nn = 0;
        for (let j = 0; j < d; j++) { const v = last!.titleVecs[i * d + j]; dot += v * q[j]; nn += v * v; }
        return { title: p.title, points: p.points, score: nn ? dot / (Math.sqrt(nn) * qn) : 0 };
      });
      scores.sort((x, y) => y.score - x.score);
      similar.push(...scores.slice(0, 5));
    }
  }
  return { probs, bins: last.edges, similar, ms: performance.now() - t0 };
}
