// Column mappings of HN files: the fields, which are required, a guess from column names, and the
// notices for fields left out. No heavy imports: the page uses this module too.
import type { ColumnMap } from './posts';

/** Columns chosen by hand. Only title, points and time are required. */
export interface ManualMapping {
  title: string;
  points: string;
  time: string;
  id: string | null; // null → rows are numbered (duplicates cannot be detected)
  url: string | null; // null → every post is a self post; the domain feature is off
  author: string | null; // null → the author feature is off
  type: string | null; // rows whose type is not "story" are dropped
}
export const MAPPING_FIELDS = ['title', 'points', 'time', 'url', 'author', 'id', 'type'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export const REQUIRED_FIELDS: readonly MappingField[] = ['title', 'points', 'time'];

/** A mapping guessed from column names, for files no schema matches. */
export function guessMapping(columns: string[]): ManualMapping {
  const find = (re: RegExp): string | null => columns.find((c) => re.test(c)) ?? null;
  return {
    title: find(/^(title|headline|story_title)$/i) ?? find(/title|headline/i) ?? '',
    points: find(/^(points|score|num_points|votes|upvotes)$/i) ?? find(/points|score|votes/i) ?? '',
    time: find(/^(time|created_at_i|created_at|date|timestamp|when)$/i) ?? find(/time|date|created|posted/i) ?? '',
    url: find(/^(url|link|href)$/i) ?? find(/url|link/i),
    author: find(/^(author|by|user|username|submitter)$/i),
    id: find(/^(id|objectid|story_id|item_id)$/i),
    type: find(/^(type|kind)$/i),
  };
}

export const fromColumnMap = (m: ColumnMap): ManualMapping => ({
  title: m.title,
  points: m.points,
  time: m.time,
  id: m.id,
  url: m.url,
  author: m.author,
  type: m.type,
});

/** Notices for fields a mapping leaves out (the features they turn off). */
export function mappingNotices(m: ManualMapping): string[] {
  const out: string[] = [];
  if (!m.url) out.push('No url column: every post counts as a self post; the domain feature is off.');
  if (!m.author) out.push('No author column: the author feature is off.');
  if (!m.id) out.push('No id column: rows are numbered, so duplicate posts cannot be detected.');
  return out;
}
