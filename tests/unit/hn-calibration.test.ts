// Calibration: temperature and class-bias scaling finds the temperature that undoes a known
// over-confidence and the bias that undoes a shifted class prior (and lowers the log loss and ECE), cross-validation on the validation rows chooses how hard to hold the biases toward 0, and the macro-F1 decision rule predicts the rare bins a
// prior-dominated argmax never does, without touching the probabilities.
import { describe, expect, it } from 'vitest';
import {
  applyScaling,
  ece,
  eceNoise,
  fitDecisionWeights,
  scalingCv,
  SCALING_L2,
  fitScaling,
  reliability,
  weighted,
} from '../../workers/hn/calibration';
import { metrics } from '../../workers/hn/metrics';

// Calibrated data: each row's true probabilities p, its label drawn from p (seeded).
function calibrated(n: number, k: number, seed: number): { y: Int32Array; p: Float32Array } {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const y = new Int32Array(n),
    p = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let c = 0; c < k; c++) z += p[i * k + c] = Math.exp(2 * rnd() - (c === 0 ? -1 : c));
    for (let c = 0; c < k; c++) p[i * k + c] /= z;
    let u = rnd(),
      c = 0;
    while (c < k - 1 && (u -= p[i * k + c]) > 0) c++;
    y[i] = c;
  }
  return { y, p };
}

describe('calibration', () => {
  it('temperature scaling recovers T = 2.5 from over-confident probabilities and lowers log loss and ECE', () => {
    const k = 4,
      { y, p } = calibrated(20_000, k, 7);
    const sharp = applyScaling(p, k, 1 / 2.5, [0, 0, 0, 0]); // logits × 2.5: over-confident
    const { temperature: t, bias } = fitScaling(y, sharp, k);
    expect(t).toBeGreaterThan(2.3);
    expect(t).toBeLessThan(2.7);
    for (const b of bias) expect(Math.abs(b)).toBeLessThan(0.1); // the prior was right: no bias
    const fixed = applyScaling(sharp, k, t, bias);
    expect(metrics(y, fixed, k, 2).logLoss).toBeLessThan(metrics(y, sharp, k, 2).logLoss - 0.05);
    expect(ece(y, fixed, k)).toBeLessThan(0.02);
    expect(ece(y, sharp, k)).toBeGreaterThan(0.05);
    // Reliability bins: accuracy ≈ confidence once calibrated; rows add up.
    const rel = reliability(y, fixed, k);
    expect(rel.reduce((a, r) => a + r.n, 0)).toBe(y.length);
    for (const r of rel.filter((x) => x.n > 500)) expect(Math.abs(r.accuracy - r.confidence)).toBeLessThan(0.05);
  });

  it('the class bias undoes a shifted prior (a drifted bin share) together with the temperature', () => {
    const k = 4,
      { y, p } = calibrated(20_000, k, 11);
    const shift = [0, 0.6, -0.5, 0.3];
    const off = applyScaling(p, k, 1 / 1.5, shift); // over-confident and the bins' shares moved
    const { temperature: t, bias } = fitScaling(y, off, k);
    expect(t).toBeGreaterThan(1.35);
    expect(t).toBeLessThan(1.65);
    expect(bias[0]).toBe(0);
    // log off = 1.5 log p + shift + const, so softmax(log off / t + b) = p needs t = 1.5 and b = −shift / t.
    for (let c = 1; c < k; c++) expect(Math.abs(bias[c] + shift[c] / t)).toBeLessThan(0.08);
    const fixed = applyScaling(off, k, t, bias);
    expect(metrics(y, fixed, k, 2).logLoss).toBeLessThan(metrics(y, off, k, 2).logLoss - 0.03);
    expect(metrics(y, fixed, k, 2).logLoss).toBeLessThan(metrics(y, applyScaling(off, k, t, [0, 0, 0, 0]), k, 2).logLoss - 0.01);
    expect(ece(y, fixed, k)).toBeLessThan(0.02);
  });

  it('the decision rule raises validation macro-F1 by predicting bins the argmax never predicts', () => {
    const k = 4,
      { y, p } = calibrated(5_000, k, 3);
    const argmaxPreds = new Set(
      Array.from({ length: y.length }, (_, i) => [...p.subarray(i * k, i * k + k)].indexOf(Math.max(...p.subarray(i * k, i * k + k)))),
    );
    const w = fitDecisionWeights(y, p, k);
    const ruled = weighted(p, k, w);
    expect(metrics(y, ruled, k, 2).macroF1).toBeGreaterThan(metrics(y, p, k, 2).macroF1 + 0.02);
    const rulePreds = new Set(
      Array.from({ length: y.length }, (_, i) =>
        [...ruled.subarray(i * k, i * k + k)].indexOf(Math.max(...ruled.subarray(i * k, i * k + k))),
      ),
    );
    expect(rulePreds.size).toBeGreaterThan(argmaxPreds.size);
    expect(w[0]).toBe(1);
  });

  it('the ECE noise band: a calibrated model on 3,200 rows lands inside it, an over-confident one above it', () => {
    const k = 4,
      { y, p } = calibrated(3200, k, 11);
    const band = eceNoise(p, k, 200, 3);
    expect(band.median).toBeGreaterThan(0.005); // chance alone gives a calibrated model some ECE at this size
    expect(band.p90).toBeGreaterThan(band.median);
    expect(ece(y, p, k)).toBeLessThan(band.p90 * 1.5);
    const sharp = applyScaling(p, k, 1 / 2, [0, 0, 0, 0]);
    expect(ece(y, sharp, k)).toBeGreaterThan(eceNoise(sharp, k, 200, 3).p90 * 2);
    // Seeded: the same band twice.
    expect(eceNoise(p, k, 50, 7)).toEqual(eceNoise(p, k, 50, 7));
  });

  it('cross-validation on the validation rows keeps a scaling that helps and drops one that only fits noise', () => {
    const k = 4;
    // Over-confident probabilities on 2,000 rows: the scaling helps rows it was not fitted on.
    const big = calibrated(2000, k, 5);
    const sharp = applyScaling(big.p, k, 1 / 2, [0, 0, 0, 0]);
    const a = scalingCv(big.y, sharp, k);
    expect(a.helps).toBe(true);
    expect(a.after).toBeLessThan(a.before - 0.02);
    // Already calibrated, 40 rows: a temperature and three biases fitted on 32 rows only follow their noise.
    const small = calibrated(40, k, 8);
    const b = scalingCv(small.y, small.p, k);
    expect(b.helps).toBe(false);
    expect(b.after).toBeGreaterThan(b.before);
    // Choosing the best of six pulls is itself a fit: the pull is chosen again inside each fold, so
    // calibrated validation parts of 300 rows seldom call the scaling helpful (2 of these 20).
    const helps = Array.from({ length: 20 }, (_, j) => {
      const c = calibrated(300, k, 30 + j);
      return scalingCv(c.y, c.p, k).helps;
    });
    expect(helps.filter(Boolean).length).toBeLessThanOrEqual(3);
  });

  it('cross-validation holds the class biases toward 0 when the validation shares only differ by chance, and lets them move for a real shift', () => {
    const k = 4;
    // Calibrated probabilities on 300 rows (twelve such sets): any bias fitted there follows the rows' noise.
    const pulls = Array.from({ length: 12 }, (_, j) => {
      const few = calibrated(300, k, 30 + j);
      const a = scalingCv(few.y, few.p, k);
      expect(a.tried.map((t) => t.l2)).toEqual(SCALING_L2);
      expect(a.tried.find((t) => t.l2 === a.l2)!.logLoss).toBe(Math.min(...a.tried.map((t) => t.logLoss)));
      return a.l2;
    });
    expect(pulls.filter((l2) => l2 >= 30).length).toBeGreaterThanOrEqual(9);
    // 1,000 rows with the bins' shares moved (six such sets): the bias is the fix, held only lightly.
    for (let j = 0; j < 6; j++) {
      const many = calibrated(1000, k, 50 + j);
      const b = scalingCv(many.y, applyScaling(many.p, k, 1, [0, 1.2, -0.9, 0.6]), k);
      expect(b.l2).toBeLessThanOrEqual(10);
      expect(b.helps).toBe(true);
      // A pull of 300 rows would have left much of the shift in place.
      expect(b.tried.find((t) => t.l2 === 300)!.logLoss).toBeGreaterThan(b.tried.find((t) => t.l2 === b.l2)!.logLoss + 0.005);
    }
  });
});
