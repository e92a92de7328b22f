// Import of .vec (with and without header) and .bin into IndexedDB, every bad input the
// issue lists, and neighbour / analogy / doesn't-match queries on the imported vectors.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { labSession, type LabSession } from './lab';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { binParts } from '../../workers/vectors/write';

// 3-D toy vectors: king − man + woman ≈ queen; fruit on its own axis.
const WORDS = ['man', 'woman', 'king', 'queen', 'apple', 'pear'];
const ROWS = [
  [1, 0, 0],
  [1, 0.2, 0],
  [1, 1, 0],
  [1, 1.2, 0],
  [0, 0, 1],
  [0.05, 0, 1],
];
const vecBody = (header: boolean): string =>
  (header ? `${WORDS.length} 3\n` : '') + WORDS.map((w, i) => `${w} ${ROWS[i].join(' ')}`).join('\n') + '\n';

function binBody(): Uint8Array {
  const parts = [...binParts({ words: WORDS, matrix: Float32Array.from(ROWS.flat()), dim: 3 })];
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}

describe('explore: import and query vectors', () => {
  let s: LabSession;
  let files: FileServer;
  beforeAll(async () => {
    s = await labSession();
    files = await startFileServer();
  });
  afterAll(async () => {
    await s?.close();
    await files?.close();
  });

  const importOk = async (name: string, body: string | Uint8Array) => s.ok('importVectors', { url: files.add(name, { body }), name });

  it('imports .vec with a header, .vec without one (GloVe) and .bin to the same vectors', async () => {
    const ids: string[] = [];
    for (const [name, body, format] of [
      ['h.vec', vecBody(true), 'vec'],
      ['glove.txt', vecBody(false), 'vec-noheader'],
      ['w.bin', binBody(), 'bin'],
    ] as const) {
      const r = await importOk(name, body);
      expect(r.manifest.vocabSize).toBe(6);
      expect(r.manifest.dim).toBe(3);
      expect(r.manifest.details?.format).toBe(format);
      expect(r.skipped).toBe(0);
      ids.push(r.manifest.id);
    }
    const listed = (await s.ok('exploreList', {})).map((m) => m.id);
    for (const id of ids) expect(listed).toContain(id);
    for (const id of ids) {
      const n = await s.ok('exploreNeighbours', { vectorsId: id, word: 'King', k: 2 });
      expect(n.neighbours.map((x) => x.word)).toEqual(['queen', 'woman']);
      expect(n.neighbours[0].score).toBeCloseTo((1 + 1.2) / Math.sqrt(2 * (1 + 1.44)), 5);
    }
  });

  it('answers analogies (3CosAdd and 3CosMul), euclidean neighbours and doesnt_match', async () => {
    const id = (await importOk('a.vec', vecBody(true))).manifest.id;
    for (const method of ['add', 'mul'] as const) {
      const r = await s.ok('exploreAnalogy', { vectorsId: id, positive: ['king', 'woman'], negative: ['man'], method, k: 1 });
      expect(r.results[0].word).toBe('queen');
    }
    const e = await s.ok('exploreNeighbours', { vectorsId: id, word: 'apple', k: 1, metric: 'euclidean' });
    expect(e.neighbours[0].word).toBe('pear');
    expect(e.neighbours[0].score).toBeCloseTo(-0.05, 5);
    expect((await s.ok('exploreDoesntMatch', { vectorsId: id, words: ['king', 'queen', 'man', 'apple'] })).word).toBe('apple');
    const oov = await s.call('exploreAnalogy', { vectorsId: id, positive: ['king', 'zebra'], negative: ['qqq'] });
    expect(oov.ok).toBe(false);
    if (!oov.ok) expect(oov.error.message).toMatch(/not in the vocabulary: "zebra", "qqq"/);
  });

  it('evaluates analogy and pair files, counting malformed lines and unknown words', async () => {
    const id = (await importOk('e.vec', vecBody(true))).manifest.id;
    const r = await s.ok('exploreEvaluate', {
      vectorsId: id,
      analogies: { text: ': royal\nman king woman queen\nman woman king\nman king woman zebra\n' },
      pairs: { url: files.add('pairs.txt', { body: '# c\nking\tqueen\t9\nman\twoman\t8\napple\tking\t1\nzebra\tking\t3\nbad\n' }) },
    });
    expect(r.analogy).toMatchObject({ correct: 1, total: 1, skipped: 1, malformed: 1 });
    expect(r.pairs).toMatchObject({ used: 3, skipped: 1, malformed: 1, unknownWords: ['zebra'] });
  });

  it('skips and counts bad rows: wrong length, NaN/Inf, duplicates; header mismatch noted', async () => {
    const body = '7 2\nman 1 0\nwoman 1\nking NaN 1\nqueen 1 inf\nman 2 2\nbad 1 2 3\napple -1 0.1\n';
    const r = await importOk('bad.vec', body);
    expect(r.manifest.vocabSize).toBe(2);
    expect(r.skipped).toBe(5);
    const w = r.warnings.join('\n');
    expect(w).toMatch(/2 rows skipped: wrong number of values/);
    expect(w).toMatch(/2 rows skipped: a value is NaN, Inf/);
    expect(w).toMatch(/1 rows skipped: the word appeared earlier/);
  });

  it('refuses unreadable files with a clear message and keeps what was stored before', async () => {
    const before = (await s.ok('exploreList', {})).map((m) => m.id).sort();
    const bin = binBody();
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['cut.bin', bin.slice(0, bin.length - 3), /cut short: the header says 6 words but it ends after 5/],
      ['hdr.vec', '2 5\na 1 2\nb 1 2\n', /header says 5 values per word but no line has that many/],
      ['empty.vec', '', /no usable word vectors/],
    ];
    for (const [name, body, msg] of cases) {
      const r = await s.call('importVectors', { url: files.add(name, { body }), name });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(msg);
    }
    const dropped = await s.call('importVectors', {
      url: files.add('drop.vec', { body: vecBody(true).repeat(200), dropAfter: 100 }),
      name: 'drop',
    });
    expect(dropped.ok).toBe(false);
    expect((await s.ok('exploreList', {})).map((m) => m.id).sort()).toEqual(before);
    const n = await s.ok('exploreNeighbours', { vectorsId: before[0], word: 'king', k: 1 });
    expect(n.neighbours[0].word).toBe('queen');
  });
});
