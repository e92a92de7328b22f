// HN datasets in IndexedDB: import (preview → schema or manual mapping → posts), store, list, delete.
// Keys: "hn/<id>/manifest" (DatasetManifest) and "hn/<id>/posts" (Post[]); ids start with "ds-".
// The posts are written before the manifest, so a dataset is listed only once it is whole.
import { LabError } from '../errors';
import { keysWithPrefix, put, read, removeMany } from '../store';
import { detectSchema, toTable, type Table } from './parse';
import { PostCollector, type ColumnMap, type Post, type SchemaName, type SkipReason } from './posts';
import { fromColumnMap, guessMapping, mappingNotices, MAPPING_FIELDS, REQUIRED_FIELDS, type ManualMapping } from './mapping';

export type { ManualMapping } from './mapping';

export type DatasetOrigin =
  | { kind: 'file'; name: string }
  | { kind: 'url'; url: string }
  | { kind: 'text' }
  | { kind: 'fetch'; apiBase: string; from: number; to: number; count: number; complete: boolean };

export interface DatasetManifest {
  id: string;
  name: string;
  origin: DatasetOrigin;
  schema: SchemaName | 'manual' | null; // null for a live fetch (always the search API's hits)
  mapping: ManualMapping | null;
  columns: string[];
  rows: number; // posts stored
  skipped: number;
  reasons: Partial<Record<SkipReason, number>>;
  notices: string[];
  features: { author: boolean; url: boolean };
  timeRange: [number, number] | null; // unix s
  createdAt: number; // ms since epoch
  seconds: number; // parse + store time, or fetch time
}

/** Where the text comes from; `staged` is a preview the worker still holds. */
export type DataSource = { file: File } | { url: string } | { text: string; name?: string } | { staged: string };

export interface Preview {
  stagedId: string;
  name: string;
  bytes: number;
  json: boolean;
  columns: string[];
  rows: number; // records read (before validation)
  sample: string[][]; // first rows, cells as plain text (shown as text, never HTML)
  schema: SchemaName | null; // recognised schema, or null → map by hand
  mapping: ManualMapping; // the recognised mapping, or a guess from the column names
  notices: string[];
  skippedRecords: number; // CSV records with unbalanced quotes or a wrong field count
  seconds: number; // reading + parsing in the worker
}

const SAMPLE_ROWS = 10;
const CELL_CHARS = 160;
const ROW_COLUMN = '__row';

const manifestKey = (id: string): string => `hn/${id}/manifest`;
const postsKey = (id: string): string => `hn/${id}/posts`;
const isDatasetManifestKey = (k: string): boolean => /^hn\/ds-[^/]+\/manifest$/.test(k);

function newId(): string {
  return 'ds-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 8);
}

// The worker keeps the last previewed table so importing it does not read or parse it again.
let staged: { id: string; name: string; origin: DatasetOrigin; table: Table; bytes: number } | null = null;

async function readText(src: Exclude<DataSource, { staged: string }>): Promise<{ text: string; name: string; origin: DatasetOrigin }> {
  if ('file' in src) return { text: await src.file.text(), name: src.file.name, origin: { kind: 'file', name: src.file.name } };
  if ('text' in src) return { text: src.text, name: src.name ?? 'pasted text', origin: { kind: 'text' } };
  let r: Response;
  try {
    r = await fetch(src.url);
  } catch {
    throw new LabError(`Could not read ${src.url}: network error, or the server does not allow cross-origin requests (CORS).`, 'network');
  }
  if (!r.ok) throw new LabError(`Could not read ${src.url}: HTTP ${r.status}.`, r.status === 404 ? 'not-found' : 'network');
  const name = decodeURIComponent(new URL(src.url, self.location.href).pathname.split('/').pop() || src.url);
  return { text: await r.text(), name, origin: { kind: 'url', url: src.url } };
}

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.length > CELL_CHARS ? s.slice(0, CELL_CHARS - 1) + '…' : s;
};

/** Reads and parses a file / URL / text, keeps it staged, and says what it looks like. */
export async function previewSource(src: Exclude<DataSource, { staged: string }>): Promise<Preview> {
  const t0 = performance.now();
  const { text, name, origin } = await readText(src);
  if (text.trim() === '') throw new LabError(`${name} is empty.`);
  const table = toTable(text);
  if ('error' in table) throw new LabError(`${name} is not valid JSON (truncated, or not JSON at all).`);
  if (table.columns.length === 0 || (table.rows.length === 0 && table.skippedRagged + table.skippedUnbalanced === 0))
    throw new LabError(`${name} has no data rows.`);
  const det = detectSchema(table.columns, table.json);
  staged = { id: newId(), name, origin, table, bytes: text.length };
  return {
    stagedId: staged.id,
    name,
    bytes: text.length,
    json: table.json,
    columns: table.columns,
    rows: table.rows.length,
    sample: table.rows.slice(0, SAMPLE_ROWS).map((r) => table.columns.map((c) => cell(r[c]))),
    schema: det?.name ?? null,
    mapping: det ? fromColumnMap(det.map) : guessMapping(table.columns),
    notices: det ? det.notices : ['Columns not recognised as HN data: choose them by hand below.'],
    skippedRecords: table.skippedRagged + table.skippedUnbalanced,
    seconds: (performance.now() - t0) / 1000,
  };
}

function checkMapping(m: ManualMapping, columns: string[]): void {
  const have = new Set(columns);
  const missing = REQUIRED_FIELDS.filter((f) => !m[f]);
  if (missing.length) throw new LabError(`Choose a column for: ${missing.join(', ')}.`);
  for (const f of MAPPING_FIELDS) {
    const c = m[f];
    if (c && !have.has(c)) throw new LabError(`No column "${c}" (chosen for ${f}) in this file.`);
  }
}

const reasonList = (r: Partial<Record<SkipReason, number>>): string =>
  Object.entries(r)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');

/** Turns table rows into posts with a mapping; bad rows counted by reason. */
export function collect(table: Table, m: ManualMapping): PostCollector {
  const c = new PostCollector();
  for (let k = 0; k < table.skippedUnbalanced; k++) c.skip('unbalanced quotes');
  for (let k = 0; k < table.skippedRagged; k++) c.skip('missing fields');
  const map: ColumnMap = { ...m, id: m.id ?? ROW_COLUMN };
  table.rows.forEach((r, i) => c.add(m.id ? r : { ...r, [ROW_COLUMN]: String(i + 1) }, map));
  return c;
}

export interface ImportArgs {
  source: DataSource;
  mapping?: ManualMapping;
  name?: string;
}

/** Imports a staged preview (or reads the source now), stores it, returns its manifest. */
export async function importDataset(a: ImportArgs): Promise<DatasetManifest> {
  const t0 = performance.now();
  let s: NonNullable<typeof staged>;
  if ('staged' in a.source) {
    if (!staged || staged.id !== a.source.staged)
      throw new LabError('That preview is gone (the page or engine restarted): choose the file again.', 'not-found');
    s = staged;
  } else {
    const p = await previewSource(a.source);
    s = staged!;
    if (!a.mapping && p.schema === null)
      throw new LabError(`${p.name}: columns not recognised as HN data (${p.columns.slice(0, 8).join(', ')}); map them by hand.`);
  }
  const det = a.mapping ? null : detectSchema(s.table.columns, s.table.json);
  const mapping = a.mapping ?? (det ? fromColumnMap(det.map) : null);
  if (!mapping) throw new LabError(`${s.name}: columns not recognised as HN data; map them by hand.`);
  checkMapping(mapping, s.table.columns);
  const c = collect(s.table, mapping);
  if (c.posts.length === 0) {
    throw new LabError(
      `No posts could be read from ${s.name}: ${c.skipped} row${c.skipped === 1 ? '' : 's'} skipped (${reasonList(c.reasons) || 'no rows'}). Nothing was stored.`,
    );
  }
  const notices = det ? det.notices : mappingNotices(mapping);
  const m = await saveDataset(
    c.posts,
    {
      name: a.name ?? s.name,
      origin: s.origin,
      schema: det ? det.name : 'manual',
      mapping,
      columns: s.table.columns,
      skipped: c.skipped,
      reasons: c.reasons,
      notices,
    },
    t0,
  );
  if (staged?.id === s.id) staged = null;
  return m;
}

type ManifestInput = Pick<DatasetManifest, 'name' | 'origin' | 'schema' | 'mapping' | 'columns' | 'skipped' | 'reasons' | 'notices'>;

/** Writes posts then the manifest; on failure removes both, so no half dataset is listed. */
export async function saveDataset(posts: Post[], info: ManifestInput, t0: number): Promise<DatasetManifest> {
  const id = newId();
  let lo = Infinity,
    hi = -Infinity;
  for (const p of posts) {
    lo = Math.min(lo, p.createdAt);
    hi = Math.max(hi, p.createdAt);
  }
  const manifest: DatasetManifest = {
    ...info,
    id,
    rows: posts.length,
    features: { author: posts.some((p) => p.author !== null && p.author !== ''), url: posts.some((p) => p.url !== '') },
    timeRange: posts.length ? [lo, hi] : null,
    createdAt: Date.now(),
    seconds: 0,
  };
  try {
    await put(postsKey(id), posts);
    manifest.seconds = (performance.now() - t0) / 1000;
    await put(manifestKey(id), manifest);
  } catch (e) {
    await removeMany([postsKey(id), manifestKey(id)]).catch(() => undefined);
    throw e;
  }
  cache = { id, posts };
  return manifest;
}

/** Stored datasets, newest first. Posts left without a manifest (an interrupted write) are removed. */
export async function listDatasets(): Promise<DatasetManifest[]> {
  const ks = await keysWithPrefix('hn/ds-');
  const ids = new Set(ks.filter(isDatasetManifestKey).map((k) => k.split('/')[1]));
  const orphans = ks.filter((k) => /^hn\/ds-[^/]+\/posts$/.test(k) && !ids.has(k.split('/')[1]));
  if (orphans.length) await removeMany(orphans);
  const ms = await Promise.all([...ids].map((id) => read<DatasetManifest>(manifestKey(id))));
  return ms.filter((m): m is DatasetManifest => !!m).sort((a, b) => b.createdAt - a.createdAt);
}

export async function deleteDataset(id: string): Promise<boolean> {
  const had = (await read<DatasetManifest>(manifestKey(id))) !== undefined;
  await removeMany([manifestKey(id), postsKey(id)]);
  if (cache?.id === id) cache = null;
  return had;
}

export async function readManifest(id: string): Promise<DatasetManifest> {
  const m = await read<DatasetManifest>(manifestKey(id));
  if (!m) throw new LabError(`No dataset ${id} (deleted?).`, 'not-found');
  return m;
}

// The last dataset read, so EDA with new edges and training do not read it again.
let cache: { id: string; posts: Post[] } | null = null;

/** The posts of a stored dataset (for EDA and for the classifier). */
export async function loadPosts(id: string): Promise<Post[]> {
  if (cache?.id === id) return cache.posts;
  await readManifest(id);
  const posts = await read<Post[]>(postsKey(id));
  if (!posts) throw new LabError(`Dataset ${id} has no posts stored.`, 'not-found');
  cache = { id, posts };
  return posts;
}
