// The tfjs classifier: dense features + domain and author embeddings → hidden layer → softmax over bins.
import * as tf from '@tensorflow/tfjs';
import { denseWidth, type Encoded, type Prep } from './features';

export interface TrainOpts {
  k: number;
  epochs: number; // upper bound; early stopping on validation loss usually ends sooner
  patience: number;
  batchSize: number;
  learningRate: number;
  classWeights: boolean;
  seed: number;
}

export const DEFAULT_TRAIN: Omit<TrainOpts, 'k' | 'seed'> = { epochs: 60, patience: 4, batchSize: 128, learningRate: 3e-3, classWeights: false };

export function buildModel(prep: Prep, k: number, seed: number): tf.LayersModel {
  const dense = tf.input({ shape: [denseWidth(prep)], name: 'dense' });
  const dom = tf.input({ shape: [1], name: 'domain', dtype: 'int32' });
  const aut = tf.input({ shape: [1], name: 'author', dtype: 'int32' });
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed + s });
  const parts: tf.SymbolicTensor[] = [dense];
  if (prep.groups.domain) parts.push(tf.layers.flatten().apply(
    tf.layers.embedding({ inputDim: prep.domains.length, outputDim: 8, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 1 }) }).apply(dom)) as tf.SymbolicTensor);
  if (prep.groups.author) parts.push(tf.layers.flatten().apply(
    tf.layers.embedding({ inputDim: prep.authors.length, outputDim: 8, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 2 }) }).apply(aut)) as tf.SymbolicTensor);
  const x = parts.length > 1 ? tf.layers.concatenate().apply(parts) as tf.SymbolicTensor : dense;
  const h = tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }).apply(x) as tf.SymbolicTensor;
  const d = tf.layers.dropout({ rate: 0.3, seed: seed + 4 }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: k, activation: 'softmax', kernelInitializer: init(5) }).apply(d) as tf.SymbolicTensor;
  return tf.model({ inputs: [dense, dom, aut], outputs: out });
}

function tensors(e: Encoded, width: number): tf.Tensor[] {
  const n = e.domain.length;
  return [tf.tensor2d(e.dense, [n, width]), tf.tensor2d(e.domain, [n, 1], 'int32'), tf.tensor2d(e.author, [n, 1], 'int32')];
}

export interface EpochLog { epoch: number; loss: number; valLoss: number }

/** Fit with validation-based early stopping; the best epoch's weights are restored. */
export async function fitModel(model: tf.LayersModel, prep: Prep, train: Encoded, yTrain: Int32Array,
  val: Encoded, yVal: Int32Array, o: TrainOpts, onEpoch: (l: EpochLog) => void, signal: AbortSignal): Promise<EpochLog[]> {
  const w = denseWidth(prep);
  model.compile({ optimizer: tf.train.adam(o.learningRate), loss: 'categoricalCrossentropy' });
  const xs = tensors(train, w);
  const ys = tf.oneHot(tf.tensor1d(yTrain, 'int32'), o.k);
  const vx = tensors(val, w);
  const vy = tf.oneHot(tf.tensor1d(yVal, 'int32'), o.k);
  let classWeight: Record<number, number> | undefined;
  if (o.classWeights) {
    const c = new Array<number>(o.k).fill(0);
    for (const y of yTrain) c[y]++;
    // Inverse frequency, capped so a nearly empty bin does not dominate.
    classWeight = Object.fromEntries(c.map((n, i) => [i, Math.min(20, yTrain.length / (o.k * Math.max(n, 1)))]));
  }
  const logs: EpochLog[] = [];
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let since = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs && since < o.patience; epoch++) {
      if (signal.aborted) break;
      const h = await model.fit(xs, ys, { epochs: 1, batchSize: o.batchSize, shuffle: true, classWeight, validationData: [vx, vy], verbose: 0 });
      const l: EpochLog = { epoch, loss: Number(h.history.loss[0]), valLoss: Number(h.history.val_loss[0]) };
      logs.push(l);
      onEpoch(l);
      if (l.valLoss < best - 1e-4) {
        best = l.valLoss;
        since = 0;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = model.getWeights().map((t) => t.clone());
      } else since++;
    }
    if (bestWeights) model.setWeights(bestWeights);
  } finally {
    bestWeights?.forEach((t) => t.dispose());
    [...xs, ys, ...vx, vy].forEach((t) => t.dispose());
  }
  return logs;
}

/** Probabilities [n, k]; read asynchronously and copied (a WebGPU read-back buffer may be reused). */
export async function predict(model: tf.LayersModel, prep: Prep, e: Encoded): Promise<Float32Array> {
  const t = tensors(e, denseWidth(prep));
  const p = model.predict(t) as tf.Tensor;
  try {
    return Float32Array.from(await p.data());
  } finally {
    p.dispose();
    t.forEach((x) => x.dispose());
  }
}
