// End-to-end fine-tuning of the word vectors through the classifier: the title feature becomes
// the mean of rows of a trainable table (initialised from the word vectors), so the classifier's
// gradient reaches the vectors. Only words that occur in the training/validation titles get a
// row (a few thousand, not the whole vocabulary), so each step's dense gradient stays small.
import * as tf from '@tensorflow/tfjs';
import { text8Words } from '../lib/text8';
import type { WordTable } from './features';
import type { Post } from './posts';

/** Longest title, in tokens, the tuner looks at (HN titles are ≤ 80 characters). */
const MAX_TOKENS = 32;

/** Token rows of a set of posts: ids into the tuner's table and the mean weights (1/hits; 0 = padding or OOV). */
export interface TokenRows { ids: tf.Tensor2D /* [n, L] int32 */; weights: tf.Tensor2D /* [n, L] f32 */ }

export class TitleTuner {
  /** [words, dim] f32: the trainable title vectors. */
  readonly table: tf.Variable;
  private constructor(readonly words: WordTable, readonly rows: Int32Array /* tuner row → word-table row */,
    private readonly index: Map<number, number> /* word-table row → tuner row */, private readonly len: number) {
    const d = words.dim;
    const init = new Float32Array(rows.length * d);
    rows.forEach((r, i) => init.set(words.matrix.subarray(r * d, (r + 1) * d), i * d));
    this.table = tf.variable(tf.tensor2d(init, [rows.length, d]), true);
  }

  /** A table over every in-vocabulary word of these posts' titles. */
  static create(posts: Post[], words: WordTable): TitleTuner {
    const index = new Map<number, number>();
    let len = 1;
    for (const p of posts) {
      const ts = text8Words(p.title);
      len = Math.max(len, Math.min(MAX_TOKENS, ts.length));
      for (const t of ts) {
        const r = words.index.get(t);
        if (r !== undefined && !index.has(r)) index.set(r, index.size);
      }
    }
    if (index.size === 0) index.set(0, 0); // a table needs a row; every weight is 0 then
    return new TitleTuner(words, Int32Array.from(index.keys()), index, len);
  }

  get size(): number { return this.rows.length; }

  /** Token ids and mean weights of posts (words outside the table are left out, like OOV words). */
  tokenRows(posts: Post[]): TokenRows {
    const L = this.len;
    const ids = new Int32Array(posts.length * L);
    const w = new Float32Array(posts.length * L);
    posts.forEach((p, i) => {
      let hit = 0;
      for (const t of text8Words(p.title)) {
        if (hit === L) break;
        const r = this.words.index.get(t);
        const j = r === undefined ? undefined : this.index.get(r);
        if (j === undefined) continue;
        ids[i * L + hit++] = j;
      }
      for (let q = 0; q < hit; q++) w[i * L + q] = 1 / hit;
    });
    return { ids: tf.tensor2d(ids, [posts.length, L], 'int32'), weights: tf.tensor2d(w, [posts.length, L]) };
  }

  /** Title means [b, dim] from ids [b, L] and weights [b, L]: Σ_l w[b,l] · table[ids[b,l]]. */
  mean(ids: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor2D {
    return tf.sum(tf.mul(tf.gather(this.table, ids), tf.expandDims(weights, 2)), 1);
  }

  /** A copy of the word table with the fine-tuned rows written in. */
  async tunedWords(): Promise<WordTable> {
    const d = this.words.dim;
    const t = await this.table.data();
    const matrix = Float32Array.from(this.words.matrix);
    this.rows.forEach((r, i) => matrix.set(t.subarray(i * d, (i + 1) * d), r * d));
    return { index: this.words.index, matrix, dim: d };
  }

  dispose(): void {
    this.table.dispose();
  }
}

export const disposeRows = (r: TokenRows): void => { r.ids.dispose(); r.weights.dispose(); };
