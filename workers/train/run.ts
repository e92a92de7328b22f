// One training run in the engine worker: plans batches from the stored corpus, trains
// them on the GPU (or on the CPU: WebAssembly SIMD, else the reference), reports progress, checkpoints
// every few seconds, recovers from a lost GPU device from the last checkpoint, stops a
// diverged run (keeping its last good checkpoint), and saves the vectors when done or
// stopped early.
import { readManifest, readVocab, type CorpusManifest, type CorpusVocab } from '../corpus/format';
import { LabError, CancelledError, isQuotaError } from '../errors';
import { currentGpu, initCompute, onDeviceLost } from '../gpu';
import { validateTrainSettings, type TrainSettings } from '../settings';
import type { EngineEvent, HandlerContext } from '../protocol';
import { BatchPlanner, startPosition, type RunPosition } from './plan';
import { buildAliasTable } from './samplers';
import { initModel, type ModelData } from './model';
import { trainBatch, type SgnsParams } from './reference';
import { GpuSgns, variantFor } from './gpu-trainer';
import { IdbSource } from './source';
import { hasCheckpoint, latestCheckpointOf, loadCheckpoint, removeCheckpoint, sameSettings, saveCheckpoint, type Checkpoint } from './checkpoint';
import { nearest } from './neighbours';
import { flushTfjs } from './tfjs-flush';
import { allFinite, checkLoss, divergedMessage, type LossVerdict } from './health';
import { finalLoss, saveTrained, type StoppedAt } from './finish';
import { registerRun } from './active';
import { newRunId } from '../runs/record';
import { withRunLock } from '../runs/store';
import { W2vRecorder } from '../runs/w2v-recorder';
import { scoreRun } from '../runs/scoring';
import { ensureMigrated } from '../runs/migrate';
import { clearLive, publishLive } from './live';
import type { TrainerChoice, TrainProgress, TrainResult } from './commands';
import { WasmSgns } from './wasm-trainer';
import { TEST_HOOKS, parkPoint, testPace } from '../test-pace';

export interface RunArgs {
  corpusId: string;
  settings: TrainSettings;
  resume?: boolean;
  runId?: string;
  name?: string;
  tags?: string[];
  sweep?: { id: string; index: number };
  noScore?: boolean;
  watch?: string[];
  checkpointSeconds?: number;
  trainer?: TrainerChoice;
}

/** The adapter names of the CPU path's two trainers. */
export const CPU_WASM = 'cpu · WebAssembly SIMD';
export const CPU_JS = 'cpu · JavaScript';

interface Corpus {
  m: CorpusManifest;
  vocab: CorpusVocab;
}

async function openCorpus(id: string, s: TrainSettings): Promise<Corpus> {
  const m = await readManifest(id);
  if (!m) throw new LabError(`no corpus with id ${id}`, 'not-found');
  if (m.state !== 'ready') throw new LabError(`corpus ${m.name} is not ready (${m.state})`, 'state');
  const vocab = await readVocab(id);
  if (!vocab) throw new LabError(`corpus ${m.name} has no vocabulary`, 'not-found');
  if (m.vocabSize < 2 || m.kept <= s.window) {
    throw new LabError(`corpus ${m.name} is too small to train: ${m.kept} words in vocabulary, window ${s.window}`, 'bad-input');
  }
  return { m, vocab };
}

/** How the run ended, for its record (set by train() just before it throws). */
interface Ending {
  diverged?: boolean;
}

/**
 * Trains one run, recorded from its start (workers/runs); on cancel it checkpoints and
 * throws CancelledError (a paused run). When it ends its vectors are scored on the probe set
 * and every stored evaluation file.
 */
export async function runTraining(a: RunArgs, ctx: HandlerContext<TrainProgress>): Promise<TrainResult> {
  // Registered before any await, so a Stop sent right after Start reaches this run; a
  // continued run without an id learns its id from the corpus's newest checkpoint below.
  const stop = { requested: false };
  const requestIt = (): void => void (stop.requested = true);
  let unregister = registerRun(a.runId ?? `starting-${a.corpusId}`, a.corpusId, requestIt);
  try {
    await ensureMigrated();
    let runId = a.runId;
    if (a.resume && !runId) {
      runId = (await latestCheckpointOf(a.corpusId))?.runId;
      if (!runId) throw new LabError('there is no checkpoint to continue for this corpus', 'not-found');
    }
    runId ??= newRunId('w2v');
    unregister();
    unregister = registerRun(runId, a.corpusId, requestIt);
    const id = runId;
    const result = await withRunLock(id, () => train({ ...a, runId: id }, ctx, stop));
    if (a.noScore) return result;
    ctx.progress({ phase: 'scoring', runId: id, epoch: a.settings.epochs - 1, epochs: a.settings.epochs, fraction: 1, wordsPerSec: 0, pairsPerSec: 0, alpha: a.settings.minAlpha, adapter: result.adapter, loss: [] });
    try {
      return { ...result, scores: await scoreRun(id, result.vectorsId) };
    } catch (e) {
      ctx.emit({ type: 'notice', level: 'warn', message: `The run finished, but scoring its vectors failed: ${e instanceof Error ? e.message : String(e)}` });
      return result;
    }
  } finally {
    unregister();
  }
}

async function train(a: RunArgs & { runId: string }, ctx: HandlerContext<TrainProgress>, stop: { requested: boolean }): Promise<TrainResult> {
  const ending: Ending = {};
  let recorder: W2vRecorder | undefined;
  try {
    return await trainRecorded(a, ctx, stop, ending, (r) => (recorder = r));
  } catch (e) {
    const resumable = await hasCheckpoint(a.runId).catch(() => false);
    const state = e instanceof CancelledError ? 'paused' : ending.diverged ? 'diverged' : 'failed';
    await recorder?.end(state, resumable, state === 'paused' ? undefined : e instanceof Error ? e.message : String(e));
    throw e;
  }
}

async function trainRecorded(
  a: RunArgs & { runId: string },
  ctx: HandlerContext<TrainProgress>,
  stop: { requested: boolean },
  ending: Ending,
  opened: (r: W2vRecorder) => void,
): Promise<TrainResult> {
  const problems = validateTrainSettings(a.settings);
  if (problems.length) throw new LabError(`bad settings: ${problems.join('; ')}`, 'bad-input');
  const s = a.settings;
  const { m, vocab } = await openCorpus(a.corpusId, s);
  const V = m.vocabSize;
  const params: SgnsParams = { vocab: V, dim: s.dim, window: s.window, negative: s.negative };
  const table = buildAliasTable(vocab.counts);
  const choice = a.trainer ?? 'auto';
  const info = choice === 'cpu' ? { webgpu: false, adapter: 'cpu', software: false } : await initCompute();
  if (choice === 'gpu' && !info.webgpu) throw new LabError('the GPU trainer was asked for, but this browser has no WebGPU', 'gpu');
  const useGpu = info.webgpu && (choice === 'gpu' || !info.software);
  const schedule = { seed: s.seed, epochs: s.epochs, alpha: s.alpha, minAlpha: s.minAlpha, chunkWords: 256, batchWords: useGpu ? 1 << 17 : 1 << 14 };
  const planner = new BatchPlanner(new IdbSource(m), vocab.counts, s.sample, schedule);
  const totalWords = m.kept * s.epochs;

  let state: { pos: RunPosition; model: ModelData; lossHistory: number[]; seconds: number; pairs: number };
  const prior = a.resume ? await loadCheckpoint(a.runId) : undefined;
  if (a.resume && !prior) throw new LabError('there is no checkpoint to continue for this run', 'not-found');
  if (prior && !sameSettings(prior.settings, s)) throw new LabError('the checkpoint was made with other settings; continue it with those', 'bad-input');
  if (prior && prior.corpusId !== a.corpusId) throw new LabError(`run ${a.runId} trained on another corpus (${prior.corpusId})`, 'bad-input');
  const recorder = await W2vRecorder.open({ runId: a.runId, corpus: m, settings: s, trainer: choice, name: a.name, tags: a.tags, sweep: a.sweep });
  opened(recorder);
  state = prior
    ? { pos: prior.position, model: { syn0: prior.syn0, syn1: prior.syn1 }, lossHistory: prior.lossHistory, seconds: prior.seconds, pairs: prior.pairs }
    : { pos: startPosition(), model: initModel({ vocab: V, dim: s.dim }, s.seed), lossHistory: [], seconds: 0, pairs: 0 };
  let lastGood: Checkpoint | undefined = prior;
  /** Fraction done of the checkpoint stored in IndexedDB for this run (what a failure keeps). */
  let savedFraction = prior?.fraction;
  let quotaNoticed = false;
  /** Set when Stop ended the run before its end. */
  let stopped: StoppedAt | undefined;
  const diverged = (v: Exclude<LossVerdict, 'ok'>, lossPerPair: number): LabError => {
    ending.diverged = true;
    return new LabError(divergedMessage(v, lossPerPair, s.alpha, s.negative, savedFraction), 'state');
  };

  const checkpoint = async (model: ModelData, pos: RunPosition, adapter: string): Promise<void> => {
    // Never overwrite a good checkpoint with vectors that have blown up.
    if (!allFinite(model.syn0) || !allFinite(model.syn1)) throw diverged('nan', NaN);
    const c: Checkpoint = {
      runId: a.runId, corpusId: a.corpusId, settings: s, position: { ...pos }, fraction: pos.wordsDone / totalWords, savedAt: Date.now(),
      lossHistory: [...state.lossHistory], syn0: model.syn0, syn1: model.syn1, seconds: state.seconds, pairs: state.pairs, adapter,
    };
    lastGood = c;
    try {
      await saveCheckpoint(c);
      savedFraction = c.fraction;
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      if (!quotaNoticed) {
        const kept = savedFraction === undefined ? '' : ` The previous checkpoint (${(savedFraction * 100).toFixed(1)}% done) is kept.`;
        ctx.emit({ type: 'notice', level: 'warn', message: `Checkpoint not saved: browser storage is full. Training goes on; free space to be able to resume later.${kept}` });
      }
      quotaNoticed = true;
    }
    const secs = Math.max(1e-9, state.seconds);
    await recorder
      .save({ fraction: c.fraction, seconds: state.seconds, wordsPerSec: (pos.wordsDone * (m.tokens / Math.max(1, m.kept))) / secs, pairsPerSec: state.pairs / secs, adapter, resumable: savedFraction !== undefined })
      .catch((e) => {
        if (!isQuotaError(e)) throw e;
      });
  };

  /** What the CPU path ran on, for the result. */
  let cpuAdapter = CPU_JS;
  let lost = false;
  const unlisten = onDeviceLost(() => (lost = true));
  try {
    for (;;) {
      try {
        await segment();
        break;
      } catch (e) {
        if (useGpu && !(e instanceof CancelledError)) await new Promise((r) => setTimeout(r, 100)); // let device.lost settle
        if (!(useGpu && (lost || !currentGpu())) || e instanceof CancelledError) throw e;
        lost = false;
        ctx.emit({ type: 'notice', level: 'warn', message: 'The GPU device was lost; resuming from the last checkpoint.' } satisfies EngineEvent);
        await initCompute();
        recorder.rewind(lastGood ? (lastGood.position.wordsDone * m.tokens) / Math.max(1, m.kept) : 0);
        if (lastGood) state = { pos: { ...lastGood.position }, model: { syn0: lastGood.syn0, syn1: lastGood.syn1 }, lossHistory: [...lastGood.lossHistory], seconds: lastGood.seconds, pairs: lastGood.pairs };
        else state = { pos: startPosition(), model: initModel({ vocab: V, dim: s.dim }, s.seed), lossHistory: [], seconds: 0, pairs: 0 };
      }
    }
  } finally {
    unlisten();
    clearLive(a.runId);
  }

  async function segment(): Promise<void> {
    const g = useGpu ? currentGpu() : undefined;
    if (useGpu && !g) throw new LabError('WebGPU device is not available', 'gpu');
    const wasm = g ? undefined : await WasmSgns.create(params, table, state.model, schedule.batchWords);
    const adapter = g?.adapter ?? (wasm ? CPU_WASM : CPU_JS);
    cpuAdapter = adapter;
    ctx.progress({ phase: 'compiling', epoch: state.pos.epoch, epochs: s.epochs, fraction: state.pos.wordsDone / totalWords, wordsPerSec: 0, pairsPerSec: 0, alpha: s.alpha, adapter, loss: [] });
    const gpu = g ? new GpuSgns(g.device, params, table, state.model, () => flushTfjs(g.backend), variantFor(g), g.subgroupSize) : undefined;
    try {
      const pos = { ...state.pos };
      const every = (a.checkpointSeconds ?? testPace.checkpointSeconds ?? 5) * 1000;
      let lastCkpt = performance.now();
      let lastReport = performance.now();
      let lastYield = performance.now();
      let segStart = performance.now();
      let secondsBefore = state.seconds;
      const wordsAtStart = pos.wordsDone;
      // Words whose GPU work has completed: progress counts these, not words merely submitted
      // (on SwiftShader one batch can be a third of a small corpus).
      let completedWords = pos.wordsDone;
      let pairsSeg = 0;
      let newLoss: number[] = [];
      let alpha = s.alpha;
      const pending: Promise<void>[] = [];
      // Corpus words (before min-count) per kept word: the curve's x is in the runner's "words".
      const wordsPerKept = m.tokens / Math.max(1, m.kept);
      const account = (loss: number, pairs: number, wordsAfter: number): void => {
        const verdict = checkLoss(loss, pairs, s.negative);
        if (verdict !== 'ok') throw diverged(verdict, loss / pairs);
        if (pairs > 0) {
          state.lossHistory.push(loss / pairs);
          newLoss.push(loss / pairs);
          recorder.loss(wordsAfter * wordsPerKept, loss / pairs);
        }
        state.pairs += pairs;
        pairsSeg += pairs;
      };
      const snapshot = async (): Promise<ModelData> => {
        if (wasm) return wasm.readModel();
        if (!gpu) return { syn0: state.model.syn0.slice(), syn1: state.model.syn1.slice() };
        await Promise.all(pending.splice(0));
        return gpu.readModel();
      };
      let endPos: RunPosition = pos;
      let batch = await planner.next(pos);
      while (batch) {
        if (TEST_HOOKS) await parkPoint('train-batch', { fraction: completedWords / totalWords, saved: savedFraction, sweepIndex: a.sweep?.index });
        const b = batch;
        if (gpu) {
          const { done } = await gpu.submit(b);
          const wordsAfter = pos.wordsDone;
          const accounted = done.then((r) => {
            account(r.loss, r.pairs, wordsAfter);
            completedWords = Math.max(completedWords, wordsAfter);
          });
          accounted.catch(() => {}); // a diverged batch is reported by whoever awaits it, once
          pending.push(accounted);
        } else {
          const r = wasm ? wasm.train(b) : trainBatch(state.model, params, table, b);
          account(r.loss, r.pairs, pos.wordsDone);
          completedWords = pos.wordsDone;
          // The CPU path trains on this thread: let Pause and Stop messages in now and then.
          if (performance.now() - lastYield > 100) {
            await new Promise((r) => setTimeout(r, 0));
            lastYield = performance.now();
          }
        }
        alpha = b.alpha;
        const posAfter = { ...pos };
        batch = await planner.next(pos); // prepared while the GPU works
        const now = performance.now();
        const paused = ctx.signal.aborted;
        const stopping = stop.requested && !!batch;
        if (now - lastReport > 500 || now - lastCkpt > every || paused || stopping || !batch) {
          if (pending.length > 4) await Promise.all(pending.splice(0, pending.length - 2));
          const secs = (now - segStart) / 1000;
          const wps = (completedWords - wordsAtStart) / Math.max(1e-9, secs);
          const snapNeeded = now - lastCkpt > every || paused;
          let neighbours: TrainProgress['neighbours'];
          if (snapNeeded) {
            const model = await snapshot();
            state.seconds = secondsBefore + (performance.now() - segStart) / 1000;
            state.pos = posAfter;
            await checkpoint(model, posAfter, adapter); // throws first if the vectors have blown up
            publishLive({ runId: a.runId, corpusId: a.corpusId, settings: s, words: vocab.words, counts: vocab.counts, syn0: model.syn0, vocab: V, dim: s.dim, epoch: Math.min(posAfter.epoch, s.epochs - 1), fraction: completedWords / totalWords, at: Date.now() });
            if (a.watch?.length) neighbours = nearest(model.syn0, V, s.dim, vocab.words, a.watch);
            lastCkpt = performance.now();
          }
          ctx.progress({
            phase: 'training', runId: a.runId, epoch: Math.min(posAfter.epoch, s.epochs - 1), epochs: s.epochs, fraction: completedWords / totalWords,
            wordsPerSec: wps, pairsPerSec: pairsSeg / Math.max(1e-9, secs), alpha, adapter, loss: newLoss, neighbours,
            etaSeconds: wps > 0 ? (totalWords - completedWords) / wps : undefined,
          });
          newLoss = [];
          lastReport = now;
          if (paused) throw new CancelledError('paused: the run can be continued from its checkpoint');
          if (stopping) {
            // Stop: the batch prepared next is dropped; the run ends after the submitted ones.
            stopped = { epoch: Math.min(posAfter.epoch, s.epochs - 1), fraction: posAfter.wordsDone / totalWords };
            endPos = posAfter;
            break;
          }
        }
      }
      await Promise.all(pending.splice(0));
      state.model = gpu ? await gpu.readModel() : wasm ? wasm.readModel() : state.model;
      state.seconds = secondsBefore + (performance.now() - segStart) / 1000;
      state.pos = endPos;
    } finally {
      gpu?.destroy();
    }
  }

  const fraction = stopped ? stopped.fraction : 1;
  ctx.progress({ phase: 'saving', epoch: stopped?.epoch ?? s.epochs - 1, epochs: s.epochs, fraction, wordsPerSec: 0, pairsPerSec: 0, alpha: s.minAlpha, adapter: useGpu ? info.adapter : cpuAdapter, loss: [] });
  if (!allFinite(state.model.syn0)) throw diverged('nan', NaN);
  const vectorsId = await saveTrained({ corpus: m, words: vocab.words, settings: s, syn0: state.model.syn0, stopped, checkpointFraction: savedFraction });
  await removeCheckpoint(a.runId);
  const result: TrainResult = {
    runId: a.runId, vectorsId, words: m.tokens, vocab: V, epochs: s.epochs, seconds: state.seconds,
    wordsPerSec: (m.tokens * s.epochs * fraction) / state.seconds, pairsPerSec: state.pairs / state.seconds,
    finalLoss: finalLoss(state.lossHistory),
    adapter: useGpu ? (currentGpu()?.adapter ?? info.adapter) : cpuAdapter,
    ...(stopped ? { stoppedEarly: stopped } : {}),
  };
  await recorder.finish(result, fraction);
  return result;
}
