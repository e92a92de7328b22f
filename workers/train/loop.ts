// The run loop, written once against the Trainer interface (trainer.ts): plans batches, trains
// them, reports progress, checkpoints every few seconds (written while the next batches train,
// one write at a time; a full disk: a notice, training goes on), stops a diverged run keeping
// its last good checkpoint, answers Pause (checkpoint, then CancelledError) and Stop (ends after
// the submitted batches), and after a lost GPU device goes on from the last checkpoint. Storage,
// the run record and live snapshots are injected, so the loop runs in Node with the reference
// trainer (tests/unit/train-loop.test.ts).
import { LabError, CancelledError, isQuotaError } from '../errors';
import type { TrainSettings } from '../settings';
import { alphaAt, startPosition, type Batch, type RunPosition } from './plan';
import { initModel, type ModelData } from './model';
import { allFinite, checkLoss, divergedMessage, type LossVerdict } from './health';
import type { Checkpoint } from './checkpoint';
import type { TrainProgress } from './commands';
import type { StoppedAt } from './finish';
import type { Trainer, TrainerPlan } from './trainer';
import { yieldToMessages } from '../lib/yield';

/**
 * Thrown where the loss or the vectors blow up; runLoop tells it as a LabError once the checkpoint
 * being written is stored, so the message says which one is kept.
 */
class Divergence extends Error {
  constructor(
    readonly verdict: Exclude<LossVerdict, 'ok'>,
    readonly lossPerPair: number,
  ) {
    super('training diverged');
  }
}

/** Where a run stands: what a checkpoint keeps. */
export interface LoopState {
  pos: RunPosition;
  model: ModelData;
  /** Mean loss per pair of every batch so far. */
  lossHistory: number[];
  seconds: number;
  pairs: number;
}

export interface LoopArgs {
  runId: string;
  corpusId: string;
  settings: TrainSettings;
  vocab: number;
  /** In-vocabulary words of one epoch (manifest.kept). */
  kept: number;
  /** Corpus words before min-count per kept word: the runner's "words" are these. */
  wordsPerKept: number;
  plan: TrainerPlan;
  planner: { next(pos: RunPosition): Promise<Batch | undefined> };
  /** Continued from this checkpoint (undefined: a fresh run). */
  prior?: Checkpoint;
  /** Milliseconds between periodic checkpoints. */
  checkpointEvery: number;
  signal: AbortSignal;
  stop: { requested: boolean };
  /** Stores a checkpoint (throws a quota error when storage is full). */
  save(c: Checkpoint): Promise<void>;
  /** The run record: a loss point (x in corpus words), a checkpoint's figures, a rewind after a lost device. */
  record: {
    loss(words: number, lossPerPair: number): void;
    save(r: {
      fraction: number;
      seconds: number;
      wordsPerSec: number;
      pairsPerSec: number;
      adapter: string;
      resumable: boolean;
    }): Promise<void>;
    rewind(words: number): void;
  };
  progress(p: TrainProgress): void;
  notice(message: string): void;
  /** After each stored snapshot: live vectors for the Explore panel; neighbours of the watched words. */
  snapshot?(model: ModelData, epoch: number, fraction: number): TrainProgress['neighbours'] | void;
  /** Test hook: called at the top of every batch (the browser tests park runs here). */
  atBatch?(info: { fraction: number; saved: number | undefined }): Promise<void> | void;
  /** Set when the run is stopped for divergence (before the error is thrown). */
  onDiverged?(): void;
}

export interface LoopResult {
  state: LoopState;
  stopped?: StoppedAt;
  /** Fraction done of the checkpoint stored for this run, if any. */
  savedFraction?: number;
  /** The label of the trainer that trained last. */
  adapter: string;
}

export async function runLoop(a: LoopArgs): Promise<LoopResult> {
  const s = a.settings;
  const totalWords = a.kept * s.epochs;
  const fresh = (): LoopState => ({
    pos: startPosition(),
    model: initModel({ vocab: a.vocab, dim: s.dim }, s.seed),
    lossHistory: [],
    seconds: 0,
    pairs: 0,
  });
  const fromCkpt = (c: Checkpoint): LoopState => ({
    pos: { ...c.position },
    model: { syn0: c.syn0, syn1: c.syn1 },
    lossHistory: [...c.lossHistory],
    seconds: c.seconds,
    pairs: c.pairs,
  });
  let state = a.prior ? fromCkpt(a.prior) : fresh();
  let lastGood = a.prior;
  let savedFraction = a.prior?.fraction;
  let quotaNoticed = false;
  let stopped: StoppedAt | undefined;
  let adapter = a.plan.label;

  /** The checkpoint being written: training goes on meanwhile; the next checkpoint, Pause and the end wait for it. */
  let saving: Promise<void> = Promise.resolve();

  const write = async (c: Checkpoint): Promise<void> => {
    try {
      await a.save(c);
      savedFraction = c.fraction;
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      if (!quotaNoticed) {
        const kept = savedFraction === undefined ? '' : ` The previous checkpoint (${(savedFraction * 100).toFixed(1)}% done) is kept.`;
        a.notice(`Checkpoint not saved: browser storage is full. Training goes on; free space to be able to resume later.${kept}`);
      }
      quotaNoticed = true;
    }
    const secs = Math.max(1e-9, c.seconds);
    await a.record
      .save({
        fraction: c.fraction,
        seconds: c.seconds,
        wordsPerSec: (c.position.wordsDone * a.wordsPerKept) / secs,
        pairsPerSec: c.pairs / secs,
        adapter: c.adapter ?? adapter,
        resumable: savedFraction !== undefined,
      })
      .catch((e) => {
        if (!isQuotaError(e)) throw e;
      });
  };

  /** Starts writing a checkpoint of `model` (the one before is stored: see `await saving`); throws at once if the vectors have blown up. */
  const checkpoint = (model: ModelData, pos: RunPosition): void => {
    // Never overwrite a good checkpoint with vectors that have blown up.
    if (!allFinite(model.syn0) || !allFinite(model.syn1)) throw new Divergence('nan', NaN);
    const c: Checkpoint = {
      runId: a.runId,
      corpusId: a.corpusId,
      settings: s,
      position: { ...pos },
      fraction: pos.wordsDone / totalWords,
      savedAt: Date.now(),
      lossHistory: [...state.lossHistory],
      syn0: model.syn0,
      syn1: model.syn1,
      seconds: state.seconds,
      pairs: state.pairs,
      adapter,
    };
    lastGood = c;
    saving = write(c);
    saving.catch(() => {}); // a failed write is thrown where it is awaited
  };

  async function segment(): Promise<void> {
    a.progress({
      phase: 'compiling',
      epoch: state.pos.epoch,
      epochs: s.epochs,
      fraction: state.pos.wordsDone / totalWords,
      wordsPerSec: 0,
      pairsPerSec: 0,
      alpha: alphaAt(s, state.pos.wordsDone, a.kept), // a continued run: where it is, not the start
      adapter,
      loss: [],
    });
    const trainer: Trainer = await a.plan.create(state.model);
    adapter = trainer.label;
    try {
      const pos = { ...state.pos };
      let lastCkpt = performance.now();
      let lastReport = performance.now();
      let lastYield = performance.now();
      const segStart = performance.now();
      const secondsBefore = state.seconds;
      const wordsAtStart = pos.wordsDone;
      // Words whose training has completed: progress counts these, not words merely submitted
      // (on SwiftShader one GPU batch can be a third of a small corpus).
      let completedWords = pos.wordsDone;
      let pairsSeg = 0;
      let newLoss: number[] = [];
      let alpha = s.alpha;
      const pending: Promise<void>[] = [];
      const account = (loss: number, pairs: number, wordsAfter: number): void => {
        const verdict = checkLoss(loss, pairs, s.negative);
        if (verdict !== 'ok') throw new Divergence(verdict, loss / pairs);
        if (pairs > 0) {
          state.lossHistory.push(loss / pairs);
          newLoss.push(loss / pairs);
          a.record.loss(wordsAfter * a.wordsPerKept, loss / pairs);
        }
        state.pairs += pairs;
        pairsSeg += pairs;
        completedWords = Math.max(completedWords, wordsAfter);
      };
      const snapshot = async (): Promise<ModelData> => {
        await Promise.all(pending.splice(0));
        return trainer.readModel();
      };
      let endPos: RunPosition = pos;
      let batch = await a.planner.next(pos);
      while (batch) {
        await a.atBatch?.({ fraction: completedWords / totalWords, saved: savedFraction });
        const { done } = await trainer.submit(batch);
        const wordsAfter = pos.wordsDone;
        if (trainer.blocking) {
          const r = await done;
          account(r.loss, r.pairs, wordsAfter);
          // A trainer on this thread (the CPU path without a thread of its own): let Pause and Stop messages in now and then.
          if (performance.now() - lastYield > 100) {
            await yieldToMessages();
            lastYield = performance.now();
          }
        } else {
          const accounted = done.then((r) => account(r.loss, r.pairs, wordsAfter));
          accounted.catch(() => {}); // a diverged batch is reported by whoever awaits it, once
          pending.push(accounted);
        }
        alpha = batch.alpha;
        const posAfter = { ...pos };
        batch = await a.planner.next(pos); // prepared while the GPU or the training threads work
        let now = performance.now();
        const paused = a.signal.aborted;
        const stopping = a.stop.requested && !!batch;
        if (now - lastReport > 500 || now - lastCkpt > a.checkpointEvery || paused || stopping || !batch) {
          // The last report (and Stop's) counts every submitted batch: the curve ends where the run does.
          if (!batch || stopping) await Promise.all(pending.splice(0));
          else if (pending.length > 4) await Promise.all(pending.splice(0, pending.length - 2));
          now = performance.now(); // the words/s below count the batches just waited for
          const secs = (now - segStart) / 1000;
          const wps = (completedWords - wordsAtStart) / Math.max(1e-9, secs);
          let neighbours: TrainProgress['neighbours'];
          const epoch = Math.min(posAfter.epoch, s.epochs - 1);
          if (now - lastCkpt > a.checkpointEvery || paused) {
            await saving; // one checkpoint in flight at a time
            const model = await snapshot();
            state.seconds = secondsBefore + (performance.now() - segStart) / 1000;
            state.pos = posAfter;
            checkpoint(model, posAfter); // throws first if the vectors have blown up
            if (paused) await saving;
            neighbours = a.snapshot?.(model, epoch, completedWords / totalWords) ?? undefined;
            lastCkpt = performance.now();
          }
          a.progress({
            phase: 'training',
            runId: a.runId,
            epoch,
            epochs: s.epochs,
            fraction: completedWords / totalWords,
            wordsPerSec: wps,
            pairsPerSec: pairsSeg / Math.max(1e-9, secs),
            alpha,
            adapter,
            loss: newLoss,
            neighbours,
            etaSeconds: wps > 0 ? (totalWords - completedWords) / wps : undefined,
          });
          newLoss = [];
          lastReport = now;
          if (paused) throw new CancelledError('paused: the run can be continued from its checkpoint');
          if (stopping) {
            // Stop: the batch prepared next is dropped; the run ends after the submitted ones.
            stopped = { epoch, fraction: posAfter.wordsDone / totalWords };
            endPos = posAfter;
            break;
          }
        }
      }
      await Promise.all(pending.splice(0));
      await saving;
      state.model = await trainer.readModel();
      state.seconds = secondsBefore + (performance.now() - segStart) / 1000;
      state.pos = endPos;
    } finally {
      trainer.release();
    }
  }

  try {
    for (;;) {
      try {
        await segment();
        break;
      } catch (e) {
        if (e instanceof CancelledError || !a.plan.recover || !(await a.plan.recover(e))) throw e;
        a.notice('The GPU device was lost; resuming from the last checkpoint.');
        a.record.rewind(lastGood ? lastGood.position.wordsDone * a.wordsPerKept : 0);
        state = lastGood ? fromCkpt(lastGood) : fresh();
      }
    }
  } catch (e) {
    if (!(e instanceof Divergence)) throw e;
    await saving.catch(() => {});
    a.onDiverged?.();
    throw new LabError(divergedMessage(e.verdict, e.lossPerPair, s.alpha, s.negative, savedFraction), 'state');
  } finally {
    a.plan.dispose?.();
    await saving.catch(() => {}); // a run that ends on an error keeps the checkpoint being written
  }
  return { state, stopped, savedFraction, adapter };
}
