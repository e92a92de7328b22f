import { describe, expect, it } from 'vitest';
import { parseVectors, VectorFileError } from '../../workers/vectors/read';
import { binParts } from '../../workers/vectors/write';

const enc = new TextEncoder();
const bytes = (s: string): Uint8Array => enc.encode(s);

function binFile(words: string[], rows: number[][]): Uint8Array {
  const dim = rows[0].length;
  const parts = [...binParts({ words, matrix: Float32Array.from(rows.flat()), dim })];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

/** Feeds the bytes in small chunks, as a network stream would. */
async function* chunks(b: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.slice(i, i + size);
}

describe('vector file reader', () => {
  it('reads .vec with a header, and without one (GloVe), in any chunking', async () => {
    for (const text of ['3 2\nthe 0.5 -1\ncat 2 3e-1\ndog 1 1\n', 'the 0.5 -1\ncat 2 3e-1\ndog 1 1']) {
      for (const size of [1, 3, 1000]) {
        const r = await parseVectors(chunks(bytes(text), size));
        expect(r.words).toEqual(['the', 'cat', 'dog']);
        expect(Array.from(r.matrix)).toEqual([0.5, -1, 2, Math.fround(0.3), 1, 1]);
        expect(r.dim).toBe(2);
        expect(r.format).toBe(text.startsWith('3 2') ? 'vec' : 'vec-noheader');
      }
    }
  });

  it('reads .bin, sniffed from the bytes', async () => {
    const b = binFile(
      ['a', 'bé', 'c'],
      [
        [1, 2, 3],
        [-4, 5.5, 6],
        [0, 0, 1e-8],
      ],
    );
    for (const size of [1, 7, 1 << 16]) {
      const r = await parseVectors(chunks(b, size));
      expect(r.format).toBe('bin');
      expect(r.words).toEqual(['a', 'bé', 'c']);
      expect(Array.from(r.matrix)).toEqual([1, 2, 3, -4, 5.5, 6, 0, 0, Math.fround(1e-8)]);
    }
  });

  it('skips and counts wrong lengths, NaN/Inf and duplicates', async () => {
    const r = await parseVectors(bytes('5 2\na 1 2\nb 1\nc NaN 1\nd 1 Infinity\na 3 4\ne 1 2 3\nf 0 1\n'));
    expect(r.words).toEqual(['a', 'f']);
    expect(r.skipped).toEqual({ wrongLength: 2, notFinite: 2, duplicate: 1 });
    expect(r.warnings.join('\n')).toMatch(/line 3: "b" has 1 values, expected 2/);
    expect(r.warnings.join('\n')).toMatch(/header says 5 words but the file has 7 rows/);
  });

  it('explains a header that disagrees with every line', async () => {
    await expect(parseVectors(bytes('2 3\na 1 2\nb 3 4\n'))).rejects.toThrow(/header says 3 values per word/);
  });

  it('refuses a binary file cut short', async () => {
    const b = binFile(
      ['a', 'b', 'c'],
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
    );
    await expect(parseVectors(b.slice(0, b.length - 5))).rejects.toThrow(VectorFileError);
    await expect(parseVectors(b.slice(0, b.length - 5))).rejects.toThrow(/cut short.*3 words.*after 2/);
  });
});
