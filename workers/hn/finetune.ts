// End-to-end fine-tuning of the word vectors through the classifier. The title feature is the
// mean of rows of a table initialised from the word vectors; each training step the classifier's
// gradient with respect to the batch's title means (from tfjs autodiff) is spread back onto the
// words of those titles, and the touched rows take a lazy-Adam step. Only words that occur in
// the training/validation titles have a row (a few thousand of the vocabulary), and a step
// touches only the batch's words: no dense [vocab, dim] gradient (tfjs's gather gradient on the
// CPU backend loops once per table row, which made whole-table fine-tuning take hours).
import { text8Words } from '../lib/text8';
import type { WordTable } from './features';
import type { Post } from './posts';

/** Longest title, in tokens, the tuner looks at (HN titles are ≤ 80 characters). */
const MAX_TOKENS = 32;
const B1 = 0.9,
  B2 = 0.999,
  EPS = 1e-7;

/** The in-table words of each post's title: ids[offsets[i] .. offsets[i+1]) with weight 1/count. */
export interface TokenRows {
  offsets: Int32Array /* [n + 1] */;
  ids: Int32Array; /* table rows */
}

export class TitleTuner {
  /** [size, dim] f32 row-major: the trainable title vectors, and their Adam moments. */
  readonly table: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  private readonly dim: number;

  private constructor(
    readonly words: WordTable,
    readonly rows: Int32Array /* tuner row → word-table row */,
    private readonly index: Map<number, number> /* word-table row → tuner row */,
  ) {
    const d = (this.dim = words.dim);
    this.table = new Float32Array(rows.length * d);
    rows.forEach((r, i) => this.table.set(words.matrix.subarray(r * d, (r + 1) * d), i * d));
    this.m = new Float32Array(this.table.length);
    this.v = new Float32Array(this.table.length);
  }

  /** A table over every in-vocabulary word of these posts' titles. */
  static create(posts: Post[], words: WordTable): TitleTuner {
    const index = new Map<number, number>();
    for (const p of posts) {
      for (const t of text8Words(p.title).slice(0, MAX_TOKENS)) {
        const r = words.index.get(t);
        if (r !== undefined && !index.has(r)) index.set(r, index.size);
      }
    }
    return new TitleTuner(words, Int32Array.from(index.keys()), index);
  }

  get size(): number {
    return this.rows.length;
  }

  /** Table rows of each post's title words (words outside the table are left out, like OOV words). */
  tokenRows(posts: Post[]): TokenRows {
    const offsets = new Int32Array(posts.length + 1);
    const ids: number[] = [];
    posts.forEach((p, i) => {
      for (const t of text8Words(p.title).slice(0, MAX_TOKENS)) {
        const r = this.words.index.get(t);
        const j = r === undefined ? undefined : this.index.get(r);
        if (j !== undefined) ids.push(j);
      }
      offsets[i + 1] = ids.length;
    });
    return { offsets, ids: Int32Array.from(ids) };
  }

  /** Title means [rows.length, dim] of the posts `which` (indices into `t`); zeros for a title with no known word. */
  means(t: TokenRows, which: ArrayLike<number>): Float32Array {
    const d = this.dim;
    const out = new Float32Array(which.length * d);
    for (let b = 0; b < which.length; b++) {
      const i = which[b],
        lo = t.offsets[i],
        hi = t.offsets[i + 1];
      for (let q = lo; q < hi; q++) {
        const r = t.ids[q] * d;
        for (let k = 0; k < d; k++) out[b * d + k] += this.table[r + k];
      }
      if (hi > lo) for (let k = 0; k < d; k++) out[b * d + k] /= hi - lo;
    }
    return out;
  }

  /** One lazy-Adam step from dLoss/dMean [which.length, dim]: each title's gradient, divided by its
   *  word count, goes to its words' rows; only those rows (and their moments) change. */
  step(t: TokenRows, which: ArrayLike<number>, dMean: Float32Array, lr: number): void {
    const d = this.dim;
    const grad = new Map<number, Float32Array>();
    for (let b = 0; b < which.length; b++) {
      const i = which[b],
        lo = t.offsets[i],
        hi = t.offsets[i + 1];
      for (let q = lo; q < hi; q++) {
        let g = grad.get(t.ids[q]);
        if (!g) grad.set(t.ids[q], (g = new Float32Array(d)));
        for (let k = 0; k < d; k++) g[k] += dMean[b * d + k] / (hi - lo);
      }
    }
    this.t++;
    const c1 = 1 - B1 ** this.t,
      c2 = 1 - B2 ** this.t;
    for (const [row, g] of grad) {
      for (let k = 0, o = row * d; k < d; k++, o++) {
        this.m[o] = B1 * this.m[o] + (1 - B1) * g[k];
        this.v[o] = B2 * this.v[o] + (1 - B2) * g[k] * g[k];
        this.table[o] -= (lr * this.m[o]) / c1 / (Math.sqrt(this.v[o] / c2) + EPS);
      }
    }
  }

  snapshot(): Float32Array {
    return Float32Array.from(this.table);
  }
  restore(s: Float32Array): void {
    this.table.set(s);
  }

  /** A copy of the word table with the fine-tuned rows written in. */
  tunedWords(): WordTable {
    const d = this.dim;
    const matrix = Float32Array.from(this.words.matrix);
    this.rows.forEach((r, i) => matrix.set(this.table.subarray(i * d, (i + 1) * d), r * d));
    return { index: this.words.index, matrix, dim: d };
  }
}
