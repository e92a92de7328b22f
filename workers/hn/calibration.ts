// Calibration of bin probabilities and the decision rule: expected calibration error, temperature
// scaling fitted on the validation part (p_T ∝ p^(1/T), i.e. logits / T), and per-class weights on
// the probabilities tuned on validation for macro-F1 (argmax of w_c·p_c). The rule only changes
// which bin is predicted; log loss and AUC keep using the (calibrated) probabilities.
import { metrics } from './metrics';

/** Top-label ECE: rows binned by their top probability into `bins` equal-width bins; Σ share · |accuracy − confidence|. */
export function ece(y: Int32Array, probs: Float32Array, k: number, bins = 15): number {
  const n = y.length;
  const conf = new Float64Array(bins),
    acc = new Float64Array(bins),
    cnt = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    const p = probs[i * k + best];
    const b = Math.min(bins - 1, Math.floor(p * bins));
    conf[b] += p;
    acc[b] += y[i] === best ? 1 : 0;
    cnt[b]++;
  }
  let e = 0;
  for (let b = 0; b < bins; b++) if (cnt[b]) e += Math.abs(acc[b] - conf[b]) / n;
  return e;
}

/** Reliability curve: per confidence bin, mean confidence, accuracy and rows (empty bins left out). */
export function reliability(
  y: Int32Array,
  probs: Float32Array,
  k: number,
  bins = 10,
): { confidence: number; accuracy: number; n: number }[] {
  const out = Array.from({ length: bins }, () => ({ confidence: 0, accuracy: 0, n: 0 }));
  for (let i = 0; i < y.length; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    const p = probs[i * k + best];
    const o = out[Math.min(bins - 1, Math.floor(p * bins))];
    o.confidence += p;
    o.accuracy += y[i] === best ? 1 : 0;
    o.n++;
  }
  return out.filter((o) => o.n).map((o) => ({ confidence: o.confidence / o.n, accuracy: o.accuracy / o.n, n: o.n }));
}

/** Probabilities at temperature T: softmax(log p / T) per row. */
export function applyTemperature(probs: Float32Array, k: number, t: number): Float32Array {
  const out = new Float32Array(probs.length);
  for (let i = 0; i < probs.length / k; i++) {
    let mx = -Infinity;
    for (let c = 0; c < k; c++) mx = Math.max(mx, Math.log(Math.max(probs[i * k + c], 1e-30)) / t);
    let z = 0;
    for (let c = 0; c < k; c++) z += out[i * k + c] = Math.exp(Math.log(Math.max(probs[i * k + c], 1e-30)) / t - mx);
    for (let c = 0; c < k; c++) out[i * k + c] /= z;
  }
  return out;
}

function nll(y: Int32Array, p: Float32Array, k: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= Math.log(Math.max(p[i * k + y[i]], 1e-15));
  return s / y.length;
}

/** The temperature in [0.05, 20] minimising the validation log loss (golden-section search on log T; the NLL is convex in 1/T). */
export function fitTemperature(y: Int32Array, probs: Float32Array, k: number): number {
  const f = (u: number) => nll(y, applyTemperature(probs, k, Math.exp(u)), k);
  let a = Math.log(0.05),
    b = Math.log(20);
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a),
    d = a + r * (b - a),
    fc = f(c),
    fd = f(d);
  for (let it = 0; it < 40; it++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** Probabilities times per-class weights (the rule's argmax; rows not renormalised: only the argmax is used). */
export function weighted(probs: Float32Array, k: number, w: Float64Array): Float32Array {
  return probs.map((p, j) => p * w[j % k]);
}

/** Per-class weights (w_0 = 1) maximising validation macro-F1 of argmax(w·p): coordinate ascent over a log grid, 3 passes. */
export function fitDecisionWeights(y: Int32Array, probs: Float32Array, k: number, topFrom = k - 1): Float64Array {
  const w = new Float64Array(k).fill(1);
  const grid = Array.from({ length: 33 }, (_, i) => 2 ** ((i - 8) / 4)); // 0.25 … 64
  let best = metrics(y, probs, k, topFrom).macroF1;
  for (let pass = 0; pass < 3; pass++) {
    for (let c = 1; c < k; c++) {
      for (const g of grid) {
        const old = w[c];
        w[c] = g;
        const f = metrics(y, weighted(probs, k, w), k, topFrom).macroF1;
        if (f > best + 1e-12) best = f;
        else w[c] = old;
      }
    }
  }
  return w;
}
