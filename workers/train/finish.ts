// The end of a run: its input vectors become a stored vector set that Explore opens, for
// a run that finished, one stopped early (Stop), or a paused run's checkpoint. A write
// that fails for lack of space removes its partial set and keeps the run's checkpoint.
import { readManifest, readVocab, type CorpusManifest } from '../corpus/format';
import { deleteVectors, saveVectors } from '../vectors/format';
import { LabError, isQuotaError } from '../errors';
import type { TrainSettings } from '../settings';
import { unpad } from './model';
import { alphaAt } from './plan';
import { nearest } from './neighbours';
import { loadCheckpoint, removeCheckpoint } from './checkpoint';
import type { TrainResult } from './commands';
import { updateRecord } from '../runs/store';

/** Where a run was when it was stopped early. */
export interface StoppedAt {
  /** 0-based epoch in progress. */
  epoch: number;
  /** Fraction of the whole run done, 0..1. */
  fraction: number;
}

export interface Finished {
  corpus: CorpusManifest;
  words: string[];
  settings: TrainSettings;
  /** [vocab, paddedDim] f32, the input vectors. */
  syn0: Float32Array;
  stopped?: StoppedAt;
  /** Fraction done of the checkpoint that stays when the save fails (for the message). */
  checkpointFraction?: number;
}

const pct = (f: number): string => `${(f * 100).toFixed(1)}%`;

/** Saves the vectors as a new set; returns its id. */
export async function saveTrained(f: Finished): Promise<string> {
  const { corpus: m, settings: s, stopped } = f;
  const id = `trained-${m.id}-${Date.now().toString(36)}`;
  const arch = s.model === 'cbow' ? ' · CBOW' : '';
  const name = stopped
    ? `${m.name}${arch} · dim ${s.dim} · stopped early at ${pct(stopped.fraction)} (epoch ${stopped.epoch + 1} of ${s.epochs})`
    : `${m.name}${arch} · dim ${s.dim} · ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;
  const details: Record<string, string | number | boolean> = { ...s };
  if (stopped) Object.assign(details, { stoppedEarly: true, stoppedAtEpoch: stopped.epoch + 1, fractionDone: stopped.fraction });
  try {
    await saveVectors({
      manifest: { id, name, origin: 'trained', corpusId: m.id, vocabSize: m.vocabSize, dim: s.dim, createdAt: Date.now(), details },
      words: f.words,
      matrix: unpad(f.syn0, { vocab: m.vocabSize, dim: s.dim }),
    });
  } catch (e) {
    await deleteVectors(id).catch(() => {}); // words may be written without the matrix
    if (!isQuotaError(e)) throw e;
    const kept =
      f.checkpointFraction === undefined
        ? 'No checkpoint of this run could be kept.'
        : `The run's last checkpoint (${pct(f.checkpointFraction)} done) is kept: free some space (delete a corpus or a vector set) and continue it, or save its vectors.`;
    throw new LabError(`Browser storage is full: the trained vectors could not be saved. ${kept}`, 'quota');
  }
  return id;
}

/** The schedule's learning rate with `fraction` (0..1) of the run done: where a run stopped. */
export const alphaWhere = (s: TrainSettings, fraction: number): number => alphaAt(s, fraction, 1 / s.epochs);

/** The watch words' neighbours on a run's final vectors (none asked: undefined). */
export function finalNeighbours(
  f: Pick<Finished, 'corpus' | 'words' | 'settings' | 'syn0'>,
  watch: string[] | undefined,
): TrainResult['neighbours'] {
  return watch?.length ? nearest(f.syn0, f.corpus.vocabSize, f.settings.dim, f.words, watch) : undefined;
}

/** Mean of the last (up to) 20 batch losses. */
export function finalLoss(history: number[]): number {
  const tail = history.slice(-20);
  return tail.reduce((x, y) => x + y, 0) / Math.max(1, tail.length);
}

/**
 * Stop for a paused run: its checkpoint's vectors become a set marked as stopped early; the
 * result has the watch words' neighbours on them and the learning rate where it stopped.
 */
export async function stopFromCheckpoint(runId: string | undefined, watch?: string[]): Promise<TrainResult> {
  const c = runId ? await loadCheckpoint(runId) : undefined;
  if (!c || !runId) throw new LabError('there is no paused run to stop', 'not-found');
  const m = await readManifest(c.corpusId);
  const vocab = await readVocab(c.corpusId);
  if (!m || !vocab) throw new LabError(`the corpus of this checkpoint (${c.corpusId}) is gone`, 'not-found');
  const s = c.settings;
  const stopped = { epoch: Math.min(c.position.epoch, s.epochs - 1), fraction: c.fraction };
  const vectorsId = await saveTrained({
    corpus: m,
    words: vocab.words,
    settings: s,
    syn0: c.syn0,
    stopped,
    checkpointFraction: c.fraction,
  });
  await removeCheckpoint(runId);
  const wordsDone = m.tokens * s.epochs * c.fraction; // as TrainResult.wordsPerSec: corpus tokens
  const result: TrainResult = {
    runId,
    vectorsId,
    words: m.tokens,
    vocab: m.vocabSize,
    epochs: s.epochs,
    seconds: c.seconds,
    wordsPerSec: wordsDone / Math.max(1e-9, c.seconds),
    pairsPerSec: c.pairs / Math.max(1e-9, c.seconds),
    finalLoss: finalLoss(c.lossHistory),
    adapter: c.adapter ?? 'unknown',
    stoppedEarly: stopped,
    alpha: alphaWhere(s, c.fraction),
    neighbours: finalNeighbours({ corpus: m, words: vocab.words, settings: s, syn0: c.syn0 }, watch),
  };
  await updateRecord(runId, (r) => {
    if (r.kind !== 'w2v') return;
    Object.assign(r, {
      state: 'stopped',
      endedAt: Date.now(),
      fraction: c.fraction,
      vectorsId,
      resumable: false,
      finalLoss: result.finalLoss,
      wordsPerSec: result.wordsPerSec,
      pairsPerSec: result.pairsPerSec,
      seconds: c.seconds,
      adapter: result.adapter,
    });
  });
  return result;
}
