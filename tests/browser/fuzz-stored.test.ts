// Fuzzed bad inputs through the engine commands that write IndexedDB (vector import, HN dataset
// import, corpus ingest), in real Chromium: a valid set is stored first, then damaged inputs
// from the seeded generator (tests/fuzz-inputs.ts) that the readers refuse — chosen in Node by
// running the same readers on them — are offered one by one. Each must be refused with a
// message, and afterwards the stored list and everything in IndexedDB must be as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync, zipSync } from 'fflate';
import { labSession, type LabSession } from './lab';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { parseVectors } from '../../workers/vectors/read';
import { vecParts } from '../../workers/vectors/write';
import { collect, previewSource } from '../../workers/hn/dataset';
import { toTable } from '../../workers/hn/parse';
import { openText, selfChecking, looksBinary } from '../../workers/corpus/streams';
import { FUZZ_SEED, mutate, preview, Rng, utf8 } from '../fuzz-inputs';

const BAD_PER_COMMAND = 10;

/**
 * Every key and value in the engine's IndexedDB store ('skipgram-lab' / 'kv', see workers/store.ts),
 * read from the page (same origin as the worker), typed arrays as plain arrays. Read from disk,
 * not through the engine, whose caches keep the last vectors and dataset it loaded.
 */
async function storedData(s: LabSession): Promise<Record<string, unknown>> {
  return s.page.evaluate(async () => {
    const plain = (v: unknown): unknown => {
      if (ArrayBuffer.isView(v)) return { [v.constructor.name]: Array.from(v as unknown as ArrayLike<number>) };
      if (Array.isArray(v)) return v.map(plain);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
      return v;
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('skipgram-lab');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const all = await new Promise<[IDBValidKey[], unknown[]]>((resolve, reject) => {
      const store = db.transaction('kv', 'readonly').objectStore('kv');
      const keys = store.getAllKeys();
      const values = store.getAll();
      values.onsuccess = () => resolve([keys.result, values.result]);
      values.onerror = () => reject(values.error);
    });
    db.close();
    return Object.fromEntries(all[0].map((k, i) => [String(k), plain(all[1][i])]));
  });
}

/** The first `n` mutants of `valid` (seeded) that `refused` says the reader turns down. */
async function badInputs(
  valid: Uint8Array,
  refused: (b: Uint8Array) => Promise<boolean>,
  salt: number,
  n = BAD_PER_COMMAND,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; out.length < n && i < 2000; i++) {
    const m = mutate(new Rng(FUZZ_SEED + salt + i * 7919), valid, 1e9); // no 1 MB lines: ten uploads stay small
    if (await refused(m.bytes)) out.push(m.bytes);
  }
  expect(out).toHaveLength(n);
  return out;
}

const rejects = async (f: () => Promise<unknown>): Promise<boolean> => {
  try {
    await f();
    return false;
  } catch {
    return true;
  }
};

/** A LabError crosses the worker boundary with its code; any other error arrives without one. */
const refusal = (e: { message: string; code?: string }): string =>
  e.message.trim() === '' ? 'empty message' : (e.code ?? `no code: ${e.message}`);

const WORDS = ['man', 'woman', 'king', 'queen', 'apple', 'pear'];
const ROWS = [
  [1, 0, 0],
  [1, 0.2, 0],
  [1, 1, 0],
  [1, 1.2, 0],
  [0, 0, 1],
  [0.05, 0, 1],
];
const vecFile = (): Uint8Array => Buffer.concat([...vecParts({ words: WORDS, matrix: Float32Array.from(ROWS.flat()), dim: 3 })]);

const KAGGLE =
  [
    'id,title,url,num_points,num_comments,author,created_at',
    '1,Show HN: A tiny compiler,http://example.com/compiler,120,30,alice,9/6/2015 5:56',
    '2,Ask HN: How do you learn?,,8,4,bob,9/7/2015 13:05',
    '3,"Rust &amp; Go, compared",https://www.blog.example.org/rust-go,45,12,carol,9/8/2015 22:10',
    '4,Why we moved to Postgres,https://eng.example.com/pg,1500,300,dave,9/9/2015 1:00',
  ].join('\n') + '\n';

const CORPUS = 'the quick brown fox jumps over the lazy dog the fox and the dog are friends '.repeat(40);

describe('fuzzed bad inputs leave stored data untouched', () => {
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

  it('vector import: 10 refused files, the list and the stored vectors unchanged', async () => {
    const valid = vecFile();
    const kept = (await s.ok('importVectors', { url: files.add('valid.vec', { body: valid }), name: 'valid' })).manifest;
    const before = (await s.ok('exploreList', {})).map((m) => m.id).sort();
    const disk = await storedData(s);
    expect(Object.keys(disk)).toContain(`vectors/${kept.id}/matrix`);
    const bad = await badInputs(valid, (b) => rejects(() => parseVectors(b, { hint: 'vec' })), 1);
    for (const [i, body] of bad.entries()) {
      const r = await s.call('importVectors', { url: files.add(`bad-${i}.vec`, { body }), name: `bad ${i}` });
      expect(r.ok, `bad-${i}.vec ${preview(body)} was imported`).toBe(false);
      if (!r.ok) expect(refusal(r.error)).toBe('bad-input');
    }
    expect((await s.ok('exploreList', {})).map((m) => m.id).sort()).toEqual(before);
    expect(await storedData(s)).toEqual(disk);
  });

  it('HN import: 10 refused files, the dataset list and the stored posts unchanged', async () => {
    const kept = await s.ok('hnImport', { source: { text: KAGGLE, name: 'valid.csv' } });
    const before = (await s.ok('hnDatasets', {})).map((m) => m.id).sort();
    expect(kept.rows).toBe(4);
    const disk = await storedData(s);
    expect(Object.keys(disk)).toContain(`hn/${kept.id}/posts`);
    // importDataset refuses what previewSource refuses, an unrecognised schema, and a file with no readable post.
    const refused = async (b: Uint8Array): Promise<boolean> => {
      const text = new TextDecoder().decode(b);
      try {
        const p = await previewSource({ text, name: 'x' });
        const table = toTable(text);
        return p.schema === null || 'error' in table || collect(table, p.mapping).posts.length === 0;
      } catch {
        return true;
      }
    };
    const bad = await badInputs(utf8(KAGGLE), refused, 2);
    for (const [i, b] of bad.entries()) {
      const r = await s.call('hnImport', { source: { text: new TextDecoder().decode(b), name: `bad-${i}.csv` } });
      expect(r.ok, `bad-${i}.csv ${preview(b)} was imported`).toBe(false);
      if (!r.ok) expect(refusal(r.error)).toBe('bad-input');
    }
    expect((await s.ok('hnDatasets', {})).map((m) => m.id).sort()).toEqual(before);
    expect(await storedData(s)).toEqual(disk);
  });

  it('corpus ingest: 10 refused zip / gzip / text files, the corpus list and the stored corpus unchanged', async () => {
    const text = utf8(CORPUS);
    const kept = (
      await s.ok('ingest', {
        source: { kind: 'url', url: files.add('valid.txt', { body: text }) },
        settings: { minCount: 1 },
        name: 'valid',
      })
    ).manifest;
    const before = (await s.ok('listCorpora', {})).map((m) => m.id).sort();
    const disk = await storedData(s);
    expect(Object.keys(disk)).toContain(`corpus/${kept.id}/vocab`);
    // The ingest refuses what openText / the size checks refuse, binary-looking text and text without a–z.
    const refused = async (b: Uint8Array): Promise<boolean> => {
      try {
        const r = selfChecking(await openText(new ReadableStream({ start: (c) => (c.enqueue(b), c.close()) })));
        const out = new Uint8Array(await new Response(r).arrayBuffer());
        return out.length === 0 || looksBinary(out.subarray(0, 1 << 16)) || !/[a-z]/i.test(Buffer.from(out).toString('latin1'));
      } catch {
        return true;
      }
    };
    const bad: Uint8Array[] = [];
    for (const [k, archive] of [zipSync({ 'a.txt': text }), gzipSync(text), text].entries())
      bad.push(...(await badInputs(archive, refused, 3 + k, k === 2 ? 4 : 3)));
    for (const [i, body] of bad.entries()) {
      const r = await s.call('ingest', {
        source: { kind: 'url', url: files.add(`bad-${i}.bin`, { body }) },
        settings: { minCount: 1 },
        name: `bad ${i}`,
      });
      expect(r.ok, `bad-${i} ${preview(body)} was ingested`).toBe(false);
      if (!r.ok) expect(refusal(r.error)).toBe('bad-input');
    }
    expect((await s.ok('listCorpora', {})).map((m) => m.id).sort()).toEqual(before);
    expect(await storedData(s)).toEqual(disk);
  });
});
