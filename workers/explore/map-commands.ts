// Commands of the explorer's 2-D map (part of the explore area; see workers/protocol.ts).
import type { Scored } from './similarity';
import type { UmapProgress } from './umap';

/** A stored vector set (trained or imported), or the running training's latest snapshot. */
export type MapSource = { vectorsId: string } | { live: true };

export interface MapPoints {
  /** [n, 2] f32 row-major, row i = word i. */
  coords: Float32Array;
  /** [n] the n most frequent words (row order of the set). */
  words: string[];
  /** [n] corpus counts when known (trained vectors whose corpus is still stored). */
  counts?: Float64Array;
  /** Words in the whole set. */
  vocabSize: number;
  /** Milliseconds in the worker. */
  ms: number;
}

export interface LiveInfo {
  corpusId: string;
  epoch: number;
  epochs: number;
  fraction: number;
  /** Date.now() of the snapshot. */
  at: number;
}

export interface MapCommands {
  /** PCA to 2-D of the n most frequent words. */
  mapPca: {
    args: { source: MapSource; n: number };
    result: MapPoints & { explained: [number, number]; live?: LiveInfo };
    progress: never;
  };
  /** UMAP (umap-js, cosine) of the n most frequent words of a stored set; n ≤ 10,000. Cancel stops it. */
  mapUmap: {
    args: { vectorsId: string; n: number; nNeighbors?: number; minDist?: number; epochs?: number; seed?: number };
    result: MapPoints;
    progress: UmapProgress;
  };
  /** Cosine neighbours of a word in the running training's latest snapshot. */
  mapLiveNeighbours: {
    args: { word: string; k?: number };
    result: { neighbours: Scored[]; live: LiveInfo };
    progress: never;
  };
}
