// A run's loss curve kept at most ~2,000 points however long the run: points are
// (words trained, loss per pair); when the curve is full, neighbouring points are merged
// pairwise (means of x and y), and later batches are merged `stride` at a time so the
// spacing stays even.

export interface LossCurve {
  /** [n] words trained (corpus words, all epochs) at each point. */
  x: number[];
  /** [n] mean loss per pair at each point. */
  y: number[];
  /** Batches merged into each new point. */
  stride: number;
  /** The batches waiting to fill the next point. */
  pending: { x: number; y: number; n: number };
}

export const MAX_POINTS = 2000;

export const emptyCurve = (): LossCurve => ({ x: [], y: [], stride: 1, pending: { x: 0, y: 0, n: 0 } });

/** Adds one batch's loss at `words` trained; merges when the curve is full. */
export function addPoint(c: LossCurve, words: number, loss: number, max = MAX_POINTS): void {
  c.pending.x += words;
  c.pending.y += loss;
  c.pending.n++;
  if (c.pending.n < c.stride) return;
  c.x.push(c.pending.x / c.pending.n);
  c.y.push(c.pending.y / c.pending.n);
  c.pending = { x: 0, y: 0, n: 0 };
  if (c.x.length < max) return;
  const half = (a: number[]): number[] => {
    const out: number[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) out.push((a[i] + a[i + 1]) / 2);
    if (a.length % 2) out.push(a[a.length - 1]);
    return out;
  };
  c.x = half(c.x);
  c.y = half(c.y);
  c.stride *= 2;
}

/** Points of a loss history (one loss per batch) spread evenly over `totalWords`. */
export function curveOf(history: number[], totalWords: number, fraction = 1, max = MAX_POINTS): LossCurve {
  const c = emptyCurve();
  const n = history.length;
  for (let i = 0; i < n; i++) addPoint(c, ((i + 1) / n) * totalWords * fraction, history[i], max);
  return c;
}
