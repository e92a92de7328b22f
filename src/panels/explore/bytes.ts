// Storage sizes as people read them.
import { format } from 'd3';

const si = format('.3~s');

/** Bytes in SI units (d3's SI prefixes): "98 B", "19.7 kB", "9.12 MB", "1.2 GB". */
export function humanBytes(n: number): string {
  const m = /^([\d.]+)(\D?)$/.exec(si(Math.max(0, Math.round(n))));
  return m ? `${m[1]} ${m[2]}B` : `${n} B`;
}
