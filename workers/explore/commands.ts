// Commands of the explore area. See workers/protocol.ts.
import type { StoredVectors, VectorsManifest } from '../vectors/format';
import type { AnalogyEvaluation } from './analogy';
import type { PairsEvaluation } from './pairs';
import type { Scored } from './similarity';
import type { MapCommands } from './map-commands';

/** A file to evaluate on: fetched from a URL, or text the page already has. */
export type TextSource = { url: string } | { text: string };

export interface ExploreCommands extends MapCommands {
  /** Streams a .vec (with or without header) or .bin file into IndexedDB as a vector set. */
  importVectors: {
    args: { url?: string; file?: File; name: string };
    result: { manifest: VectorsManifest; skipped: number; warnings: string[] };
    progress: { bytesDone: number; bytesTotal?: number; rows: number };
  };
  /** Vector sets in IndexedDB, newest first, with the bytes each takes. */
  exploreList: { args: Record<string, never>; result: StoredVectors[]; progress: never };
  /** Renames a set (made unique among the others: "… (2)"). */
  vectorsRename: { args: { vectorsId: string; name: string }; result: VectorsManifest; progress: never };
  /** Deletes a set's manifest and data (only its own keys); runs that made it keep their records. */
  vectorsDelete: { args: { vectorsId: string }; result: { deleted: boolean }; progress: never };
  /** Vocabulary of a set (row order, most frequent first), for completion. */
  exploreWords: { args: { vectorsId: string }; result: { words: string[] }; progress: never };
  /** Top-k neighbours of one word (cosine on unit vectors, or euclidean on raw vectors). */
  exploreNeighbours: {
    args: { vectorsId: string; word: string; k?: number; metric?: 'cosine' | 'euclidean' };
    result: { neighbours: Scored[]; ms: number };
    progress: never;
  };
  /** gensim similarity(w1, w2): the cosine of two words' vectors. */
  exploreSimilarity: { args: { vectorsId: string; a: string; b: string }; result: { cosine: number }; progress: never };
  /** gensim most_similar ('add', 3CosAdd) or most_similar_cosmul ('mul', 3CosMul), any number of positive and negative words. */
  exploreAnalogy: {
    args: { vectorsId: string; positive: string[]; negative: string[]; method?: 'add' | 'mul'; k?: number };
    result: { results: Scored[]; ms: number };
    progress: never;
  };
  /** gensim doesnt_match. */
  exploreDoesntMatch: {
    args: { vectorsId: string; words: string[] };
    result: { word: string; similarities: Scored[] };
    progress: never;
  };
  /** Analogy and/or word-pair evaluation (gensim's evaluate_word_analogies / evaluate_word_pairs). */
  exploreEvaluate: {
    args: { vectorsId: string; analogies?: TextSource; pairs?: TextSource; restrictVocab?: number };
    result: { analogy?: AnalogyEvaluation; pairs?: PairsEvaluation };
    /** `done` of `total` analogy questions scored so far (total: the questions asked). */
    progress: { phase: 'analogies' | 'pairs'; done?: number; total?: number };
  };
}
