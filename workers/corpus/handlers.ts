import type { Handlers } from '../protocol';
import type { CorpusCommands } from './commands';
import { LabError } from '../errors';
import { deleteCorpus, listCorpora, readManifest, readVocab, corpusKey, type CorpusManifest } from './format';
import { put } from '../store';
import { runIngest, newCorpusId, lockName } from './ingest';

/** Manifests still 'ingesting' whose ingest holds no Web Lock (tab closed / reloaded) become 'interrupted'. */
async function recoverInterrupted(ms: CorpusManifest[]): Promise<CorpusManifest[]> {
  const stuck = ms.filter((m) => m.state === 'ingesting');
  if (!stuck.length) return ms;
  const held = new Set((await navigator.locks.query()).held?.map((l) => l.name) ?? []);
  for (const m of stuck) {
    if (held.has(lockName(m.id))) continue;
    // Re-read: it may have finished since the list was read.
    const now = await readManifest(m.id);
    if (now?.state !== 'ingesting') continue;
    m.state = 'interrupted';
    m.error = 'the ingest was interrupted (page reloaded or closed) before it finished';
    m.updatedAt = Date.now();
    await put(corpusKey.manifest(m.id), m);
  }
  return ms;
}

const sourceName = (s: CorpusManifest['source']): string =>
  s.kind === 'sample' ? 'Brown corpus (bundled sample)' : s.kind === 'file' ? s.name : decodeURIComponent(s.url.split('/').pop() || s.url);

export const corpusHandlers: Handlers<CorpusCommands> = {
  ingest: async (args, ctx) => {
    if (!(args.settings.minCount >= 1)) throw new LabError('min-count must be at least 1');
    if (args.settings.maxVocab !== undefined && !(args.settings.maxVocab >= 1)) throw new LabError('max-vocab must be at least 1');
    if (args.source.kind === 'file' && !args.file) throw new LabError('no file given for a file source');
    return runIngest(
      {
        id: newCorpusId(),
        name: args.name ?? sourceName(args.source),
        source: args.source,
        settings: args.settings,
        file: args.file,
        baseUrl: args.baseUrl,
      },
      ctx,
    );
  },
  restartIngest: async (args, ctx) => {
    const [m] = await recoverInterrupted([(await readManifest(args.id))!].filter(Boolean));
    if (!m) throw new LabError(`no corpus ${args.id}`, 'not-found');
    if (m.state === 'ingesting') throw new LabError(`corpus "${m.name}" is still being ingested (in this or another tab)`, 'state');
    if (m.source.kind === 'file' && !args.file) throw new LabError(`pick the file "${m.source.name}" again to restart`, 'state');
    await deleteCorpus(m.id);
    return runIngest(
      { id: m.id, name: m.name, source: m.source, settings: m.settings, file: args.file, baseUrl: args.baseUrl, createdAt: m.createdAt },
      ctx,
    );
  },
  listCorpora: async () => recoverInterrupted(await listCorpora()),
  deleteCorpus: async ({ id }) => {
    const m = await readManifest(id);
    if (m?.state === 'ingesting') {
      const held = (await navigator.locks.query()).held?.some((l) => l.name === lockName(id));
      if (held) throw new LabError(`corpus "${m.name}" is being ingested: cancel it first`, 'state');
    }
    await deleteCorpus(id);
    return { deleted: !!m };
  },
  corpusStats: async ({ id, top = 30 }) => {
    const manifest = await readManifest(id);
    if (!manifest) throw new LabError(`no corpus ${id}`, 'not-found');
    if (manifest.state !== 'ready') throw new LabError(`corpus "${manifest.name}" is ${manifest.state}, not ready`, 'state');
    const vocab = await readVocab(id);
    if (!vocab) throw new LabError(`corpus "${manifest.name}": vocabulary is missing`, 'state');
    const n = vocab.words.length;
    const rankFreq: { rank: number; count: number }[] = [];
    // ~400 log-spaced ranks keep the chart light for any vocabulary size.
    let last = 0;
    for (let k = 0; k <= 400; k++) {
      const r = Math.round(Math.exp((Math.log(n) * k) / 400));
      if (r > last && r <= n) rankFreq.push({ rank: r, count: vocab.counts[r - 1] });
      last = Math.max(last, r);
    }
    return {
      manifest,
      coverage: manifest.tokens ? manifest.kept / manifest.tokens : 0,
      top: vocab.words.slice(0, top).map((word, i) => ({ word, count: vocab.counts[i] })),
      rankFreq,
    };
  },
  storageEstimate: async () => {
    const e = await navigator.storage.estimate();
    return { usage: e.usage, quota: e.quota };
  },
};
