// Statistics for the "Explore the data" charts: plain TypeScript over posts, run in the worker.
// Times are UTC (the HN timestamps are unix seconds). Medians of an even count average the middle two.
import { domainOf } from './baselines';
import { binOf } from './metrics';
import type { Post } from './posts';
import { DEFAULT_BINS } from './bins';

/** Histogram bins per decade of points (edges 10^(i/4): 1, 1.78, 3.16, 5.62, 10, …); decades are exact edges. */
export const BINS_PER_DECADE = 4;
/** At most this many (length, points) pairs go to the scatter chart; more are sampled evenly. */
export const SCATTER_MAX = 20_000;

export interface HistBin {
  lo: number;
  hi: number;
  count: number;
} // points in [lo, hi)
export interface TargetBin {
  lo: number;
  hi: number | null;
  label: string;
  count: number;
  share: number;
}
export interface GroupStat {
  name: string;
  posts: number;
  median: number;
}
export interface SlotStat {
  label: string;
  posts: number;
  median: number | null;
} // null: no posts in the slot
export interface TopPost {
  id: string;
  title: string;
  url: string;
  author: string | null;
  points: number;
  createdAt: number;
}

export interface EdaResult {
  n: number;
  points: { min: number; max: number; median: number; mean: number };
  /** Posts with 0 points: they have no place on a log axis and are counted apart. */
  zeroPoints: number;
  histogram: HistBin[];
  /** The classifier's target bins (binOf: points below the first edge fall in the first bin). */
  targetBins: TargetBin[];
  hours: SlotStat[]; // 24 slots, 0–23 h UTC
  weekdays: SlotStat[]; // Mon … Sun, UTC
  domains: GroupStat[]; // most posts first; self posts as "(self)"
  authors: GroupStat[] | null; // null when the dataset has no authors
  topPosts: TopPost[];
  /** Title length (UTF-16 code units, as the model's length feature) vs points, for the scatter. */
  scatter: { length: Uint16Array; points: Int32Array; sampled: boolean };
  /** Spearman rank correlation of title length and points (NaN for fewer than 2 posts). */
  lengthSpearman: number;
  timeRange: [number, number] | null; // unix s, oldest and newest
}

export interface EdaOptions {
  edges?: number[];
  top?: number;
  topPosts?: number;
}

/** Median of numbers (sorted in place); NaN for none. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}

/** Ranks 1..n, ties get their mean rank. */
function ranks(xs: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Spearman's rho: Pearson correlation of the ranks. NaN when n < 2 or one side is constant. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2) return NaN;
  const ra = ranks(a),
    rb = ranks(b);
  const mean = (n + 1) / 2;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i] - mean,
      db = rb[i] - mean;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Lower edge of log-histogram bin i (i / BINS_PER_DECADE is an integer at decades, so those are exact). */
const histEdge = (i: number): number => 10 ** (i / BINS_PER_DECADE);

function logHistogram(points: number[]): HistBin[] {
  const positive = points.filter((p) => p >= 1);
  if (!positive.length) return [];
  const idx = (p: number): number => {
    let i = Math.floor(Math.log10(p) * BINS_PER_DECADE);
    while (i > 0 && p < histEdge(i)) i--;
    while (p >= histEdge(i + 1)) i++;
    return i;
  };
  const top = idx(Math.max(...positive));
  const bins: HistBin[] = Array.from({ length: top + 1 }, (_, i) => ({ lo: histEdge(i), hi: histEdge(i + 1), count: 0 }));
  for (const p of positive) bins[idx(p)].count++;
  return bins;
}

/** "1–9", "10–99", "1000+" for integer points. */
export function binLabel(lo: number, hi: number | null): string {
  if (hi === null) return `${lo}+`;
  const last = Number.isInteger(hi) ? hi - 1 : Math.floor(hi);
  return last <= lo ? `${lo}` : `${lo}–${last}`;
}

function groupStats(keys: string[], points: number[], top: number): GroupStat[] {
  const by = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = by.get(k);
    if (list) list.push(points[i]);
    else by.set(k, [points[i]]);
  });
  const out = [...by].map(([name, ps]) => ({ name, posts: ps.length, median: median(ps) }));
  out.sort((a, b) => b.posts - a.posts || b.median - a.median || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out.slice(0, top);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function slots(n: number, slotOf: (p: Post) => number, posts: Post[], label: (i: number) => string): SlotStat[] {
  const lists = Array.from({ length: n }, () => [] as number[]);
  for (const p of posts) lists[slotOf(p)].push(p.points);
  return lists.map((ps, i) => ({ label: label(i), posts: ps.length, median: ps.length ? median(ps) : null }));
}

export function computeEda(posts: Post[], opts: EdaOptions = {}): EdaResult {
  const edges = opts.edges ?? [...DEFAULT_BINS];
  const top = opts.top ?? 15;
  const n = posts.length;
  const pts = posts.map((p) => p.points);
  const sorted = [...pts].sort((a, b) => a - b);
  let sum = 0;
  for (const p of pts) sum += p;

  const binCounts = new Array<number>(edges.length).fill(0);
  for (const p of pts) binCounts[binOf(p, edges)]++;
  const targetBins = edges.map((lo, i) => {
    const hi = i + 1 < edges.length ? edges[i + 1] : null;
    return { lo, hi, label: binLabel(lo, hi), count: binCounts[i], share: n ? binCounts[i] / n : 0 };
  });

  const withAuthor = posts.filter((p) => p.author !== null);
  const hasAuthors = withAuthor.length > 0;
  const byPoints = [...posts].sort((a, b) => b.points - a.points || a.createdAt - b.createdAt);
  const stride = Math.max(1, Math.ceil(n / SCATTER_MAX));
  const sample = stride === 1 ? posts : posts.filter((_, i) => i % stride === 0);
  const lengths = posts.map((p) => p.title.length);

  let tMin = Infinity,
    tMax = -Infinity;
  for (const p of posts) {
    tMin = Math.min(tMin, p.createdAt);
    tMax = Math.max(tMax, p.createdAt);
  }

  return {
    n,
    points: n
      ? { min: sorted[0], max: sorted[n - 1], median: median(sorted), mean: sum / n }
      : { min: NaN, max: NaN, median: NaN, mean: NaN },
    zeroPoints: pts.filter((p) => p < 1).length,
    histogram: logHistogram(pts),
    targetBins,
    hours: slots(
      24,
      (p) => new Date(p.createdAt * 1000).getUTCHours(),
      posts,
      (h) => String(h).padStart(2, '0'),
    ),
    weekdays: slots(
      7,
      (p) => (new Date(p.createdAt * 1000).getUTCDay() + 6) % 7,
      posts,
      (d) => WEEKDAYS[d],
    ),
    domains: groupStats(
      posts.map((p) => domainOf(p.url)),
      pts,
      top,
    ),
    authors: hasAuthors
      ? groupStats(
          withAuthor.map((p) => p.author ?? ''),
          withAuthor.map((p) => p.points),
          top,
        )
      : null,
    topPosts: byPoints
      .slice(0, opts.topPosts ?? 10)
      .map(({ id, title, url, author, points, createdAt }) => ({ id, title, url, author, points, createdAt })),
    scatter: {
      length: Uint16Array.from(sample, (p) => Math.min(p.title.length, 65535)),
      points: Int32Array.from(sample, (p) => p.points),
      sampled: stride > 1,
    },
    lengthSpearman: spearman(lengths, pts),
    timeRange: n ? [tMin, tMax] : null,
  };
}
