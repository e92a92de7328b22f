// The page's sweep: drives the engine's sweepStart / sweepResume (cancel of the call = pause:
// the current run keeps its checkpoint), keeps the progress the form shows, and the stored
// sweeps. A sweep left running by a closed or reloaded tab is resumed once this tab owns the data.
import { engine } from '../../engine.svelte';
import { EngineError } from '../../../workers/errors';
import type { Sweep, SweepProgress, SweepsCommands } from '../../../workers/sweeps/commands';
import { runs } from './runs.svelte';
import { errorText } from './download';

export type SweepStartArgs = SweepsCommands['sweepStart']['args'];

class SweepState {
  list = $state<Sweep[]>([]);
  progress = $state<SweepProgress | undefined>(undefined);
  /** The sweep this tab is running now. */
  runningId = $state<string | undefined>(undefined);
  status = $state<'idle' | 'running' | 'pausing' | 'paused' | 'done' | 'failed'>('idle');
  error = $state('');
  private ctl?: AbortController;
  private lastIndex = -1;
  private resumedOnce = false;

  get running(): boolean {
    return this.status === 'running' || this.status === 'pausing';
  }

  async refresh(): Promise<void> {
    try {
      this.list = await engine.call('sweepList', {});
    } catch (e) {
      this.error = errorText(e);
    }
  }

  private async drive(call: (signal: AbortSignal, onProgress: (p: SweepProgress) => void) => Promise<{ sweep: Sweep }>): Promise<void> {
    if (this.running) return;
    this.ctl = new AbortController();
    this.status = 'running';
    this.error = '';
    this.progress = undefined;
    this.lastIndex = -1;
    try {
      const r = await call(this.ctl.signal, (p) => {
        this.progress = p;
        this.runningId = p.sweepId;
        // A new run of the sweep started: the table lists the one that just ended (and this one).
        if (p.index !== this.lastIndex) {
          this.lastIndex = p.index;
          void runs.load();
        }
      });
      this.runningId = r.sweep.id;
      this.status = 'done';
    } catch (e) {
      if (e instanceof EngineError && e.code === 'cancelled') this.status = 'paused';
      else {
        this.status = 'failed';
        this.error = errorText(e);
      }
    } finally {
      this.ctl = undefined;
      await Promise.all([this.refresh(), runs.load()]);
    }
  }

  start(args: SweepStartArgs): Promise<void> {
    return this.drive((signal, onProgress) => engine.call('sweepStart', args, { signal, onProgress }));
  }

  resume(id: string): Promise<void> {
    this.runningId = id;
    return this.drive((signal, onProgress) => engine.call('sweepResume', { id }, { signal, onProgress }));
  }

  pause(): void {
    if (!this.running) return;
    this.status = 'pausing';
    this.ctl?.abort();
  }

  async cancel(id: string): Promise<void> {
    try {
      await engine.call('sweepCancel', { id });
      if (this.runningId === id) this.status = 'idle';
    } catch (e) {
      this.error = errorText(e);
    }
    await this.refresh();
  }

  /** Once per page: a sweep a reload cut off continues (its interrupted run from its checkpoint). */
  async resumeInterrupted(): Promise<void> {
    if (this.resumedOnce) return;
    this.resumedOnce = true;
    await this.refresh();
    const cut = this.list.find((s) => s.state === 'interrupted');
    if (cut) await this.resume(cut.id);
  }
}

export const sweep = new SweepState();
