// `npm run lab -- train --corpus <path|url> [settings flags] [--trainer auto|gpu|cpu|threads] [--threads N] [--export F] [--eval-analogies F]`
// Ingests the corpus, trains with the engine's `train` command, optionally exports the
// vectors (.vec / .bin / .tsv by the file's extension) and evaluates analogies.
import { extname, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { LabCommand } from './index';
import { LabFailure, stderrStatus, type Flags, type LabContext } from '../lab-context';
import type { ResultOf } from '../../workers/protocol';
import {
  MODEL_SETTING,
  TRAIN_SETTINGS,
  threadsProblem,
  validateTrainSettings,
  type TrainSettingName,
  type TrainSettings,
} from '../../workers/settings';
import type { TrainerChoice, TrainProgress } from '../../workers/train/commands';
import { loadEvalFiles, scoreFigures } from './eval-files';

const flagName = (k: string): string => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** The training settings from their flags (`--dim`, `--min-count`, …, `--model skipgram|cbow`; defaults otherwise), validated. */
export function settingsFrom(flags: Flags): TrainSettings {
  const s = { model: flags.string('model', MODEL_SETTING.default) } as TrainSettings; // checked below
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) s[k] = flags.number(flagName(k), TRAIN_SETTINGS[k].default);
  const problems = validateTrainSettings(s);
  if (problems.length) throw new LabFailure(`bad settings: ${problems.join('; ')}`);
  return s;
}

function isProgress(p: unknown): p is TrainProgress {
  return typeof p === 'object' && p !== null && 'fraction' in p && 'phase' in p;
}

/** The runner's stderr progress line; the loss shows "—" until the first one is read back. */
export function progressLine(p: TrainProgress, lastLoss: number | undefined): string {
  const loss = lastLoss !== undefined && Number.isFinite(lastLoss) ? lastLoss.toFixed(4) : '—';
  return (
    `${p.phase} epoch ${p.epoch + 1}/${p.epochs} ${(p.fraction * 100).toFixed(1)}% ` +
    `${Math.round(p.wordsPerSec)} words/s lr ${p.alpha.toFixed(5)} loss ${loss} ${p.adapter}`
  );
}

/**
 * `--trainer auto|gpu|cpu|threads` (default auto: the GPU kernels unless the adapter is missing or
 * software, where the CPU path on --threads threads runs; cpu: one thread; threads: the threaded trainer).
 */
export function trainerFrom(flags: Flags): TrainerChoice {
  const t = flags.string('trainer', 'auto');
  if (t !== 'auto' && t !== 'gpu' && t !== 'cpu' && t !== 'threads')
    throw new LabFailure(`--trainer must be auto, gpu, cpu or threads, not ${t}`);
  return t;
}

/**
 * `--threads N`: the CPU path's threads (default: the engine's navigator.hardwareConcurrency, this
 * machine's logical cores), refused before anything starts unless 1 ≤ N ≤ cores × 4.
 */
export function threadsFrom(flags: Flags): number | undefined {
  const n = flags.optNumber('threads');
  if (n === undefined) return undefined;
  const cores = availableParallelism();
  const problem = threadsProblem(n, cores);
  if (problem) throw new LabFailure(`--threads: ${problem} (this machine has ${cores} logical cores)`);
  return n;
}

/** Ingests `corpus` and trains vectors on it in the engine, progress on stderr. */
export async function trainOn(
  ctx: LabContext,
  corpus: string,
  settings: TrainSettings,
  trainer: TrainerChoice = 'auto',
  threads?: number,
): Promise<ResultOf<'train'>> {
  const ing = await ctx.ingest(corpus, { minCount: settings.minCount }, () => stderrStatus('ingesting…'));
  let lastLoss: number | undefined;
  return ctx.call('train', { corpusId: ing.manifest.id, settings, trainer, ...(threads !== undefined ? { threads } : {}) }, (p) => {
    if (!isProgress(p)) return;
    if (p.loss.length) lastLoss = p.loss[p.loss.length - 1];
    stderrStatus(progressLine(p, lastLoss));
  });
}

export const train: LabCommand = async (ctx, flags) => {
  const corpus = flags.optString('corpus');
  if (!corpus) throw new LabFailure('--corpus <path|url> is required');
  const settings = settingsFrom(flags);
  const trainer = trainerFrom(flags);
  const threads = threadsFrom(flags);
  const exportPath = flags.optString('export');
  const format = exportPath ? extname(exportPath).slice(1) : undefined;
  if (format !== undefined && format !== 'vec' && format !== 'bin' && format !== 'tsv')
    throw new LabFailure('--export must end in .vec, .bin or .tsv');
  const evalIds = await loadEvalFiles(ctx, flags);

  const r = await trainOn(ctx, corpus, settings, trainer, threads);
  if (exportPath && format) {
    const main = resolve(exportPath);
    const putUrl = ctx.files.allowUpload(`export-${Date.now()}.${format}`, main);
    const putUrlMeta =
      format === 'tsv' ? ctx.files.allowUpload(`export-meta-${Date.now()}.tsv`, main.replace(/\.tsv$/, '') + '.metadata.tsv') : undefined;
    await ctx.call('exportVectors', { vectorsId: r.vectorsId, format, putUrl, putUrlMeta });
  }
  const out: Record<string, unknown> = {
    words: r.words,
    vocab: r.vocab,
    epochs: r.epochs,
    seconds: r.seconds,
    wordsPerSec: r.wordsPerSec,
    pairsPerSec: r.pairsPerSec,
    finalLoss: r.finalLoss,
    adapter: r.adapter,
    model: settings.model,
    ...(r.calibration ? { calibration: r.calibration } : {}),
  };
  // Scored in the engine as the run ended, on the probe set and the --eval-* files.
  return { ...out, ...scoreFigures(r.scores, evalIds) };
};
