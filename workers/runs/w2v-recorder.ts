// Keeps a word2vec run's record current while it trains: created (or reopened, when a
// paused run continues) as the run starts, its figures and loss curve written with every
// checkpoint, its end state written once at the end.
import type { CorpusManifest } from '../corpus/format';
import type { TrainSettings } from '../settings';
import type { TrainerChoice, TrainResult } from '../train/commands';
import { addPoint, emptyCurve, type LossCurve } from './curve';
import { getRecord, putRecord, readCurve, writeCurve } from './store';
import type { RunState, W2vRecord } from './record';

export interface RecorderStart {
  runId: string;
  corpus: CorpusManifest;
  settings: TrainSettings;
  trainer: TrainerChoice;
  name?: string;
  tags?: string[];
  sweep?: { id: string; index: number };
}

export const defaultRunName = (corpusName: string, s: TrainSettings): string =>
  `${corpusName} · dim ${s.dim} · window ${s.window} · ${s.epochs} epoch${s.epochs === 1 ? '' : 's'}`;

export class W2vRecorder {
  private constructor(
    private rec: W2vRecord,
    private curve: LossCurve,
  ) {}

  get id(): string {
    return this.rec.id;
  }

  /** A new record in state running, or the paused / interrupted one this run continues. */
  static async open(st: RecorderStart): Promise<W2vRecorder> {
    const old = await getRecord(st.runId);
    const m = st.corpus;
    const rec: W2vRecord =
      old?.kind === 'w2v'
        ? { ...old, state: 'running', endedAt: undefined, error: undefined, trainer: st.trainer }
        : {
            kind: 'w2v',
            origin: 'trained',
            id: st.runId,
            name: st.name ?? defaultRunName(m.name, st.settings),
            tags: st.tags ?? [],
            state: 'running',
            startedAt: Date.now(),
            updatedAt: Date.now(),
            sweep: st.sweep,
            corpus: { id: m.id, name: m.name, source: m.source, ingest: m.settings, tokens: m.tokens, vocabSize: m.vocabSize },
            settings: { ...st.settings },
            trainer: st.trainer,
            fraction: 0,
            seconds: 0,
            scores: { analogy: {}, pairs: {} },
          };
    const curve = (old ? await readCurve(st.runId) : undefined) ?? emptyCurve();
    await putRecord(rec);
    return new W2vRecorder(rec, curve);
  }

  /** One batch's mean loss per pair, at `words` (corpus words trained so far, all epochs). */
  loss(words: number, lossPerPair: number): void {
    addPoint(this.curve, words, lossPerPair);
  }

  /** Restarts the curve from a checkpoint's point (after a lost device, training goes back). */
  rewind(words: number): void {
    const keep = this.curve.x.findIndex((x) => x > words);
    if (keep < 0) return;
    this.curve.x.length = keep;
    this.curve.y.length = keep;
    this.curve.pending = { x: 0, y: 0, n: 0 };
  }

  /** Writes the figures so far (with each checkpoint). */
  async save(f: {
    fraction: number;
    seconds: number;
    wordsPerSec: number;
    pairsPerSec: number;
    adapter: string;
    resumable: boolean;
  }): Promise<void> {
    Object.assign(this.rec, f);
    await Promise.all([putRecord(this.rec), writeCurve(this.rec.id, this.curve)]);
  }

  async finish(r: TrainResult, fraction: number): Promise<void> {
    Object.assign(this.rec, {
      state: r.stoppedEarly ? 'stopped' : 'finished',
      endedAt: Date.now(),
      fraction,
      seconds: r.seconds,
      wordsPerSec: r.wordsPerSec,
      pairsPerSec: r.pairsPerSec,
      finalLoss: r.finalLoss,
      adapter: r.adapter,
      vectorsId: r.vectorsId,
      resumable: false,
    } satisfies Partial<W2vRecord>);
    await Promise.all([putRecord(this.rec), writeCurve(this.rec.id, this.curve)]);
  }

  /** Paused, diverged or failed: the state, the reason, and whether a checkpoint can continue it. */
  async end(state: Exclude<RunState, 'running' | 'finished' | 'stopped'>, resumable: boolean, error?: string): Promise<void> {
    Object.assign(this.rec, { state, resumable, error, endedAt: state === 'paused' ? undefined : Date.now() });
    await Promise.all([putRecord(this.rec), writeCurve(this.rec.id, this.curve)]).catch(() => {}); // storage may be full
  }
}
