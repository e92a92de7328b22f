// CBOW (gensim's cbow_mean=1 with negative sampling) in the reference trainer, checked against a
// step worked by hand, and the WebAssembly SIMD trainer against the reference: fed the same
// batches (so the same windows and negatives) they count the same centre words and agree on
// loss and vectors within float32 rounding.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, META_U32, startPosition, type Batch, type Schedule } from '../../workers/train/plan';
import { buildAliasTable, type AliasTable } from '../../workers/train/samplers';
import { initModel, paddedDim, type ModelData } from '../../workers/train/model';
import { trainBatch, type SgnsParams } from '../../workers/train/reference';
import { WasmSgns } from '../../workers/train/wasm-trainer';
import { zipfIds } from '../zipf-ids';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const softplus = (x: number): number => Math.log1p(Math.exp(x));

/** One chunk over `words` (one sentence), centres [c0, c1), learning rate 0.125 (exact in f32). */
function batchOf(words: number[], c0: number, c1: number): Batch {
  const meta = new Uint32Array(META_U32);
  meta.set([0, words.length, c0, c1, 99, new Uint32Array(new Float32Array([0.125]).buffer)[0]]);
  return { words: new Uint32Array(words), nWords: words.length, meta, nChunks: 1, alpha: 0.125 };
}

// Vocabulary of 4, dim 4, window 1 (the reduced window is always 1), one negative: an alias table
// whose columns never accept their own word and all alias word 3, so every negative is word 3.
const tiny: SgnsParams = { vocab: 4, dim: 4, window: 1, negative: 1, model: 'cbow' };
const always3: AliasTable = { prob: new Float32Array(4), alias: new Uint32Array([3, 3, 3, 3]) };
function tinyModel(): ModelData {
  const syn0 = new Float32Array([0.1, -0.2, 0.3, 0, 0, 0, 0, 0, 0.3, 0.2, -0.1, 0.4, 0, 0, 0, 0]);
  const syn1 = new Float32Array([0, 0, 0, 0, 0.5, 0.1, 0, -0.5, 0, 0, 0, 0, -0.2, 0.3, 0.4, 0.1]);
  return { syn0, syn1 };
}
const row = (m: Float32Array, w: number): number[] => Array.from(m.subarray(w * 4, w * 4 + 4));
const f32 = (xs: number[]): number[] => Array.from(new Float32Array(xs));
const expectRow = (got: number[], want: number[]): void => got.forEach((v, d) => expect(v).toBeCloseTo(want[d], 6));

describe('CBOW reference trainer', () => {
  it('one centre word by hand: h is the mean of the context rows, and neu1e goes in full to each of them', () => {
    const m = tinyModel();
    const s0 = [row(m.syn0, 0), row(m.syn0, 2)];
    const [o1, o3] = [row(m.syn1, 1), row(m.syn1, 3)];
    // sentence "0 1 2", centre 1: contexts 0 and 2, the word 1, the negative 3
    const r = trainBatch(m, tiny, always3, batchOf([0, 1, 2], 1, 2));
    const h = s0[0].map((x, d) => (f32([x])[0] + f32([s0[1][d]])[0]) / 2); // [0.2, 0, 0.1, 0.2]
    const dotW = h.reduce((a, x, d) => a + x * f32([o1[d]])[0], 0); // 0
    const dotN = h.reduce((a, x, d) => a + x * f32([o3[d]])[0], 0); // 0.02
    expect(dotW).toBeCloseTo(0, 6);
    expect(dotN).toBeCloseTo(0.02, 6);
    const gW = (1 - sigmoid(dotW)) * 0.125; // 0.0625
    const gN = (0 - sigmoid(dotN)) * 0.125;
    const neu = o1.map((x, d) => gW * x + gN * o3[d]);
    expect(r.pairs).toBe(1); // one example: the centre word
    expect(r.loss).toBeCloseTo(softplus(-dotW) + softplus(dotN), 6);
    expectRow(
      row(m.syn1, 1),
      o1.map((x, d) => x + gW * h[d]),
    );
    expectRow(
      row(m.syn1, 3),
      o3.map((x, d) => x + gN * h[d]),
    );
    expectRow(
      row(m.syn0, 0),
      s0[0].map((x, d) => x + neu[d]),
    ); // not neu / 2
    expectRow(
      row(m.syn0, 2),
      s0[1].map((x, d) => x + neu[d]),
    );
    expect(row(m.syn0, 1)).toEqual([0, 0, 0, 0]); // the centre's own input row is not a context
  });

  it('a word twice in the window counts twice in the mean and takes neu1e twice; a sentence edge shrinks the window', () => {
    const m = tinyModel();
    const x0 = row(m.syn0, 0);
    const o1 = row(m.syn1, 1);
    const o3 = row(m.syn1, 3);
    trainBatch(m, tiny, always3, batchOf([0, 1, 0], 1, 2));
    const h = f32(x0); // mean of row 0 and row 0
    const gW = (1 - sigmoid(h.reduce((a, x, d) => a + x * o1[d], 0))) * 0.125;
    const gN = -sigmoid(h.reduce((a, x, d) => a + x * o3[d], 0)) * 0.125;
    expectRow(
      row(m.syn0, 0),
      x0.map((x, d) => x + 2 * (gW * o1[d] + gN * o3[d])),
    );

    // centre 1 of "2 0": only the left neighbour (2) is in its window, the right edge is the sentence's
    const e = tinyModel();
    const r = trainBatch(e, tiny, always3, batchOf([2, 0], 1, 2));
    expect(r.pairs).toBe(1);
    // h = row 2 = [0.3, 0.2, -0.1, 0.4]; syn1[0] = 0 so its dot is 0; h·syn1[3] = -0.06 + 0.06 - 0.04 + 0.04 = 0
    expectRow(
      row(e.syn1, 0),
      [0.3, 0.2, -0.1, 0.4].map((x) => 0.0625 * x),
    );
    expectRow(
      row(e.syn0, 2),
      [0.3, 0.2, -0.1, 0.4].map((x, d) => x - 0.0625 * [-0.2, 0.3, 0.4, 0.1][d]),
    );
  });

  it('a one-word sentence trains nothing (no context to predict from)', () => {
    const m = tinyModel();
    const before = structuredClone(m);
    const r = trainBatch(m, tiny, always3, batchOf([2], 0, 1));
    expect(r).toEqual({ loss: 0, pairs: 0 });
    expect(m).toEqual(before);
  });

  it('differs from skip-gram on the same batch (the architecture is honoured)', () => {
    const a = tinyModel();
    const b = tinyModel();
    trainBatch(a, tiny, always3, batchOf([0, 1, 2], 1, 2));
    trainBatch(b, { ...tiny, model: 'skipgram' }, always3, batchOf([0, 1, 2], 1, 2));
    expect(a.syn1).not.toEqual(b.syn1);
  });
});

function zipfCorpus(n: number, vocab: number, seed: number): { ids: Uint32Array; counts: number[] } {
  const ids = zipfIds(n, vocab, seed);
  const counts = new Array<number>(vocab).fill(0);
  for (const w of ids) counts[w]++;
  return { ids, counts: counts.map((c) => Math.max(1, c)) };
}

const maxAbsDiff = (a: Float32Array, b: Float32Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe('CBOW: WebAssembly SIMD trainer vs the reference', () => {
  it.each([
    { vocab: 20, dim: 10, window: 3, negative: 4, words: 20_000, sample: 0 }, // tiny vocab: negatives often equal the word; padded rows
    { vocab: 800, dim: 100, window: 5, negative: 5, words: 60_000, sample: 1e-3 },
    { vocab: 300, dim: 33, window: 8, negative: 15, words: 30_000, sample: 1e-2 },
  ])('agrees batch by batch: %o', async ({ vocab, dim, window, negative, words, sample }) => {
    const { ids, counts } = zipfCorpus(words, vocab, 7);
    const p: SgnsParams = { vocab, dim, window, negative, model: 'cbow' };
    const table = buildAliasTable(counts);
    const sched: Schedule = { seed: 5, epochs: 2, alpha: 0.025, minAlpha: 0.0001, chunkWords: 256, batchWords: 1 << 14 };
    const planner = new BatchPlanner(new ArraySource(ids), counts, sample, sched);
    const ref = initModel({ vocab, dim }, 2);
    const wasm = (await WasmSgns.create(p, table, ref, sched.batchWords))!;
    expect(wasm).toBeDefined();
    const pos = startPosition();
    let batches = 0;
    let totalPairs = 0;
    for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
      const r = trainBatch(ref, p, table, b);
      const w = wasm.train(b);
      expect(w.pairs).toBe(r.pairs);
      expect(Math.abs(w.loss - r.loss) / r.loss).toBeLessThan(1e-5);
      batches++;
      totalPairs += r.pairs;
    }
    expect(batches).toBeGreaterThan(1);
    // one example per kept centre word (every sentence here has more than one word)
    expect(totalPairs).toBeGreaterThan(sample ? words / 4 : words * 2 - 10);
    const m = wasm.readModel();
    const dp = paddedDim(dim);
    expect(maxAbsDiff(m.syn0, ref.syn0)).toBeLessThan(2e-4);
    expect(maxAbsDiff(m.syn1, ref.syn1)).toBeLessThan(2e-4);
    for (let w = 0; w < vocab; w++) for (let d = dim; d < dp; d++) expect(m.syn0[w * dp + d]).toBe(0);
    expect(maxAbsDiff(m.syn1, new Float32Array(m.syn1.length))).toBeGreaterThan(0.01);
  });
});

describe('CBOW learns', () => {
  it('loss falls and words of the same topic end up closer than across topics', async () => {
    // Two topics: words 0–9 co-occur with each other, words 10–19 with each other.
    let x = 42;
    const ids = new Uint32Array(30_000).map(
      (_, i) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), (Math.floor(i / 50) % 2) * 10 + Math.floor((x / 2 ** 32) * 10)),
    );
    const counts = Array.from({ length: 20 }, () => 1000);
    const p: SgnsParams = { vocab: 20, dim: 12, window: 3, negative: 4, model: 'cbow' };
    const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
      seed: 3,
      epochs: 3,
      alpha: 0.05,
      minAlpha: 0.0001,
      chunkWords: 64,
      batchWords: 20_000,
    });
    const m = initModel({ vocab: 20, dim: 12 }, 1);
    const table = buildAliasTable(counts);
    const losses: number[] = [];
    const pos = startPosition();
    for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
      const r = trainBatch(m, p, table, b);
      losses.push(r.loss / r.pairs);
    }
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * (1 + p.negative) * Math.LN2);
    const dp = paddedDim(12);
    const cos = (a: number, b: number): number => {
      let s = 0,
        na = 0,
        nb = 0;
      for (let d = 0; d < 12; d++)
        ((s += m.syn0[a * dp + d] * m.syn0[b * dp + d]), (na += m.syn0[a * dp + d] ** 2), (nb += m.syn0[b * dp + d] ** 2));
      return s / Math.sqrt(na * nb);
    };
    let same = 0,
      cross = 0;
    for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) ((same += cos(a, b)), (cross += cos(a, b + 10)));
    expect(same / 45).toBeGreaterThan(cross / 45 + 0.3);
  });
});
