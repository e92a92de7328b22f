// State of the Train panel's run: drives the engine's `train` command (cancel = pause,
// the engine checkpoints; `trainStop` = end it and keep the vectors so far), and keeps the
// live figures the panel shows.
import { engine } from '../../engine.svelte';
import { EngineError } from '../../../workers/errors';
import type { CheckpointInfo, TrainerChoice, TrainProgress, TrainResult } from '../../../workers/train/commands';
import type { TrainSettings } from '../../../workers/settings';

export type RunStatus = 'idle' | 'compiling' | 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'done' | 'failed';

export class TrainRun {
  status = $state<RunStatus>('idle');
  progress = $state<TrainProgress | undefined>(undefined);
  loss = $state<number[]>([]);
  /** [loss.length] fraction of the run done (0..1) at each loss point, for the chart's x axis. */
  lossAt = $state<number[]>([]);
  /** Latest neighbours of the watch words (a progress carries them only at snapshots). */
  neighbours = $state<TrainProgress['neighbours']>(undefined);
  resetKey = $state(0);
  result = $state<TrainResult | undefined>(undefined);
  /** Under 'auto': the candidate trainers' measured words/s and the one chosen, for this run. */
  calibration = $state<TrainResult['calibration']>(undefined);
  error = $state<string | undefined>(undefined);
  /** The paused run Continue / Resume / Stop act on (one of `checkpoints`). */
  checkpoint = $state<CheckpointInfo | undefined>(undefined);
  /** Every paused run that can continue (a new run never drops one: each keeps its checkpoint). */
  checkpoints = $state<CheckpointInfo[]>([]);
  /** True once the engine has answered which checkpoints exist (until then no offer is made). */
  checkpointKnown = $state(false);
  /** The record id of the run this panel drives (known from its first progress). */
  runId = $state<string | undefined>(undefined);
  private ctl?: AbortController;

  get running(): boolean {
    return this.status === 'running' || this.status === 'compiling' || this.status === 'pausing' || this.status === 'stopping';
  }

  async findCheckpoint(corpusId: string | undefined): Promise<void> {
    const all = await engine.call('trainCheckpoints', {});
    this.checkpoints = all;
    this.checkpoint = all.find((c) => c.runId === this.runId) ?? all.find((c) => c.corpusId === corpusId) ?? all[0];
    this.checkpointKnown = true;
  }

  /** Drops the figures of the run before (a new one is about to start). */
  clearFigures(): void {
    this.progress = undefined;
    this.result = undefined;
    this.error = undefined;
  }

  async start(
    corpusId: string,
    settings: TrainSettings,
    watch: string[],
    resume: boolean,
    trainer: TrainerChoice = 'auto',
    threads?: number,
  ): Promise<void> {
    this.ctl = new AbortController();
    this.error = undefined;
    this.result = undefined;
    this.status = 'compiling';
    if (resume && this.checkpoint) {
      const c = this.checkpoint;
      this.loss = [...c.lossHistory];
      this.lossAt = spread(0, c.fraction, c.lossHistory.length);
    } else {
      this.loss = [];
      this.lossAt = [];
      // A continued run keeps its watch words' neighbours (the engine sends the checkpoint's at once).
      this.neighbours = undefined;
    }
    this.resetKey++;
    this.progress = undefined; // no figures of an earlier run
    this.calibration = undefined;
    const runId = resume ? this.checkpoint?.runId : undefined;
    this.runId = runId;
    try {
      this.result = await engine.call(
        'train',
        { corpusId, settings, watch, resume, runId, trainer, ...(threads ? { threads } : {}) },
        {
          signal: this.ctl.signal,
          onProgress: (p) => {
            const before = this.progress?.fraction ?? this.lossAt[this.lossAt.length - 1] ?? 0;
            this.progress = p;
            if (p.runId) this.runId = p.runId;
            if (p.phase === 'training' && this.status === 'compiling') this.status = 'running';
            if (p.loss.length) {
              this.loss = [...this.loss, ...p.loss];
              this.lossAt = [...this.lossAt, ...spread(before, p.fraction, p.loss.length)];
            }
            if (p.neighbours) this.neighbours = p.neighbours;
            if (p.calibration) this.calibration = p.calibration;
          },
        },
      );
      this.status = this.result.stoppedEarly ? 'stopped' : 'done';
      if (this.result.neighbours) this.neighbours = this.result.neighbours;
      if (this.result.calibration) this.calibration = this.result.calibration;
      this.checkpoint = undefined;
      // Other paused runs are still there to continue: list them again.
      await this.refreshCheckpoints();
    } catch (e) {
      if (e instanceof EngineError && e.code === 'cancelled') {
        this.status = 'paused';
      } else {
        this.status = 'failed';
        this.error = e instanceof Error ? e.message : String(e);
      }
      // A paused, diverged or storage-full run keeps its last checkpoint: offer it.
      await this.findCheckpoint(corpusId);
    }
  }

  /**
   * Stop: a running run ends after its current batches and its `train` call answers with
   * the vectors so far; a paused run's checkpoint becomes the vector set here.
   */
  async stop(corpusId: string, watch: string[] = []): Promise<void> {
    if (this.running) this.status = 'stopping';
    try {
      const runId = this.running ? this.runId : (this.checkpoint?.runId ?? this.runId);
      const r = await engine.call('trainStop', runId ? { runId, corpusId, watch } : { corpusId, watch });
      if (r.result) {
        this.result = r.result;
        if (r.result.neighbours) this.neighbours = r.result.neighbours;
        this.status = 'stopped';
        this.checkpoint = undefined;
        await this.refreshCheckpoints();
      }
    } catch (e) {
      this.status = 'failed';
      this.error = e instanceof Error ? e.message : String(e);
    }
  }

  pause(): void {
    this.status = 'pausing';
    this.ctl?.abort();
  }

  /** Drops one paused run's checkpoint (the panel asks the user first); the others stay. */
  async discard(c: CheckpointInfo): Promise<void> {
    await engine.call('trainDiscard', { runId: c.runId, corpusId: c.corpusId });
    if (this.checkpoint?.runId === c.runId) this.checkpoint = undefined;
    await this.refreshCheckpoints();
    if (!this.running) this.status = 'idle';
  }

  /** Re-reads the paused runs; the one acted on stays chosen while it exists. */
  private async refreshCheckpoints(): Promise<void> {
    this.checkpoints = await engine.call('trainCheckpoints', {});
    this.checkpoint = this.checkpoints.find((c) => c.runId === this.checkpoint?.runId) ?? this.checkpoints[0];
  }
}

/** `n` x positions from just after `from` to `to` (loss points reported together, evenly apart). */
function spread(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 1)) / n);
}

/** The page's one training run (the Train panel and a share link's "Start this run" drive it). */
export const trainRun = new TrainRun();
