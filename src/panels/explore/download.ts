// Downloads made on the page: a Blob saved under a file name, and CSV text with quoting
// (words from imported files may hold commas or quotes).

export function downloadBlob(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** One CSV field, RFC 4180 quoting when needed. */
export function csvField(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csv(header: string[], rows: (string | number | undefined)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** File-name-safe form of a label. */
export const safeName = (s: string): string => s.replace(/[^a-z0-9._-]+/gi, '_').slice(0, 60) || 'export';
