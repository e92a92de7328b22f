// Intervals that say whether a difference between two runs is real: seeded bootstrap
// percentile intervals of a metric over test rows, the paired bootstrap of two models on the
// same rows, and the exact McNemar test of two word2vec runs on the same analogy questions.
// Plain TypeScript over typed arrays (no DOM), so it runs in the worker and in Node.
import { hash2, pcg } from '../train/rng';

export interface BootstrapOptions {
  /** Number of resamples (default 1,000; at least 1). */
  resamples?: number;
  /** Seed of the resample indices: the same seed gives the same resamples (default 1). */
  seed?: number;
  /** Coverage of the interval, e.g. 0.95 (default) for the 2.5th–97.5th percentiles. */
  level?: number;
}

export interface Interval {
  /** The metric on all rows (no resampling). */
  value: number;
  lo: number;
  hi: number;
  /** Resamples whose metric was finite (an AUC is NaN on a resample without one class): the interval's basis. */
  resamples: number;
}

export interface PairedInterval {
  /** metricA − metricB on all rows. */
  diff: number;
  lo: number;
  hi: number;
  /** Share of resamples where A is better than B (ties count half); "better" per `higherIsBetter`. */
  pBetter: number;
  resamples: number;
}

const DEFAULTS = { resamples: 1000, seed: 1, level: 0.95 };

function options(o: BootstrapOptions | undefined): Required<BootstrapOptions> {
  const r = { ...DEFAULTS, ...o };
  if (!Number.isInteger(r.resamples) || r.resamples < 1) throw new RangeError(`resamples must be a whole number ≥ 1 (got ${r.resamples})`);
  if (!(r.level > 0 && r.level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${r.level})`);
  return r;
}

/**
 * Row indices of resample `r` (n draws with replacement from 0..n−1) into `out`. Counter-based:
 * draw j is a hash of (seed, r, j), so any resample is reproducible on its own.
 */
export function resampleIndices(n: number, r: number, seed: number, out = new Uint32Array(n)): Uint32Array {
  const s = hash2(pcg(seed >>> 0), r >>> 0);
  // A 32-bit hash scaled to [0, n): bias ≤ n / 2^32, negligible for test sets of any size here.
  for (let j = 0; j < n; j++) out[j] = Math.floor((hash2(s, j) / 4294967296) * n);
  return out;
}

/** Identity indices 0..n−1 (the metric on all rows). */
const allRows = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/**
 * The metric on each resample, for several metrics at once (one index draw per resample).
 * Returns one Float64Array [resamples] per metric, in the order `metric` returns them.
 */
export function bootstrapSamples(n: number, metric: (idx: Uint32Array) => ArrayLike<number>, o?: BootstrapOptions): Float64Array[] {
  const { resamples, seed } = options(o);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number ≥ 1 (got ${n})`);
  const idx = new Uint32Array(n);
  let out: Float64Array[] | null = null;
  for (let r = 0; r < resamples; r++) {
    const v = metric(resampleIndices(n, r, seed, idx));
    out ??= Array.from({ length: v.length }, () => new Float64Array(resamples));
    for (let m = 0; m < v.length; m++) out[m][r] = v[m];
  }
  return out ?? [];
}

/** Percentile interval of the finite samples (linear interpolation between order statistics). */
export function percentileInterval(samples: Float64Array, level = DEFAULTS.level): { lo: number; hi: number; resamples: number } {
  const s = Float64Array.from(samples.filter(Number.isFinite)).sort();
  if (s.length === 0) return { lo: NaN, hi: NaN, resamples: 0 };
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const i = Math.floor(h);
    return i + 1 < s.length ? s[i] + (h - i) * (s[i + 1] - s[i]) : s[i];
  };
  const tail = (1 - level) / 2;
  return { lo: q(tail), hi: q(1 - tail), resamples: s.length };
}

/** Bootstrap percentile interval of `metric` over n test rows. */
export function bootstrapInterval(n: number, metric: (idx: Uint32Array) => number, o?: BootstrapOptions): Interval {
  const { level } = options(o);
  const [samples] = bootstrapSamples(n, (idx) => [metric(idx)], o);
  return { value: metric(allRows(n)), ...percentileInterval(samples, level) };
}

/** Paired samples → the interval of A − B and how often A is better. */
export function pairedFromSamples(
  value: number,
  a: Float64Array,
  b: Float64Array,
  higherIsBetter: boolean,
  level = DEFAULTS.level,
): PairedInterval {
  const d = a.map((x, i) => x - b[i]);
  let better = 0;
  let counted = 0;
  for (const x of d) {
    if (!Number.isFinite(x)) continue;
    counted++;
    better += x === 0 ? 0.5 : x > 0 === higherIsBetter ? 1 : 0;
  }
  const { lo, hi, resamples } = percentileInterval(d, level);
  return { diff: value, lo, hi, pBetter: counted ? better / counted : NaN, resamples };
}

/**
 * Paired bootstrap of two models' metric on the same test rows: both see the same resample
 * indices, so the row-to-row variation they share cancels in the difference A − B.
 */
export function pairedBootstrap(
  n: number,
  metricA: (idx: Uint32Array) => number,
  metricB: (idx: Uint32Array) => number,
  o?: BootstrapOptions & { higherIsBetter?: boolean },
): PairedInterval {
  const { level } = options(o);
  const [a, b] = bootstrapSamples(n, (idx) => [metricA(idx), metricB(idx)], o);
  const all = allRows(n);
  return pairedFromSamples(metricA(all) - metricB(all), a, b, o?.higherIsBetter ?? true, level);
}

/** Signed with a real minus; no "−0.000" for a value that rounds to zero. */
const num = (x: number, digits: number): string =>
  (x < 0 && Math.abs(x).toFixed(digits) !== (0).toFixed(digits) ? '−' : '') + Math.abs(x).toFixed(digits);

export interface DescribeOptions {
  /** Whose metric (A's), e.g. "the model's". */
  subject: string;
  /** The metric's name, e.g. "AUC". */
  metric: string;
  /** B, e.g. "the logistic baseline's": "… is higher than the logistic baseline's by …". */
  than?: string;
  /** When given, the direction is also said as better or worse. */
  higherIsBetter?: boolean;
  /** Decimals (default 3). */
  digits?: number;
}

/**
 * A paired interval in words, e.g. "the model's AUC is higher by 0.012, interval 0.003 to 0.021"
 * or "the model's log loss is lower by 0.003, but the difference is not clear: interval −0.004 to
 * 0.010 includes 0".
 */
export function describeDifference(d: PairedInterval, o: DescribeOptions): string {
  const digits = o.digits ?? 3;
  const who = `${o.subject} ${o.metric}`;
  if (!Number.isFinite(d.lo) || !Number.isFinite(d.hi)) return `${who}: no interval (the metric is undefined on the resamples)`;
  const iv = `interval ${num(d.lo, digits)} to ${num(d.hi, digits)}`;
  const than = o.than ? ` than ${o.than}` : '';
  const size =
    Math.abs(d.diff).toFixed(digits) === (0).toFixed(digits)
      ? `less than ${(10 ** -digits).toFixed(digits)}`
      : Math.abs(d.diff).toFixed(digits);
  const judged = (higher: boolean) => (o.higherIsBetter === undefined ? '' : higher === o.higherIsBetter ? ' (better)' : ' (worse)');
  const way =
    d.diff > 0
      ? `is higher${judged(true)}${than} by ${size}`
      : d.diff < 0
        ? `is lower${judged(false)}${than} by ${size}`
        : `is the same${o.than ? ` as ${o.than}` : ''}`;
  const clear = d.lo > 0 || d.hi < 0;
  return clear ? `${who} ${way}, ${iv}` : `${who} ${way}, but the difference is not clear: ${iv} includes 0`;
}

export interface McNemar {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
  /** Exact two-sided p-value: min(1, 2·P(X ≤ min(onlyA, onlyB))), X ~ Binomial(onlyA + onlyB, 1/2). */
  pValue: number;
}

/** ln(k!) for k = 0..n as a running sum of logs: exact enough for n in the tens of thousands. */
function logFactorials(n: number): Float64Array {
  const f = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) f[k] = f[k - 1] + Math.log(k);
  return f;
}

/**
 * P(X ≤ m) for X ~ Binomial(n, 1/2), summed in log space (log-sum-exp over the terms), so it
 * neither underflows nor overflows for n up to tens of thousands (n = 20,000: terms near 2^-20000).
 */
export function binomialHalfCdf(m: number, n: number): number {
  if (m < 0) return 0;
  if (m >= n) return 1;
  const lf = logFactorials(n);
  const terms = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) terms[k] = lf[n] - lf[k] - lf[n - k] - n * Math.LN2;
  let max = -Infinity;
  for (const t of terms) if (t > max) max = t;
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return Math.min(1, Math.exp(max + Math.log(s)));
}

/** Exact McNemar test from the four cells (only the discordant ones, onlyA and onlyB, matter). */
export function mcnemarTable(t: { onlyA: number; onlyB: number; both?: number; neither?: number }): McNemar {
  const { onlyA, onlyB, both = 0, neither = 0 } = t;
  for (const [k, v] of Object.entries({ onlyA, onlyB, both, neither }))
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${k} must be a whole number ≥ 0 (got ${v})`);
  const n = onlyA + onlyB;
  const pValue = n === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(onlyA, onlyB), n));
  return { both, onlyA, onlyB, neither, pValue };
}

/** Exact McNemar test of two runs answering the same questions: a[i], b[i] = question i right. */
export function mcnemar(a: ArrayLike<boolean | number>, b: ArrayLike<boolean | number>): McNemar {
  if (a.length !== b.length) throw new RangeError(`both runs must answer the same questions (${a.length} vs ${b.length} answers)`);
  const t = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  for (let i = 0; i < a.length; i++) {
    const x = Boolean(a[i]),
      y = Boolean(b[i]);
    if (x && y) t.both++;
    else if (x) t.onlyA++;
    else if (y) t.onlyB++;
    else t.neither++;
  }
  return mcnemarTable(t);
}
