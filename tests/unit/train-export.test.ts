// Export formats round-trip: .vec text, .bin binary (parsed as gensim reads it), .tsv pairs.
import { describe, expect, it } from 'vitest';
import { exportFiles, parseVec, type ExportInput } from '../../workers/vectors/write';

const v: ExportInput = {
  words: ['the', 'of', 'zebra'],
  matrix: Float32Array.from([0.1, -2.5e-7, 3.25, 1 / 3, 0, -1, 123.456, 7e-3, -0.5]),
  dim: 3,
};
const bytes = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
};

describe('export', () => {
  it('.vec reads back to the same f32 values', () => {
    const [f] = exportFiles(v, 'vec');
    const text = new TextDecoder().decode(bytes(f.parts));
    expect(text.split('\n')[0]).toBe('3 3');
    const back = parseVec(text);
    expect(back.words).toEqual(v.words);
    expect([...back.matrix].map(Math.fround)).toEqual([...v.matrix]);
  });

  it('.bin has the word2vec binary layout', () => {
    const [f] = exportFiles(v, 'bin');
    const b = bytes(f.parts);
    const header = '3 3\n';
    expect(new TextDecoder().decode(b.subarray(0, header.length))).toBe(header);
    let o = header.length;
    const dv = new DataView(b.buffer);
    for (let r = 0; r < 3; r++) {
      const sp = b.indexOf(32, o);
      expect(new TextDecoder().decode(b.subarray(o, sp))).toBe(v.words[r]);
      o = sp + 1;
      for (let d = 0; d < 3; d++) expect(dv.getFloat32(o + d * 4, true)).toBe(v.matrix[r * 3 + d]);
      o += 12;
      expect(b[o]).toBe(10);
      o++;
    }
    expect(o).toBe(b.length);
  });

  it('.tsv gives vectors.tsv and metadata.tsv with matching rows', () => {
    const [vec, meta] = exportFiles(v, 'tsv');
    const rows = new TextDecoder().decode(bytes(vec.parts)).trimEnd().split('\n');
    const words = new TextDecoder().decode(bytes(meta.parts)).trimEnd().split('\n');
    expect(words).toEqual(v.words);
    expect(rows.map((r) => r.split('\t').map(Number).map(Math.fround))).toEqual(
      [0, 1, 2].map((r) => [...v.matrix.subarray(r * 3, r * 3 + 3)]),
    );
  });

  it('refuses words with whitespace (they would corrupt both formats)', () => {
    expect(() => exportFiles({ ...v, words: ['a b', 'c', 'd'] }, 'vec')).toThrow(/whitespace/);
  });
});
