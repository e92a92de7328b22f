// The wide part of the wide-and-deep model (Cheng et al. 2016): a linear layer over sparse
// hashed features — title unigrams and bigrams, the domain, the author — whose output is added
// to the deep part's logits. Each post is a fixed-width row of bucket ids with values
// 1/sqrt(terms) (0 in the padding), so tfjs gathers [n, WIDE_SLOTS] rows of the [buckets, k] table.
import { text8Words } from '../lib/text8';
import { domainOf, fnv } from './baselines';
import type { Post } from './posts';

/** Hash buckets of the wide table (2^16: ~30k distinct title terms in 13k posts collide little). */
export const WIDE_BUCKETS = 1 << 16;
/** Terms kept per post (an HN title has ≤ ~20 words: 20 unigrams + 19 bigrams + domain + author). */
export const WIDE_SLOTS = 48;

/** Which parts the wide layer sees; saved with the model. */
export interface WideSpec {
  buckets: number;
  title: boolean;
  domain: boolean;
  author: boolean;
}

/** The hashed terms of one post, as strings (unigrams u:, bigrams b:, domain d:, author a:). */
export function wideTerms(p: Post, s: WideSpec): string[] {
  const t: string[] = [];
  if (s.title) {
    const w = text8Words(p.title);
    for (const x of w) t.push('u:' + x);
    for (let i = 1; i < w.length; i++) t.push(`b:${w[i - 1]} ${w[i]}`);
  }
  if (s.domain) t.push('d:' + domainOf(p.url));
  if (s.author && p.author !== null) t.push('a:' + p.author);
  return t.slice(0, WIDE_SLOTS);
}

export interface WideRows {
  idx: Int32Array /* [n, WIDE_SLOTS] bucket ids (0 in padding) */;
  val: Float32Array /* [n, WIDE_SLOTS] 1/sqrt(terms), 0 in padding */;
}

export function wideRows(posts: Post[], s: WideSpec): WideRows {
  const idx = new Int32Array(posts.length * WIDE_SLOTS);
  const val = new Float32Array(posts.length * WIDE_SLOTS);
  posts.forEach((p, i) => {
    const t = wideTerms(p, s);
    const v = t.length ? 1 / Math.sqrt(t.length) : 0;
    t.forEach((x, j) => {
      idx[i * WIDE_SLOTS + j] = fnv(x) % s.buckets;
      val[i * WIDE_SLOTS + j] = v;
    });
  });
  return { idx, val };
}

const B1 = 0.9,
  B2 = 0.999,
  EPS = 1e-7;

/**
 * The wide table [buckets, k] f32 and its training, on the CPU: a batch's wide logits are a few
 * thousand multiply-adds, and a step touches only the batch's buckets (lazy Adam, as the title
 * tuner). tfjs's gather gradient would scatter a dense [buckets, k] gradient every step (on
 * SwiftShader an epoch of that took minutes); here tfjs autodiff gives dLoss/dLogits [batch, k]
 * and this spreads it onto the buckets.
 */
export class WideLayer {
  readonly w: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    readonly buckets: number,
    readonly k: number,
    w?: Float32Array,
  ) {
    this.w = w ? Float32Array.from(w) : new Float32Array(buckets * k);
    this.m = new Float32Array(this.w.length);
    this.v = new Float32Array(this.w.length);
  }

  /** Logits [which.length, k] of rows `which` (all rows when null). */
  logits(r: WideRows, which: ArrayLike<number> | null): Float32Array {
    const n = which ? which.length : r.idx.length / WIDE_SLOTS;
    const k = this.k;
    const out = new Float32Array(n * k);
    for (let b = 0; b < n; b++) {
      const i = which ? which[b] : b;
      for (let j = i * WIDE_SLOTS; j < (i + 1) * WIDE_SLOTS; j++) {
        const v = r.val[j];
        if (!v) continue;
        const o = r.idx[j] * k;
        for (let c = 0; c < k; c++) out[b * k + c] += v * this.w[o + c];
      }
    }
    return out;
  }

  /** One lazy-Adam step from dLoss/dLogits [which.length, k] (with L2 `l2` on the touched rows). */
  step(r: WideRows, which: ArrayLike<number>, dLogits: Float32Array, lr: number, l2 = 0): void {
    const k = this.k;
    const grad = new Map<number, Float32Array>();
    for (let b = 0; b < which.length; b++) {
      const i = which[b];
      for (let j = i * WIDE_SLOTS; j < (i + 1) * WIDE_SLOTS; j++) {
        const v = r.val[j];
        if (!v) continue;
        let g = grad.get(r.idx[j]);
        if (!g) grad.set(r.idx[j], (g = new Float32Array(k)));
        for (let c = 0; c < k; c++) g[c] += v * dLogits[b * k + c];
      }
    }
    this.t++;
    const c1 = 1 - B1 ** this.t,
      c2 = 1 - B2 ** this.t;
    for (const [row, g] of grad) {
      for (let c = 0, o = row * k; c < k; c++, o++) {
        const gc = g[c] + l2 * this.w[o];
        this.m[o] = B1 * this.m[o] + (1 - B1) * gc;
        this.v[o] = B2 * this.v[o] + (1 - B2) * gc * gc;
        this.w[o] -= (lr * this.m[o]) / c1 / (Math.sqrt(this.v[o] / c2) + EPS);
      }
    }
  }
}
