// Divergence detection: a learning rate far too high is caught (NaN or an exploded loss)
// while ordinary runs, high learning rates included, are never flagged.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, startPosition } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel } from '../../workers/train/model';
import { trainBatch, type SgnsParams } from '../../workers/train/reference';
import { allFinite, checkLoss, divergedMessage, initialLossPerPair } from '../../workers/train/health';

// 200 words, Zipf-like ids (the kind of corpus where a high rate blows up fast).
const V = 200;
function corpus(n: number): Uint32Array {
  let x = 5;
  return new Uint32Array(n).map(() => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), Math.floor(V / (1 + ((x >>> 8) % V))) - 1));
}
const ids = corpus(40_000);
const counts = Array.from({ length: V }, (_, w) => Math.max(1, ids.filter((i) => i === w).length));
const p: SgnsParams = { vocab: V, dim: 16, window: 5, negative: 5 };

/** Verdict of every batch of one epoch at a constant learning rate `alpha`. */
async function verdicts(alpha: number): Promise<string[]> {
  const m = initModel({ vocab: V, dim: p.dim }, 1);
  const planner = new BatchPlanner(new ArraySource(ids), counts, 0, {
    seed: 1,
    epochs: 1,
    alpha,
    minAlpha: alpha,
    chunkWords: 256,
    batchWords: 1 << 14,
  });
  const table = buildAliasTable(counts);
  const out: string[] = [];
  const pos = startPosition();
  for (let b = await planner.next(pos); b; b = await planner.next(pos)) {
    const r = trainBatch(m, p, table, b);
    out.push(checkLoss(r.loss, r.pairs, p.negative));
  }
  return out;
}

describe('divergence checks', () => {
  it('flags NaN, Infinity and an exploded loss; passes ordinary losses', () => {
    expect(checkLoss(NaN, 100, 5)).toBe('nan');
    expect(checkLoss(Infinity, 100, 5)).toBe('nan');
    expect(checkLoss(100 * initialLossPerPair(5), 100, 5)).toBe('ok'); // untrained model
    expect(checkLoss(100 * 2.5, 100, 5)).toBe('ok');
    expect(checkLoss(100 * 13, 100, 5)).toBe('exploded');
    expect(checkLoss(0, 0, 5)).toBe('ok'); // a batch with no pairs
  });

  it('a real run at a sane or high-but-stable rate is never flagged', async () => {
    for (const alpha of [0.025, 0.1, 0.3]) expect(new Set(await verdicts(alpha))).toEqual(new Set(['ok']));
  });

  it('a rate far too high is flagged in its first batches', async () => {
    expect((await verdicts(1))[0]).toBe('nan');
    const v = await verdicts(0.5);
    expect(v.slice(0, 4)).toContain('exploded');
  });

  it('allFinite sees NaN and ±Infinity anywhere', () => {
    const a = new Float32Array(1000).fill(0.5);
    expect(allFinite(a)).toBe(true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const b = a.slice();
      b[777] = bad;
      expect(allFinite(b)).toBe(false);
    }
  });

  it('the message names the cause and what is kept', () => {
    const m = divergedMessage('exploded', 40, 0.9, 5, 0.25);
    expect(m).toMatch(/learning rate \(alpha 0\.9\) is probably too high/);
    expect(m).toMatch(/25\.0% done/);
    expect(divergedMessage('nan', NaN, 1, 5, undefined)).toMatch(/NaN.*No checkpoint/s);
  });
});
