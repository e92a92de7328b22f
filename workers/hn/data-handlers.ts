// Handlers of the HN data commands: glue between fetch/parse/eda and the dataset store.
import { LabError, throwIfAborted } from '../errors';
import type { Handlers } from '../protocol';
import type { HnDataCommands } from './data-commands';
import { deleteDataset, importDataset, listDatasets, loadPosts, previewSource, readManifest, saveDataset } from './dataset';
import { computeEda } from './eda';
import { fetchStories, HN_API_BASE } from './fetch';
import { PostCollector, type ColumnMap } from './posts';
import { DEFAULT_BINS } from './bins';

// The search API's hit fields (the "algolia" schema's columns).
const HIT_MAP: ColumnMap = {
  id: 'objectID',
  title: 'title',
  url: 'url',
  points: 'points',
  author: 'author',
  time: 'created_at_i',
  type: null,
};

const day = (s: number): string => new Date(s * 1000).toISOString().slice(0, 10);

export function checkEdges(edges: number[]): void {
  if (edges.length < 2 || edges.length > 12) throw new LabError('Give between 2 and 12 bin edges.');
  if (edges.some((e) => !Number.isFinite(e) || e < 0)) throw new LabError('Bin edges must be numbers ≥ 0.');
  if (edges.some((e, i) => i > 0 && e <= edges[i - 1])) throw new LabError('Bin edges must be ascending.');
}

export const hnDataHandlers: Handlers<HnDataCommands> = {
  hnPreview: (a) => previewSource(a.source),
  hnImport: (a) => importDataset(a),
  hnDatasets: () => listDatasets(),
  hnDeleteDataset: async (a) => ({ deleted: await deleteDataset(a.id) }),

  async hnFetch(a, ctx) {
    const t0 = performance.now();
    const apiBase = a.apiBase || HN_API_BASE;
    const out = await fetchStories({ ...a, apiBase, signal: ctx.signal, onProgress: ctx.progress });
    throwIfAborted(ctx.signal);
    if (out.hits.length === 0) {
      throw new LabError(
        out.problem ?? `No stories between ${day(a.from)} and ${day(a.to - 1)} (UTC).`,
        out.problem ? 'network' : 'bad-input',
      );
    }
    const c = new PostCollector();
    for (const h of out.hits) c.add(h, HIT_MAP);
    if (c.posts.length === 0) throw new LabError(`None of the ${out.hits.length} fetched hits was a usable story.`);
    const notices: string[] = [];
    if (!out.complete && out.problem) notices.push(`Incomplete: ${out.problem} Kept the ${c.posts.length} posts fetched before that.`);
    const manifest = await saveDataset(
      c.posts,
      {
        name: a.name || `HN ${day(a.from)} … ${day(a.to - 1)} (${c.posts.length} posts)`,
        origin: { kind: 'fetch', apiBase, from: a.from, to: a.to, count: a.count, complete: out.complete },
        schema: null,
        mapping: HIT_MAP,
        columns: Object.keys(out.hits[0]),
        skipped: c.skipped,
        reasons: c.reasons,
        notices,
      },
      t0,
    );
    return { manifest, complete: out.complete, problem: out.problem, requests: out.requests, seconds: (performance.now() - t0) / 1000 };
  },

  async hnEda(a) {
    const edges = a.edges ?? [...DEFAULT_BINS];
    checkEdges(edges);
    const manifest = await readManifest(a.datasetId);
    return { ...computeEda(await loadPosts(a.datasetId), { edges, top: a.top }), manifest };
  },
};
