// The run loop (workers/train/loop.ts) in Node with the reference trainer behind the Trainer
// interface: it trains exactly the planned batches, reports progress and checkpoints (written while
// training goes on), stops a diverged run without storing blown-up vectors, answers Stop and Pause,
// trains on when storage is full, and after a lost device goes on from its last checkpoint to the
// same vectors.
import { describe, expect, it } from 'vitest';
import { ArraySource, BatchPlanner, startPosition, type Schedule } from '../../workers/train/plan';
import { buildAliasTable } from '../../workers/train/samplers';
import { initModel } from '../../workers/train/model';
import { referencePlan, trainBatch, type SgnsParams } from '../../workers/train/reference';
import { runLoop, type LoopArgs } from '../../workers/train/loop';
import { allFinite } from '../../workers/train/health';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import { CancelledError, LabError } from '../../workers/errors';
import type { Checkpoint } from '../../workers/train/checkpoint';
import type { TrainProgress } from '../../workers/train/commands';
import type { TrainerPlan } from '../../workers/train/trainer';
import { zipfIds } from '../zipf-ids';

const VOCAB = 60;
const ids = zipfIds(40_000, VOCAB, 11);
const counts = Array.from({ length: VOCAB }, (_, w) => Math.max(1, ids.filter((x) => x === w).length));
const settings: TrainSettings = { ...defaultTrainSettings(), dim: 12, window: 3, negative: 4, epochs: 2, sample: 0, minCount: 1 };
const p: SgnsParams = { vocab: VOCAB, dim: settings.dim, window: settings.window, negative: settings.negative };
const table = buildAliasTable(counts);
// One 10,000-word sentence a batch: 4 batches an epoch, so checkpoints, Stop and Pause land mid-run.
const sched = (s: TrainSettings): Schedule => ({
  seed: s.seed,
  epochs: s.epochs,
  alpha: s.alpha,
  minAlpha: s.minAlpha,
  chunkWords: 256,
  batchWords: 10_000,
});

interface Harness {
  args: LoopArgs;
  saved: Checkpoint[];
  progress: TrainProgress[];
  notices: string[];
  rewinds: number[];
}

function harness(over: Partial<LoopArgs> = {}, s: TrainSettings = settings): Harness {
  const h: Harness = { saved: [], progress: [], notices: [], rewinds: [], args: undefined as never };
  h.args = {
    runId: 'r1',
    corpusId: 'c1',
    settings: s,
    vocab: VOCAB,
    kept: ids.length,
    wordsPerKept: 1,
    plan: referencePlan(p, table, 10_000),
    planner: new BatchPlanner(new ArraySource(ids), counts, s.sample, sched(s)),
    checkpointEvery: 0, // a checkpoint at every report
    signal: new AbortController().signal,
    stop: { requested: false },
    save: async (c) => void h.saved.push(structuredClone(c)),
    record: { loss: () => {}, save: async () => {}, rewind: (w) => void h.rewinds.push(w) },
    progress: (q) => void h.progress.push(q),
    notice: (m) => void h.notices.push(m),
    ...over,
  };
  return h;
}

/** The vectors of the same batches trained straight through, without the loop. */
async function direct(): Promise<Float32Array> {
  const m = initModel({ vocab: VOCAB, dim: settings.dim }, settings.seed);
  const planner = new BatchPlanner(new ArraySource(ids), counts, 0, sched(settings));
  const pos = startPosition();
  for (let b = await planner.next(pos); b; b = await planner.next(pos)) trainBatch(m, p, table, b);
  return m.syn0;
}

describe('run loop with the reference trainer', () => {
  it('trains every planned batch once, reports rising progress to 1 and checkpoints on the way', async () => {
    const h = harness();
    const r = await runLoop(h.args);
    expect(r.stopped).toBeUndefined();
    expect(r.adapter).toBe('cpu · JavaScript');
    expect(r.state.model.syn0).toEqual(await direct());
    const training = h.progress.filter((q) => q.phase === 'training');
    expect(training.length).toBeGreaterThan(5);
    const fr = training.map((q) => q.fraction);
    expect(fr).toEqual([...fr].sort((a, b) => a - b));
    expect(fr[fr.length - 1]).toBe(1);
    expect(training.flatMap((q) => q.loss).length).toBe(r.state.lossHistory.length);
    expect(h.saved.length).toBeGreaterThan(3);
    expect(r.savedFraction).toBe(h.saved[h.saved.length - 1].fraction);
    expect(h.saved.every((c) => c.runId === 'r1' && allFinite(c.syn0))).toBe(true);
  });

  it('a diverging run stops with the divergence message and never stores blown-up vectors', async () => {
    const hot = { ...settings, alpha: 1, minAlpha: 1 };
    let diverged = false;
    const h = harness({ onDiverged: () => void (diverged = true) }, hot);
    const e = await runLoop(h.args).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LabError);
    expect((e as LabError).message).toMatch(/training diverged and was stopped/);
    expect(diverged).toBe(true);
    expect(h.saved.every((c) => allFinite(c.syn0) && allFinite(c.syn1))).toBe(true);
  });

  it('Stop ends the run after the batch in hand, part way, with the vectors so far', async () => {
    const stop = { requested: false };
    const h = harness({ stop, progress: (q) => void (q.phase === 'training' && q.fraction > 0.3 && (stop.requested = true)) });
    const r = await runLoop(h.args);
    expect(r.stopped).toBeDefined();
    expect(r.stopped!.fraction).toBeGreaterThan(0.3);
    expect(r.stopped!.fraction).toBeLessThan(1);
    expect(r.state.pos.wordsDone).toBe(Math.round(r.stopped!.fraction * ids.length * settings.epochs));
  });

  it('Pause checkpoints where it is and throws CancelledError', async () => {
    const ctl = new AbortController();
    let batches = 0;
    const h = harness({ signal: ctl.signal, checkpointEvery: 1e9, atBatch: () => void (++batches === 3 && ctl.abort()) });
    await expect(runLoop(h.args)).rejects.toBeInstanceOf(CancelledError);
    expect(h.saved.length).toBe(1);
    expect(h.saved[0].fraction).toBe(3 / 8); // after the third of 8 batches
  });

  it('writes a checkpoint while training goes on, one at a time, and ends once the last is stored', async () => {
    let release = (): void => {};
    const held = new Promise<void>((r) => (release = r));
    let writing = 0;
    let mostWriting = 0;
    let batchesDuringFirst = 0;
    const stored: number[] = [];
    const h = harness({
      save: async (c) => {
        mostWriting = Math.max(mostWriting, ++writing);
        if (stored.length === 0) {
          // Held until the next batch starts, which the loop reaches without leaving this turn of the
          // event loop. A loop that waited for the write would never get there: the next turn frees it.
          setImmediate(release);
          await held;
        }
        stored.push(c.fraction);
        writing--;
      },
      atBatch: () => {
        if (writing > 0 && stored.length === 0 && ++batchesDuringFirst === 1) release();
      },
    });
    const r = await runLoop(h.args);
    expect(batchesDuringFirst).toBe(1);
    expect(mostWriting).toBe(1);
    expect(writing).toBe(0);
    expect(stored.length).toBeGreaterThan(3);
    expect(r.savedFraction).toBe(stored[stored.length - 1]);
    expect(r.state.model.syn0).toEqual(await direct());
  });

  it('storage full: one notice, training goes on to the end, no checkpoint counted as saved', async () => {
    const h = harness({ save: () => Promise.reject(new LabError('storage is full', 'quota')) });
    const r = await runLoop(h.args);
    expect(r.stopped).toBeUndefined();
    expect(r.savedFraction).toBeUndefined();
    expect(h.notices).toHaveLength(1);
    expect(h.notices[0]).toMatch(/browser storage is full/);
    expect(r.state.model.syn0).toEqual(await direct());
  });

  it('a trainer lost mid-run (device lost) is made again from the last checkpoint: the same vectors', async () => {
    const ref = referencePlan(p, table, 10_000);
    let made = 0;
    const flaky: TrainerPlan = {
      ...ref,
      create: async (model) => {
        const t = await ref.create(model);
        if (made++ > 0) return t;
        let n = 0;
        return {
          ...t,
          label: t.label,
          blocking: true,
          readModel: () => t.readModel(),
          writeModel: (m) => t.writeModel(m),
          release: () => t.release(),
          submit: (b) => (++n === 4 ? Promise.reject(new Error('device lost')) : t.submit(b)),
        };
      },
      recover: async () => true,
    };
    const h = harness({ plan: flaky, planner: new BatchPlanner(new ArraySource(ids), counts, 0, sched(settings)) });
    const r = await runLoop(h.args);
    expect(made).toBe(2);
    expect(h.notices).toEqual(['The GPU device was lost; resuming from the last checkpoint.']);
    expect(h.rewinds).toHaveLength(1);
    expect(r.state.model.syn0).toEqual(await direct());
  });
});
