// Commands of the runs area (experiments): run records, their curves, evaluation files,
// re-scoring, and side-by-side neighbours. See workers/protocol.ts.
import type { RunRecord, RunScores, UnreadableRecord } from './record';
import type { LossCurve } from './curve';
import type { EvalFileMeta } from './eval-files';
import type { Neighbour } from '../train/commands';
import type { McNemar, PairedInterval } from '../experiments/stats';

/**
 * A record as listed: plus what changed since it was written (its corpus, vectors or HN dataset
 * deleted); an HN record's dataset by its name where an older record kept only its id.
 */
export type ListedRun = (RunRecord & { corpusDeleted?: boolean; vectorsDeleted?: boolean; datasetDeleted?: boolean }) | UnreadableRecord;

export interface RunsCommands {
  /** Every record (no curves, no vectors), newest first; unreadable ones listed as such. */
  runsList: { args: Record<string, never>; result: ListedRun[]; progress: never };
  /** Loss curves of the given runs (absent for a run without one). */
  runsCurves: { args: { ids: string[] }; result: Record<string, LossCurve | undefined>; progress: never };
  /** Renames / retags a run. */
  runUpdate: { args: { id: string; name?: string; tags?: string[] }; result: RunRecord; progress: never };
  /** Deletes a run's record, curve and checkpoint; with `vectors`, its vector set too. */
  runDelete: { args: { id: string; vectors?: boolean }; result: { deleted: boolean }; progress: never };
  /** The k nearest neighbours of `word` in each run's vectors, side by side. */
  runsNeighbours: {
    args: { ids: string[]; word: string; k?: number };
    result: { id: string; near?: Neighbour[]; error?: string }[];
    progress: never;
  };
  /** Stored evaluation files (the probe set first). */
  evalFiles: { args: Record<string, never>; result: EvalFileMeta[]; progress: never };
  /** Keeps an evaluation file for every later run; `rescore` also scores these runs with it now. */
  evalFileAdd: {
    args: { name: string; text: string; rescore?: string[] };
    result: EvalFileMeta;
    progress: { done: number; total: number };
  };
  evalFileRemove: { args: { id: string }; result: { removed: boolean }; progress: never };
  /** Scores a run's vectors again: on one file, or on the probe set and every stored file. */
  runRescore: { args: { id: string; fileId?: string }; result: RunScores; progress: { file: string } };
  /**
   * Two word2vec runs on one analogy file: the questions each got right and an exact McNemar
   * test (both runs must have been scored on that file, by this version).
   */
  runsCompareAnalogy: { args: { a: string; b: string; fileId: string }; result: McNemar & { verdict: string }; progress: never };
  /**
   * Two HN runs on the same test rows, or a run and one of its baselines (b = 'baseline:<name>'):
   * paired bootstrap of the difference of accuracy, macro-F1, log loss and AUC(≥100).
   */
  runsCompareHn: {
    args: { a: string; b: string; resamples?: number; seed?: number };
    result: { metrics: Record<'accuracy' | 'macroF1' | 'logLoss' | 'auc100', PairedInterval & { verdict: string }> };
    progress: never;
  };
  /** A gensim 4 script that trains the same run in Python (same corpus source and settings). */
  runGensimScript: { args: { id: string }; result: { filename: string; text: string }; progress: never };
}
