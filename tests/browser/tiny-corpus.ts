// A small deterministic corpus for quick runs (no vitest imports: scripts/screenshots.ts uses it too).
/**
 * A text corpus of `sentences` × 12 words over a 300-word vocabulary with Zipf-like counts
 * (word i drawn with weight 1/(i+1)), from a fixed LCG seed: the same bytes every call.
 */
export function tinyCorpus(sentences = 2500, seed = 12345): Buffer {
  const words = Array.from({ length: 300 }, (_, i) => 'w' + i.toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]));
  const cum: number[] = [];
  let total = 0;
  for (let i = 0; i < words.length; i++) cum.push((total += 1 / (i + 1)));
  let x = seed >>> 0;
  const next = (): number => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32) * total;
  const lines: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const line: string[] = [];
    for (let w = 0; w < 12; w++) {
      const r = next();
      let i = 0;
      while (cum[i] < r) i++;
      line.push(words[i]);
    }
    lines.push(line.join(' '));
  }
  return Buffer.from(lines.join('\n') + '\n');
}
