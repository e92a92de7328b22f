// One training run in the engine worker: opens the stored corpus, picks the trainer
// (pick.ts), runs the loop (loop.ts: progress, checkpoints, divergence, device lost, Pause,
// Stop) with this run's IndexedDB checkpoints, record and live snapshots, and saves the
// vectors when done or stopped early.
import { readManifest, readVocab, type CorpusManifest, type CorpusVocab } from '../corpus/format';
import { LabError, CancelledError } from '../errors';
import { hardwareThreads, modelOf, threadsProblem, validateTrainSettings, type TrainSettings } from '../settings';
import type { EngineEvent, HandlerContext } from '../protocol';
import { BatchPlanner, startPosition } from './plan';
import { initModel } from './model';
import { idbCache } from './calibrate-cache';
import { buildAliasTable } from './samplers';
import type { SgnsParams } from './reference';
import { IdbSource } from './source';
import { hasCheckpoint, latestCheckpointOf, loadCheckpoint, removeCheckpoint, sameSettings, saveCheckpoint } from './checkpoint';
import { nearest } from './neighbours';
import { allFinite, divergedMessage } from './health';
import { alphaWhere, finalLoss, finalNeighbours, saveTrained } from './finish';
import { registerRun } from './active';
import { newRunId } from '../runs/record';
import { withRunLock } from '../runs/store';
import { W2vRecorder } from '../runs/w2v-recorder';
import { scoreRun } from '../runs/scoring';
import { ensureMigrated } from '../runs/migrate';
import { clearLive, publishLive } from './live';
import type { TrainCommands, TrainProgress, TrainResult } from './commands';
import { chooseTrainer } from './pick';
import { runLoop, type LoopResult } from './loop';
import { TEST_HOOKS, parkPoint, testPace } from '../test-pace';

/** The engine's calibration cache (in memory, backed by IndexedDB): one for the worker's life. */
const calibrationCache = idbCache();

/** What a run is asked: the train command's arguments. */
export type RunArgs = TrainCommands['train']['args'];

/** The adapter names of the CPU path's two trainers. */
export { CPU_WASM, CPU_JS } from './trainer';

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
    // While scoring, the figures are the run's: its averages, where it ended, its last learning rate.
    ctx.progress({
      phase: 'scoring',
      runId: id,
      epoch: result.stoppedEarly?.epoch ?? a.settings.epochs - 1,
      epochs: a.settings.epochs,
      fraction: result.stoppedEarly?.fraction ?? 1,
      wordsPerSec: result.wordsPerSec,
      pairsPerSec: result.pairsPerSec,
      alpha: result.alpha,
      adapter: result.adapter,
      loss: [],
    });
    try {
      return { ...result, scores: await scoreRun(id, result.vectorsId) };
    } catch (e) {
      ctx.emit({
        type: 'notice',
        level: 'warn',
        message: `The run finished, but scoring its vectors failed: ${e instanceof Error ? e.message : String(e)}`,
      });
      return result;
    }
  } finally {
    unregister();
  }
}

async function train(
  a: RunArgs & { runId: string },
  ctx: HandlerContext<TrainProgress>,
  stop: { requested: boolean },
): Promise<TrainResult> {
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
  const threadsBad = a.threads === undefined ? undefined : threadsProblem(a.threads, hardwareThreads());
  if (threadsBad) problems.push(threadsBad);
  if (problems.length) throw new LabError(`bad settings: ${problems.join('; ')}`, 'bad-input');
  const s = a.settings;
  const { m, vocab } = await openCorpus(a.corpusId, s);
  const V = m.vocabSize;
  const params: SgnsParams = { vocab: V, dim: s.dim, window: s.window, negative: s.negative, model: modelOf(s) };
  const table = buildAliasTable(vocab.counts);
  const choice = a.trainer ?? 'auto';
  const wordsPerKept = m.tokens / Math.max(1, m.kept);
  const base = { seed: s.seed, epochs: s.epochs, alpha: s.alpha, minAlpha: s.minAlpha, chunkWords: 256 };
  // Under 'auto' the candidates are timed on the first batches, each on a fresh initial model.
  const { plan, calibration } = await chooseTrainer(
    choice,
    params,
    table,
    {
      threads: a.threads ?? hardwareThreads(),
      notice: (message) => ctx.emit({ type: 'notice', level: 'warn', message } satisfies EngineEvent),
    },
    {
      model: () => initModel({ vocab: V, dim: s.dim }, s.seed),
      batches: (batchWords) => {
        const planner = new BatchPlanner(new IdbSource(m), vocab.counts, s.sample, { ...base, batchWords });
        const pos = startPosition();
        return {
          next: async () => {
            const before = pos.wordsDone;
            const batch = await planner.next(pos);
            return batch && { batch, words: (pos.wordsDone - before) * wordsPerKept };
          },
        };
      },
      cache: calibrationCache,
    },
  );
  const schedule = { ...base, batchWords: plan.batchWords };
  const planner = new BatchPlanner(new IdbSource(m), vocab.counts, s.sample, schedule);

  const prior = a.resume ? await loadCheckpoint(a.runId) : undefined;
  if (a.resume && !prior) throw new LabError('there is no checkpoint to continue for this run', 'not-found');
  if (prior && !sameSettings(prior.settings, s))
    throw new LabError('the checkpoint was made with other settings; continue it with those', 'bad-input');
  if (prior && prior.corpusId !== a.corpusId)
    throw new LabError(`run ${a.runId} trained on another corpus (${prior.corpusId})`, 'bad-input');
  const recorder = await W2vRecorder.open({
    runId: a.runId,
    corpus: m,
    settings: s,
    trainer: choice,
    name: a.name,
    tags: a.tags,
    sweep: a.sweep,
  });
  opened(recorder);
  if (calibration)
    ctx.progress({
      phase: 'compiling',
      runId: a.runId,
      epoch: 0,
      epochs: s.epochs,
      fraction: prior?.fraction ?? 0,
      wordsPerSec: 0,
      pairsPerSec: 0,
      alpha: prior ? alphaWhere(s, prior.fraction) : s.alpha,
      adapter: plan.label,
      loss: [],
      calibration,
    });
  // A continued run shows its watch words' neighbours on the checkpoint at once (the next
  // snapshot may be seconds away).
  if (prior && a.watch?.length)
    ctx.progress({
      phase: 'compiling',
      runId: a.runId,
      epoch: Math.min(prior.position.epoch, s.epochs - 1),
      epochs: s.epochs,
      fraction: prior.fraction,
      wordsPerSec: 0,
      pairsPerSec: 0,
      alpha: alphaWhere(s, prior.fraction),
      adapter: plan.label,
      loss: [],
      neighbours: finalNeighbours({ corpus: m, words: vocab.words, settings: s, syn0: prior.syn0 }, a.watch),
    });

  let loop: LoopResult;
  try {
    loop = await runLoop({
      runId: a.runId,
      corpusId: a.corpusId,
      settings: s,
      vocab: V,
      kept: m.kept,
      wordsPerKept,
      plan,
      planner,
      prior,
      checkpointEvery: (a.checkpointSeconds ?? testPace.checkpointSeconds ?? 5) * 1000,
      signal: ctx.signal,
      stop,
      save: saveCheckpoint,
      record: recorder,
      progress: (p) => ctx.progress(p),
      notice: (message) => ctx.emit({ type: 'notice', level: 'warn', message } satisfies EngineEvent),
      snapshot: (model, epoch, fraction) => {
        publishLive({
          runId: a.runId,
          corpusId: a.corpusId,
          settings: s,
          words: vocab.words,
          counts: vocab.counts,
          syn0: model.syn0,
          vocab: V,
          dim: s.dim,
          epoch,
          fraction,
          at: Date.now(),
        });
        return a.watch?.length ? nearest(model.syn0, V, s.dim, vocab.words, a.watch) : undefined;
      },
      atBatch: TEST_HOOKS ? (info) => parkPoint('train-batch', { ...info, sweepIndex: a.sweep?.index }) : undefined,
      onDiverged: () => void (ending.diverged = true),
    });
  } finally {
    clearLive(a.runId);
  }
  const { state, stopped, savedFraction } = loop;
  const diverged = (): LabError => {
    ending.diverged = true;
    return new LabError(divergedMessage('nan', NaN, s.alpha, s.negative, savedFraction), 'state');
  };

  const fraction = stopped ? stopped.fraction : 1;
  if (!allFinite(state.model.syn0)) throw diverged();
  // The run's averages (corpus words, as the runner's wordsPerSec), the learning rate where it
  // ended and the watch words' neighbours on the final vectors: shown from here on.
  const ended = {
    wordsPerSec: (m.tokens * s.epochs * fraction) / state.seconds,
    pairsPerSec: state.pairs / state.seconds,
    alpha: stopped ? alphaWhere(s, stopped.fraction) : s.minAlpha,
    neighbours: finalNeighbours({ corpus: m, words: vocab.words, settings: s, syn0: state.model.syn0 }, a.watch),
  };
  ctx.progress({
    phase: 'saving',
    runId: a.runId,
    epoch: stopped?.epoch ?? s.epochs - 1,
    epochs: s.epochs,
    fraction,
    adapter: loop.adapter,
    loss: [],
    ...ended,
  });
  const vectorsId = await saveTrained({
    corpus: m,
    words: vocab.words,
    settings: s,
    syn0: state.model.syn0,
    stopped,
    checkpointFraction: savedFraction,
  });
  await removeCheckpoint(a.runId);
  const result: TrainResult = {
    runId: a.runId,
    vectorsId,
    words: m.tokens,
    vocab: V,
    epochs: s.epochs,
    seconds: state.seconds,
    finalLoss: finalLoss(state.lossHistory),
    adapter: loop.adapter,
    ...ended,
    ...(stopped ? { stoppedEarly: stopped } : {}),
    ...(calibration ? { calibration } : {}),
  };
  await recorder.finish(result, fraction);
  return result;
}
