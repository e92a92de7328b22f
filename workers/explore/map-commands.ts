// Commands of the explorer's 2-D map (part of the explore area; see workers/protocol.ts).
import type { Scored } from './similarity';
import type { UmapProgress } from './umap';
import type { TsneProgress } from './tsne';

/** A stored vector set (trained or imported), or the running training's latest snapshot. */
export type MapSource = { vectorsId: string } | { live: true };

export interface MapPoints {
  /** [n, dims] f32 row-major, row i = word i. */
  coords: Float32Array;
  /** Components per point: 2 (a plane) or 3 (the 3-D view). */
  dims: 2 | 3;
  /** [n] the n most frequent words (row order of the set). */
  words: string[];
  /** [n] corpus counts when known (trained vectors whose corpus is still stored). */
  counts?: Float64Array;
  /** Words in the whole set. */
  vocabSize: number;
  /** Milliseconds in the worker. */
  ms: number;
}

/** How the points are made: components (2 or 3, default 2) and spherize (centre + normalise first). */
export interface Shape {
  dims?: 2 | 3;
  spherize?: boolean;
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
  /** PCA to 2-D or 3-D of the n most frequent words (spherized first when asked). */
  mapPca: {
    args: { source: MapSource; n: number } & Shape;
    /** explained: [dims] share of the variance along each axis. */
    result: MapPoints & { explained: number[]; live?: LiveInfo };
    progress: never;
  };
  /** UMAP (umap-js, cosine) of the n most frequent words of a stored set; n ≤ 10,000. Cancel stops it. */
  mapUmap: {
    args: { vectorsId: string; n: number; nNeighbors?: number; minDist?: number; epochs?: number; seed?: number } & Shape;
    result: MapPoints;
    progress: UmapProgress;
  };
  /**
   * Barnes-Hut t-SNE (wasm-bhtsne, in its own worker) of the n most frequent words of a stored set,
   * on unit rows (reduced to their top 50 principal components when longer); n ≤ 10,000.
   * iterations: 1000, or 500 beyond 5,000 words, unless given. Cancel stops it at once.
   */
  mapTsne: {
    args: { vectorsId: string; n: number; perplexity?: number; iterations?: number } & Shape;
    /** reducedFrom: the vectors' dimension when PCA reduced them to 50 first. */
    result: MapPoints & { perplexity: number; iterations: number; reducedFrom?: number };
    progress: TsneProgress;
  };
  /** k-means (cosine, seeded k-means++) of the n most frequent words, for colour by cluster. */
  mapClusters: {
    args: { source: MapSource; n: number; k: number; seed?: number; spherize?: boolean };
    /** labels: [n] cluster 0..k−1 of each word; sizes: [k]; cost: Σ 1 − cos to the centre. */
    result: { labels: Uint8Array; sizes: number[]; cost: number; iterations: number; ms: number };
    progress: never;
  };
  /** Cosine neighbours of a word in the running training's latest snapshot. */
  mapLiveNeighbours: {
    args: { word: string; k?: number };
    result: { neighbours: Scored[]; live: LiveInfo };
    progress: never;
  };
}
