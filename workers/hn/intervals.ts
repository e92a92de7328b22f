// Bootstrap intervals of hnClassify's test metrics (classify --bootstrap N): each predictor's
// accuracy, macro-F1, log loss and AUC, and the paired differences of the model against the
// baselines, all on the same resamples of the test posts.
// A resample is a count per test row (how often it was drawn), so a metric is a weighted sum
// over the rows: O(n·k) per resample, the AUC included (rows are sorted by score once).
import { bootstrapSamples, describeDifference, pairedFromSamples, percentileInterval, type PairedInterval } from '../experiments/stats';
import type { Metrics } from './metrics';

/** Resamples hnClassify accepts (fewer than 100 make the 2.5% tails a couple of draws each). */
export const MIN_BOOTSTRAP = 100;
export const MAX_BOOTSTRAP = 100_000;

const NAMES = ['accuracy', 'macroF1', 'logLoss', 'auc100'] as const satisfies readonly (keyof Metrics)[];
const LABEL: Record<keyof Metrics, string> = { accuracy: 'accuracy', macroF1: 'macro-F1', logLoss: 'log loss', auc100: 'AUC' };
const HIGHER_IS_BETTER: Record<keyof Metrics, boolean> = { accuracy: true, macroF1: true, logLoss: false, auc100: true };

export interface ValueInterval {
  value: number;
  lo: number;
  hi: number;
}
export type MetricIntervals = Record<keyof Metrics, ValueInterval>;
export type DiffInterval = Pick<PairedInterval, 'diff' | 'lo' | 'hi' | 'pBetter'> & { verdict: string };

/** Predictors compared: the model and the baselines of hnClassify's result. */
export type Predictor = 'model' | 'majority' | 'logreg' | 'titleLogreg' | 'titleWords' | 'gbdt';
/** Predictors every fit has (the GBDT is skipped on a dataset too small for a validation part). */
type Always = Exclude<Predictor, 'gbdt'>;

export type ClassifyIntervals = Record<Always, MetricIntervals> &
  Partial<Record<'gbdt', MetricIntervals>> & {
    resamples: number;
    level: number;
    /** Paired differences model − baseline (same resamples), with the verdict in words. */
    diff: { vsLogreg: Record<'logLoss' | 'auc100', DiffInterval>; vsTitleLogreg: Record<'logLoss' | 'auc100', DiffInterval> };
    /** Time the intervals took in the worker. */
    seconds: number;
  };

/** Per-row facts of one predictor on the test split, precomputed once for all resamples. */
interface Rows {
  pred: Int32Array; // argmax bin per row
  nll: Float64Array; // −ln p(true bin), clamped like metrics()
  order: Uint32Array; // rows by ascending AUC score
  groupEnd: Uint32Array; // groupEnd[i]: end (exclusive) in `order` of the tie group starting at i
  pos: Uint8Array; // row is in the AUC's positive class (bins from topFrom up)
}

function rowsOf(y: Int32Array, probs: Float32Array, k: number, topFrom: number): Rows {
  const n = y.length;
  const pred = new Int32Array(n),
    nll = new Float64Array(n),
    score = new Float64Array(n),
    pos = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    pred[i] = best;
    nll[i] = -Math.log(Math.max(probs[i * k + y[i]], 1e-15));
    for (let c = topFrom; c < k; c++) score[i] += probs[i * k + c];
    pos[i] = y[i] >= topFrom ? 1 : 0;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  const groupEnd = new Uint32Array(n);
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && score[order[j]] === score[order[i]]) j++;
    groupEnd[i] = j;
    i = j;
  }
  return { pred, nll, order, groupEnd, pos };
}

/**
 * accuracy, macro-F1, log loss, AUC of rows weighted by w (w[i] = times row i was drawn): the
 * same definitions as metrics() on the resampled rows (all-ones weights give metrics() itself).
 */
function weighted(r: Rows, y: Int32Array, k: number, w: Uint32Array, cm: Float64Array): [number, number, number, number] {
  const n = y.length;
  cm.fill(0); // [k, k] row-major: truth × prediction
  let total = 0,
    ll = 0;
  for (let i = 0; i < n; i++) {
    if (!w[i]) continue;
    total += w[i];
    cm[y[i] * k + r.pred[i]] += w[i];
    ll += w[i] * r.nll[i];
  }
  let correct = 0,
    f1Sum = 0,
    classes = 0;
  for (let c = 0; c < k; c++) {
    const tp = cm[c * k + c];
    correct += tp;
    let fp = 0,
      fn = 0;
    for (let o = 0; o < k; o++)
      if (o !== c) {
        fp += cm[o * k + c];
        fn += cm[c * k + o];
      }
    if (tp + fp + fn === 0) continue;
    classes++;
    f1Sum += (2 * tp) / (2 * tp + fp + fn);
  }
  // Mann–Whitney over tie groups: each positive counts the negatives below it, plus half its ties.
  let negBelow = 0,
    num = 0,
    nPos = 0,
    nNeg = 0;
  for (let i = 0; i < n; i = r.groupEnd[i]) {
    let p = 0,
      q = 0;
    for (let t = i; t < r.groupEnd[i]; t++) {
      const row = r.order[t];
      if (r.pos[row]) p += w[row];
      else q += w[row];
    }
    num += p * (negBelow + q / 2);
    negBelow += q;
    nPos += p;
    nNeg += q;
  }
  const auc = nPos && nNeg ? num / (nPos * nNeg) : NaN;
  return [correct / total, classes ? f1Sum / classes : 0, ll / total, auc];
}

/** metrics() of resample counts `w` (exported for the test that checks both agree). */
export function weightedMetrics(y: Int32Array, probs: Float32Array, k: number, topFrom: number, w: Uint32Array): Metrics {
  const [accuracy, macroF1, logLoss, auc100] = weighted(rowsOf(y, probs, k, topFrom), y, k, w, new Float64Array(k * k));
  return { accuracy, macroF1, logLoss, auc100 };
}

const SUBJECT: Record<'logreg' | 'titleLogreg', string> = { logreg: "the logistic baseline's", titleLogreg: "the title-only baseline's" };
const ALWAYS = ['model', 'majority', 'logreg', 'titleLogreg', 'titleWords'] as const satisfies readonly Always[];

/** Percentile intervals (level 0.95) of every predictor's metrics and the model's paired differences. */
export function classifyIntervals(
  y: Int32Array,
  probs: Record<Always, Float32Array> & Partial<Record<'gbdt', Float32Array>>,
  k: number,
  topFrom: number,
  o: { resamples: number; seed: number; level?: number },
): ClassifyIntervals {
  const t0 = performance.now();
  const level = o.level ?? 0.95;
  const PREDICTORS: Predictor[] = probs.gbdt ? [...ALWAYS, 'gbdt'] : [...ALWAYS];
  const rows = PREDICTORS.map((p) => rowsOf(y, probs[p] ?? probs.model, k, topFrom));
  const n = y.length;
  const w = new Uint32Array(n),
    cm = new Float64Array(k * k);
  const point = rows.map((r) => weighted(r, y, k, w.fill(1), cm));
  // One draw per resample, shared by all predictors: samples[p * 4 + m] = predictor p, metric m.
  const samples = bootstrapSamples(
    n,
    (idx) => {
      w.fill(0);
      for (const i of idx) w[i]++;
      return rows.flatMap((r) => weighted(r, y, k, w, cm));
    },
    { resamples: o.resamples, seed: o.seed, level },
  );
  const at = (p: Predictor): number => PREDICTORS.indexOf(p);
  const iv = (p: number, m: keyof Metrics): ValueInterval => {
    const j = NAMES.indexOf(m);
    const { lo, hi } = percentileInterval(samples[p * 4 + j], level);
    return { value: point[p][j], lo, hi };
  };
  const intervals = (p: Predictor): MetricIntervals => {
    const i = at(p);
    return { accuracy: iv(i, 'accuracy'), macroF1: iv(i, 'macroF1'), logLoss: iv(i, 'logLoss'), auc100: iv(i, 'auc100') };
  };
  const one = (b: 'logreg' | 'titleLogreg', m: 'logLoss' | 'auc100'): DiffInterval => {
    const j = NAMES.indexOf(m),
      a = at('model'),
      c = at(b);
    const d = pairedFromSamples(point[a][j] - point[c][j], samples[a * 4 + j], samples[c * 4 + j], HIGHER_IS_BETTER[m], level);
    const verdict = describeDifference(d, {
      subject: "the model's",
      metric: LABEL[m],
      than: SUBJECT[b],
      higherIsBetter: HIGHER_IS_BETTER[m],
    });
    return { diff: d.diff, lo: d.lo, hi: d.hi, pBetter: d.pBetter, verdict };
  };
  const diff = (b: 'logreg' | 'titleLogreg') => ({ logLoss: one(b, 'logLoss'), auc100: one(b, 'auc100') });
  return {
    model: intervals('model'),
    majority: intervals('majority'),
    logreg: intervals('logreg'),
    titleLogreg: intervals('titleLogreg'),
    titleWords: intervals('titleWords'),
    ...(probs.gbdt ? { gbdt: intervals('gbdt') } : {}),
    resamples: o.resamples,
    level,
    diff: { vsLogreg: diff('logreg'), vsTitleLogreg: diff('titleLogreg') },
    seconds: (performance.now() - t0) / 1000,
  };
}
