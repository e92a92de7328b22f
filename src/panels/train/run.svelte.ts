// State of the Train panel's run: drives the engine's `train` command (cancel = pause,
// the engine checkpoints), and keeps the live figures the panel shows.
import { engine } from '../../engine.svelte';
import { EngineError } from '../../../workers/errors';
import type { CheckpointInfo, TrainProgress, TrainResult } from '../../../workers/train/commands';
import type { TrainSettings } from '../../../workers/settings';

export type RunStatus = 'idle' | 'compiling' | 'running' | 'pausing' | 'paused' | 'done' | 'failed';

export class TrainRun {
  status = $state<RunStatus>('idle');
  progress = $state<TrainProgress | undefined>(undefined);
  loss = $state<number[]>([]);
  resetKey = $state(0);
  result = $state<TrainResult | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  checkpoint = $state<CheckpointInfo | undefined>(undefined);
  /** True once the engine has answered which checkpoints exist (until then no offer is made). */
  checkpointKnown = $state(false);
  private ctl?: AbortController;

  get running(): boolean {
    return this.status === 'running' || this.status === 'compiling' || this.status === 'pausing';
  }

  async findCheckpoint(corpusId: string | undefined): Promise<void> {
    const all = await engine.call('trainCheckpoints', {});
    this.checkpoint = all.find((c) => c.corpusId === corpusId) ?? all[0];
    this.checkpointKnown = true;
  }

  async start(corpusId: string, settings: TrainSettings, watch: string[], resume: boolean): Promise<void> {
    this.ctl = new AbortController();
    this.error = undefined;
    this.result = undefined;
    this.status = 'compiling';
    if (resume && this.checkpoint) this.loss = [...this.checkpoint.lossHistory];
    else this.loss = [];
    this.resetKey++;
    try {
      this.result = await engine.call('train', { corpusId, settings, watch, resume }, {
        signal: this.ctl.signal,
        onProgress: (p) => {
          this.progress = p;
          if (p.phase === 'training' && this.status === 'compiling') this.status = 'running';
          if (p.loss.length) this.loss = [...this.loss, ...p.loss];
        },
      });
      this.status = 'done';
      this.checkpoint = undefined;
    } catch (e) {
      if (e instanceof EngineError && e.code === 'cancelled') {
        this.status = 'paused';
        await this.findCheckpoint(corpusId);
      } else {
        this.status = 'failed';
        this.error = e instanceof Error ? e.message : String(e);
      }
    }
  }

  pause(): void {
    this.status = 'pausing';
    this.ctl?.abort();
  }

  async discard(corpusId: string): Promise<void> {
    await engine.call('trainDiscard', { corpusId });
    this.checkpoint = undefined;
    this.status = 'idle';
  }
}

/** The page's one training run (the Train panel and a share link's "Start this run" drive it). */
export const trainRun = new TrainRun();
