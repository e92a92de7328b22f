// The model's preprocessing beyond the frequent-value tables (features.ts fitPrep): SIF title
// means with the first principal component of the training titles, domain and author target
// statistics fitted on the training part, and the wide part's hashed terms. Training rows get
// their target statistics out of fold (encodeTrain), so no training row sees its own label.
import { binOf } from './metrics';
import {
  authorKey,
  denseWidth,
  domainKey,
  encode,
  fitPrep,
  statsColumn,
  statsTable,
  type Encoded,
  type FeatureGroups,
  type Prep,
  type WordTable,
} from './features';
import type { Post } from './posts';
import { firstComponent, sifWeights } from './sif';
import { fitStats, oofStats, statsWidth } from './target-stats';
import { WIDE_BUCKETS } from './wide';

export type ModelKind = 'mlp' | 'wide-deep';
export type TitleMean = 'plain' | 'sif';

export interface PrepOpts {
  model: ModelKind;
  titleMean: TitleMean;
  /** SIF: remove the first principal component of the training titles' means. */
  removePc: boolean;
  /** Domain and author as smoothed target statistics too (beside their embeddings). */
  targetStats: boolean;
  /** The wide part's title terms (the user's title group, whether or not there are vectors). */
  wideTitle: boolean;
  /** Corpus counts of the word-table rows, for SIF's p(w); null: Zipf's estimate from the rank. */
  counts: ArrayLike<number> | null;
}

const logPoints = (ps: Post[]) => Float64Array.from(ps, (p) => Math.log10(p.points + 1));

/** Everything the model's encoding needs, fitted on the training part `fit` only. */
export function fitModelPrep(fit: Post[], groups: FeatureGroups, words: WordTable | null, edges: number[], o: PrepOpts): Prep {
  const prep = fitPrep(fit, groups, words?.dim ?? 0);
  const k = edges.length;
  if (o.targetStats && (prep.groups.domain || prep.groups.author)) {
    const bins = Int32Array.from(fit, (p) => binOf(p.points, edges));
    const lp = logPoints(fit);
    prep.stats = {
      domain: prep.groups.domain ? statsTable(fitStats(fit.map(domainKey), lp, bins, k)) : null,
      author: prep.groups.author ? statsTable(fitStats(fit.map(authorKey), lp, bins, k)) : null,
    };
  }
  if (o.model === 'wide-deep') {
    const spec = { buckets: WIDE_BUCKETS, title: o.wideTitle, domain: prep.groups.domain, author: prep.groups.author };
    if (spec.title || spec.domain || spec.author) prep.wide = spec;
  }
  if (o.titleMean === 'sif' && words && prep.dim) {
    prep.sif = { weights: Array.from(sifWeights(words.index.size, o.counts)), pc: null };
    if (o.removePc) {
      const e = encode(fit, prep, words);
      const w = denseWidth(prep),
        d = prep.dim;
      const x = new Float32Array(fit.length * d);
      for (let i = 0; i < fit.length; i++) x.set(e.dense.subarray(i * w, i * w + d), i * d);
      prep.sif.pc = Array.from(firstComponent(x, fit.length, d));
    }
  }
  return prep;
}

/** The training part's encoding: as encode(), but domain/author statistics out of fold (5 folds, seeded). */
export function encodeTrain(fit: Post[], prep: Prep, words: WordTable | null, edges: number[], seed: number): Encoded {
  const e = encode(fit, prep, words);
  if (!prep.stats) return e;
  const k = edges.length,
    w = denseWidth(prep);
  const bins = Int32Array.from(fit, (p) => binOf(p.points, edges));
  const lp = logPoints(fit);
  let col = statsColumn(prep);
  if (prep.stats.domain) {
    oofStats(fit.map(domainKey), lp, bins, k, e.dense, w, col, { seed });
    col += statsWidth(k);
  }
  if (prep.stats.author) oofStats(fit.map(authorKey), lp, bins, k, e.dense, w, col, { seed: seed + 1 });
  return e;
}
