// CSV/JSON → posts: schema recognised from the column names, bad rows skipped with reasons.
import Papa from 'papaparse';
import { PostCollector, type ColumnMap, type ParseResult, type SchemaName } from './posts';

// Required columns → schema; the first whose columns are all present wins.
const SCHEMAS: { name: SchemaName; need: string[]; map: ColumnMap }[] = [
  {
    name: 'kaggle',
    need: ['id', 'title', 'num_points', 'created_at'],
    map: { id: 'id', title: 'title', url: 'url', points: 'num_points', author: 'author', time: 'created_at', type: null },
  },
  {
    name: 'algolia',
    need: ['objectID', 'title', 'points'],
    map: { id: 'objectID', title: 'title', url: 'url', points: 'points', author: 'author', time: 'created_at_i', type: null },
  },
  // BigQuery/ClickHouse export (CSV) and HN item JSON share names (by, score, time, type).
  {
    name: 'bigquery',
    need: ['id', 'title', 'score', 'time'],
    map: { id: 'id', title: 'title', url: 'url', points: 'score', author: 'by', time: 'time', type: 'type' },
  },
  {
    name: 'item',
    need: ['id', 'title', 'score', 'time'],
    map: { id: 'id', title: 'title', url: 'url', points: 'score', author: 'by', time: 'time', type: 'type' },
  },
];

/** Recognise a schema from column names; null → the UI asks for a manual mapping. */
export function detectSchema(columns: string[], json = false): { name: SchemaName; map: ColumnMap; notices: string[] } | null {
  const have = new Set(columns);
  for (const s of SCHEMAS) {
    if (s.name === (json ? 'bigquery' : 'item')) continue;
    if (!s.need.every((c) => have.has(c))) continue;
    const map = { ...s.map };
    const notices: string[] = [];
    if (s.name === 'algolia' && !have.has('created_at_i')) map.time = 'created_at';
    if (map.url && !have.has(map.url)) {
      map.url = null;
      notices.push('No url column: every post counts as a self post; the domain feature is off.');
    }
    if (map.author && !have.has(map.author)) {
      map.author = null;
      notices.push('No author column: the author feature is off.');
    }
    if (map.type && !have.has(map.type)) map.type = null;
    return { name: s.name, map, notices };
  }
  return null;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) n++;
  return n;
}

/** Split CSV text into records; a record with unbalanced quotes that does not close within
 *  a few lines is skipped alone instead of swallowing the rest of the file. */
export function csvRecords(text: string): { header: string[]; rows: string[][]; unbalanced: number; ragged: number } {
  // Lone CRs end lines too (old Mac Excel CSVs): read as one line, such a file had no data rows.
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const first = lines[0] ?? '';
  // The header's delimiter for every record (guessing it per line can split a title on ';'),
  // guessed from the first 4 KB: Papa parses its input once per candidate (a 1 MB line of
  // quotes took 1.7 s).
  const delimiter = Papa.parse<string[]>(first.slice(0, 4096), { preview: 1 }).meta.delimiter || ',';
  const header = Papa.parse<string[]>(first, { delimiter }).data[0] ?? [];
  const rows: string[][] = [];
  let unbalanced = 0;
  let ragged = 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let rec = lines[i];
    let j = i;
    // Titles may hold quoted newlines; allow up to 3 continuation lines.
    while (count(rec, '"') % 2 === 1 && j < lines.length - 1 && j - i < 3) rec += '\n' + lines[++j];
    // Fast path: a record without quotes is a plain split (most rows; Papa per line is ~3× slower).
    if (!rec.includes('"')) {
      const row = rec.split(delimiter);
      if (row.length !== header.length) {
        ragged++;
        continue;
      }
      rows.push(row);
      continue;
    }
    const parsed = Papa.parse<string[]>(rec, { delimiter });
    const row = parsed.data[0];
    if (count(rec, '"') % 2 === 1 || parsed.errors.length > 0 || !row) {
      unbalanced++;
      continue;
    }
    if (row.length !== header.length) {
      ragged++;
      continue;
    }
    rows.push(row);
    i = j;
  }
  return { header, rows, unbalanced, ragged };
}

export interface Table {
  json: boolean;
  columns: string[];
  rows: Record<string, unknown>[];
  skippedUnbalanced: number;
  skippedRagged: number;
}

/** Parse CSV or JSON into a column table (no schema yet). JSON: {hits:[…]}, an array, or JSON lines. */
export function toTable(text: string): Table | { error: string } {
  const t = text.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    let items: unknown[] = [];
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) items = v;
      else if (v && typeof v === 'object' && 'hits' in v && Array.isArray(v.hits)) items = v.hits;
      else if (v && typeof v === 'object') items = [v];
    } catch {
      // JSON lines (one item per line)
      try {
        items = t
          .split(/\r\n|\r|\n/)
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as unknown);
      } catch {
        return { error: 'not valid JSON' };
      }
    }
    const rows = items.filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x));
    const cols = new Set<string>();
    for (const r of rows.slice(0, 200)) for (const k of Object.keys(r)) cols.add(k);
    return { json: true, columns: [...cols], rows, skippedUnbalanced: 0, skippedRagged: 0 };
  }
  const { header, rows, unbalanced, ragged } = csvRecords(text);
  const objs = rows.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
  return { json: false, columns: header, rows: objs, skippedUnbalanced: unbalanced, skippedRagged: ragged };
}

/** Full import: parse, recognise (or use the given mapping), normalise, count skips. */
export function parsePosts(text: string, manual?: ColumnMap): ParseResult & { columns: string[] } {
  const c = new PostCollector();
  const table = toTable(text);
  if ('error' in table) {
    c.skip('not HN data');
    return { posts: [], schema: null, skipped: c.skipped, reasons: c.reasons, notices: [table.error], columns: [] };
  }
  for (let k = 0; k < table.skippedUnbalanced; k++) c.skip('unbalanced quotes');
  for (let k = 0; k < table.skippedRagged; k++) c.skip('missing fields');
  const det = manual ? { name: null, map: manual, notices: [] } : detectSchema(table.columns, table.json);
  if (!det) {
    return {
      posts: [],
      schema: null,
      skipped: c.skipped,
      reasons: c.reasons,
      columns: table.columns,
      notices: ['Columns not recognised as HN data: map them by hand.'],
    };
  }
  for (const r of table.rows) c.add(r, det.map);
  return { posts: c.posts, schema: det.name, skipped: c.skipped, reasons: c.reasons, notices: det.notices, columns: table.columns };
}
