// Dense features of posts for the tfjs model. Groups can be switched off for ablation.
import { text8Words } from '../lib/text8';
import { domainOf } from './baselines';
import type { Post } from './posts';
import { removeComponent } from './sif';
import { encodeStats, statsWidth, type Key, type TargetStats } from './target-stats';
import { wideRows, type WideRows, type WideSpec } from './wide';

export interface FeatureGroups {
  title: boolean;
  time: boolean;
  domain: boolean;
  author: boolean;
  length: boolean;
  flags: boolean;
}
export const ALL_GROUPS: FeatureGroups = { title: true, time: true, domain: true, author: true, length: true, flags: true };

/** Preprocessing fitted on the training posts; saved with the model. */
export interface Prep {
  groups: FeatureGroups;
  dim: number; // word-vector dimension (0 when the title group is off)
  domains: string[]; // index 0 = other, 1 = (self), then frequent domains
  authors: string[]; // index 0 = other, then frequent authors
  /** Title mean: plain (absent) or SIF; sif.weights [vocab rows] a/(a+p(w)), sif.pc [dim] removed or null. */
  sif?: { weights: number[]; pc: number[] | null };
  /** Domain and author as smoothed target statistics (dense columns after the flags); fitted on the training part. */
  stats?: { domain: StatsTable | null; author: StatsTable | null };
  /** The wide part's hashed terms (wide-and-deep model); absent for the plain MLP. */
  wide?: WideSpec;
}

/** TargetStats in a form that survives JSON: keys, posts per key, sums [keys, 1 + k] flat. */
export interface StatsTable {
  k: number;
  smoothing: number;
  prior: number[];
  keys: string[];
  n: number[];
  sum: number[];
}

export function statsTable(s: TargetStats): StatsTable {
  const keys = [...s.table.keys()];
  const sum: number[] = [];
  for (const key of keys) sum.push(...s.table.get(key)!.sum);
  return { k: s.k, smoothing: s.smoothing, prior: [...s.prior], keys, n: keys.map((key) => s.table.get(key)!.n), sum };
}

const fromTable = new WeakMap<StatsTable, TargetStats>();
export function targetStatsOf(t: StatsTable): TargetStats {
  let s = fromTable.get(t);
  if (!s) {
    const w = t.k + 1;
    const table = new Map(t.keys.map((key, i) => [key, { n: t.n[i], sum: Float64Array.from(t.sum.slice(i * w, (i + 1) * w)) }]));
    fromTable.set(t, (s = { k: t.k, smoothing: t.smoothing, prior: Float64Array.from(t.prior), table }));
  }
  return s;
}

export const domainKey = (p: Post): Key => domainOf(p.url);
export const authorKey = (p: Post): Key => p.author;

/** Column of the domain stats in the dense part (the author's follow, when present). */
export function statsColumn(p: Prep): number {
  return p.dim + (p.groups.time ? 4 : 0) + (p.groups.length ? 1 : 0) + (p.groups.flags ? 2 : 0);
}

export interface WordTable {
  index: Map<string, number>;
  matrix: Float32Array;
  dim: number;
}

/** Frequent values (≥ minCount in training) → ids; the rest fall in "other" (id 0). */
export function fitPrep(train: Post[], groups: FeatureGroups, dim: number, minCount = 3): Prep {
  const count = (vals: string[]) => {
    const c = new Map<string, number>();
    for (const v of vals) c.set(v, (c.get(v) ?? 0) + 1);
    return [...c]
      .filter(([, n]) => n >= minCount)
      .sort((a, b) => b[1] - a[1])
      .map(([v]) => v);
  };
  const domains = ['(other)', '(self)', ...count(train.map((p) => domainOf(p.url))).filter((d) => d !== '(self)')];
  const hasAuthor = groups.author && train.some((p) => p.author !== null);
  const authors = ['(other)', ...(hasAuthor ? count(train.map((p) => p.author ?? '')) : [])];
  return { groups: { ...groups, author: hasAuthor }, dim: groups.title ? dim : 0, domains, authors };
}

/** Width of the dense part: title mean [dim] + time 4 + length 1 + flags 2 + domain/author stats (k + 2 each). */
export function denseWidth(p: Prep): number {
  const st = (t: StatsTable | null | undefined) => (t ? statsWidth(t.k) : 0);
  return statsColumn(p) + st(p.stats?.domain) + st(p.stats?.author);
}

export interface Encoded {
  dense: Float32Array /* [n, width] */;
  domain: Int32Array;
  author: Int32Array;
  oovShare: number;
  /** The wide part's rows (prep.wide), else absent. */
  wide?: WideRows;
}

export function encode(posts: Post[], prep: Prep, words: WordTable | null): Encoded {
  const w = denseWidth(prep);
  const n = posts.length;
  const dense = new Float32Array(n * w);
  const domain = new Int32Array(n);
  const author = new Int32Array(n);
  const dIdx = new Map(prep.domains.map((d, i) => [d, i]));
  const aIdx = new Map(prep.authors.map((a, i) => [a, i]));
  const sif = prep.sif;
  let tokens = 0,
    oov = 0;
  posts.forEach((p, i) => {
    let o = i * w;
    if (prep.dim && words) {
      let hit = 0;
      for (const t of text8Words(p.title)) {
        tokens++;
        const r = words.index.get(t);
        if (r === undefined) {
          oov++;
          continue;
        }
        hit++;
        const a = sif ? sif.weights[r] : 1;
        for (let k = 0; k < prep.dim; k++) dense[o + k] += a * words.matrix[r * prep.dim + k];
      }
      if (hit) for (let k = 0; k < prep.dim; k++) dense[o + k] /= hit;
      o += prep.dim;
    }
    if (prep.groups.time) {
      const d = new Date(p.createdAt * 1000);
      const h = ((d.getUTCHours() + d.getUTCMinutes() / 60) / 24) * 2 * Math.PI;
      const wd = (d.getUTCDay() / 7) * 2 * Math.PI;
      dense.set([Math.sin(h), Math.cos(h), Math.sin(wd), Math.cos(wd)], o);
      o += 4;
    }
    // Title length in characters, scaled to ~[0, 1.5].
    if (prep.groups.length) dense[o++] = p.title.length / 60;
    if (prep.groups.flags) {
      dense[o++] = /^ask hn/i.test(p.title) ? 1 : 0;
      dense[o++] = /^show hn/i.test(p.title) ? 1 : 0;
    }
    domain[i] = prep.groups.domain ? (dIdx.get(domainOf(p.url)) ?? 0) : 0;
    author[i] = prep.groups.author && p.author !== null ? (aIdx.get(p.author) ?? 0) : 0;
  });
  if (sif?.pc && words && prep.dim) removeComponent(dense, n, w, 0, sif.pc);
  let col = statsColumn(prep);
  for (const [t, key] of [
    [prep.stats?.domain, domainKey],
    [prep.stats?.author, authorKey],
  ] as const) {
    if (!t) continue;
    encodeStats(targetStatsOf(t), posts.map(key), dense, w, col);
    col += statsWidth(t.k);
  }
  return { dense, domain, author, oovShare: tokens ? oov / tokens : 0, ...(prep.wide ? { wide: wideRows(posts, prep.wide) } : {}) };
}
