// Commands of the hn area: { name: { args; result; progress } }. See workers/protocol.ts.
import type { FeatureGroups } from './features';
import type { Metrics } from './metrics';
import type { SkipReason } from './posts';
import type { EpochLog } from './model';
import type { HnModelManifest } from './model-store';
import type { ClassifyIntervals } from './intervals';
import type { Importance } from './gbdt-baseline';
import type { RegressionMetrics } from './regression';
import type { ModelKind, TitleMean } from './model-prep';
import type { HnBackend } from './backend';
// Data half (import, live fetch, stored datasets, EDA): declared in data-commands.ts.
import type { HnDataCommands } from './data-commands';

/** Posts: a file fetched from a URL, text the page already has, or a stored dataset (hnImport/hnFetch). */
export type PostsSource = { url: string } | { text: string } | { datasetId: string };

export interface ModelReport {
  metrics: Metrics;
  confusion: number[][];
  epochs: number;
  ece: number; // top-label expected calibration error (15 bins) of the test probabilities
}

/** Temperature scaling fitted on the validation part, and the macro-F1 decision rule tuned there. */
export interface Calibration {
  temperature: number;
  /** Per-class bias added to the scaled log probabilities (first bin 0), fitted with the temperature. */
  bias: number[];
  /** The biases' pull toward 0 (L2, in rows), chosen by 5-fold cross-validation on the validation part. */
  l2: number;
  ece: { before: number; after: number }; // test split
  /** The ECE a perfectly calibrated model would show on this many test posts (labels drawn from the calibrated probabilities). */
  eceNoise: { median: number; p90: number };
  logLoss: { before: number; after: number }; // test split
  reliability: { before: ReliabilityBin[]; after: ReliabilityBin[] };
  /** Per-class weights on the probabilities (argmax of w·p), tuned for validation macro-F1; test figures beside argmax's. */
  rule: { weights: number[]; accuracy: number; macroF1: number; argmax: { accuracy: number; macroF1: number }; confusion: number[][] };
}
export interface ReliabilityBin {
  confidence: number;
  accuracy: number;
  n: number;
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
      finetune?: boolean; // fine-tune the word vectors end to end through the classifier
      maxEpochs?: number; // default 60; early stopping on validation loss usually ends sooner
      patience?: number; // epochs without a better validation loss before stopping (default 4)
      save?: boolean; // keep the trained model in IndexedDB (default true)
      name?: string; // the saved model's name
      calibrate?: boolean; // temperature- and bias-scale the model's and the GBDT's probabilities (fitted on validation); the reported metrics are then the calibrated ones. Absent: each where cross-validation on the validation part says it helps
      bootstrap?: number; // resamples of the test posts for 95% intervals (100–100,000; 1,000+ recommended); absent = none
      model?: ModelKind; // 'wide-deep' (default): a linear layer over hashed title uni/bigrams, domain, author added to the MLP's logits
      titleMean?: TitleMean; // 'sif' (default): a/(a + p(w)) weighted mean; 'plain': the mean
      removePc?: boolean; // SIF: remove the first principal component of the training titles' means (default false: chosen on validation)
      targetStats?: boolean; // domain and author also as smoothed target statistics, out of fold on the training rows (default true)
      hnVectorsEpochs?: number; // continue word2vec on the training split's titles for this many epochs first (0: no)
      members?: number; // nets in the ensemble, one per seed (1–8, default 3); their probabilities are averaged
      gbdtBlend?: boolean; // mix the boosted trees into the model at a weight chosen on validation (default true)
    };
    result: {
      rows: { train: number; test: number; skipped: number };
      reasons: Partial<Record<SkipReason, number>>;
      notices: string[];
      oovShare: number;
      bins: number[]; // the bins' lower edges
      aucFrom: number; // auc100's positive class: points ≥ this bin edge
      model: ModelReport;
      curve: EpochLog[]; // training and validation loss per epoch
      finetunedWords: number; // rows of the word table fine-tuned (0 without fine-tuning)
      baselines: {
        majority: ModelReport; // the class prior
        logreg: ModelReport; // hashed title words + domain + time + author
        titleLogreg: ModelReport & { features: 'title vectors' | 'title words' }; // title mean vector (hashed words without vectors)
        titleWords: ModelReport; // hashed title words only
        /** Boosted trees on the model's features (domain/author as out-of-fold target statistics); epochs = rounds kept.
         *  Absent when the dataset is too small for a validation part (a notice says so). */
        gbdt?: ModelReport & { importance: Importance[]; seconds: number };
      };
      ablation: { without: keyof FeatureGroups; metrics: Metrics; valLogLoss: number }[];
      /** With args.ablation: the model's other choices (MLP vs wide-and-deep, plain vs SIF, target stats, HN-flavoured vectors), one at a time. */
      variants?: { name: string; metrics: Metrics; valLogLoss: number }[];
      /** The model's best validation log loss (the part defaults and early stopping are chosen on) and its rows. */
      validation: { logLoss: number; rows: number };
      /** The model as an ensemble: its nets (each one's test metrics), the boosted trees' mixture weight chosen on
       *  validation (0: the nets alone) and the validation log loss of each weight tried (empty without trees). */
      ensemble: { members: number; memberMetrics: Metrics[]; gbdtWeight: number; valLogLoss: { weight: number; logLoss: number }[] };
      timings: Record<string, number>; // seconds per part of the fit (import, baselines, model, gbdt, …)
      /** backend: the tfjs backend the model trained on (WebAssembly on a software adapter or without WebGPU). */
      settings: { model: ModelKind; titleMean: TitleMean; removePc: boolean; targetStats: boolean; backend: HnBackend };
      /** HN-flavoured vectors: new words, the title tokens trained on, the test titles' OOV share before and after. */
      hnVectors?: { epochs: number; addedWords: number; titleTokens: number; oovBefore: number; oovAfter: number; seconds: number };
      beatsBaselines: string;
      modelId: string | null; // the saved model (null with save: false)
      /** Ridge regression of log10(points + 1) on the GBDT's features (test split), and what it says in words. */
      regression?: { linear: RegressionMetrics; says: string };
      /** Temperature and decision rule of the model and the GBDT (absent without a validation part). */
      /** `applied` / `gbdtApplied`: the model's (and the saved model's) / the GBDT's reported figures are the calibrated
       *  ones: as asked (args.calibrate), else where 5-fold cross-validation on the validation part lowered the held-out
       *  log loss (`cv`: the model's held-out log loss without → with the scaling). */
      calibration?: {
        model: Calibration;
        gbdt?: Calibration;
        applied: boolean;
        gbdtApplied: boolean;
        cv: { before: number; after: number };
      };
      intervals?: ClassifyIntervals; // with args.bootstrap: every predictor's metric intervals and the model's paired differences
    };
    progress: { phase: string; epoch?: number; loss?: number; valLoss?: number; fraction?: number };
  };
  /** Bin probabilities for one post, plus the most similar training titles. Model: modelId, else the
   *  last trained/used one, else the newest saved one. `ms`: time in the worker. */
  hnAsk: {
    args: { title: string; url?: string; author?: string; time?: number /* unix s */; modelId?: string };
    result: {
      modelId: string;
      probs: number[];
      bins: number[];
      oovShare: number;
      similar: { title: string; points: number; score: number }[];
      ms: number;
    };
    progress: never;
  };
  /** Saved models, newest first. */
  hnModels: { args: Record<string, never>; result: HnModelManifest[]; progress: never };
  /** A saved model as one JSON file: PUT to putUrl (the runner), else returned as a Blob. */
  hnModelExport: { args: { modelId: string; putUrl?: string }; result: { name: string; bytes: number; blob?: Blob }; progress: never };
  /** Reads a model file (from the page or a URL), checks it and saves it; a bad file is refused with the reason. */
  hnModelImport: { args: { file?: Blob; url?: string; name?: string }; result: HnModelManifest; progress: never };
  hnModelDelete: { args: { modelId: string }; result: { deleted: boolean }; progress: never };
}
