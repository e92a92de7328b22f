// The Model section's state: one classifier training run (live loss per epoch, cancel, result)
// and the saved model hnAsk uses. Panels read the fields; start()/cancel() drive the engine.
import { engine } from '../../engine.svelte';
import type { ArgsOf, ResultOf } from '../../../workers/protocol';
import type { EpochLog } from '../../../workers/hn/model';
import type { HnModelManifest } from '../../../workers/hn/model-store';

export type ClassifyResult = ResultOf<'hnClassify'>;

class ModelRun {
  running = $state(false);
  phase = $state('');
  /** Current epoch and how far through it (0–1). */
  epoch = $state(0);
  fraction = $state(0);
  curve = $state<EpochLog[]>([]);
  result = $state<ClassifyResult | undefined>(undefined);
  error = $state('');
  /** Saved models, newest first, and the one the Ask box uses. */
  models = $state<HnModelManifest[]>([]);
  modelId = $state<string | undefined>(undefined);
  private ctl: AbortController | undefined;

  async refreshModels(select?: string): Promise<void> {
    this.models = await engine.call('hnModels', {});
    const keep = select ?? this.modelId;
    this.modelId = this.models.some((m) => m.id === keep) ? keep : this.models[0]?.id;
  }

  async start(args: ArgsOf<'hnClassify'>): Promise<void> {
    if (this.running) return;
    this.ctl = new AbortController();
    this.running = true;
    this.error = '';
    this.result = undefined;
    this.curve = [];
    this.epoch = 0;
    this.fraction = 0;
    this.phase = 'starting';
    try {
      const r = await engine.call('hnClassify', args, {
        signal: this.ctl.signal,
        onProgress: (p) => {
          this.phase = p.phase;
          if (p.epoch !== undefined) this.epoch = p.epoch;
          if (p.fraction !== undefined) this.fraction = p.fraction;
          if (p.valLoss !== undefined && p.loss !== undefined && p.epoch !== undefined)
            this.curve = [...this.curve, { epoch: p.epoch, loss: p.loss, valLoss: p.valLoss }];
        },
      });
      this.result = r;
      this.curve = r.curve;
      await this.refreshModels(r.modelId ?? undefined);
    } catch (e) {
      this.error =
        e instanceof Error && 'code' in e && e.code === 'cancelled' ? 'Training cancelled.' : e instanceof Error ? e.message : String(e);
    } finally {
      this.running = false;
      this.phase = '';
      this.ctl = undefined;
    }
  }

  cancel(): void {
    this.ctl?.abort();
  }
}

export const modelRun = new ModelRun();
