// Small pure helpers of the Data section: the bin-edge input, dates in UTC, numbers. Unit-tested.

/** "1, 10, 100, 1000" → ascending edges ≥ 0 (2 to 12 of them), or a message saying what is wrong. */
export function parseEdges(text: string): { edges: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length < 2) return { error: 'Give at least two edges, e.g. 1, 10, 100, 1000.' };
  if (parts.length > 12) return { error: 'At most 12 edges.' };
  const edges: number[] = [];
  for (const p of parts) {
    if (!/^\d+(\.\d+)?$/.test(p)) return { error: `"${p}" is not a number ≥ 0.` };
    edges.push(Number(p));
  }
  for (let i = 1; i < edges.length; i++) {
    if (edges[i] <= edges[i - 1]) return { error: `Edges must go up: ${edges[i]} comes after ${edges[i - 1]}.` };
  }
  return { edges };
}

/** Unix seconds → "2016-01-04 09:30 UTC". */
export function utc(s: number): string {
  return new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** "YYYY-MM-DD" (a date input's value, read as UTC midnight) → unix seconds; null when invalid. */
export function dayStart(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const t = Date.parse(value + 'T00:00:00Z');
  return Number.isFinite(t) ? t / 1000 : null;
}

/** The fetch range for two date inputs, both days included: [start of `from`, start of the day after `to`). */
export function dayRange(from: string, to: string): { from: number; to: number } | { error: string } {
  const a = dayStart(from),
    b = dayStart(to);
  if (a === null || b === null) return { error: 'Pick both dates.' };
  if (b < a) return { error: 'The end date comes before the start date.' };
  return { from: a, to: b + 86_400 };
}

export const int = (n: number): string => n.toLocaleString('en-US');
export const num = (n: number, digits = 1): string => (Number.isFinite(n) ? (Number.isInteger(n) ? int(n) : n.toFixed(digits)) : '–');
