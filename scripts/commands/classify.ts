// `npm run lab -- classify --train F [--test F] [--vectors F] [--bins 1,10,100,1000] [--seed N]
//   [--split time|random] [--class-weights] [--ablation]`
// Trains the HN upvote classifier in the engine and prints the model's and the baselines' metrics.
// "majority" is the class prior: it predicts the training bin frequencies as probabilities.
import { basename, resolve } from 'node:path';
import type { LabCommand } from './index';
import { LabFailure, stderrStatus } from '../lab-context';

export const classify: LabCommand = async (ctx, flags) => {
  const trainF = flags.optString('train');
  if (!trainF) throw new LabFailure('--train <csv|json> is required');
  const testF = flags.optString('test');
  const vectors = flags.optString('vectors');
  const binsFlag = flags.optString('bins');
  const bins = binsFlag ? binsFlag.split(',').map(Number) : undefined;
  if (bins && bins.some((b) => !Number.isFinite(b))) throw new LabFailure('--bins takes numbers, e.g. 1,10,100,1000');
  const seed = flags.number('seed', 1);
  const split = flags.string('split', 'time');
  if (split !== 'time' && split !== 'random') throw new LabFailure('--split is time or random');
  const classWeights = flags.bool('class-weights');
  const ablation = flags.bool('ablation');
  flags.assertAllUsed();

  let vectorsId: string | undefined;
  if (vectors) {
    const imp = await ctx.call('importVectors', { url: ctx.input(vectors), name: basename(vectors) }, (p) => {
      if (typeof p === 'object' && p !== null && 'rows' in p) stderrStatus(`importing vectors… ${String(p.rows)} rows`);
    });
    vectorsId = imp.manifest.id;
  } else {
    process.stderr.write('no --vectors: the title-vector feature is off\n');
  }
  const same = testF !== undefined && resolve(testF) === resolve(trainF);
  const r = await ctx.call('hnClassify', {
    train: { url: ctx.input(trainF) },
    test: testF && !same ? { url: ctx.input(testF) } : undefined,
    vectorsId, bins, seed, split, classWeights, ablation,
  }, (p) => {
    if (typeof p === 'object' && p !== null && 'phase' in p) {
      const e = 'epoch' in p && 'valLoss' in p ? ` epoch ${String(p.epoch)} val loss ${Number(p.valLoss).toFixed(4)}` : '';
      stderrStatus(`${String(p.phase)}${e}`);
    }
  });
  for (const n of r.notices) process.stderr.write(`notice: ${n}\n`);
  if (r.rows.skipped) process.stderr.write(`skipped rows: ${JSON.stringify(r.reasons)}\n`);
  process.stderr.write(`title OOV share: ${(r.oovShare * 100).toFixed(1)}%\n${r.beatsBaselines}\n`);
  for (const a of r.ablation) process.stderr.write(`ablation without ${a.without}: ${JSON.stringify(a.metrics)}\n`);
  const out: Record<string, unknown> = {
    rows: r.rows,
    model: r.model.metrics,
    baselines: { majority: { ...r.baselines.majority.metrics, kind: 'class prior' }, logreg: r.baselines.logreg.metrics },
  };
  if (r.ablation.length) out.ablation = Object.fromEntries(r.ablation.map((a) => [`without_${a.without}`, a.metrics]));
  return out;
};
