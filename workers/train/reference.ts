// Plain TypeScript SGNS trainer: the same math, RNG and order as kernels/sgns.wgsl,
// one chunk at a time. Used to check the kernel in tests and as the CPU path.
// Per centre word w (word2vec.c skip-gram): reduced window r = window − (rand % window);
// K negatives drawn once and shared by the window's contexts; for each context c:
// dots of syn0[c] with syn1[w] and syn1[neg_k], then in order g = (label − σ(dot))·α,
// neu1e += g·syn1[t], syn1[t] += g·syn0[c]; finally syn0[c] += neu1e.
// CBOW (gensim's fast_sentence_cbow_neg, cbow_mean=1), per centre word w with the same window
// and negatives: h = mean of syn0[c] over the window's contexts; dots of h with syn1[w] and
// syn1[neg_k], then in order g = (label − σ(dot))·α, neu1e += g·syn1[t], syn1[t] += g·h;
// finally every context row syn0[c] += neu1e (in full, not divided by the context count).
import { hash2 } from './rng';
import { drawAlias, type AliasTable } from './samplers';
import { META_U32, type Batch } from './plan';
import { paddedDim, type ModelData } from './model';
import { MAX_EXP, RNG_STRIDE } from './constants';
import { CPU_JS, type Trainer, type TrainerPlan } from './trainer';
import type { ModelKind } from '../settings';

export interface SgnsParams {
  vocab: number;
  dim: number;
  window: number;
  negative: number;
  /** The architecture (absent: skip-gram). */
  model?: ModelKind;
}

export { MAX_EXP };

export interface ChunkLoss {
  /** Σ of −log σ(±dot) over all (context, target) terms. */
  loss: number;
  /** Training examples: (centre, context) pairs for skip-gram; centre words with a context for CBOW. */
  pairs: number;
}

/** −log σ(−x), stably: the loss term of a dot product x with label 0 (−x for label 1). */
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

/** Gradient scale as word2vec.c: saturated outside ±MAX_EXP. */
export function gradient(dot: number, label: number, alpha: number): number {
  if (dot > MAX_EXP) return (label - 1) * alpha;
  if (dot < -MAX_EXP) return label * alpha;
  return (label - 1 / (1 + Math.exp(-dot))) * alpha;
}

export function bitsToF32(u: number): number {
  return new Float32Array(new Uint32Array([u]).buffer)[0];
}

/** Trains chunk `k` of `batch` into `m` with the architecture `p.model`. */
export function trainChunk(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch, k: number): ChunkLoss {
  return p.model === 'cbow' ? trainChunkCbow(m, p, table, batch, k) : trainChunkSkipgram(m, p, table, batch, k);
}

/** The four-way-split dot product of `a` (from 0) with `b` from `row` (dp a multiple of 4). */
function dot4(a: Float64Array, b: Float32Array, row: number, dp: number): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let d = 0; d < dp; d += 4) {
    s0 += a[d] * b[row + d];
    s1 += a[d + 1] * b[row + d + 1];
    s2 += a[d + 2] * b[row + d + 2];
    s3 += a[d + 3] * b[row + d + 3];
  }
  return s0 + s1 + (s2 + s3);
}

/** CBOW (cbow_mean=1) on chunk `k` of `batch`: one example per centre word that has a context. */
export function trainChunkCbow(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch, k: number): ChunkLoss {
  const dp = paddedDim(p.dim);
  const meta = batch.meta.subarray(k * META_U32, (k + 1) * META_U32);
  const [sentStart, sentEnd, c0, c1, seed] = meta;
  const alpha = bitsToF32(meta[5]);
  const words = batch.words;
  const K = p.negative;
  const syn0 = m.syn0;
  const syn1 = m.syn1;
  const targets = new Uint32Array(K + 1);
  const dots = new Float64Array(K + 1);
  const neu = new Float64Array(dp);
  const h = new Float64Array(dp);
  let loss = 0;
  let pairs = 0;
  for (let i = c0; i < c1; i++) {
    const w = words[i];
    const local = (i - c0) * RNG_STRIDE;
    const r = p.window - (hash2(seed, local) % p.window);
    targets[0] = w;
    for (let n = 0; n < K; n++) targets[n + 1] = drawAlias(table, hash2(seed, local + 1 + n));
    const lo = Math.max(sentStart, i - r);
    const hi = Math.min(sentEnd - 1, i + r);
    const count = hi - lo; // the window's words but the centre
    if (count === 0) continue; // a one-word sentence: nothing to predict from
    h.fill(0);
    for (let j = lo; j <= hi; j++) {
      if (j === i) continue;
      const crow = words[j] * dp;
      for (let d = 0; d < dp; d++) h[d] += syn0[crow + d];
    }
    for (let d = 0; d < dp; d++) h[d] /= count;
    for (let t = 0; t <= K; t++) dots[t] = dot4(h, syn1, targets[t] * dp, dp);
    neu.fill(0);
    for (let t = 0; t <= K; t++) {
      if (t > 0 && targets[t] === w) continue; // as gensim and word2vec.c: a negative equal to the word is skipped
      const label = t === 0 ? 1 : 0;
      const g = gradient(dots[t], label, alpha);
      loss += softplus(label ? -dots[t] : dots[t]);
      const row = targets[t] * dp;
      for (let d = 0; d < dp; d++) {
        const o = syn1[row + d];
        neu[d] += g * o;
        syn1[row + d] = o + g * h[d];
      }
    }
    for (let j = lo; j <= hi; j++) {
      if (j === i) continue;
      const crow = words[j] * dp;
      for (let d = 0; d < dp; d++) syn0[crow + d] += neu[d];
    }
    pairs++;
  }
  return { loss, pairs };
}

/** Skip-gram on chunk `k` of `batch`. */
export function trainChunkSkipgram(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch, k: number): ChunkLoss {
  const dp = paddedDim(p.dim);
  const meta = batch.meta.subarray(k * META_U32, (k + 1) * META_U32);
  const [sentStart, sentEnd, c0, c1, seed] = meta;
  const alpha = bitsToF32(meta[5]);
  const words = batch.words;
  const K = p.negative;
  const syn0 = m.syn0;
  const syn1 = m.syn1;
  const targets = new Uint32Array(K + 1);
  const dots = new Float64Array(K + 1);
  const neu = new Float64Array(dp);
  const l1 = new Float64Array(dp);
  let loss = 0;
  let pairs = 0;
  for (let i = c0; i < c1; i++) {
    const w = words[i];
    const local = (i - c0) * RNG_STRIDE;
    const r = p.window - (hash2(seed, local) % p.window);
    targets[0] = w;
    for (let n = 0; n < K; n++) targets[n + 1] = drawAlias(table, hash2(seed, local + 1 + n));
    const lo = Math.max(sentStart, i - r);
    const hi = Math.min(sentEnd - 1, i + r);
    for (let j = lo; j <= hi; j++) {
      if (j === i) continue;
      const crow = words[j] * dp;
      for (let d = 0; d < dp; d++) l1[d] = syn0[crow + d];
      for (let t = 0; t <= K; t++) {
        const row = targets[t] * dp;
        // Four partial sums (dp is a multiple of 4): shorter dependency chains.
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let d = 0; d < dp; d += 4) {
          s0 += l1[d] * syn1[row + d];
          s1 += l1[d + 1] * syn1[row + d + 1];
          s2 += l1[d + 2] * syn1[row + d + 2];
          s3 += l1[d + 3] * syn1[row + d + 3];
        }
        dots[t] = s0 + s1 + (s2 + s3);
      }
      neu.fill(0);
      for (let t = 0; t <= K; t++) {
        if (t > 0 && targets[t] === w) continue; // word2vec.c skips a negative equal to the word
        const label = t === 0 ? 1 : 0;
        const g = gradient(dots[t], label, alpha);
        loss += softplus(label ? -dots[t] : dots[t]);
        const row = targets[t] * dp;
        for (let d = 0; d < dp; d += 4) {
          const o0 = syn1[row + d],
            o1 = syn1[row + d + 1],
            o2 = syn1[row + d + 2],
            o3 = syn1[row + d + 3];
          neu[d] += g * o0;
          neu[d + 1] += g * o1;
          neu[d + 2] += g * o2;
          neu[d + 3] += g * o3;
          syn1[row + d] = o0 + g * l1[d];
          syn1[row + d + 1] = o1 + g * l1[d + 1];
          syn1[row + d + 2] = o2 + g * l1[d + 2];
          syn1[row + d + 3] = o3 + g * l1[d + 3];
        }
      }
      for (let d = 0; d < dp; d += 4) {
        syn0[crow + d] += neu[d];
        syn0[crow + d + 1] += neu[d + 1];
        syn0[crow + d + 2] += neu[d + 2];
        syn0[crow + d + 3] += neu[d + 3];
      }
      pairs++;
    }
  }
  return { loss, pairs };
}

/** Trains every chunk of a batch in order (with `chunk`: trainChunk, or another order's). */
export function trainBatch(m: ModelData, p: SgnsParams, table: AliasTable, batch: Batch, chunk = trainChunk): ChunkLoss {
  let loss = 0;
  let pairs = 0;
  for (let k = 0; k < batch.nChunks; k++) {
    const r = chunk(m, p, table, batch, k);
    loss += r.loss;
    pairs += r.pairs;
  }
  return { loss, pairs };
}

/** The reference as a Trainer (the CPU path where WebAssembly SIMD is missing; the run loop's tests). */
export class ReferenceTrainer implements Trainer {
  readonly label = CPU_JS;
  readonly blocking = true;
  private m: ModelData;

  constructor(
    private readonly p: SgnsParams,
    private readonly table: AliasTable,
    model: ModelData,
  ) {
    this.m = { syn0: model.syn0.slice(), syn1: model.syn1.slice() };
  }

  submit(b: Batch): Promise<{ done: Promise<ChunkLoss> }> {
    return Promise.resolve({ done: Promise.resolve(trainBatch(this.m, this.p, this.table, b)) });
  }

  readModel(): ModelData {
    return { syn0: this.m.syn0.slice(), syn1: this.m.syn1.slice() };
  }

  writeModel(m: ModelData): void {
    this.m = { syn0: m.syn0.slice(), syn1: m.syn1.slice() };
  }

  release(): void {}
}

/** Trainers of the reference: batches of `batchWords` kept words. */
export function referencePlan(p: SgnsParams, table: AliasTable, batchWords = 1 << 14): TrainerPlan {
  return { kind: 'js', label: CPU_JS, batchWords, create: (model) => Promise.resolve(new ReferenceTrainer(p, table, model)) };
}
