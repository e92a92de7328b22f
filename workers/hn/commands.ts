// Commands of the hn area: { name: { args; result; progress } }. See workers/protocol.ts.
import type { FeatureGroups } from './features';
import type { Metrics } from './metrics';
import type { SkipReason } from './posts';
// Data half (import, live fetch, stored datasets, EDA): declared in data-commands.ts.
import type { HnDataCommands } from './data-commands';

/** A file of posts: fetched from a URL, or text the page already has. */
export type PostsSource = { url: string } | { text: string };

export interface ModelReport {
  metrics: Metrics;
  confusion: number[][];
  epochs: number;
}

export interface HnCommands extends HnDataCommands {
  /** Import, split (by time unless split='random'), train the model and both baselines, evaluate on the test split. */
  hnClassify: {
    args: {
      train: PostsSource;
      test?: PostsSource; // absent (or the same file) → the last testShare of train by time is the test split
      vectorsId?: string; // word vectors for the title group; absent → title group off
      bins?: number[]; // lower edges, default [1,10,100,1000]
      seed?: number;
      split?: 'time' | 'random';
      testShare?: number;
      groups?: Partial<FeatureGroups>;
      classWeights?: boolean;
      ablation?: boolean; // also train once per feature group left out
    };
    result: {
      rows: { train: number; test: number; skipped: number };
      reasons: Partial<Record<SkipReason, number>>;
      notices: string[];
      oovShare: number;
      model: ModelReport;
      baselines: { majority: ModelReport; logreg: ModelReport };
      ablation: { without: keyof FeatureGroups; metrics: Metrics }[];
      beatsBaselines: string;
    };
    progress: { phase: string; epoch?: number; loss?: number; valLoss?: number };
  };
  /** Bin probabilities for one post from the last trained model, plus the most similar training titles. */
  hnAsk: {
    args: { title: string; url?: string; author?: string; time?: number /* unix s */ };
    result: { probs: number[]; bins: number[]; similar: { title: string; points: number; score: number }[]; ms: number };
    progress: never;
  };
}
