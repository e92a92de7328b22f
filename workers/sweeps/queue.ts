// Runs a sweep's queue one run after another in the engine. Each word2vec run goes through
// the same runTraining as any run (recorded, checkpointed, scored); each HN run through the
// recorded hnClassify. Cancel pauses the sweep (the current run keeps its checkpoint), storage
// full pauses it and says so, a run that fails or diverges is kept as such and the queue goes on.
import type { HandlerContext } from '../protocol';
import { CancelledError, LabError, isQuotaError } from '../errors';
import { listCorpora, readManifest, type CorpusManifest, type IngestSettings } from '../corpus/format';
import { newCorpusId, runIngest } from '../corpus/ingest';
import { MODELS, TRAIN_SETTINGS, type TrainSettingName, type TrainSettings } from '../settings';
import { runTraining } from '../train/run';
import { hasCheckpoint } from '../train/checkpoint';
import type { TrainerChoice, TrainProgress } from '../train/commands';
import { newRunId } from '../runs/record';
import { updateRecord } from '../runs/store';
import { hnHandlers } from '../hn/handlers';
import { hnArgsOf, runLabel, type HnSweepRun } from '../experiments/sweep-plan';
import { putSweep, withSweepLock } from './store';
import type { HnSweep, Sweep, SweepItem, SweepProgress, SweepResult, W2vSweep } from './commands';

type Ctx = HandlerContext<SweepProgress>;

const TRAINERS: readonly TrainerChoice[] = ['auto', 'gpu', 'cpu'];

/** The run's full settings: the sweep's base with the item's swept values over it. */
export function itemSettings(sw: W2vSweep, it: SweepItem): { settings: TrainSettings; trainer: TrainerChoice; ingest: IngestSettings } {
  const settings = { ...sw.base };
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) {
    const v = it.values[k];
    if (typeof v === 'number') settings[k] = v;
  }
  const model = MODELS.find((x) => x === it.values.model);
  if (model) settings.model = model;
  const t = TRAINERS.find((x) => x === it.values.trainer) ?? sw.trainer;
  const maxVocab = typeof it.values.maxVocab === 'number' ? it.values.maxVocab : undefined;
  return { settings, trainer: t, ingest: { minCount: settings.minCount, ...(maxVocab !== undefined ? { maxVocab } : {}) } };
}

const sameIngest = (a: IngestSettings, b: IngestSettings): boolean => a.minCount === b.minCount && (a.maxVocab ?? 0) === (b.maxVocab ?? 0);

/** A corpus made like `base` but with `ingest`: a stored one made the same way, else ingested now. */
async function corpusFor(base: CorpusManifest, ingest: IngestSettings, baseUrl: string | undefined, signal: AbortSignal): Promise<string> {
  if (sameIngest(base.settings, ingest)) return base.id;
  const same = (await listCorpora()).find(
    (m) => m.state === 'ready' && JSON.stringify(m.source) === JSON.stringify(base.source) && sameIngest(m.settings, ingest),
  );
  if (same) return same.id;
  if (base.source.kind === 'file')
    throw new LabError(
      `min-count / max-vocab cannot be swept on a local file (${base.source.name}): the file is not kept. Load it once per min-count first.`,
      'bad-input',
    );
  const label = `${base.name} · min-count ${ingest.minCount}${ingest.maxVocab ? ` · max ${ingest.maxVocab}` : ''}`;
  const r = await runIngest(
    { id: newCorpusId(), name: label, source: base.source, settings: ingest, baseUrl },
    { progress: () => {}, emit: () => {}, signal },
  );
  return r.manifest.id;
}

async function runW2v(sw: W2vSweep, i: number, ctx: Ctx, report: (f: number, p?: TrainProgress) => void): Promise<void> {
  const it = sw.items[i];
  const { settings, trainer, ingest } = itemSettings(sw, it);
  const base = await readManifest(sw.corpusId);
  if (!base) throw new LabError("the sweep's corpus was deleted", 'not-found');
  const corpusId = await corpusFor(base, ingest, sw.baseUrl, ctx.signal);
  const resume = !!it.runId && (await hasCheckpoint(it.runId));
  if (!resume) {
    it.runId = newRunId('w2v'); // an interrupted run with no checkpoint starts again as a new run
    await putSweep(sw);
  }
  const name = `${sw.name} · ${runLabel(it.values)}`;
  await runTraining(
    {
      corpusId,
      settings,
      trainer,
      resume,
      runId: it.runId,
      name,
      tags: ['sweep'],
      sweep: { id: sw.id, index: i },
      checkpointSeconds: sw.checkpointSeconds,
    },
    { signal: ctx.signal, emit: ctx.emit, progress: (p) => report(p.fraction, p) },
  );
}

async function runHn(sw: HnSweep, i: number, ctx: Ctx, report: (f: number) => void): Promise<void> {
  const it = sw.items[i];
  const args = { ...sw.base, ...hnArgsOf(it.values as HnSweepRun, sw.base), name: `${sw.name} · ${runLabel(it.values)}` };
  const r = await hnHandlers.hnClassify(args, { signal: ctx.signal, emit: ctx.emit, progress: (p) => report(p.fraction ?? 0) });
  it.runId = (r as { runId?: string }).runId;
  if (it.runId) await updateRecord(it.runId, (rec) => void (rec.sweep = { id: sw.id, index: i }));
}

/** Runs every item not yet done, in order; resolves when the sweep is done. */
export function runQueue(sw: Sweep, ctx: Ctx): Promise<SweepResult> {
  return withSweepLock(sw.id, async () => {
    sw.state = 'running';
    sw.note = undefined;
    await putSweep(sw);
    const n = sw.items.length;
    const t0 = performance.now();
    const doneAtStart = sw.items.filter((x) => x.state === 'done' || x.state === 'failed').length;
    for (let i = 0; i < n; i++) {
      const it = sw.items[i];
      if (it.state === 'done' || it.state === 'failed') continue;
      it.state = 'running';
      await putSweep(sw);
      const report = (f: number, p?: TrainProgress): void => {
        const done = sw.items.filter((x) => x.state === 'done' || x.state === 'failed').length;
        const fraction = (done + Math.min(1, f)) / n;
        const gained = fraction - doneAtStart / n;
        const secs = (performance.now() - t0) / 1000;
        ctx.progress({
          sweepId: sw.id,
          index: i,
          n,
          run: p,
          fraction,
          etaSeconds: gained > 0.005 ? (secs / gained) * (1 - fraction) : undefined,
        });
      };
      report(0);
      try {
        if (sw.kind === 'w2v') await runW2v(sw, i, ctx, report);
        else await runHn(sw, i, ctx, report);
        it.state = 'done';
        it.error = undefined;
      } catch (e) {
        if (e instanceof CancelledError) {
          it.state = 'paused';
          sw.state = 'paused';
          await putSweep(sw);
          throw e;
        }
        if (isQuotaError(e)) {
          it.state = 'paused';
          sw.state = 'paused';
          sw.note = `Browser storage is full: the sweep is paused at run ${i + 1} of ${n}; the finished runs and their records are kept. Free some space (delete a corpus or vector set), then resume.`;
          await putSweep(sw).catch(() => {});
          throw new LabError(sw.note, 'quota');
        }
        it.state = 'failed';
        it.error = e instanceof Error ? e.message : String(e);
      }
      await putSweep(sw);
    }
    sw.state = 'done';
    await putSweep(sw);
    return { sweep: sw };
  });
}
