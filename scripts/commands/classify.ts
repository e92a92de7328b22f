// `npm run lab -- classify --train F [--test F] [--vectors F | --corpus C [training flags]] [--bins 1,10,100,1000] [--seed N]
//   [--split time|random] [--test-share 0.2] [--class-weights] [--finetune] [--no-title | --groups title,time,…]
//   [--ablation] [--max-epochs N] [--patience N] [--save-model F] [--bootstrap N] [--calibrate | --no-calibrate]
//   [--model mlp|wide-deep] [--title-mean plain|sif] [--remove-pc] [--no-target-stats] [--hn-vectors-epochs N]
//   [--members N] [--no-gbdt-blend]`
// Trains the HN upvote classifier in the engine and prints the model's and the baselines' metrics.
// The title vectors come from a vector file, or are trained first on --corpus with the `train`
// command's flags (--dim, --epochs, …; --seed seeds both).
// "majority" is the class prior: it predicts the training bin frequencies as probabilities.
// "titleLogreg" is logistic regression on the title alone (mean word vector, or hashed words without vectors);
// "titleWords" on the title's hashed words alone.
// "gbdt": gradient-boosted trees on the model's features (domain/author as out-of-fold target
// statistics), early-stopped on the model's validation part; `importance`: the top split-gain shares.
// --bootstrap N: 95% percentile intervals from N resamples of the test posts (seeded by --seed) of
// every predictor's metrics, and the model's paired differences from the baselines ("intervals").
// "calibration": temperature and per-bin bias scaling of the model and the GBDT fitted on the validation part (ECE and
// log loss before/after, "eceNoise": the ECE a perfectly calibrated model would show on these test posts) and the
// macro-F1 decision rule beside argmax. The model's and the GBDT's metrics are the calibrated probabilities' where
// 5-fold cross-validation on the validation part says the scaling helps ("applied", "gbdtApplied", "cv"); --calibrate
// always applies it, --no-calibrate never. Every metrics object has "ece".
// --model: 'wide-deep' (default) adds a linear layer over hashed title uni/bigrams, domain and author to
// the MLP's logits; --title-mean sif (default) weights words a/(a + p(w)) (--remove-pc also removes the first
// principal component of the training titles' means, Arora et al.'s second step: worse on validation here); --no-target-stats drops the domain/author
// target statistics; --hn-vectors-epochs N continues word2vec on the training titles first ("hnVectors":
// new words, test-title OOV before/after). "validation": the model's validation log loss (defaults are
// chosen on it, never on the test part). "timings": seconds per part of the fit.
// --members N: the model is N nets (seeds seed, seed + 1000, …) averaged (default 3); --no-gbdt-blend keeps the
// boosted trees out of it (by default they are mixed in at the weight, 0 to 0.6, with the lowest validation log
// loss). "model.ensemble": nets, the trees' weight, each net's own test AUC and log loss.
// --ablation: each feature group off and each of the model's choices flipped, one retrain each, printed
// as JSON lines ({"ablation": …}) before the result.
import { basename, resolve } from 'node:path';
import type { LabCommand } from './index';
import { LabFailure, stderrStatus } from '../lab-context';
import { settingsFrom, trainerFrom, trainOn } from './train';
import type { FeatureGroups } from '../../workers/hn/features';
import type { ProgressOf } from '../../workers/protocol';
import { MAX_BOOTSTRAP, MIN_BOOTSTRAP } from '../../workers/hn/intervals';
import { MAX_MEMBERS } from '../../workers/hn/ensemble';

const GROUPS: (keyof FeatureGroups)[] = ['title', 'time', 'domain', 'author', 'length', 'flags'];

/** --groups title,time,… (only these on) and --no-title. */
function groupsOf(list: string | undefined, noTitle: boolean): Partial<FeatureGroups> | undefined {
  let g: Partial<FeatureGroups> | undefined;
  if (list !== undefined) {
    const names = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = names.filter((n) => !GROUPS.includes(n as keyof FeatureGroups));
    if (bad.length) throw new LabFailure(`--groups: unknown group(s) ${bad.join(', ')}; known: ${GROUPS.join(', ')}`);
    g = Object.fromEntries(GROUPS.map((n) => [n, names.includes(n)]));
  }
  if (noTitle) g = { ...g, title: false };
  return g;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const classify: LabCommand = async (ctx, flags) => {
  const trainF = flags.optString('train');
  if (!trainF) throw new LabFailure('--train <csv|json> is required');
  const testF = flags.optString('test');
  const vectors = flags.optString('vectors');
  const corpus = flags.optString('corpus');
  if (vectors && corpus) throw new LabFailure('give --vectors F or --corpus C (with training flags), not both');
  const trainSettings = corpus ? settingsFrom(flags) : undefined;
  const trainer = trainerFrom(flags);
  const binsFlag = flags.optString('bins');
  const bins = binsFlag ? binsFlag.split(',').map(Number) : undefined;
  if (bins && bins.some((b) => !Number.isFinite(b))) throw new LabFailure('--bins takes numbers, e.g. 1,10,100,1000');
  const seed = flags.number('seed', 1);
  const split = flags.string('split', 'time');
  if (split !== 'time' && split !== 'random') throw new LabFailure('--split is time or random');
  const testShare = flags.optNumber('test-share');
  const classWeights = flags.bool('class-weights');
  const ablation = flags.bool('ablation');
  const finetune = flags.bool('finetune');
  const groups = groupsOf(flags.optString('groups'), flags.bool('no-title'));
  const maxEpochs = flags.optNumber('max-epochs');
  const patience = flags.optNumber('patience');
  const saveModel = flags.optString('save-model');
  const bootstrap = flags.optNumber('bootstrap');
  const calibrate = flags.bool('calibrate') ? true : flags.bool('no-calibrate') ? false : undefined;
  const model = flags.optString('model');
  if (model !== undefined && model !== 'mlp' && model !== 'wide-deep') throw new LabFailure('--model is mlp or wide-deep');
  const titleMean = flags.optString('title-mean');
  if (titleMean !== undefined && titleMean !== 'plain' && titleMean !== 'sif') throw new LabFailure('--title-mean is plain or sif');
  const removePc = flags.bool('remove-pc');
  const noTargetStats = flags.bool('no-target-stats');
  const hnVectorsEpochs = flags.optNumber('hn-vectors-epochs');
  if (hnVectorsEpochs !== undefined && !(Number.isInteger(hnVectorsEpochs) && hnVectorsEpochs >= 0 && hnVectorsEpochs <= 50))
    throw new LabFailure(`--hn-vectors-epochs takes a whole number from 0 to 50 (got ${hnVectorsEpochs})`);
  if (bootstrap !== undefined && !(Number.isInteger(bootstrap) && bootstrap >= MIN_BOOTSTRAP && bootstrap <= MAX_BOOTSTRAP))
    throw new LabFailure(
      `--bootstrap takes a whole number of resamples from ${MIN_BOOTSTRAP} to ${MAX_BOOTSTRAP} (1000 or more recommended; got ${bootstrap})`,
    );
  const members = flags.optNumber('members');
  if (members !== undefined && !(Number.isInteger(members) && members >= 1 && members <= MAX_MEMBERS))
    throw new LabFailure(`--members takes a whole number of nets from 1 to ${MAX_MEMBERS} (got ${members})`);
  const noGbdtBlend = flags.bool('no-gbdt-blend');
  flags.assertAllUsed();

  let vectorsId: string | undefined;
  let trained: Record<string, unknown> | undefined;
  if (corpus && trainSettings) {
    const t = await trainOn(ctx, corpus, trainSettings, trainer);
    vectorsId = t.vectorsId;
    trained = { words: t.words, vocab: t.vocab, epochs: t.epochs, dim: trainSettings.dim, wordsPerSec: t.wordsPerSec, adapter: t.adapter };
  } else if (vectors) {
    const imp = await ctx.call('importVectors', { url: ctx.input(vectors), name: basename(vectors) }, (p) => {
      if (typeof p === 'object' && p !== null && 'rows' in p) stderrStatus(`importing vectors… ${String(p.rows)} rows`);
    });
    vectorsId = imp.manifest.id;
  } else {
    process.stderr.write('no --vectors or --corpus: the title-vector feature is off\n');
  }
  const same = testF !== undefined && resolve(testF) === resolve(trainF);
  const t0 = performance.now();
  const r = await ctx.call(
    'hnClassify',
    {
      train: { url: ctx.input(trainF) },
      test: testF && !same ? { url: ctx.input(testF) } : undefined,
      vectorsId,
      bins,
      seed,
      split,
      testShare,
      classWeights,
      ablation,
      finetune,
      groups,
      maxEpochs,
      patience,
      bootstrap,
      calibrate,
      model,
      titleMean,
      removePc: removePc ? true : undefined,
      targetStats: noTargetStats ? false : undefined,
      hnVectorsEpochs,
      members,
      gbdtBlend: noGbdtBlend ? false : undefined,
    },
    (u) => {
      const p = u as ProgressOf<'hnClassify'>; // the engine's progress for this command
      const at = `[${((performance.now() - t0) / 1000).toFixed(1)} s] `;
      if (p.valLoss !== undefined)
        stderrStatus(`${at}${p.phase} epoch ${p.epoch} loss ${p.loss?.toFixed(4)} val loss ${p.valLoss.toFixed(4)}`);
      else if (p.fraction === undefined) stderrStatus(at + p.phase);
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const n of r.notices) process.stderr.write(`notice: ${n}\n`);
  if (r.rows.skipped) process.stderr.write(`skipped rows: ${JSON.stringify(r.reasons)}\n`);
  process.stderr.write(`title OOV share: ${(r.oovShare * 100).toFixed(1)}%\n${r.beatsBaselines}\n`);
  // The ablation table: one JSON line a row (this fit first), then the result as the last line.
  if (r.ablation.length || r.variants?.length) {
    const line = (name: string, m: typeof r.model.metrics, valLogLoss: number) =>
      process.stdout.write(JSON.stringify({ ablation: name, valLogLoss, ...m }) + '\n');
    line('this fit', r.model.metrics, r.validation.logLoss);
    for (const a of r.ablation) line(`without ${a.without}`, a.metrics, a.valLogLoss);
    for (const v of r.variants ?? []) line(v.name, v.metrics, v.valLogLoss);
  }
  if (r.intervals) {
    const d = r.intervals.diff;
    for (const v of [d.vsLogreg.logLoss, d.vsLogreg.auc100, d.vsTitleLogreg.logLoss, d.vsTitleLogreg.auc100])
      process.stderr.write(`${v.verdict}\n`);
  }

  // hnAsk latency in the worker (the model stays loaded), over a few titles.
  const asks: number[] = [];
  for (const title of [
    'Show HN: A tiny compiler written in Rust',
    'Ask HN: How do you learn math?',
    'Google announces new TPU',
    'Why we moved from Python to Go',
  ]) {
    for (let i = 0; i < 5; i++)
      asks.push((await ctx.call('hnAsk', { title, url: 'https://github.com/x/y', author: 'pg', time: 1_450_000_000 })).ms);
  }
  if (saveModel) {
    if (!r.modelId) throw new LabFailure('the model was not saved');
    const putUrl = ctx.files.allowUpload(`model-${Date.now()}.json`, resolve(saveModel));
    const x = await ctx.call('hnModelExport', { modelId: r.modelId, putUrl });
    process.stderr.write(`model written to ${saveModel} (${(x.bytes / 1e6).toFixed(1)} MB)\n`);
  }

  const out: Record<string, unknown> = {
    rows: r.rows,
    model: {
      ...r.model.metrics,
      ece: r.model.ece,
      epochs: r.model.epochs,
      ...r.settings,
      validation: r.validation,
      ensemble: {
        members: r.ensemble.members,
        gbdtWeight: r.ensemble.gbdtWeight,
        memberAuc100: r.ensemble.memberMetrics.map((m) => m.auc100),
        memberLogLoss: r.ensemble.memberMetrics.map((m) => m.logLoss),
      },
      ...(finetune ? { finetunedWords: r.finetunedWords } : {}),
    },
    baselines: {
      majority: { ...r.baselines.majority.metrics, ece: r.baselines.majority.ece, kind: 'class prior' },
      logreg: { ...r.baselines.logreg.metrics, ece: r.baselines.logreg.ece },
      titleLogreg: { ...r.baselines.titleLogreg.metrics, ece: r.baselines.titleLogreg.ece, features: r.baselines.titleLogreg.features },
      titleWords: { ...r.baselines.titleWords.metrics, ece: r.baselines.titleWords.ece },
      ...(r.baselines.gbdt
        ? {
            gbdt: {
              ...r.baselines.gbdt.metrics,
              ece: r.baselines.gbdt.ece,
              rounds: r.baselines.gbdt.epochs,
              seconds: r.baselines.gbdt.seconds,
              importance: r.baselines.gbdt.importance.slice(0, 8),
            },
          }
        : {}),
    },
    settings: { split, seed, bins: bins ?? [1, 10, 100, 1000], finetune, classWeights, groups: groups ?? 'all', aucFrom: r.aucFrom },
    oovShare: r.oovShare,
    askMs: { median: median(asks), max: Math.max(...asks), n: asks.length },
    seconds,
    timings: r.timings,
  };
  if (trained) out.vectors = trained;
  if (r.hnVectors) out.hnVectors = r.hnVectors;
  if (r.intervals) out.intervals = r.intervals;
  if (r.regression)
    out.regression = { ...r.regression.linear, kind: 'ridge on the GBDT features, log10(points + 1)', says: r.regression.says };
  if (r.calibration) {
    // Reliability bins are for the page's diagram; the runner prints the figures.
    const brief = ({ reliability: _, ...c }: NonNullable<typeof r.calibration>['model']) => c;
    const { applied, gbdtApplied, cv } = r.calibration;
    out.calibration = {
      model: brief(r.calibration.model),
      ...(r.calibration.gbdt ? { gbdt: brief(r.calibration.gbdt) } : {}),
      applied,
      gbdtApplied,
      cv,
    };
  }
  if (r.ablation.length) out.ablation = Object.fromEntries(r.ablation.map((a) => [`without_${a.without}`, a.metrics]));
  return out;
};
