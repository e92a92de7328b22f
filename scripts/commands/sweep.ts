// `npm run lab -- sweep --corpus <path|url> --grid "window=2,5;dim=50,100" | --random N [--seed S] --ranges "alpha=0.01:0.05;window=2:10"
//   [train's flags for the rest] [--trainer auto|gpu|cpu] [--eval-analogies F] [--eval-pairs F]`
// Ingests the corpus once, then runs the engine's sweep (each run recorded and scored), one
// progress line per run on stderr; the last line: {"runs":[…],"best":{"index","by","value"}}.
import type { LabCommand } from './index';
import { LabFailure, stderrStatus } from '../lab-context';
import { progressLine, settingsFrom, trainerFrom } from './train';
import { loadEvalFiles, scoreFigures } from './eval-files';
import { randomSweepText } from '../../workers/experiments/sweep-plan';
import type { SweepProgress } from '../../workers/sweeps/commands';
import type { W2vRecord } from '../../workers/runs/record';

function isSweepProgress(p: unknown): p is SweepProgress {
  return typeof p === 'object' && p !== null && 'sweepId' in p && 'index' in p;
}

/** The sweep text from --grid or --random/--seed/--ranges. */
function sweepText(grid: string | undefined, random: number | undefined, seed: number, ranges: string | undefined): string {
  if (grid !== undefined && random !== undefined) throw new LabFailure('give --grid or --random N, not both');
  if (grid !== undefined) return grid;
  if (random === undefined) throw new LabFailure('give --grid "name=v1,v2;…" or --random N --ranges "name=lo:hi;…"');
  if (!ranges) throw new LabFailure('--random needs --ranges "name=lo:hi;…"');
  return randomSweepText(random, seed, ranges);
}

export const sweep: LabCommand = async (ctx, flags) => {
  const corpus = flags.optString('corpus');
  if (!corpus) throw new LabFailure('--corpus <path|url> is required');
  const text = sweepText(flags.optString('grid'), flags.optNumber('random'), flags.number('seed', 1), flags.optString('ranges'));
  const base = settingsFrom(flags);
  const trainer = trainerFrom(flags);
  // Refused before anything is read: every problem at once.
  const plan = await ctx.call('sweepPlan', { kind: 'w2v', text, base });
  if (plan.problems.length)
    throw new LabFailure(
      `sweep refused (${plan.problems.length} problem${plan.problems.length > 1 ? 's' : ''}): ${plan.problems.join('; ')}`,
    );
  const ids = await loadEvalFiles(ctx, flags);
  const ing = await ctx.ingest(corpus, { minCount: base.minCount }, () => stderrStatus('ingesting…'));
  let index = -1;
  let lastLoss: number | undefined;
  const r = await ctx.call('sweepStart', { kind: 'w2v', text, corpusId: ing.manifest.id, base, trainer, name: `sweep ${text}` }, (p) => {
    if (!isSweepProgress(p)) return;
    if (p.index !== index) {
      index = p.index;
      lastLoss = undefined;
      process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}run ${p.index + 1} of ${p.n}: ${JSON.stringify(plan.runs[p.index])}\n`);
    }
    if (p.run) {
      if (p.run.loss.length) lastLoss = p.run.loss[p.run.loss.length - 1];
      const eta = p.etaSeconds !== undefined ? ` · sweep ETA ${Math.round(p.etaSeconds)} s` : '';
      stderrStatus(`  ${progressLine(p.run, lastLoss)}${eta}`);
    }
  });
  const records = new Map((await ctx.call('runsList', {})).flatMap((x) => (x.kind === 'w2v' ? [[x.id, x as W2vRecord]] : [])));
  const runs = r.sweep.items.map((it) => {
    const rec = it.runId ? records.get(it.runId) : undefined;
    if (!rec) return { settings: it.values, error: it.error ?? 'not run' };
    return {
      settings: { ...rec.settings, ...(it.values.trainer ? { trainer: it.values.trainer } : {}) },
      swept: it.values,
      seconds: rec.seconds,
      wordsPerSec: rec.wordsPerSec,
      finalLoss: rec.finalLoss,
      adapter: rec.adapter,
      ...scoreFigures(rec.scores, ids),
      ...(it.state === 'failed' ? { error: it.error } : {}),
    };
  });
  // Best by analogy accuracy, else word-pair Spearman (higher is better), else final loss (lower).
  const by = ids.analogies ? 'analogy' : ids.pairs ? 'pairs' : 'finalLoss';
  let best = { index: -1, by, value: NaN };
  runs.forEach((x, i) => {
    const v = (x as Record<string, unknown>)[by];
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    const better = by === 'finalLoss' ? v < best.value : v > best.value;
    if (best.index < 0 || better) best = { index: i, by, value: v };
  });
  return { runs, best };
};
