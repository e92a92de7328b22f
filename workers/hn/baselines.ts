// Baselines: the class prior, and multinomial logistic regression on hashed sparse features.
import { text8Words } from '../lib/text8';
import type { Post } from './posts';

/** Class prior: every post gets the training class frequencies (add-one smoothed, so log loss is finite). */
export function priorModel(yTrain: Int32Array, k: number): Float32Array {
  const p = new Float32Array(k).fill(1);
  for (const c of yTrain) p[c]++;
  const s = yTrain.length + k;
  for (let c = 0; c < k; c++) p[c] /= s;
  return p;
}

export function predictPrior(prior: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * prior.length);
  for (let i = 0; i < n; i++) out.set(prior, i * prior.length);
  return out;
}

export function domainOf(url: string): string {
  if (!url) return '(self)';
  const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  return m ? m[1].toLowerCase().replace(/^www\./, '') : '(self)';
}

// FNV-1a 32-bit, to hash feature strings into `dim` buckets (also the wide model's, wide.ts).
export function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface HashGroups {
  title: boolean;
  domain: boolean;
  time: boolean;
  author: boolean;
}

/** Sparse hashed features of one post: bucket ids (each with value 1 / sqrt(count)). */
export function hashedFeatures(p: Post, dim: number, g: HashGroups): Int32Array {
  const keys: string[] = [];
  if (g.title) for (const w of text8Words(p.title)) keys.push('w:' + w);
  if (g.domain) keys.push('d:' + domainOf(p.url));
  if (g.time) {
    const d = new Date(p.createdAt * 1000);
    keys.push('h:' + d.getUTCHours(), 'wd:' + d.getUTCDay());
  }
  if (g.author && p.author !== null) keys.push('a:' + p.author);
  keys.push('bias');
  return Int32Array.from(keys, (k) => fnv(k) % dim);
}

export interface LogReg {
  dim: number;
  k: number;
  w: Float32Array; /* [dim, k] */
}

function softmaxRow(x: Int32Array, m: LogReg, out: Float32Array, off: number): void {
  const { k, w } = m;
  const v = 1 / Math.sqrt(x.length);
  let mx = -Infinity;
  for (let c = 0; c < k; c++) {
    let z = 0;
    for (const j of x) z += w[j * k + c] * v;
    out[off + c] = z;
    if (z > mx) mx = z;
  }
  let s = 0;
  for (let c = 0; c < k; c++) {
    out[off + c] = Math.exp(out[off + c] - mx);
    s += out[off + c];
  }
  for (let c = 0; c < k; c++) out[off + c] /= s;
}

/** Multinomial logistic regression, SGD with L2; deterministic order shuffled by `seed`. */
export function trainLogReg(
  xs: Int32Array[],
  y: Int32Array,
  k: number,
  opts: { dim: number; epochs: number; lr: number; l2: number; seed: number },
): LogReg {
  const m: LogReg = { dim: opts.dim, k, w: new Float32Array(opts.dim * k) };
  const p = new Float32Array(k);
  const order = Array.from({ length: xs.length }, (_, i) => i);
  let s = opts.seed >>> 0 || 1;
  const rnd = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  for (let e = 0; e < opts.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const lr = opts.lr / (1 + e);
    for (const i of order) {
      const x = xs[i];
      softmaxRow(x, m, p, 0);
      const v = 1 / Math.sqrt(x.length);
      for (let c = 0; c < k; c++) {
        const g = (p[c] - (y[i] === c ? 1 : 0)) * v;
        for (const j of x) m.w[j * k + c] -= lr * (g + opts.l2 * m.w[j * k + c]);
      }
    }
  }
  return m;
}

export function predictLogReg(m: LogReg, xs: Int32Array[]): Float32Array {
  const out = new Float32Array(xs.length * m.k);
  xs.forEach((x, i) => softmaxRow(x, m, out, i * m.k));
  return out;
}

/** Dense multinomial logistic regression (e.g. on title mean vectors), with standardised inputs. */
export interface DenseLogReg {
  d: number;
  k: number;
  mean: Float32Array;
  std: Float32Array;
  w: Float32Array; /* [d + 1, k], last row = bias */
}

function denseSoftmax(m: DenseLogReg, x: Float32Array, i: number, z: Float32Array, out: Float32Array, off: number): void {
  const { d, k, w } = m;
  for (let j = 0; j < d; j++) z[j] = (x[i * d + j] - m.mean[j]) / m.std[j];
  let mx = -Infinity;
  for (let c = 0; c < k; c++) {
    let s = w[d * k + c];
    for (let j = 0; j < d; j++) s += z[j] * w[j * k + c];
    out[off + c] = s;
    if (s > mx) mx = s;
  }
  let s = 0;
  for (let c = 0; c < k; c++) {
    out[off + c] = Math.exp(out[off + c] - mx);
    s += out[off + c];
  }
  for (let c = 0; c < k; c++) out[off + c] /= s;
}

/** x: [n, d] row-major. SGD with L2 and a decaying rate; shuffled deterministically by `seed`. */
export function trainDenseLogReg(
  x: Float32Array,
  y: Int32Array,
  d: number,
  k: number,
  opts: { epochs: number; lr: number; l2: number; seed: number },
): DenseLogReg {
  const n = y.length;
  const mean = new Float32Array(d),
    std = new Float32Array(d).fill(1);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  const v = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(v[j]) || 1;
  const m: DenseLogReg = { d, k, mean, std, w: new Float32Array((d + 1) * k) };
  // Start from the class prior (bias = log frequency), so a weak signal cannot do worse than it by much.
  const prior = priorModel(y, k);
  for (let c = 0; c < k; c++) m.w[d * k + c] = Math.log(prior[c]);
  const z = new Float32Array(d),
    p = new Float32Array(k);
  const order = Array.from({ length: n }, (_, i) => i);
  let s = opts.seed >>> 0 || 1;
  const rnd = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  for (let e = 0; e < opts.epochs; e++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const lr = opts.lr / (1 + e);
    for (const i of order) {
      denseSoftmax(m, x, i, z, p, 0);
      for (let c = 0; c < k; c++) {
        const g = p[c] - (y[i] === c ? 1 : 0);
        for (let j = 0; j < d; j++) m.w[j * k + c] -= lr * (g * z[j] + opts.l2 * m.w[j * k + c]);
        m.w[d * k + c] -= lr * g;
      }
    }
  }
  return m;
}

export function predictDenseLogReg(m: DenseLogReg, x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n * m.k);
  const z = new Float32Array(m.d);
  for (let i = 0; i < n; i++) denseSoftmax(m, x, i, z, out, i * m.k);
  return out;
}
