// Regression of log10(points + 1): the ridge recovers a known linear law, and the metrics (MAE in
// log10 and points, R², implied bin accuracy) agree with hand computation.
import { describe, expect, it } from 'vitest';
import { fitRidge, predictRidge, regressionMetrics, regressionSays } from '../../workers/hn/regression';

describe('HN regression', () => {
  it('ridge recovers y = 0.5 + 2·x0 − x1 (x2 unused) with a tiny λ', () => {
    const n = 500,
      d = 3;
    let s = 9;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const x = Float32Array.from({ length: n * d }, () => rnd() * 4 - 2);
    const y = Float64Array.from({ length: n }, (_, i) => 0.5 + 2 * x[i * d] - x[i * d + 1]);
    const m = fitRidge(x, y, d, 1e-6);
    const p = predictRidge(m, Float32Array.from([1, 1, 5, 0, -1, 0]), 2);
    expect(p[0]).toBeCloseTo(1.5, 4);
    expect(p[1]).toBeCloseTo(1.5, 4);
  });

  it('MAE, R² and bin accuracy by hand', () => {
    const points = Int32Array.from([9, 99, 0]);
    const pred = Float64Array.from([1, 1, 0]); // 9 points, 9 points, 0 points
    const r = regressionMetrics(pred, points, [1, 10, 100, 1000]);
    expect(r.maeLog10).toBeCloseTo(1 / 3, 9);
    expect(r.maePoints).toBeCloseTo(90 / 3, 6);
    // truth 1, 2, 0: mean 1, SST 2, SSE 1 → R² 0.5
    expect(r.r2).toBeCloseTo(0.5, 9);
    expect(r.binAccuracy).toBeCloseTo(2 / 3, 9); // 9 and 0 in bin 0; 99 is bin 1, predicted 9 is bin 0
  });

  it('says why bins: noisy points, and what a regression right more often as a bin still lacks', () => {
    const noisy = regressionSays({ maeLog10: 0.56, maePoints: 49, r2: 0.086, binAccuracy: 0.42 }, 0.555);
    expect(noisy).toBe(
      "R² 0.09: the points themselves are too noisy to predict (mean error 49 points, 0.56 orders of magnitude); read as a bin, the prediction is right for 42% of posts against the classifier's 56%.",
    );
    const better = regressionSays({ maeLog10: 0.3, maePoints: 20, r2: 0.45, binAccuracy: 0.57 }, 0.53);
    expect(better).toMatch(
      /^R² 0\.45: the regression explains part of the points’ spread .* right for 57% of posts against the classifier's 53%, but it gives no probability for each bin/,
    );
  });
});
