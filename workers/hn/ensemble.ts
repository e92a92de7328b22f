// The HN model as an ensemble: several wide-and-deep nets (one per seed) averaged, mixed with the
// boosted trees at a weight chosen on the validation part, then (optionally) temperature- and
// bias-scaled. Seeds alone moved the test AUC(≥100) of one net by 0.01 on the shared file; their
// mean is steadier, and the trees see the features differently (plain title mean, splits on the
// target statistics), so the mixture's validation log loss is lower than either part's.
// The saved form (`HnEnsembleParts`) holds everything hnAsk needs to give the same probabilities.
import type { Prep, StatsTable, WordTable } from './features';
import { statsTable, targetStatsOf } from './features';
import { gbdtFeatures, type GbdtEncoder } from './gbdt-baseline';
import { predictGbdt, type GbdtModel } from './gbdt';
import { applyScaling } from './calibration';
import { predictCpu, type NamedWeight } from './model';
import { logLoss } from './metrics';
import type { Encoded } from './features';
import type { Post } from './posts';

/** Nets in the ensemble by default (one per seed: seed, seed + 1000, …). */
export const DEFAULT_MEMBERS = 3;
/** Most nets in an ensemble (each costs one fit). */
export const MAX_MEMBERS = 8;
/** Mixture weights of the boosted trees tried on validation (0: the nets alone). */
export const GBDT_WEIGHTS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];

/** Row-wise mean of probability arrays of one shape. */
export function meanProbs(xs: Float32Array[]): Float32Array {
  const out = new Float32Array(xs[0].length);
  for (const x of xs) for (let i = 0; i < out.length; i++) out[i] += x[i] / xs.length;
  return out;
}

/** (1 − w)·a + w·b, row by row. */
export function mixProbs(a: Float32Array, b: Float32Array, w: number): Float32Array {
  return Float32Array.from(a, (x, i) => (1 - w) * x + w * b[i]);
}

/**
 * The trees' mixture weight with the lowest validation log loss among `GBDT_WEIGHTS` (ties go to
 * the smaller weight), and each candidate's loss. nets, gbdt: validation probabilities [n, k].
 */
export function chooseGbdtWeight(
  y: Int32Array,
  nets: Float32Array,
  gbdt: Float32Array,
  k: number,
): { weight: number; valLogLoss: { weight: number; logLoss: number }[] } {
  const valLogLoss = GBDT_WEIGHTS.map((weight) => ({ weight, logLoss: logLoss(y, mixProbs(nets, gbdt, weight), k) }));
  const best = valLogLoss.reduce((b, c) => (c.logLoss < b.logLoss - 1e-12 ? c : b));
  return { weight: best.weight, valLogLoss };
}

/** The boosted trees as saved with a model: the trees and the encoder of their features. */
export interface SavedGbdt {
  model: GbdtModel;
  prep: Prep; // the trees' dense part (plain title mean, time, length, flags)
  domain: StatsTable | null;
  author: StatsTable | null;
  d: number;
  names: string[];
}

export function saveGbdt(model: GbdtModel, enc: GbdtEncoder): SavedGbdt {
  return {
    model,
    prep: enc.prep,
    domain: enc.domain && statsTable(enc.domain),
    author: enc.author && statsTable(enc.author),
    d: enc.d,
    names: enc.names,
  };
}

export function gbdtEncoderOf(s: SavedGbdt): GbdtEncoder {
  return {
    prep: s.prep,
    domain: s.domain && targetStatsOf(s.domain),
    author: s.author && targetStatsOf(s.author),
    names: s.names,
    d: s.d,
  };
}

/** The ensemble's parts beyond the first net (whose weights are the bundle's `weights`). */
export interface HnEnsembleParts {
  /** The other nets' weights, same shapes as the first's. */
  members: NamedWeight[][];
  /** The boosted trees and their mixture weight; null when the mixture weight is 0 or there were no trees. */
  gbdt: { weight: number; trees: SavedGbdt } | null;
  /** Temperature and bias fitted on validation (the fit was calibrated), applied last; null otherwise. */
  scaling: { temperature: number; bias: number[] } | null;
}

/** The ensemble's probabilities [n, k] for posts already encoded for the nets (`e`), on the CPU. */
export function predictEnsembleCpu(
  first: NamedWeight[],
  parts: HnEnsembleParts | undefined,
  prep: Prep,
  k: number,
  e: Encoded,
  posts: Post[],
  words: WordTable | null,
): Float32Array {
  const nets = meanProbs([first, ...(parts?.members ?? [])].map((w) => predictCpu(w, prep, k, e)));
  let p = nets;
  if (parts?.gbdt) {
    const f = gbdtFeatures(posts, gbdtEncoderOf(parts.gbdt.trees), words);
    p = mixProbs(nets, predictGbdt(parts.gbdt.trees.model, f.x, posts.length), parts.gbdt.weight);
  }
  return parts?.scaling ? applyScaling(p, k, parts.scaling.temperature, parts.scaling.bias) : p;
}
