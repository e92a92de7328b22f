// The gradient-boosted baseline of hnClassify: the model's features (title mean vector, time,
// length, Ask/Show flags) plus domain and author as out-of-fold target statistics, boosted trees
// fitted on the model's training part with early stopping on its validation part.
import { domainOf } from './baselines';
import { denseWidth, encode, type Prep, type WordTable } from './features';
import { DEFAULT_GBDT, fitGbdt, predictGbdt, type GbdtModel, type GbdtOpts } from './gbdt';
import { binOf } from './metrics';
import type { Post } from './posts';
import { encodeStats, oofStats, statsWidth, type Key, type TargetStats } from './target-stats';

export interface GbdtFeatures {
  x: Float32Array /* [n, d] */;
  d: number;
}
export interface Importance {
  name: string;
  share: number; /* of the total split gain */
}

const domainKey = (p: Post): Key => domainOf(p.url);
const authorKey = (p: Post): Key => p.author;

/** Column names of the dense part (title dims summed into one name later). */
function denseNames(prep: Prep): string[] {
  const n: string[] = [];
  for (let i = 0; i < prep.dim; i++) n.push('title vector');
  if (prep.groups.time) n.push('hour (sin)', 'hour (cos)', 'weekday (sin)', 'weekday (cos)');
  if (prep.groups.length) n.push('title length');
  if (prep.groups.flags) n.push('Ask HN', 'Show HN');
  return n;
}

function statNames(what: string, bins: string[]): string[] {
  return [`${what}: mean log points`, ...bins.map((b) => `${what}: share ${b}`), `${what}: posts`];
}

export interface GbdtEncoder {
  prep: Prep;
  domain: TargetStats | null;
  author: TargetStats | null;
  names: string[];
  d: number;
}

/** Features of the training rows (target stats out of fold) and the encoder for other posts. */
export function gbdtTrainFeatures(
  fit: Post[],
  prep: Prep,
  words: WordTable | null,
  edges: number[],
  binNames: string[],
  seed: number,
): { f: GbdtFeatures; enc: GbdtEncoder } {
  const k = edges.length,
    w = denseWidth(prep),
    sw = statsWidth(k);
  const d = w + (prep.groups.domain ? sw : 0) + (prep.groups.author ? sw : 0);
  const x = new Float32Array(fit.length * d);
  copyDense(encode(fit, prep, words).dense, w, x, d);
  const logPts = Float64Array.from(fit, (p) => Math.log10(p.points + 1));
  const bins = Int32Array.from(fit, (p) => binOf(p.points, edges));
  let col = w;
  const names = denseNames(prep);
  let domain: TargetStats | null = null,
    author: TargetStats | null = null;
  if (prep.groups.domain) {
    domain = oofStats(fit.map(domainKey), logPts, bins, k, x, d, col, { seed });
    col += sw;
    names.push(...statNames('domain', binNames));
  }
  if (prep.groups.author) {
    author = oofStats(fit.map(authorKey), logPts, bins, k, x, d, col, { seed: seed + 1 });
    names.push(...statNames('author', binNames));
  }
  return { f: { x, d }, enc: { prep, domain, author, names, d } };
}

function copyDense(dense: Float32Array, w: number, x: Float32Array, d: number): void {
  const n = w ? dense.length / w : x.length / d;
  for (let i = 0; i < n; i++) x.set(dense.subarray(i * w, (i + 1) * w), i * d);
}

/** Features of new posts (validation, test, Ask) with the training rows' stats. */
export function gbdtFeatures(posts: Post[], e: GbdtEncoder, words: WordTable | null): GbdtFeatures {
  const w = denseWidth(e.prep);
  const x = new Float32Array(posts.length * e.d);
  copyDense(encode(posts, e.prep, words).dense, w, x, e.d);
  let col = w;
  if (e.domain) {
    encodeStats(e.domain, posts.map(domainKey), x, e.d, col);
    col += statsWidth(e.domain.k);
  }
  if (e.author) encodeStats(e.author, posts.map(authorKey), x, e.d, col);
  return { x, d: e.d };
}

/** Gain shares by feature name (the title vector's dimensions summed), largest first. */
export function importances(m: GbdtModel, names: string[]): Importance[] {
  const by = new Map<string, number>();
  let total = 0;
  m.importance.forEach((g, j) => {
    by.set(names[j], (by.get(names[j]) ?? 0) + g);
    total += g;
  });
  return [...by].map(([name, g]) => ({ name, share: total ? g / total : 0 })).sort((a, b) => b.share - a.share);
}

export interface GbdtRun {
  probs: Float32Array;
  valProbs: Float32Array;
  model: GbdtModel;
  /** The trees' feature encoder (saved with an ensemble that mixes the trees in). */
  encoder: GbdtEncoder;
  importance: Importance[];
  seconds: number;
  /** The feature rows (training part out of fold; test with the training stats), for the regression baseline. */
  features: { fit: GbdtFeatures; test: GbdtFeatures };
}

/** Fits on `fit`, stops early on `val`, predicts `test`. onRound: (round, validation log loss). */
export async function runGbdt(
  fit: Post[],
  val: Post[],
  test: Post[],
  prep: Prep,
  words: WordTable | null,
  edges: number[],
  binNames: string[],
  o: Partial<GbdtOpts> & { seed: number },
  signal?: AbortSignal,
  onRound?: (round: number, valLoss: number) => void,
): Promise<GbdtRun> {
  const t0 = performance.now();
  const y = (ps: Post[]) => Int32Array.from(ps, (p) => binOf(p.points, edges));
  const { f, enc } = gbdtTrainFeatures(fit, prep, words, edges, binNames, o.seed);
  const v = gbdtFeatures(val, enc, words);
  const model = await fitGbdt({ x: f.x, y: y(fit) }, f.d, edges.length, { ...DEFAULT_GBDT, ...o }, { x: v.x, y: y(val) }, signal, onRound);
  const t = gbdtFeatures(test, enc, words);
  return {
    probs: predictGbdt(model, t.x, test.length),
    valProbs: predictGbdt(model, v.x, val.length),
    model,
    encoder: enc,
    importance: importances(model, enc.names),
    seconds: (performance.now() - t0) / 1000,
    features: { fit: f, test: t },
  };
}
