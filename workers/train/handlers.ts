import type { Handlers } from '../protocol';
import type { TrainCommands } from './commands';
import { runTraining } from './run';
import { requestStop, runningRun } from './active';
import { stopFromCheckpoint } from './finish';
import { hasCheckpoint, latestCheckpointOf, listCheckpoints, removeCheckpoint } from './checkpoint';
import { updateRecord } from '../runs/store';
import { scoreRun } from '../runs/scoring';
import { ensureMigrated } from '../runs/migrate';
import type { RunRef, TrainResult } from './commands';
import { loadVectors } from '../vectors/format';
import { exportFiles } from '../vectors/write';
import { currentGpu } from '../gpu';
import { LabError } from '../errors';
import { listCorpora } from '../corpus/format';

async function putBlob(url: string, blob: Blob): Promise<void> {
  const r = await fetch(url, { method: 'PUT', body: blob });
  if (!r.ok) throw new LabError(`upload to ${url} failed: HTTP ${r.status}`, 'network');
}

/** The paused run a ref names: its id, or the corpus's newest checkpoint. */
async function pausedRun(ref: RunRef): Promise<string | undefined> {
  return ref.runId ?? (await latestCheckpointOf(ref.corpusId))?.runId;
}

export const trainHandlers: Handlers<TrainCommands> = {
  train: (args, ctx) => runTraining(args, ctx),
  trainCheckpoints: async () => {
    await ensureMigrated();
    return listCheckpoints();
  },
  trainCorpora: async () =>
    (await listCorpora())
      .filter((m) => m.state === 'ready')
      .map((m) => ({ id: m.id, name: m.name, tokens: m.tokens, vocabSize: m.vocabSize })),
  trainStop: async (ref) => {
    if (requestStop(runningRun(ref))) return { running: true };
    const runId = await pausedRun(ref);
    const result: TrainResult = await stopFromCheckpoint(runId, ref.watch);
    const scores = await scoreRun(result.runId, result.vectorsId).catch(() => undefined);
    return { running: false, result: scores ? { ...result, scores } : result };
  },
  trainDiscard: async (ref) => {
    const runId = await pausedRun(ref);
    const had = !!runId && (await hasCheckpoint(runId));
    if (runId) {
      await removeCheckpoint(runId);
      await updateRecord(runId, (r) => {
        if (r.kind === 'w2v') r.resumable = false;
      });
    }
    return { removed: had };
  },
  exportVectors: async ({ vectorsId, format, putUrl, putUrlMeta }) => {
    const v = await loadVectors(vectorsId);
    const files = exportFiles({ words: v.words, matrix: v.matrix, dim: v.manifest.dim }, format, v.manifest.name).map((f) => ({
      name: f.name,
      blob: new Blob(
        f.parts.map((p) => p.slice().buffer),
        { type: 'application/octet-stream' },
      ),
    }));
    const bytes = files.reduce((a, f) => a + f.blob.size, 0);
    if (!putUrl) return { bytes, files };
    await putBlob(putUrl, files[0].blob);
    if (files[1] && putUrlMeta) await putBlob(putUrlMeta, files[1].blob);
    return { bytes };
  },
  trainTestLoseDevice: async () => {
    const g = currentGpu();
    g?.device.destroy();
    return { destroyed: !!g };
  },
};
