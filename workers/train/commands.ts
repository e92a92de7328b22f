// Commands of the train area: { name: { args; result; progress } }. See workers/protocol.ts.
import type { TrainSettings } from '../settings';
import type { RunPosition } from './plan';
import type { RunScores } from '../runs/record';
import type { Calibration } from './calibrate';

export interface Neighbour {
  word: string;
  similarity: number;
}

export interface TrainProgress {
  phase: 'compiling' | 'training' | 'saving' | 'scoring';
  /** The run's record id. */
  runId?: string;
  epoch: number;
  epochs: number;
  /** Fraction of the run done, 0..1. */
  fraction: number;
  /** In-vocabulary words consumed per second (before subsampling). */
  wordsPerSec: number;
  pairsPerSec: number;
  alpha: number;
  etaSeconds?: number;
  adapter: string;
  /** New loss points since the last progress: mean loss per (centre, context) pair of a batch. */
  loss: number[];
  /** Nearest neighbours of the watched words on the latest snapshot of syn0. */
  neighbours?: { word: string; near: Neighbour[] }[];
  /** Under 'auto': each candidate trainer's measured words/s and the one chosen (sent once, before training). */
  calibration?: Calibration;
}

export interface TrainResult {
  /** The run's record (see workers/runs). */
  runId: string;
  vectorsId: string;
  /** Corpus tokens before min-count. */
  words: number;
  vocab: number;
  epochs: number;
  /** Training seconds (ingest excluded, over all resumed segments). */
  seconds: number;
  /** words × epochs / seconds. */
  wordsPerSec: number;
  pairsPerSec: number;
  finalLoss: number;
  adapter: string;
  /** Set when the run was stopped before the end (Stop): where it was. */
  stoppedEarly?: { epoch: number; fraction: number };
  /** The learning rate where the run ended: min-alpha at the end, the schedule's value where it was stopped. */
  alpha: number;
  /** The watch words' neighbours on the final vectors (when the run was given watch words). */
  neighbours?: { word: string; near: Neighbour[] }[];
  /** Scores on the probe set and every stored evaluation file (absent when scoring failed). */
  scores?: RunScores;
  /** Under 'auto' with more than one candidate trainer: their measured words/s and the one chosen. */
  calibration?: Calibration;
}

/** What a reload offers to continue. */
export interface CheckpointInfo {
  /** The run it continues. */
  runId: string;
  corpusId: string;
  settings: TrainSettings;
  position: RunPosition;
  fraction: number;
  savedAt: number;
  lossHistory: number[];
}

/** A run by id; or (as before runs had ids) the corpus's running run, else its newest checkpoint. */
export type RunRef = { runId: string; corpusId?: string } | { runId?: undefined; corpusId: string };

export type ExportFormat = 'vec' | 'bin' | 'tsv';

/**
 * Which trainer runs: 'gpu' the WGSL kernels (WebGPU required), 'cpu' the CPU path on one
 * thread (WebAssembly SIMD, else the reference trainer), 'threads' the CPU path on `threads`
 * threads (one where the page is not cross-origin isolated), 'auto' (default)
 * the fastest of the GPU kernels, the CPU path on `threads` threads and on one thread, timed
 * on the corpus's first batches before the run (workers/train/calibrate.ts; the choice cached).
 */
export type TrainerChoice = 'auto' | 'gpu' | 'cpu' | 'threads';

export interface TrainCommands {
  /**
   * Trains a new run, recorded from its start (or with resume, continues run `runId`'s
   * checkpoint; without runId, the corpus's newest checkpoint). Cancel = pause.
   */
  train: {
    args: {
      corpusId: string;
      settings: TrainSettings;
      resume?: boolean;
      runId?: string;
      /** The record's name and tags (default: corpus · dim · epochs). */
      name?: string;
      tags?: string[];
      sweep?: { id: string; index: number };
      watch?: string[];
      checkpointSeconds?: number;
      trainer?: TrainerChoice;
      /** Threads of the CPU path (default navigator.hardwareConcurrency; 1 to cores × 4: settings.ts threadsProblem). */
      threads?: number;
      /** Skip scoring at the end (the caller scores itself). */
      noScore?: boolean;
    };
    result: TrainResult;
    progress: TrainProgress;
  };
  /** Ready corpora to train on (until the corpus panel shares its selection). */
  trainCorpora: { args: Record<string, never>; result: { id: string; name: string; tokens: number; vocabSize: number }[]; progress: never };
  /** Checkpoints that can be continued. */
  trainCheckpoints: { args: Record<string, never>; result: CheckpointInfo[]; progress: never };
  /**
   * Stop: ends the corpus's run and keeps what it learnt as a vector set marked as stopped
   * early. A running run finishes its `train` call with that result (`running: true`); a
   * paused run's checkpoint is saved here and its result returned.
   */
  trainStop: { args: RunRef & { watch?: string[] }; result: { running: boolean; result?: TrainResult }; progress: never };
  /** Drops a paused run's checkpoint (its record stays, no longer resumable). */
  trainDiscard: { args: RunRef; result: { removed: boolean }; progress: never };
  /** Writes a vector set as .vec / .bin / .tsv; PUTs it to `putUrl` when given, else returns the files. */
  exportVectors: {
    args: { vectorsId: string; format: ExportFormat; putUrl?: string; putUrlMeta?: string };
    result: { bytes: number; files?: { name: string; blob: Blob }[] };
    progress: never;
  };

  /** Test hook: destroys the GPU device to exercise device-lost recovery. */
  trainTestLoseDevice: { args: Record<string, never>; result: { destroyed: boolean }; progress: never };
}
