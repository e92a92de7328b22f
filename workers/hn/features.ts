// Dense features of posts for the tfjs model. Groups can be switched off for ablation.
import { text8Words } from '../lib/text8';
import { domainOf } from './baselines';
import type { Post } from './posts';

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

/** Width of the dense part: title mean [dim] + time 4 + length 1 + flags 2. */
export function denseWidth(p: Prep): number {
  return p.dim + (p.groups.time ? 4 : 0) + (p.groups.length ? 1 : 0) + (p.groups.flags ? 2 : 0);
}

export interface Encoded {
  dense: Float32Array /* [n, width] */;
  domain: Int32Array;
  author: Int32Array;
  oovShare: number;
}

export function encode(posts: Post[], prep: Prep, words: WordTable | null): Encoded {
  const w = denseWidth(prep);
  const n = posts.length;
  const dense = new Float32Array(n * w);
  const domain = new Int32Array(n);
  const author = new Int32Array(n);
  const dIdx = new Map(prep.domains.map((d, i) => [d, i]));
  const aIdx = new Map(prep.authors.map((a, i) => [a, i]));
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
        for (let k = 0; k < prep.dim; k++) dense[o + k] += words.matrix[r * prep.dim + k];
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
  return { dense, domain, author, oovShare: tokens ? oov / tokens : 0 };
}
