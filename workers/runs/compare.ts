// Is the difference real? Two HN runs (or a run and one of its baselines) on the same test
// rows: a paired bootstrap of each metric's difference. Two word2vec runs on one analogy
// file: which questions each got right, and an exact McNemar test.
import { LabError } from '../errors';
import { metrics as hnMetrics, type Metrics } from '../hn/metrics';
import { describeDifference, mcnemar, pairedBootstrap, type McNemar, type PairedInterval } from '../experiments/stats';
import { read, put } from '../store';
import { getRecord, readOutcomes, runKey } from './store';

/** An HN fit's test-set predictions, kept with its record for comparisons: run/<id>/preds. */
export interface HnPredictions {
  /** [n] true bin of each test row. */
  y: Int32Array;
  k: number;
  /** First bin counted as "≥ 100 points" (the AUC's positive class). */
  topFrom: number;
  /** [n, k] probabilities of the model and of each baseline. */
  model: Float32Array;
  baselines: Record<string, Float32Array>;
}

const predsKey = (id: string): string => `${runKey.record(id)}/preds`;
export const writePredictions = (id: string, p: HnPredictions): Promise<void> => put(predsKey(id), p);
const readPredictions = (id: string): Promise<HnPredictions | undefined> => read<HnPredictions>(predsKey(id));

const METRICS = ['accuracy', 'macroF1', 'logLoss', 'auc100'] as const;
type MetricName = (typeof METRICS)[number];
const LABEL: Record<MetricName, string> = { accuracy: 'accuracy', macroF1: 'macro-F1', logLoss: 'log loss', auc100: 'AUC(≥100)' };

function subset(p: HnPredictions, probs: Float32Array, idx: Uint32Array): Metrics {
  const { k } = p;
  const y = new Int32Array(idx.length);
  const q = new Float32Array(idx.length * k);
  for (let i = 0; i < idx.length; i++) {
    y[i] = p.y[idx[i]];
    q.set(probs.subarray(idx[i] * k, idx[i] * k + k), i * k);
  }
  return hnMetrics(y, q, k, p.topFrom);
}

/** Probabilities named by a ref: a run id (its model) or 'baseline:<name>' of run `of`. */
async function probsOf(
  ref: string,
  of: HnPredictions,
  ofName: string,
): Promise<{ probs: Float32Array; name: string; preds: HnPredictions }> {
  if (ref.startsWith('baseline:')) {
    const b = ref.slice('baseline:'.length);
    const probs = of.baselines[b];
    if (!probs) throw new LabError(`run ${ofName} has no baseline ${b}`, 'not-found');
    return { probs, name: `the ${b} baseline's`, preds: of };
  }
  const r = await getRecord(ref);
  const p = await readPredictions(ref);
  if (!r || !p)
    throw new LabError(
      `run ${r?.name ?? ref} has no stored test predictions (it was fitted by an older version: fit it again)`,
      'not-found',
    );
  return { probs: p.model, name: `${r.name}'s`, preds: p };
}

export async function compareHn(
  a: string,
  b: string,
  resamples = 1000,
  seed = 1,
): Promise<Record<MetricName, PairedInterval & { verdict: string }>> {
  const ra = await getRecord(a);
  const pa = await readPredictions(a);
  if (!ra || ra.kind !== 'hn' || !pa) throw new LabError(`run ${ra?.name ?? a} is not an HN run with stored test predictions`, 'not-found');
  const B = await probsOf(b, pa, ra.name);
  const n = pa.y.length;
  if (B.preds.y.length !== n || B.preds.k !== pa.k || B.preds.y.some((v, i) => v !== pa.y[i]))
    throw new LabError(
      'the two runs were tested on different rows (another dataset, split or bins): a paired comparison needs the same test rows',
      'bad-input',
    );
  const out = {} as Record<MetricName, PairedInterval & { verdict: string }>;
  for (const m of METRICS) {
    const higherIsBetter = m !== 'logLoss';
    const d = pairedBootstrap(
      n,
      (idx) => subset(pa, pa.model, idx)[m],
      (idx) => subset(pa, B.probs, idx)[m],
      { resamples, seed, higherIsBetter },
    );
    out[m] = { ...d, verdict: describeDifference(d, { subject: `${ra.name}'s`, metric: LABEL[m], than: B.name, higherIsBetter }) };
  }
  return out;
}

export async function compareAnalogy(a: string, b: string, fileId: string): Promise<McNemar & { verdict: string }> {
  const [ra, rb] = await Promise.all([getRecord(a), getRecord(b)]);
  const [oa, ob] = await Promise.all([readOutcomes(a, fileId), readOutcomes(b, fileId)]);
  for (const [r, o, id] of [
    [ra, oa, a],
    [rb, ob, b],
  ] as const)
    if (!o) throw new LabError(`run ${r?.name ?? id} has no per-question results on this file: re-score it`, 'not-found');
  if (oa!.length !== ob!.length)
    throw new LabError('the two runs were scored on different versions of the file: re-score both', 'bad-input');
  // Questions either run skipped (a word out of its vocabulary) are left out of the test.
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < oa!.length; i++) if (oa![i] !== 2 && ob![i] !== 2) (x.push(oa![i]), y.push(ob![i]));
  const t = mcnemar(x, y);
  const na = ra?.name ?? a;
  const nb = rb?.name ?? b;
  const p = t.pValue < 0.001 ? t.pValue.toExponential(1) : t.pValue.toFixed(3);
  const verdict =
    `Of ${x.length} questions both could answer, ${t.both} both got right, ${t.onlyA} only ${na}, ${t.onlyB} only ${nb}. ` +
    (t.pValue < 0.05
      ? `Exact McNemar p = ${p}: ${t.onlyA > t.onlyB ? na : nb} is really better on this file.`
      : `Exact McNemar p = ${p}: the difference could be chance.`);
  return { ...t, verdict };
}
