// Classification metrics over probability rows. probs: Float32Array [n, k] row-major; y: class ids.

/** Bin of points given ascending lower edges, e.g. [1,10,100,1000] → 0..3 (below the first edge → 0). */
export function binOf(points: number, edges: number[]): number {
  let b = 0;
  for (let i = 1; i < edges.length; i++) if (points >= edges[i]) b = i;
  return b;
}

export interface Metrics {
  accuracy: number;
  macroF1: number;
  logLoss: number;
  auc100: number;
}

export function confusion(y: Int32Array, probs: Float32Array, k: number): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < y.length; i++) m[y[i]][argmax(probs, i, k)]++;
  return m;
}

function argmax(p: Float32Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
  return best;
}

/** ROC AUC by ranks (ties get the mean rank); NaN when one class is absent. */
export function rocAuc(score: Float64Array | Float32Array, positive: Uint8Array): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++)
      if (positive[order[t]]) {
        rankSumPos += rank;
        nPos++;
      }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Mean cross-entropy of rows' true classes (probabilities clamped at 1e-15). */
export function logLoss(y: Int32Array, probs: Float32Array, k: number): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) ll -= Math.log(Math.max(probs[i * k + y[i]], 1e-15));
  return ll / y.length;
}

/** topFrom: first bin counted as "≥ 100 points" (the bin whose lower edge is 100). */
export function metrics(y: Int32Array, probs: Float32Array, k: number, topFrom: number): Metrics {
  const n = y.length;
  const cm = confusion(y, probs, k);
  let correct = 0;
  for (let c = 0; c < k; c++) correct += cm[c][c];
  // Macro-F1 over classes present in truth or predictions.
  let f1Sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    let tp = cm[c][c],
      fp = 0,
      fn = 0;
    for (let o = 0; o < k; o++)
      if (o !== c) {
        fp += cm[o][c];
        fn += cm[c][o];
      }
    if (tp + fp + fn === 0) continue;
    classes++;
    f1Sum += (2 * tp) / (2 * tp + fp + fn);
  }
  const score = new Float64Array(n);
  const pos = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let c = topFrom; c < k; c++) score[i] += probs[i * k + c];
    pos[i] = y[i] >= topFrom ? 1 : 0;
  }
  return { accuracy: correct / n, macroF1: classes ? f1Sum / classes : 0, logLoss: logLoss(y, probs, k), auc100: rocAuc(score, pos) };
}
