// Every HN model fit (hnClassify) is a run record from its start: the dataset, split, bins,
// feature groups and settings, then the metrics of the model and of every baseline.
import type { ArgsOf, ResultOf } from '../protocol';
import type { PostsSource } from '../hn/commands';
import type { Metrics } from '../hn/metrics';
import { CancelledError } from '../errors';
import { newRunId, type HnMetricsRef, type HnRecord } from './record';
import { putRecord, withRunLock } from './store';
import { writePredictions, type HnPredictions } from './compare';
import { DEFAULT_BINS } from '../hn/bins';
import { readManifest } from '../hn/dataset';

type Args = ArgsOf<'hnClassify'>;
type Result = ResultOf<'hnClassify'>;

/** Posts as the user knows them: a stored dataset's name (its file name, e.g. "hn-slice.csv"), a URL, or "text given". */
async function sourceName(s: PostsSource | undefined): Promise<string | undefined> {
  if (!s) return undefined;
  if ('url' in s) return s.url;
  if (!('datasetId' in s)) return 'text given';
  const m = await readManifest(s.datasetId).catch(() => undefined); // a dataset deleted meanwhile: the fit fails on it anyway
  return m?.name ?? `dataset ${s.datasetId}`;
}

const datasetId = (s: PostsSource | undefined): string | undefined => (s && 'datasetId' in s ? s.datasetId : undefined);

const ref = (m: Metrics & { ece?: number }): HnMetricsRef => ({
  accuracy: m.accuracy,
  macroF1: m.macroF1,
  logLoss: m.logLoss,
  auc100: m.auc100,
  ...(m.ece !== undefined ? { ece: m.ece } : {}),
});

/** What the fit was asked, flat, for the runs table (feature groups as group:on/off). */
function settingsOf(a: Args): HnRecord['settings'] {
  const out: HnRecord['settings'] = {
    seed: a.seed ?? 1,
    classWeights: !!a.classWeights,
    finetune: !!a.finetune,
    maxEpochs: a.maxEpochs ?? 60,
    patience: a.patience ?? 4,
  };
  for (const [g, on] of Object.entries(a.groups ?? {})) if (typeof on === 'boolean') out[`group:${g}`] = on;
  if (!a.vectorsId) out['group:title'] = false;
  for (const [k, v] of Object.entries(a)) {
    if (k in out || ['train', 'test', 'groups', 'vectorsId', 'bins', 'name', 'save'].includes(k)) continue;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Runs `fit` as a recorded HN run; the record ends finished, failed or interrupted (cancelled). */
export async function recordHnFit(
  a: Args,
  fit: (keep: (p: HnPredictions) => void) => Promise<Result>,
): Promise<Result & { runId: string }> {
  const id = newRunId('hn');
  const [train, test] = await Promise.all([sourceName(a.train), sourceName(a.test)]);
  const trainId = datasetId(a.train);
  const testId = datasetId(a.test);
  const rec: HnRecord = {
    kind: 'hn',
    id,
    name: a.name ?? `HN model · ${train ?? 'posts'}`,
    tags: [],
    state: 'running',
    startedAt: Date.now(),
    updatedAt: Date.now(),
    dataset: { train: train ?? 'posts', test, ...(trainId ? { trainId } : {}), ...(testId ? { testId } : {}) },
    split: { kind: a.split ?? 'time', testShare: a.testShare ?? 0.2 },
    bins: a.bins ?? [...DEFAULT_BINS],
    settings: settingsOf(a),
    vectorsId: a.vectorsId,
    baselines: {},
  };
  await putRecord(rec);
  const t0 = performance.now();
  return withRunLock(id, async () => {
    try {
      let preds: HnPredictions | undefined;
      const r = await fit((p) => (preds = p));
      if (preds) await writePredictions(id, preds).catch(() => {}); // comparisons need them; the fit stands without
      const baselines: Record<string, HnMetricsRef> = {};
      for (const [name, b] of Object.entries(r.baselines)) baselines[name] = ref((b as { metrics: Metrics }).metrics);
      Object.assign(rec, {
        state: 'finished',
        endedAt: Date.now(),
        seconds: (performance.now() - t0) / 1000,
        bins: r.bins,
        model: ref(r.model.metrics),
        baselines,
        modelId: r.modelId,
        dataset: { ...rec.dataset, rows: r.rows },
        intervals: (r as { intervals?: unknown }).intervals,
      } satisfies Partial<HnRecord>);
      await putRecord(rec).catch(() => {});
      return { ...r, runId: id };
    } catch (e) {
      Object.assign(rec, {
        state: e instanceof CancelledError ? 'interrupted' : 'failed',
        endedAt: Date.now(),
        error: e instanceof Error ? e.message : String(e),
      });
      await putRecord(rec).catch(() => {});
      throw e;
    }
  });
}
