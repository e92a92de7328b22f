// Normalised HN post and the row-level validation shared by every schema.
import he from 'he';

export interface Post {
  id: string;
  title: string; // HTML entities decoded; render as text only
  url: string; // '' for self posts
  points: number;
  author: string | null; // null when the schema has no author column
  createdAt: number; // unix seconds, UTC
}

export type SkipReason =
  | 'unbalanced quotes'
  | 'missing fields'
  | 'non-numeric points'
  | 'negative or absurd points'
  | 'empty title'
  | 'unparseable date'
  | 'duplicate id'
  | 'not a story'
  | 'not HN data';

export interface ParseResult {
  posts: Post[];
  schema: SchemaName | null;
  skipped: number;
  reasons: Partial<Record<SkipReason, number>>;
  notices: string[];
}

export type SchemaName = 'kaggle' | 'bigquery' | 'algolia' | 'item';

/** Field names of the normalised post → the source column; null where the schema lacks it. */
export interface ColumnMap {
  id: string;
  title: string;
  url: string | null;
  points: string;
  author: string | null;
  time: string;
  type: string | null; // rows whose type is not 'story' are dropped (BigQuery comments)
}

// More than any HN post has ever had (the record is under 7,000); larger means bad data.
export const MAX_POINTS = 100_000;

/** Dates: unix seconds (number or digits), ISO 8601, or Kaggle's "M/D/YYYY H:MM" (UTC). */
export function parseTime(v: unknown): number | null {
  // At most 8.64e12 s, the last time a Date holds: a JSON "time": 1e300 gave NaN hours and weekdays.
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 && v <= 8.64e12 ? Math.floor(v) : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^\d{9,11}$/.test(s)) return Number(s);
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) {
    const [mo, d, y, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
    return Date.UTC(y, mo - 1, d, h, mi, se) / 1000;
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    // No zone given → UTC (BigQuery/ClickHouse exports write "2015-09-06 05:56:00").
    const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? s : s.replace(' ', 'T') + 'Z';
    const t = Date.parse(iso);
    return Number.isFinite(t) ? Math.floor(t / 1000) : null;
  }
  return null;
}

function parsePoints(v: unknown): number | 'nan' | 'range' {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) return 'nan';
  if (n < 0 || n > MAX_POINTS) return 'range';
  return Math.round(n);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** Accumulates posts with per-reason skip counts; ids are deduplicated (first wins). */
export class PostCollector {
  readonly posts: Post[] = [];
  readonly reasons: Partial<Record<SkipReason, number>> = {};
  skipped = 0;
  private seen = new Set<string>();

  skip(reason: SkipReason): void {
    this.skipped++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
  }

  add(row: Record<string, unknown>, map: ColumnMap): void {
    if (map.type) {
      const t = str(row[map.type]);
      if (t !== null && t !== 'story') return this.skip('not a story');
    }
    const id = str(row[map.id]);
    const rawTitle = str(row[map.title]);
    if (id === null || id.trim() === '' || rawTitle === null || row[map.points] === undefined || row[map.time] === undefined)
      return this.skip('missing fields');
    const title = he.decode(rawTitle).trim();
    if (title === '') return this.skip('empty title');
    const points = parsePoints(row[map.points]);
    if (points === 'nan') return this.skip('non-numeric points');
    if (points === 'range') return this.skip('negative or absurd points');
    const createdAt = parseTime(row[map.time]);
    if (createdAt === null) return this.skip('unparseable date');
    if (this.seen.has(id)) return this.skip('duplicate id');
    this.seen.add(id);
    const url = map.url ? (str(row[map.url]) ?? '') : '';
    const author = map.author ? (str(row[map.author]) ?? '') : null;
    this.posts.push({ id, title, url: url.trim(), points, author, createdAt });
  }
}
