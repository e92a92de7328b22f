// Train/test splits: by time (older train, newer test) or random with a seed.
import type { Post } from './posts';

export function timeSplit(posts: Post[], testShare: number): { train: Post[]; test: Post[] } {
  const sorted = [...posts].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const cut = Math.round(sorted.length * (1 - testShare));
  return { train: sorted.slice(0, cut), test: sorted.slice(cut) };
}

export function randomSplit(posts: Post[], testShare: number, seed: number): { train: Post[]; test: Post[] } {
  let s = seed >>> 0 || 1;
  const keyed = posts.map((p) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return { p, r: s };
  });
  keyed.sort((a, b) => a.r - b.r);
  const cut = Math.round(posts.length * (1 - testShare));
  return { train: keyed.slice(0, cut).map((x) => x.p), test: keyed.slice(cut).map((x) => x.p) };
}
