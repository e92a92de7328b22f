// Small pure helpers of the Model section: bin labels, metric formatting, the ask box's time.
import { binLabel } from '../../../workers/hn/eda';
import type { Metrics } from '../../../workers/hn/metrics';

/** Lower edges → "1–9", "10–99", "100–999", "1000+". */
export const binLabels = (edges: readonly number[]): string[] =>
  edges.map((e, i) => binLabel(e, i + 1 < edges.length ? edges[i + 1] : null));

export const fmt = (x: number | undefined, digits = 3): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

/** A metric with its bootstrap interval when there is one: "0.654 (0.641–0.667)". */
export const withInterval = (x: number, iv?: { lo: number; hi: number }): string =>
  iv && Number.isFinite(iv.lo) && Number.isFinite(iv.hi) ? `${fmt(x)} (${fmt(iv.lo)}–${fmt(iv.hi)})` : fmt(x);

/** Signed change, e.g. "+0.012". */
export const delta = (x: number): string => (Number.isFinite(x) ? (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(3) : '–');

export const METRIC_NAMES: Record<keyof Metrics, string> = {
  logLoss: 'log loss ↓',
  accuracy: 'accuracy ↑',
  macroF1: 'macro-F1 ↑',
  auc100: 'AUC ↑',
};

/** A datetime-local input's value read as UTC → unix seconds; null when empty or invalid. */
export function utcSeconds(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const t = Date.parse(value + ':00Z');
  return Number.isFinite(t) ? t / 1000 : null;
}

/** Unix seconds → a datetime-local value in UTC. */
export const utcInput = (s: number): string => new Date(s * 1000).toISOString().slice(0, 16);
