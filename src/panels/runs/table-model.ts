// The runs table as plain data: one flat row per record (settings and scores as columns),
// the columns the listed runs have, sorting, the filter language and CSV / JSON export.
// Framework-free (no DOM, no Svelte), so 500 rows are flattened once and sorted in a few ms.
//   filter: space-separated terms; "dim>=50", "state=finished", "window!=5", "name~brown";
//   a bare word matches the name, tags, corpus, kind or state.
import type { ListedRun } from '../../../workers/runs/commands';
import { askedAccuracy, type RunRecord } from '../../../workers/runs/record';
import type { EvalFileMeta } from '../../../workers/runs/eval-files';
import { TRAIN_SETTINGS, modelOf, type TrainSettingName } from '../../../workers/settings';
import { architectureLabel, hnSettingLabel, shownName, trainSettingLabel } from './labels';

/**
 * A cell's value. undefined: the run has no such value (an HN fit has no window; a run not
 * scored on that file). null: scored, but not applicable — no question of the analogy file had
 * all its words in the run's vocabulary — which is neither 0 ("all wrong") nor missing; charts
 * leave it out and the table says "n/a" (Row.text says why).
 */
export type Cell = number | string | boolean | null | undefined;
export type ColGroup = 'run' | 'setting' | 'score';

export interface Column {
  key: string;
  label: string;
  group: ColGroup;
  /** num: sorted and brushed as numbers (booleans as 0/1); text: as strings. */
  type: 'num' | 'text' | 'bool';
  /** For scores: which way is better (the parallel-coordinates colour says so). */
  higherIsBetter?: boolean;
  /** For scores: the values it can take (accuracy [0, 1], Spearman ρ [−1, 1]), where it has such. */
  bounds?: [number, number];
}

export interface Row {
  id: string;
  kind: 'w2v' | 'hn' | 'unreadable';
  /** Absent for an unreadable record. */
  rec?: RunRecord;
  /** Why it is unreadable; or 'corpus deleted' / 'vectors deleted' / 'dataset deleted' marks. */
  notes: string[];
  cells: Record<string, Cell>;
  /** How a cell reads where its value alone does not say, by column key: "n/a (0 of 25 questions in the vocabulary)". */
  text: Record<string, string>;
}

const TRAIN_KEYS = Object.keys(TRAIN_SETTINGS) as TrainSettingName[];
const HN_METRICS = [
  { key: 'accuracy', label: 'accuracy', hi: true, bounds: [0, 1] },
  { key: 'macroF1', label: 'macro-F1', hi: true, bounds: [0, 1] },
  { key: 'logLoss', label: 'log loss', hi: false, bounds: undefined },
  { key: 'auc100', label: 'AUC(≥100)', hi: true, bounds: [0, 1] },
] as const;

/** An analogy score with no question asked: none of the file's questions had all four words in the vocabulary. */
export const notAskedText = (skipped: unknown): string =>
  typeof skipped === 'number' && Number.isFinite(skipped)
    ? `n/a (0 of ${skipped.toLocaleString('en')} question${skipped === 1 ? '' : 's'} in the vocabulary)`
    : 'n/a (no question in the vocabulary)';

/** Flattens one listed record; eval file names label its scores. */
export function rowOf(r: ListedRun): Row {
  if (r.kind === 'unreadable')
    return { id: r.id, kind: 'unreadable', notes: [r.reason], cells: { name: r.id, kind: 'unreadable', state: 'unreadable' }, text: {} };
  const cells: Record<string, Cell> = {
    name: shownName(r.name),
    kind: r.kind === 'w2v' ? 'word2vec' : 'HN model',
    state: r.state,
    tags: r.tags.join(', '),
    started: r.startedAt,
  };
  const notes: string[] = [];
  const text: Record<string, string> = {};
  if (r.kind === 'w2v') {
    cells.data = r.corpus?.name ?? (r.origin === 'imported' ? 'imported' : undefined);
    for (const k of TRAIN_KEYS) cells[`s.${k}`] = r.settings[k];
    cells['s.model'] = architectureLabel(modelOf(r.settings)); // runs from before CBOW: skip-gram
    cells['s.trainer'] = r.trainer;
    cells.adapter = r.adapter;
    cells.seconds = r.seconds;
    cells.wordsPerSec = r.wordsPerSec;
    cells.finalLoss = r.finalLoss;
    cells.done = r.fraction;
    for (const [f, s] of Object.entries(r.scores.analogy)) {
      // Records of every build store 0 where no question could be asked: that reads n/a here.
      const acc = askedAccuracy(s);
      cells[`an.${f}`] = acc;
      if (acc === null) text[`an.${f}`] = notAskedText(s.skipped);
    }
    for (const [f, s] of Object.entries(r.scores.pairs)) cells[`pr.${f}`] = s.spearman;
    if (r.corpusDeleted || r.corpus?.deleted) notes.push('corpus deleted');
    if (r.vectorsDeleted) notes.push('vectors deleted');
  } else {
    cells.data = r.dataset.train;
    for (const [k, v] of Object.entries(r.settings)) cells[`s.${k}`] = k === 'model' && typeof v === 'string' ? architectureLabel(v) : v;
    cells.seconds = r.seconds;
    for (const m of HN_METRICS) cells[`hn.${m.key}`] = r.model?.[m.key];
    if (r.datasetDeleted) notes.push('dataset deleted');
  }
  if (r.error) notes.push(r.error);
  return { id: r.id, kind: r.kind, rec: r, notes, cells, text };
}

const BASE: Column[] = [
  { key: 'name', label: 'name', group: 'run', type: 'text' },
  { key: 'kind', label: 'kind', group: 'run', type: 'text' },
  { key: 'state', label: 'state', group: 'run', type: 'text' },
  { key: 'data', label: 'corpus / data', group: 'run', type: 'text' },
  { key: 'tags', label: 'tags', group: 'run', type: 'text' },
  { key: 'started', label: 'started', group: 'run', type: 'num' },
];

/** A setting's label as the Train and Predict panels word it ('alpha' → 'learning rate (start)', 'group:title' → 'group title'). */
export const settingLabel = (k: string): string => {
  const w2v = trainSettingLabel(k);
  return w2v !== k ? w2v : hnSettingLabel(k);
};

/**
 * The columns these rows have: the run columns, every setting (`varying`: only those with more
 * than one value among the rows), then every score any row has. Eval file ids become names.
 */
export function columnsOf(rows: readonly Row[], files: readonly EvalFileMeta[], varying = true): Column[] {
  const name = new Map(files.map((f) => [f.id, f.name]));
  const values = new Map<string, Set<string>>();
  for (const r of rows)
    for (const [k, v] of Object.entries(r.cells)) {
      if (v === undefined) continue;
      let s = values.get(k);
      if (!s) values.set(k, (s = new Set()));
      if (s.size < 2) s.add(String(v));
    }
  const settings: Column[] = [];
  const scores: Column[] = [];
  const order = (k: string): number => {
    const i = TRAIN_KEYS.indexOf(k.slice(2) as TrainSettingName);
    return i < 0 ? 100 : i;
  };
  const keys = [...values.keys()].sort((a, b) => order(a) - order(b) || (a < b ? -1 : 1));
  for (const k of keys) {
    if (k.startsWith('s.')) {
      if (varying && (values.get(k)?.size ?? 0) < 2) continue;
      const sample = rows.find((r) => r.cells[k] !== undefined)?.cells[k];
      settings.push({
        key: k,
        label: settingLabel(k.slice(2)),
        group: 'setting',
        type: typeof sample === 'number' ? 'num' : typeof sample === 'boolean' ? 'bool' : 'text',
      });
    } else if (k.startsWith('an.'))
      scores.push({
        key: k,
        label: `analogy: ${name.get(k.slice(3)) ?? k.slice(3)}`,
        group: 'score',
        type: 'num',
        higherIsBetter: true,
        bounds: [0, 1],
      });
    else if (k.startsWith('pr.'))
      scores.push({
        key: k,
        label: `pairs ρ: ${name.get(k.slice(3)) ?? k.slice(3)}`,
        group: 'score',
        type: 'num',
        higherIsBetter: true,
        bounds: [-1, 1],
      });
  }
  for (const m of HN_METRICS)
    if (values.has(`hn.${m.key}`))
      scores.push({
        key: `hn.${m.key}`,
        label: `HN ${m.label}`,
        group: 'score',
        type: 'num',
        higherIsBetter: m.hi,
        ...(m.bounds ? { bounds: [...m.bounds] as [number, number] } : {}),
      });
  if (values.has('finalLoss')) scores.push({ key: 'finalLoss', label: 'final loss', group: 'score', type: 'num', higherIsBetter: false });
  if (values.has('wordsPerSec')) scores.push({ key: 'wordsPerSec', label: 'words/s', group: 'score', type: 'num', higherIsBetter: true });
  if (values.has('seconds')) scores.push({ key: 'seconds', label: 'seconds', group: 'score', type: 'num', higherIsBetter: false });
  return [...BASE, ...settings, ...scores];
}

/** Numbers for sorting and brushing: booleans as 0/1, text and missing as undefined. */
export const numeric = (v: Cell): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? (v ? 1 : 0) : undefined;

/** Where a value sorts regardless of direction: values, then n/a, then missing. */
const tail = (v: Cell): number => (v === undefined ? 2 : v === null ? 1 : 0);

/** Sorted copy; n/a and then missing values last either way. */
export function sortRows(rows: readonly Row[], key: string, dir: 1 | -1): Row[] {
  const out = [...rows];
  out.sort((a, b) => {
    const x = a.cells[key];
    const y = b.cells[key];
    if (x === undefined || y === undefined || x === null || y === null) return tail(x) - tail(y);
    const nx = numeric(x);
    const ny = numeric(y);
    if (nx !== undefined && ny !== undefined) return (nx - ny) * dir;
    return String(x).localeCompare(String(y)) * dir;
  });
  return out;
}

export interface Filter {
  test(r: Row): boolean;
  /** Terms that name no column, for the user. */
  problems: string[];
}

const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');
const loose = (s: string): string => s.replace(/[^a-z0-9.]/g, '');
const TERM = /^([^<>=!~]+)(>=|<=|!=|=|<|>|~)(.*)$/;

/** Parses the filter box. Column keys or labels ("dim", "dimensions", "analogy:probe") both work. */
export function parseFilter(text: string, cols: readonly Column[]): Filter {
  const tests: ((r: Row) => boolean)[] = [];
  const problems: string[] = [];
  for (const term of text.trim().split(/\s+/).filter(Boolean)) {
    const m = TERM.exec(term);
    if (!m) {
      const w = term.toLowerCase();
      tests.push(
        (r) =>
          ['name', 'tags', 'data', 'kind', 'state'].some((k) =>
            String(r.cells[k] ?? '')
              .toLowerCase()
              .includes(w),
          ) || r.notes.some((n) => n.includes(w)),
      );
      continue;
    }
    const [, rawKey, op, rawVal] = m;
    const k = norm(rawKey);
    const col = cols.find((c) => norm(c.key) === k || norm(c.key.replace(/^(s|hn)\./, '')) === k || norm(c.label) === k);
    if (!col) {
      problems.push(`no column "${rawKey}"`);
      continue;
    }
    const want = rawVal.toLowerCase();
    const wantNum = want === 'on' || want === 'true' ? 1 : want === 'off' || want === 'false' ? 0 : Number(rawVal);
    tests.push((r) => {
      const v = r.cells[col.key];
      if (v === undefined) return op === '!=';
      // n/a is not a number: "analogy:probe<0.1" leaves it out; "=n/a" and "~n/a" find it.
      if (v === null) return op === '!=' ? want !== 'n/a' : (op === '=' || op === '~') && want === 'n/a';
      const n = numeric(v);
      if (op === '~') return String(v).toLowerCase().includes(want);
      if (n !== undefined && rawVal !== '' && Number.isFinite(wantNum)) {
        if (op === '=') return n === wantNum;
        if (op === '!=') return n !== wantNum;
        if (op === '>') return n > wantNum;
        if (op === '<') return n < wantNum;
        if (op === '>=') return n >= wantNum;
        return n <= wantNum;
      }
      const s = String(v).toLowerCase();
      // "model=skipgram" still finds "skip-gram", "wide-deep" "wide & deep": the keys of links and the runner work.
      const same = s === want || loose(s) === loose(want);
      if (op === '=') return same;
      if (op === '!=') return !same;
      return op === '>' ? s > want : op === '<' ? s < want : op === '>=' ? s >= want : s <= want;
    });
  }
  return { test: (r) => tests.every((t) => t(r)), problems };
}

/** A brushed axis: numbers in [lo, hi], or text values in the set. */
export type Brush = { lo: number; hi: number } | { values: string[] };

export function passesBrushes(r: Row, brushes: ReadonlyMap<string, Brush>): boolean {
  for (const [k, b] of brushes) {
    const v = r.cells[k];
    if (v === undefined || v === null) return false;
    if ('values' in b) {
      if (!b.values.includes(String(v))) return false;
    } else {
      const n = numeric(v);
      if (n === undefined || n < b.lo || n > b.hi) return false;
    }
  }
  return true;
}

/** A value as the table shows it (n/a for a score no question could be asked for). */
export function cellText(c: Column, v: Cell): string {
  if (v === undefined) return '';
  if (v === null) return 'n/a';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (c.key === 'started' && typeof v === 'number') return new Date(v).toISOString().replace('T', ' ').slice(0, 16);
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(4)).toString();
  return v;
}

/** A row's cell as the table and the CSV show it: with why, where the value alone does not say. */
export const rowCellText = (r: Row, c: Column): string => r.text[c.key] ?? cellText(c, r.cells[c.key]);

const risky = (s: string): boolean => /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s);
const csvField = (s: string): string => {
  const t = risky(s) ? `'${s}` : s;
  return /[",\n\r]/.test(t) || t !== s ? `"${t.replace(/"/g, '""')}"` : t;
};

/** The table as CSV (id column first; text that a spreadsheet would run as a formula is quoted and prefixed). */
export function toCsv(rows: readonly Row[], cols: readonly Column[]): string {
  const head = ['id', ...cols.map((c) => c.label), 'notes'];
  const lines = [head.map(csvField).join(',')];
  for (const r of rows) lines.push([r.id, ...cols.map((c) => rowCellText(r, c)), r.notes.join('; ')].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The table as JSON: one object per row, keyed by column key (null: n/a), plus id and notes. */
export function toJson(rows: readonly Row[], cols: readonly Column[]): string {
  const out = rows.map((r) => {
    const o: Record<string, Cell | string[]> = { id: r.id };
    for (const c of cols) o[c.key] = r.cells[c.key];
    o.notes = r.notes;
    return o;
  });
  return JSON.stringify({ columns: cols.map((c) => ({ key: c.key, label: c.label })), rows: out }, null, 2);
}
