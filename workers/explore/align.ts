// Keeps a refreshed 2-D map the same way up (no tfjs here: the page imports it).

/** Flips next's x and/or y so each correlates positively with prev over their shared
 *  first rows. coords are [n, 2] f32. Returns next, changed in place. */
export function alignSigns(prev: Float32Array, next: Float32Array): Float32Array {
  const n = Math.min(prev.length, next.length) >> 1;
  for (let c = 0; c < 2; c++) {
    let s = 0;
    for (let r = 0; r < n; r++) s += prev[r * 2 + c] * next[r * 2 + c];
    if (s < 0) for (let r = 0; r < next.length >> 1; r++) next[r * 2 + c] = -next[r * 2 + c];
  }
  return next;
}
