// The running trainings' latest snapshots of syn0, kept in the worker's memory so the
// explorer's map can follow a run (PCA refreshed from it every few seconds). Set by the
// trainer at each checkpoint, keyed by run; cleared when the run ends (done, paused or failed).
import type { TrainSettings } from '../settings';

export interface LiveVectors {
  runId: string;
  corpusId: string;
  settings: TrainSettings;
  /** [vocab] words, most frequent first, and their corpus counts. */
  words: string[];
  counts: Float64Array;
  /** [vocab, paddedDim(dim)] f32: a copy the trainer no longer writes to. */
  syn0: Float32Array;
  vocab: number;
  dim: number;
  epoch: number;
  /** Fraction of the run done, 0..1. */
  fraction: number;
  /** Date.now() when the snapshot was taken. */
  at: number;
}

const live = new Map<string, LiveVectors>();

export const publishLive = (v: LiveVectors): void => void live.set(v.runId, v);
/** The run's snapshot; without an id, the newest snapshot of any running run. */
export function liveVectors(runId?: string): LiveVectors | undefined {
  if (runId) return live.get(runId);
  let newest: LiveVectors | undefined;
  for (const v of live.values()) if (!newest || v.at > newest.at) newest = v;
  return newest;
}
export const clearLive = (runId: string): void => void live.delete(runId);
