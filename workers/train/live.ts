// The running training's latest snapshot of syn0, kept in the worker's memory so the
// explorer's map can follow the run (PCA refreshed from it every few seconds). Set by the
// trainer at each checkpoint; cleared when the run ends (done, paused or failed).
import type { TrainSettings } from '../settings';

export interface LiveVectors {
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

let live: LiveVectors | undefined;

export const publishLive = (v: LiveVectors): void => void (live = v);
export const liveVectors = (): LiveVectors | undefined => live;
export function clearLive(corpusId: string): void {
  if (live?.corpusId === corpusId) live = undefined;
}
