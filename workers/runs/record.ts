// A run record: one word2vec training run or one HN model fit, kept in IndexedDB from the
// moment it starts (see store.ts for the keys). A record is small (settings, figures,
// scores); its loss curve lives under its own key and its vectors / model under theirs, so
// listing runs never reads payloads.
import { checkModel, type TrainSettings } from '../settings';
import type { CorpusSource, IngestSettings } from '../corpus/format';
import type { TrainerChoice } from '../train/commands';

/**
 * running: training now (in some tab); paused: stopped with a checkpoint it can continue
 * from; finished; stopped: Stop ended it early (its vectors kept); diverged; failed (another
 * error); interrupted: the tab closed while it ran (its last checkpoint, if any, continues).
 */
export type RunState = 'running' | 'paused' | 'finished' | 'stopped' | 'diverged' | 'failed' | 'interrupted';

export const RUN_STATES: readonly RunState[] = ['running', 'paused', 'finished', 'stopped', 'diverged', 'failed', 'interrupted'];

/**
 * One analogy file's score on a run: gensim's figures plus which questions were right.
 * `total` is the questions asked (all four words in the run's vocabulary), `skipped` the rest of
 * the file. With none asked, `accuracy` is stored as 0 (as records from every build have it, and
 * as the runner reports it) but means nothing: read it through askedAccuracy().
 */
export interface AnalogyScore {
  accuracy: number;
  correct: number;
  total: number;
  skipped: number;
}

/**
 * The accuracy over the questions asked; null when none could be asked (no question had all
 * four words in the vocabulary), which is "not applicable", not "all wrong". Undefined for a
 * value that is not a score (a hand-edited record).
 */
export function askedAccuracy(s: unknown): number | null | undefined {
  if (typeof s !== 'object' || s === null) return undefined;
  const { accuracy, total } = s as Partial<Record<keyof AnalogyScore, unknown>>;
  if (typeof total === 'number' && total <= 0) return null;
  return typeof accuracy === 'number' && Number.isFinite(accuracy) ? accuracy : undefined;
}

export interface PairsScore {
  spearman: number;
  pearson: number;
  used: number;
  skipped: number;
}

/** Scores by evaluation file id ('probe' is the built-in probe set). */
export interface RunScores {
  analogy: Record<string, AnalogyScore>;
  pairs: Record<string, PairsScore>;
}

interface RecordBase {
  id: string;
  /** The user's name for it (editable). */
  name: string;
  tags: string[];
  state: RunState;
  /** Date.now() at start / at the end (finished, stopped, failed…). */
  startedAt: number;
  endedAt?: number;
  /** Why it failed or diverged. */
  error?: string;
  /** The sweep it belongs to, and its place there. */
  sweep?: { id: string; index: number };
  /** Bumped on every write; lets a reader tell a stale copy. */
  updatedAt: number;
}

export interface W2vCorpusRef {
  id: string;
  name: string;
  source: CorpusSource;
  ingest: IngestSettings;
  tokens: number;
  vocabSize: number;
  /** Set when the corpus was deleted after the run: the record stays, its vectors still open. */
  deleted?: boolean;
}

export interface W2vRecord extends RecordBase {
  kind: 'w2v';
  /** 'imported': vectors made elsewhere (e.g. a gensim script) opened here. */
  origin: 'trained' | 'imported';
  corpus?: W2vCorpusRef;
  settings: TrainSettings;
  /** What was asked for, and what ran (the adapter or CPU path's label). */
  trainer: TrainerChoice;
  adapter?: string;
  /** 0..1 of the run done. */
  fraction: number;
  seconds: number;
  wordsPerSec?: number;
  pairsPerSec?: number;
  finalLoss?: number;
  /** The vector set it produced (and whether that set still exists, checked when listing). */
  vectorsId?: string;
  vectorsDeleted?: boolean;
  /** A checkpoint it can continue from exists. */
  resumable?: boolean;
  scores: RunScores;
}

export interface HnMetricsRef {
  accuracy: number;
  macroF1: number;
  logLoss: number;
  auc100: number;
  ece?: number;
}

export interface HnRecord extends RecordBase {
  kind: 'hn';
  /**
   * What it was fitted on, as the user knows it: a stored dataset's file name (its id beside it),
   * a URL, or "text given". Records from before trainId was kept name a stored dataset
   * "dataset <id>" (the listing shows its name: workers/runs/handlers.ts).
   */
  dataset: {
    train: string;
    test?: string;
    trainId?: string;
    testId?: string;
    rows?: { train: number; test: number; skipped: number };
  };
  split: { kind: 'time' | 'random'; testShare: number };
  bins: number[];
  /** Feature groups on, class weights, fine-tuning, seed, epochs: what the fit was asked. */
  settings: Record<string, number | boolean | string>;
  vectorsId?: string;
  model?: HnMetricsRef;
  baselines: Record<string, HnMetricsRef>;
  /** Bootstrap intervals as the fit reported them (opaque here). */
  intervals?: unknown;
  modelId?: string | null;
  seconds?: number;
}

export type RunRecord = W2vRecord | HnRecord;

/** A stored value that is not a readable record: listed as such, never breaking the view. */
export interface UnreadableRecord {
  kind: 'unreadable';
  id: string;
  reason: string;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';

/** Checks a value read from IndexedDB (which anyone can hand-edit) before the UI trusts it. */
export function checkRecord(id: string, v: unknown): RunRecord | UnreadableRecord {
  const bad = (reason: string): UnreadableRecord => ({ kind: 'unreadable', id, reason });
  if (!isObj(v)) return bad('not an object');
  if (v.kind !== 'w2v' && v.kind !== 'hn') return bad(`unknown kind ${JSON.stringify(v.kind)}`);
  if (typeof v.id !== 'string' || v.id !== id) return bad('its id does not match its key');
  if (typeof v.name !== 'string') return bad('no name');
  if (!Array.isArray(v.tags) || !v.tags.every((t) => typeof t === 'string')) return bad('tags are not a list of strings');
  if (!RUN_STATES.includes(v.state as RunState)) return bad(`unknown state ${JSON.stringify(v.state)}`);
  if (!isNum(v.startedAt)) return bad('no start time');
  if (!isObj(v.settings)) return bad('no settings');
  if (v.kind === 'w2v') {
    if (!isObj(v.scores) || !isObj(v.scores.analogy) || !isObj(v.scores.pairs)) return bad('no scores');
    if (!isNum(v.fraction) || !isNum(v.seconds)) return bad('no progress figures');
    for (const [k, x] of Object.entries(v.settings)) {
      if (k === 'model') {
        const problem = checkModel(x);
        if (problem) return bad(`setting ${problem}`);
      } else if (!isNum(x)) return bad(`setting ${k} is not a number`);
    }
  } else if (!isObj(v.baselines) || !isObj(v.dataset)) return bad('no dataset or baselines');
  return v as unknown as RunRecord;
}

/** A run id: sortable by start time, unique within a tab. */
export function newRunId(kind: 'w2v' | 'hn', now = Date.now()): string {
  return `${kind}-${now.toString(36)}-${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}
