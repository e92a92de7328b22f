// The tfjs classifier, written with core ops over named variables (so its weights save and load
// as plain Float32Arrays, and the gradient reaches the title vectors for fine-tuning):
//   [dense features | domain embedding | author embedding] → dense 64 relu → dropout → logits,
//   plus, in the wide-and-deep model, a linear layer over hashed title uni/bigrams, domain and
//   author (wide.ts) added to the logits → softmax over bins.
import * as tf from '@tensorflow/tfjs';
import { CancelledError, LabError } from '../errors';
import { denseWidth, type Encoded, type Prep } from './features';
import type { TitleTuner, TokenRows } from './finetune';
import { TEST_HOOKS, parkPoint } from '../test-pace';
import { WIDE_SLOTS, WideLayer } from './wide';

const HIDDEN = 64;
const EMB = 8; // domain and author embedding width

export interface NamedWeight {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Every weight's shape for a preprocessing and k bins; the save format checks against it. */
export function weightShapes(prep: Prep, k: number): Record<string, number[]> {
  const inW = denseWidth(prep) + (prep.groups.domain ? EMB : 0) + (prep.groups.author ? EMB : 0);
  if (inW === 0) throw new LabError('every feature group is off: switch at least one on');
  const s: Record<string, number[]> = { w1: [inW, HIDDEN], b1: [HIDDEN], w2: [HIDDEN, k], b2: [k] };
  if (prep.groups.domain) s.domainEmb = [prep.domains.length, EMB];
  if (prep.groups.author) s.authorEmb = [prep.authors.length, EMB];
  if (prep.wide) s.wide = [prep.wide.buckets, k];
  return s;
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * Rows `ids` [n] of an embedding table [rows, EMB]. tfjs's own gather gradient is an unsortedSegmentSum,
 * which the CPU backends run as one masked sum per table row: with ~2k authors that was 17 s of a
 * 40 s epoch. Here the gradient is a scatter-add of dy [n, EMB] into [rows, EMB] (scatterND sums duplicates).
 */
export function embed(table: tf.Tensor, ids: tf.Tensor1D): tf.Tensor2D {
  const rows = table.shape[0];
  // tfjs types customGrad's inputs as one list of tensors and the save function.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([i]); // the ids outlive the forward pass's tidy only as a saved tensor
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => [tf.scatterND(tf.expandDims(s, 1), dy, [rows, EMB]), tf.zerosLike(s)],
    };
  });
  return f(table, ids) as tf.Tensor2D;
}

export class HnNet {
  private constructor(
    readonly prep: Prep,
    readonly k: number,
    readonly vars: Map<string, tf.Variable>,
    /** The wide part (wide-and-deep), trained on the CPU (wide.ts); null for the plain MLP. */
    readonly wide: WideLayer | null,
  ) {}

  /** Glorot-uniform dense layers, U(±0.05) embeddings, zero hidden bias; seeded. The output bias
   *  starts at log(prior) when given [k], so an untrained net already predicts the class prior. */
  static init(prep: Prep, k: number, seed: number, prior?: Float32Array): HnNet {
    const vars = new Map<string, tf.Variable>();
    let s = seed * 7919;
    for (const [name, shape] of Object.entries(weightShapes(prep, k))) {
      if (name === 'wide') continue; // starts at zero: the untrained wide-and-deep net is the deep one
      const lim = name.endsWith('Emb') ? 0.05 : name.startsWith('b') ? 0 : Math.sqrt(6 / (shape[0] + shape[1]));
      const t = lim
        ? tf.randomUniform(shape, -lim, lim, 'float32', ++s)
        : name === 'b2' && prior
          ? tf.tensor1d(Float32Array.from(prior, Math.log))
          : tf.zeros(shape);
      vars.set(name, tf.variable(t, true));
      t.dispose();
    }
    return new HnNet(prep, k, vars, prep.wide ? new WideLayer(prep.wide.buckets, k) : null);
  }

  /** Rebuilds a net from saved weights; names and shapes must match what the prep implies. */
  static fromWeights(prep: Prep, k: number, weights: NamedWeight[]): HnNet {
    const want = weightShapes(prep, k);
    const byName = new Map(weights.map((w) => [w.name, w]));
    for (const [name, shape] of Object.entries(want)) {
      const w = byName.get(name);
      if (!w) throw new LabError(`the model has no weight "${name}"`);
      if (w.shape.join() !== shape.join() || w.data.length !== size(shape))
        throw new LabError(`weight "${name}" has shape [${w.shape.join(', ')}] (${w.data.length} values), expected [${shape.join(', ')}]`);
      if (!w.data.every(Number.isFinite)) throw new LabError(`weight "${name}" holds NaN or infinite values`);
    }
    const vars = new Map<string, tf.Variable>();
    for (const [name, shape] of Object.entries(want))
      if (name !== 'wide') vars.set(name, tf.variable(tf.tensor(byName.get(name)!.data, shape), true));
    const wide = prep.wide ? new WideLayer(prep.wide.buckets, k, byName.get('wide')!.data) : null;
    return new HnNet(prep, k, vars, wide);
  }

  private v(name: string): tf.Tensor {
    const x = this.vars.get(name);
    if (!x) throw new Error(`no variable ${name}`);
    return x;
  }

  /** Logits [n, k]. dense: [n, width]; domain, author: [n] int32; wide: the wide part's logits [n, k] (WideLayer.logits).
   *  Dropout (deep part only) when given. */
  logits(
    dense: tf.Tensor2D | null,
    domain: tf.Tensor1D,
    author: tf.Tensor1D,
    dropout?: { rate: number; seed: number },
    wide?: tf.Tensor2D | null,
  ): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    if (dense && dense.shape[1] > 0) parts.push(dense);
    if (this.prep.groups.domain) parts.push(embed(this.v('domainEmb'), domain));
    if (this.prep.groups.author) parts.push(embed(this.v('authorEmb'), author));
    const x = parts.length > 1 ? tf.concat2d(parts, 1) : parts[0];
    let h = tf.relu(tf.add(tf.matMul(x, this.v('w1') as tf.Tensor2D), this.v('b1'))) as tf.Tensor2D;
    if (dropout && dropout.rate > 0) h = tf.dropout(h, dropout.rate, undefined, dropout.seed) as tf.Tensor2D;
    const deep = tf.add(tf.matMul(h, this.v('w2') as tf.Tensor2D), this.v('b2')) as tf.Tensor2D;
    return wide ? (tf.add(deep, wide) as tf.Tensor2D) : deep;
  }

  /** The wide part's logits [rows, k] of rows `which` of an encoded set (all when null), or null without a wide part. */
  wideLogits(e: Encoded, which: ArrayLike<number> | null): tf.Tensor2D | null {
    if (!this.wide || !e.wide) return null;
    const n = which ? which.length : e.domain.length;
    return tf.tensor2d(this.wide.logits(e.wide, which), [n, this.k]);
  }

  async weights(): Promise<NamedWeight[]> {
    const out: NamedWeight[] = [];
    for (const [name, v] of this.vars) out.push({ name, shape: [...v.shape], data: Float32Array.from(await v.data()) });
    if (this.wide) out.push({ name: 'wide', shape: [this.wide.buckets, this.k], data: Float32Array.from(this.wide.w) });
    return out;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

export interface TrainOpts {
  k: number;
  maxEpochs: number; // upper bound; early stopping on validation loss usually ends sooner
  patience: number; // epochs without a better validation loss before stopping
  batchSize: number;
  learningRate: number;
  classWeights: boolean;
  dropout: number;
  seed: number;
  wideLearningRate?: number; // the wide part's lazy Adam (default WIDE_LR)
}

/** The wide part's learning rate and L2 (lazy Adam on the touched buckets). */
export const WIDE_LR = 3e-3;
export const WIDE_L2 = 1e-4;

// Chosen on the time split of the shared 2015–16 file (validation loss): lr 3e-3 / batch 128 overfit
// after one epoch (test log loss 0.972, AUC 0.619); 1e-3 / 256 reached 0.966, AUC 0.654.
export const DEFAULT_TRAIN: Omit<TrainOpts, 'k' | 'seed'> = {
  maxEpochs: 60,
  patience: 4,
  batchSize: 256,
  learningRate: 1e-3,
  classWeights: false,
  dropout: 0.3,
};

export interface EpochLog {
  epoch: number;
  loss: number;
  valLoss: number;
}

/** Inverse-frequency class weights, capped so a nearly empty bin does not dominate. */
export function classWeightsOf(y: Int32Array, k: number): Float32Array {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]++;
  return Float32Array.from(c, (n) => Math.min(20, y.length / (k * Math.max(n, 1))));
}

// Seeded Fisher–Yates (xorshift32).
function shuffle(order: Int32Array, seed: number): void {
  let s = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
}

/** Device copies of an encoded set: dense [n, w], domain/author [n] int32. */
interface SetTensors {
  dense: tf.Tensor2D;
  domain: tf.Tensor1D;
  author: tf.Tensor1D;
  n: number;
}
function setTensors(e: Encoded, width: number): SetTensors {
  const n = e.domain.length;
  return { dense: tf.tensor2d(e.dense, [n, width]), domain: tf.tensor1d(e.domain, 'int32'), author: tf.tensor1d(e.author, 'int32'), n };
}
const disposeSet = (s: SetTensors): void => [s.dense, s.domain, s.author].forEach((t) => t.dispose());

/** Rows `idx` of a set through the net; `title` [rows, dim] replaces the title columns (fine-tuning);
 *  `wide` [rows, k]: the rows' wide logits. */
function forward(
  net: HnNet,
  s: SetTensors,
  idx: tf.Tensor1D,
  title: tf.Tensor2D | null,
  dropout?: { rate: number; seed: number },
  wide?: tf.Tensor2D | null,
): tf.Tensor2D {
  const width = s.dense.shape[1];
  let dense = width > 0 ? tf.gather(s.dense, idx) : null;
  if (title && dense) {
    const d = title.shape[1];
    dense = width > d ? tf.concat2d([title, dense.slice([0, d], [-1, width - d])], 1) : title;
  }
  return net.logits(dense, tf.gather(s.domain, idx), tf.gather(s.author, idx), dropout, wide);
}

/** Mean cross-entropy over a whole set, in batches, without dropout. `title`: [n, dim] title means, or null; `wide`: [n, k] wide logits. */
async function meanLoss(net: HnNet, s: SetTensors, y: tf.Tensor2D, title: tf.Tensor2D | null, wide: tf.Tensor2D | null): Promise<number> {
  let total = 0;
  for (let b = 0; b < s.n; b += 4096) {
    const m = Math.min(4096, s.n - b);
    const t = tf.tidy(() => {
      const idx = tf.range(b, b + m, 1, 'int32') as tf.Tensor1D;
      return tf.losses.softmaxCrossEntropy(
        tf.gather(y, idx),
        forward(net, s, idx, title && tf.gather(title, idx), undefined, wide && tf.gather(wide, idx)),
        undefined,
        undefined,
        tf.Reduction.SUM,
      );
    });
    total += (await t.data())[0];
    t.dispose();
  }
  return total / Math.max(1, s.n);
}

export interface FitSets {
  train: Encoded;
  yTrain: Int32Array;
  val: Encoded;
  yVal: Int32Array;
  /** End-to-end fine-tuning of the title vectors: the tuner and the token rows of each set. */
  title?: { tuner: TitleTuner; train: TokenRows; val: TokenRows };
}

/**
 * Adam on mini-batches with validation-based early stopping; the best epoch's weights (and
 * fine-tuned title vectors) are restored. Yields every few batches so cancel is answered.
 * Fine-tuning: each batch's title means are a temporary variable, so autodiff gives
 * dLoss/dMean [batch, dim]; the tuner spreads it onto the title words (lazy Adam, lr / 3: the
 * vectors start good and should move more slowly than the classifier).
 */
export async function fitModel(
  net: HnNet,
  sets: FitSets,
  o: TrainOpts,
  onEpoch: (l: EpochLog) => void,
  signal: AbortSignal,
  onBatch?: (epoch: number, fraction: number) => void,
): Promise<EpochLog[]> {
  const width = denseWidth(net.prep);
  const tr = setTensors(sets.train, width);
  const va = setTensors(sets.val, width);
  const yTr = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(sets.yTrain, 'int32'), o.k), 'float32') as tf.Tensor2D);
  const yVa = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(sets.yVal, 'int32'), o.k), 'float32') as tf.Tensor2D);
  const cw = o.classWeights ? classWeightsOf(sets.yTrain, o.k) : null;
  const sw = cw ? tf.tensor1d(Float32Array.from(sets.yTrain, (c) => cw[c])) : null;
  const opt = tf.train.adam(o.learningRate);
  const netVars = [...net.vars.values()];
  const ft = sets.title;
  const dim = net.prep.dim;
  const allVal = Int32Array.from({ length: va.n }, (_, i) => i);
  const logs: EpochLog[] = [];
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let bestTable: Float32Array | null = null;
  let bestWide: Float32Array | null = null;
  let since = 0;
  let step = 0;
  const order = Int32Array.from({ length: tr.n }, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= o.maxEpochs && since < o.patience; epoch++) {
      shuffle(order, o.seed * 1000 + epoch);
      let lossSum: tf.Tensor = tf.scalar(0);
      for (let b = 0; b < tr.n; b += o.batchSize) {
        if (TEST_HOOKS) await parkPoint('hn-batch', { epoch, step }); // a browser test's pace (workers/test-pace.ts)
        if (signal.aborted) throw new CancelledError();
        const rows = order.subarray(b, Math.min(tr.n, b + o.batchSize));
        const title = ft ? tf.tidy(() => tf.variable(tf.tensor2d(ft.tuner.means(ft.train, rows), [rows.length, dim]), true)) : null;
        // The batch's wide logits as a variable: autodiff gives dLoss/dLogits, which the wide layer spreads onto its buckets.
        const wideIn = net.wideLogits(sets.train, rows);
        const wide = wideIn && tf.variable(wideIn, true);
        wideIn?.dispose();
        const extra = [title, wide].filter((v): v is tf.Variable<tf.Rank.R2> => v !== null);
        const out = tf.tidy(() => {
          const idx = tf.tensor1d(rows, 'int32');
          const { value, grads } = tf.variableGrads(
            () =>
              tf.losses.softmaxCrossEntropy(
                tf.gather(yTr, idx),
                forward(net, tr, idx, title, { rate: o.dropout, seed: o.seed * 100_003 + step }, wide),
                sw ? tf.gather(sw, idx) : undefined,
              ),
            [...netVars, ...extra],
          );
          const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
          opt.applyGradients(named.filter((g) => g.name !== title?.name && g.name !== wide?.name));
          return {
            sum: tf.add(lossSum, tf.mul(value, rows.length)),
            dTitle: title ? grads[title.name] : tf.zeros([0]),
            dWide: wide ? grads[wide.name] : tf.zeros([0]),
          };
        });
        lossSum.dispose();
        lossSum = out.sum;
        step++;
        if (ft && title) {
          ft.tuner.step(ft.train, rows, Float32Array.from(await out.dTitle.data()), o.learningRate / 3);
          title.dispose();
        }
        out.dTitle.dispose();
        if (net.wide && wide && sets.train.wide) {
          net.wide.step(sets.train.wide, rows, Float32Array.from(await out.dWide.data()), o.wideLearningRate ?? WIDE_LR, WIDE_L2);
          wide.dispose();
        }
        out.dWide.dispose();
        // Pace the GPU queue and let cancel messages in (a CPU backend's data() resolves at once: yield a task too).
        if (step % 16 === 0) {
          await lossSum.data();
          await new Promise<void>((res) => setTimeout(res, 0));
          onBatch?.(epoch, Math.min(1, (b + rows.length) / tr.n));
        }
      }
      const loss = (await lossSum.data())[0] / tr.n;
      lossSum.dispose();
      const valTitle = ft ? tf.tensor2d(ft.tuner.means(ft.val, allVal), [va.n, dim]) : null;
      const valWide = net.wideLogits(sets.val, null);
      const l: EpochLog = { epoch, loss, valLoss: await meanLoss(net, va, yVa, valTitle, valWide) };
      valTitle?.dispose();
      valWide?.dispose();
      logs.push(l);
      onEpoch(l);
      if (l.valLoss < best - 1e-4) {
        best = l.valLoss;
        since = 0;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = netVars.map((v) => tf.clone(v));
        bestTable = ft ? ft.tuner.snapshot() : null;
        bestWide = net.wide ? Float32Array.from(net.wide.w) : null;
      } else since++;
    }
    if (bestWeights) netVars.forEach((v, i) => v.assign(bestWeights![i]));
    if (net.wide && bestWide) net.wide.w.set(bestWide);
    if (ft && bestTable) ft.tuner.restore(bestTable);
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    [yTr, yVa, ...(sw ? [sw] : [])].forEach((t) => t.dispose());
    disposeSet(tr);
    disposeSet(va);
    opt.dispose();
  }
  return logs;
}

/** Probabilities [n, k] row-major; read asynchronously and copied (a WebGPU read-back buffer may be reused). */
export async function predict(net: HnNet, e: Encoded): Promise<Float32Array> {
  const n = e.domain.length;
  const out = new Float32Array(n * net.k);
  const width = denseWidth(net.prep);
  for (let b = 0; b < n; b += 4096) {
    const m = Math.min(4096, n - b);
    const p = tf.tidy(() =>
      tf.softmax(
        net.logits(
          width > 0 ? tf.tensor2d(e.dense.subarray(b * width, (b + m) * width), [m, width]) : null,
          tf.tensor1d(e.domain.subarray(b, b + m), 'int32'),
          tf.tensor1d(e.author.subarray(b, b + m), 'int32'),
          undefined,
          net.wideLogits(
            e,
            Int32Array.from({ length: m }, (_, i) => b + i),
          ),
        ),
      ),
    );
    out.set(await p.data(), b * net.k);
    p.dispose();
  }
  return out;
}

/**
 * The same forward pass in plain TypeScript over saved weights, for a handful of rows (hnAsk):
 * a GPU round trip costs more than the arithmetic here. Probabilities [n, k] row-major.
 */
export function predictCpu(weights: NamedWeight[], prep: Prep, k: number, e: Encoded): Float32Array {
  const W = new Map(weights.map((w) => [w.name, w.data]));
  const get = (name: string): Float32Array => W.get(name) ?? new Float32Array(0);
  const [w1, b1, w2, b2] = [get('w1'), get('b1'), get('w2'), get('b2')];
  const wide = prep.wide ? get('wide') : null;
  const width = denseWidth(prep);
  const inW = w1.length / HIDDEN;
  const n = e.domain.length;
  const x = new Float32Array(inW),
    h = new Float32Array(HIDDEN),
    out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    x.set(e.dense.subarray(i * width, (i + 1) * width));
    let o = width;
    if (prep.groups.domain) {
      x.set(get('domainEmb').subarray(e.domain[i] * EMB, (e.domain[i] + 1) * EMB), o);
      o += EMB;
    }
    if (prep.groups.author) x.set(get('authorEmb').subarray(e.author[i] * EMB, (e.author[i] + 1) * EMB), o);
    for (let u = 0; u < HIDDEN; u++) {
      let s = b1[u];
      for (let j = 0; j < inW; j++) s += x[j] * w1[j * HIDDEN + u];
      h[u] = s > 0 ? s : 0;
    }
    let mx = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = b2[c];
      for (let u = 0; u < HIDDEN; u++) s += h[u] * w2[u * k + c];
      if (wide && e.wide)
        for (let j = i * WIDE_SLOTS; j < (i + 1) * WIDE_SLOTS; j++) if (e.wide.val[j]) s += e.wide.val[j] * wide[e.wide.idx[j] * k + c];
      out[i * k + c] = s;
      mx = Math.max(mx, s);
    }
    let z = 0;
    for (let c = 0; c < k; c++) z += out[i * k + c] = Math.exp(out[i * k + c] - mx);
    for (let c = 0; c < k; c++) out[i * k + c] /= z;
  }
  return out;
}
