import type { Handlers } from '../protocol';
import type { RunsCommands, ListedRun } from './commands';
import { LabError } from '../errors';
import { listCorpora } from '../corpus/format';
import { deleteVectors, listVectors, vectorsKey, type VectorsManifest } from '../vectors/format';
import { read } from '../store';
import { removeCheckpoint } from '../train/checkpoint';
import { isRunning } from '../train/active';
import { initCompute } from '../gpu';
import { neighbours, useVectors } from '../explore/similarity';
import { deleteRecord, getRecord, listRecords, putRecord, readCurve } from './store';
import { addEvalFile, listEvalFiles, PROBE_META, removeEvalFile } from './eval-files';
import { scoreRun } from './scoring';
import { ensureMigrated } from './migrate';
import { newRunId, type W2vRecord } from './record';
import { defaultTrainSettings } from '../settings';
import { compareAnalogy, compareHn } from './compare';
import { gensimScript } from '../experiments/gensim-script';
import { readManifest as readDataset } from '../hn/dataset';

/** A stored HN dataset an HN record names: by its id, or "dataset <id>" as records from before trainId have it. */
const LEGACY_DATASET = /^dataset (ds-\S+)$/;
const datasetIdOf = (name: string | undefined, id: string | undefined): string | undefined =>
  id ?? (name ? LEGACY_DATASET.exec(name)?.[1] : undefined);

/** The records with what changed since: corpus, vectors or dataset deleted; a dataset's name where an older record kept its id. */
async function listed(): Promise<ListedRun[]> {
  await ensureMigrated();
  const [recs, corpora, vectors] = await Promise.all([listRecords(), listCorpora(), listVectors()]);
  const corpusIds = new Set(corpora.map((m) => m.id));
  const vectorIds = new Set(vectors.map((v) => v.id));
  // Only the datasets the HN records name are read (a manifest each), never their posts.
  const dsIds = new Set<string>();
  for (const r of recs)
    if (r.kind === 'hn')
      for (const id of [datasetIdOf(r.dataset.train, r.dataset.trainId), datasetIdOf(r.dataset.test, r.dataset.testId)])
        if (id) dsIds.add(id);
  const dsName = new Map<string, string | undefined>(
    await Promise.all([...dsIds].map(async (id) => [id, (await readDataset(id).catch(() => undefined))?.name] as const)),
  );
  return recs.map((r) => {
    if (r.kind === 'unreadable') return r;
    if (r.kind === 'hn') {
      const trainId = datasetIdOf(r.dataset.train, r.dataset.trainId);
      const testId = datasetIdOf(r.dataset.test, r.dataset.testId);
      const out: ListedRun = { ...r, dataset: { ...r.dataset } };
      if (trainId && LEGACY_DATASET.test(r.dataset.train)) out.dataset.train = dsName.get(trainId) ?? 'a deleted dataset';
      if (testId && r.dataset.test && LEGACY_DATASET.test(r.dataset.test)) out.dataset.test = dsName.get(testId) ?? 'a deleted dataset';
      if ((trainId && dsName.get(trainId) === undefined) || (testId && dsName.get(testId) === undefined)) out.datasetDeleted = true;
      return out;
    }
    const out: ListedRun = { ...r };
    if (r.corpus && !corpusIds.has(r.corpus.id)) out.corpusDeleted = true;
    if (r.vectorsId && !vectorIds.has(r.vectorsId)) out.vectorsDeleted = true;
    return out;
  });
}

async function w2vRecord(id: string): Promise<W2vRecord> {
  const r = await getRecord(id);
  if (!r) throw new LabError(`there is no run ${id}`, 'not-found');
  if (r.kind !== 'w2v') throw new LabError(`run ${r.name} is not a word2vec run`, 'bad-input');
  return r;
}

/** Records an imported vector set as a run (origin 'imported'), e.g. vectors a gensim script wrote. */
export async function recordImport(m: VectorsManifest, source: string): Promise<void> {
  const s = { ...defaultTrainSettings(), dim: m.dim };
  await putRecord({
    kind: 'w2v',
    origin: 'imported',
    id: newRunId('w2v'),
    name: m.name,
    tags: ['imported'],
    state: 'finished',
    startedAt: m.createdAt,
    endedAt: m.createdAt,
    updatedAt: Date.now(),
    settings: s,
    trainer: 'auto',
    adapter: `imported from ${source}`,
    fraction: 1,
    seconds: 0,
    vectorsId: m.id,
    scores: { analogy: {}, pairs: {} },
  });
}

export const runsHandlers: Handlers<RunsCommands> = {
  runsList: () => listed(),
  runsCurves: async ({ ids }) => {
    const out: Record<string, Awaited<ReturnType<typeof readCurve>>> = {};
    for (const id of ids) out[id] = await readCurve(id);
    return out;
  },
  runUpdate: async ({ id, name, tags }) => {
    const r = await getRecord(id);
    if (!r) throw new LabError(`there is no run ${id}`, 'not-found');
    if (name !== undefined) {
      if (!name.trim()) throw new LabError('a run needs a name', 'bad-input');
      r.name = name.trim().slice(0, 200);
    }
    if (tags !== undefined) r.tags = [...new Set(tags.map((t) => t.trim()).filter(Boolean))].slice(0, 20);
    await putRecord(r);
    return r;
  },
  runDelete: async ({ id, vectors }) => {
    if (isRunning(id)) throw new LabError('this run is training: stop it first', 'state');
    const r = await getRecord(id);
    await removeCheckpoint(id);
    if (vectors && r?.kind === 'w2v' && r.vectorsId) await deleteVectors(r.vectorsId);
    await deleteRecord(id);
    return { deleted: r !== undefined };
  },
  runsNeighbours: async ({ ids, word, k = 10 }) => {
    await initCompute();
    const out: { id: string; near?: { word: string; similarity: number }[]; error?: string }[] = [];
    for (const id of ids) {
      try {
        const r = await w2vRecord(id);
        if (!r.vectorsId) throw new LabError('this run has no vectors yet', 'not-found');
        if (!(await read(vectorsKey.manifest(r.vectorsId)))) throw new LabError('its vector set was deleted', 'not-found');
        const l = await useVectors(r.vectorsId).catch(() => {
          throw new LabError('its vector set was deleted', 'not-found');
        });
        const near = await neighbours(l, word.trim().toLowerCase(), k, 'cosine');
        out.push({ id, near: near.map((n) => ({ word: n.word, similarity: n.score })) });
      } catch (e) {
        out.push({ id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return out;
  },
  evalFiles: async () => [PROBE_META, ...(await listEvalFiles())],
  evalFileAdd: async ({ name, text, rescore }, ctx) => {
    const meta = await addEvalFile(name, text);
    const ids = rescore ?? [];
    for (let i = 0; i < ids.length; i++) {
      ctx.progress({ done: i, total: ids.length });
      const r = await getRecord(ids[i]);
      if (r?.kind === 'w2v' && r.vectorsId) await scoreRun(r.id, r.vectorsId, [meta]).catch(() => undefined);
    }
    return meta;
  },
  evalFileRemove: async ({ id }) => {
    if (id === PROBE_META.id) throw new LabError('the built-in probe set cannot be removed', 'bad-input');
    const had = (await listEvalFiles()).some((f) => f.id === id);
    await removeEvalFile(id);
    return { removed: had };
  },
  runRescore: async ({ id, fileId }, ctx) => {
    const r = await w2vRecord(id);
    if (!r.vectorsId) throw new LabError(`run ${r.name} has no vectors to score`, 'not-found');
    const files = fileId ? [PROBE_META, ...(await listEvalFiles())].filter((f) => f.id === fileId) : undefined;
    if (fileId && !files?.length) throw new LabError(`there is no evaluation file ${fileId}`, 'not-found');
    return scoreRun(id, r.vectorsId, files, (f) => ctx.progress({ file: f.name }));
  },
  runsCompareAnalogy: ({ a, b, fileId }) => compareAnalogy(a, b, fileId),
  runsCompareHn: async ({ a, b, resamples, seed }) => ({ metrics: await compareHn(a, b, resamples, seed) }),
  runGensimScript: async ({ id }) => {
    const r = await w2vRecord(id);
    if (r.origin !== 'trained' || !r.corpus)
      throw new LabError('only runs trained here (on a known corpus) export as a gensim script', 'bad-input');
    const safe =
      r.name
        .replace(/[^a-z0-9]+/gi, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 60) || 'run';
    const text = gensimScript({ settings: r.settings, corpus: r.corpus.source, maxVocab: r.corpus.ingest.maxVocab, output: `${safe}.vec` });
    return { filename: `${safe}.py`, text };
  },
};
