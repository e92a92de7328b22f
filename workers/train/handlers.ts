import type { Handlers } from '../protocol';
import type { TrainCommands } from './commands';
import { runTraining } from './run';
import { requestStop } from './active';
import { stopFromCheckpoint } from './finish';
import { listCheckpoints, loadCheckpoint, removeCheckpoint } from './checkpoint';
import { loadVectors } from '../vectors/format';
import { exportFiles } from '../vectors/write';
import { currentGpu } from '../gpu';
import { LabError } from '../errors';
import { listCorpora } from '../corpus/format';
import { initCompute } from '../gpu';

async function putBlob(url: string, blob: Blob): Promise<void> {
  const r = await fetch(url, { method: 'PUT', body: blob });
  if (!r.ok) throw new LabError(`upload to ${url} failed: HTTP ${r.status}`, 'network');
}

export const trainHandlers: Handlers<TrainCommands> = {
  train: (args, ctx) => runTraining(args, ctx),
  trainCheckpoints: () => listCheckpoints(),
  trainCorpora: async () =>
    (await listCorpora()).filter((m) => m.state === 'ready').map((m) => ({ id: m.id, name: m.name, tokens: m.tokens, vocabSize: m.vocabSize })),
  trainStop: async ({ corpusId }) => (requestStop(corpusId) ? { running: true } : { running: false, result: await stopFromCheckpoint(corpusId) }),
  trainDiscard: async ({ corpusId }) => {
    const had = !!(await loadCheckpoint(corpusId));
    await removeCheckpoint(corpusId);
    return { removed: had };
  },
  exportVectors: async ({ vectorsId, format, putUrl, putUrlMeta }) => {
    const v = await loadVectors(vectorsId);
    const files = exportFiles({ words: v.words, matrix: v.matrix, dim: v.manifest.dim }, format).map((f) => ({
      name: f.name,
      blob: new Blob(f.parts.map((p) => p.slice().buffer), { type: 'application/octet-stream' }),
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
