// Data written before runs had records: checkpoints keyed by corpus
// (train/<corpusId>/checkpoint) become per-run checkpoints with a paused record, and every
// trained vector set without a record gets a finished (or stopped-early) one, so the runs
// table shows the history. Runs once per store (the flag key), and again only if a legacy
// checkpoint is found (an older tab wrote it).
import { put, read } from '../store';
import { readManifest, type CorpusManifest } from '../corpus/format';
import { listVectors } from '../vectors/format';
import { defaultTrainSettings, TRAIN_SETTINGS, type TrainSettings, type TrainSettingName } from '../settings';
import { legacyCheckpoints, removeLegacy, saveCheckpoint } from '../train/checkpoint';
import { finalLoss } from '../train/finish';
import { curveOf } from './curve';
import { newRunId, type W2vRecord } from './record';
import { listRecords, putRecord, writeCurve } from './store';
import { defaultRunName } from './w2v-recorder';

const FLAG = 'runs/migrated-v1';

const corpusRef = (m: CorpusManifest): W2vRecord['corpus'] => ({
  id: m.id,
  name: m.name,
  source: m.source,
  ingest: m.settings,
  tokens: m.tokens,
  vocabSize: m.vocabSize,
});

function settingsFrom(details: Record<string, unknown> | undefined): TrainSettings {
  const s = defaultTrainSettings();
  for (const k of Object.keys(TRAIN_SETTINGS) as TrainSettingName[]) {
    const v = details?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) s[k] = v;
  }
  return s;
}

let once: Promise<void> | undefined;

/** Migrates once per engine (later calls wait on the first). */
export function ensureMigrated(): Promise<void> {
  once ??= migrate().catch((e) => {
    once = undefined; // try again next time (e.g. storage was full)
    throw e;
  });
  return once;
}

async function migrate(): Promise<void> {
  for (const { key, c } of await legacyCheckpoints()) {
    const m = await readManifest(c.corpusId);
    const runId = newRunId('w2v', c.savedAt);
    const s = c.settings;
    const rec: W2vRecord = {
      kind: 'w2v',
      origin: 'trained',
      id: runId,
      name: defaultRunName(m?.name ?? c.corpusId, s),
      tags: [],
      state: 'paused',
      startedAt: c.savedAt,
      updatedAt: Date.now(),
      corpus: m ? corpusRef(m) : undefined,
      settings: { ...s },
      trainer: 'auto',
      adapter: c.adapter,
      fraction: c.fraction,
      seconds: c.seconds,
      finalLoss: finalLoss(c.lossHistory),
      resumable: true,
      scores: { analogy: {}, pairs: {} },
    };
    const total = (m?.tokens ?? 0) * s.epochs;
    await writeCurve(runId, curveOf(c.lossHistory, total, c.fraction));
    await saveCheckpoint({ ...c, runId });
    await putRecord(rec);
    await removeLegacy(key); // last: a failure above leaves the old checkpoint readable
  }
  if (await read(FLAG)) return;
  const recs = await listRecords();
  const known = new Set(recs.flatMap((r) => (r.kind === 'w2v' && r.vectorsId ? [r.vectorsId] : [])));
  for (const v of await listVectors()) {
    if (v.origin !== 'trained' || known.has(v.id)) continue;
    const m = v.corpusId ? await readManifest(v.corpusId) : undefined;
    const s = settingsFrom(v.details);
    const stopped = v.details?.stoppedEarly === true;
    const fraction = typeof v.details?.fractionDone === 'number' ? v.details.fractionDone : 1;
    await putRecord({
      kind: 'w2v',
      origin: 'trained',
      id: newRunId('w2v', v.createdAt),
      name: v.name,
      tags: [],
      state: stopped ? 'stopped' : 'finished',
      startedAt: v.createdAt,
      endedAt: v.createdAt,
      updatedAt: Date.now(),
      corpus: m ? corpusRef(m) : undefined,
      settings: s,
      trainer: 'auto',
      fraction: stopped ? fraction : 1,
      seconds: 0,
      vectorsId: v.id,
      scores: { analogy: {}, pairs: {} },
    });
  }
  await put(FLAG, true);
}
