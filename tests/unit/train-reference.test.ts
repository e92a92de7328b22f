// The reference trainer (also the CPU path): learns, and a run continued from a saved
// position and model is the same run as one that never stopped.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, startPosition, type Schedule } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel, paddedDim, type ModelData } from '../../workers/train/model';
import { trainBatch, type SgnsParams } from '../../workers/train/reference';

// Two topics: words 0–9 co-occur with each other, words 10–19 with each other.
function corpus(n: number): Uint32Array {
  let x = 42;
  const rnd = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x / 2 ** 32);
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = (Math.floor(i / 50) % 2) * 10 + Math.floor(rnd() * 10);
  return ids;
}
const counts = Array.from({ length: 20 }, () => 1000);
const p: SgnsParams = { vocab: 20, dim: 12, window: 3, negative: 4 };
const sched: Schedule = { seed: 3, epochs: 3, alpha: 0.05, minAlpha: 0.0001, chunkWords: 64, batchWords: 20_000 };

async function train(model: ModelData, planner: BatchPlanner, pos = startPosition(), maxBatches = Infinity): Promise<number[]> {
  const table = buildAliasTable(counts);
  const losses: number[] = [];
  for (let b = 0; b < maxBatches; b++) {
    const batch = await planner.next(pos);
    if (!batch) break;
    const r = trainBatch(model, p, table, batch);
    losses.push(r.loss / r.pairs);
  }
  return losses;
}

const cos = (m: Float32Array, a: number, b: number): number => {
  const dp = paddedDim(p.dim);
  let s = 0,
    na = 0,
    nb = 0;
  for (let d = 0; d < p.dim; d++) ((s += m[a * dp + d] * m[b * dp + d]), (na += m[a * dp + d] ** 2), (nb += m[b * dp + d] ** 2));
  return s / Math.sqrt(na * nb);
};

describe('reference trainer', () => {
  it('loss falls and words of the same topic end up closer than across topics', async () => {
    const ids = corpus(30_000);
    const m = initModel({ vocab: 20, dim: 12 }, 1);
    const losses = await train(m, new BatchPlanner(new ArraySource(ids), counts, 0, sched));
    expect(losses.length).toBeGreaterThan(3);
    // untrained (syn1 = 0): every one of the 1 + negative terms is ln 2 per pair
    expect(losses[losses.length - 1]).toBeLessThan(0.8 * (1 + p.negative) * Math.LN2);
    let same = 0,
      cross = 0;
    for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) ((same += cos(m.syn0, a, b)), (cross += cos(m.syn0, a, b + 10)));
    expect(same / 45).toBeGreaterThan(cross / 45 + 0.3);
  });

  it('stopping and continuing from the saved position and vectors gives the same run', async () => {
    const ids = corpus(30_000);
    const whole = initModel({ vocab: 20, dim: 12 }, 1);
    await train(whole, new BatchPlanner(new ArraySource(ids), counts, 1e-2, sched));

    const part = initModel({ vocab: 20, dim: 12 }, 1);
    const pos = startPosition();
    await train(part, new BatchPlanner(new ArraySource(ids), counts, 1e-2, sched), pos, 2);
    const saved = structuredClone({ pos, syn0: part.syn0, syn1: part.syn1 });
    expect(saved.pos.wordsDone).toBeGreaterThan(0);
    const resumed = { syn0: saved.syn0, syn1: saved.syn1 };
    await train(resumed, new BatchPlanner(new ArraySource(ids), counts, 1e-2, sched), saved.pos);
    expect(resumed.syn0).toEqual(whole.syn0);
    expect(resumed.syn1).toEqual(whole.syn1);
  });
});
