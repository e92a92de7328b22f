// Regression of log10(points + 1) beside the bins: a ridge regression (closed form on standardised
// features) and its metrics — MAE in log10 units and in points, R², and the bin accuracy implied by
// reading the predicted points off as a bin — so the page shows why the bins were chosen.
import { binOf } from './metrics';

export interface Ridge {
  d: number;
  mean: Float64Array;
  std: Float64Array;
  w: Float64Array /* [d] */;
  bias: number;
}

/** x [n, d] row-major, y [n]; λ on the standardised weights. Normal equations, Cholesky solve. */
export function fitRidge(x: Float32Array, y: Float64Array, d: number, lambda = 1): Ridge {
  const n = y.length;
  const mean = new Float64Array(d),
    std = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  let ym = 0;
  for (const v of y) ym += v / n;
  const a = new Float64Array(d * d),
    b = new Float64Array(d),
    z = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) z[j] = (x[i * d + j] - mean[j]) / std[j];
    for (let j = 0; j < d; j++) {
      b[j] += z[j] * (y[i] - ym);
      for (let l = 0; l <= j; l++) a[j * d + l] += z[j] * z[l];
    }
  }
  for (let j = 0; j < d; j++) {
    a[j * d + j] += lambda;
    for (let l = 0; l < j; l++) a[l * d + j] = a[j * d + l];
  }
  // Cholesky a = L Lᵀ (in place, lower), then L Lᵀ w = b.
  for (let j = 0; j < d; j++) {
    for (let l = 0; l <= j; l++) {
      let s = a[j * d + l];
      for (let m = 0; m < l; m++) s -= a[j * d + m] * a[l * d + m];
      a[j * d + l] = l === j ? Math.sqrt(Math.max(s, 1e-12)) : s / a[l * d + l];
    }
  }
  const w = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    let s = b[j];
    for (let m = 0; m < j; m++) s -= a[j * d + m] * w[m];
    w[j] = s / a[j * d + j];
  }
  for (let j = d - 1; j >= 0; j--) {
    let s = w[j];
    for (let m = j + 1; m < d; m++) s -= a[m * d + j] * w[m];
    w[j] = s / a[j * d + j];
  }
  return { d, mean, std, w, bias: ym };
}

export function predictRidge(m: Ridge, x: Float32Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = m.bias;
    for (let j = 0; j < m.d; j++) s += ((x[i * m.d + j] - m.mean[j]) / m.std[j]) * m.w[j];
    out[i] = s;
  }
  return out;
}

export interface RegressionMetrics {
  maeLog10: number;
  maePoints: number;
  r2: number;
  binAccuracy: number;
}

/** pred: predicted log10(points + 1); points: the true points; edges: the bins' lower edges. */
export function regressionMetrics(pred: Float64Array, points: Int32Array, edges: number[]): RegressionMetrics {
  const n = points.length;
  let mean = 0;
  for (const p of points) mean += Math.log10(p + 1) / n;
  let sse = 0,
    sst = 0,
    aeLog = 0,
    aePts = 0,
    hit = 0;
  for (let i = 0; i < n; i++) {
    const t = Math.log10(points[i] + 1);
    sse += (pred[i] - t) ** 2;
    sst += (t - mean) ** 2;
    aeLog += Math.abs(pred[i] - t);
    const pts = 10 ** pred[i] - 1;
    aePts += Math.abs(pts - points[i]);
    if (binOf(pts, edges) === binOf(points[i], edges)) hit++;
  }
  return { maeLog10: aeLog / n, maePoints: aePts / n, r2: sst ? 1 - sse / sst : NaN, binAccuracy: hit / n };
}

/**
 * Why the page predicts bins, in words, from the regression's figures and the classifier's accuracy:
 * how much of the points the regression explains, and how often it lands in the right bin beside
 * the classifier (and, where it lands there more often, what it still lacks: a probability per bin).
 */
export function regressionSays(m: RegressionMetrics, classifierAccuracy: number): string {
  const err = `mean error ${m.maePoints.toFixed(0)} points, ${m.maeLog10.toFixed(2)} orders of magnitude`;
  const r2 = Number.isFinite(m.r2) ? m.r2.toFixed(2) : '—';
  const reg = Math.round(m.binAccuracy * 100),
    cls = Math.round(classifierAccuracy * 100);
  return (
    `R² ${r2}: ${m.r2 < 0.3 ? 'the points themselves are too noisy to predict' : 'the regression explains part of the points’ spread'} (${err}); ` +
    `read as a bin, the prediction is right for ${reg}% of posts against the classifier's ${cls}%` +
    (reg > cls ? ', but it gives no probability for each bin, which log loss, AUC and calibration need, and which Ask shows.' : '.')
  );
}
