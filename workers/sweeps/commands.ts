// Commands of the sweeps area: a sweep is a queue of runs kept in IndexedDB and run one
// after another in the engine (each recorded and scored as any run). See workers/protocol.ts.
import type { TrainSettings } from '../settings';
import type { TrainerChoice, TrainProgress } from '../train/commands';
import type { HnCommands } from '../hn/commands';

export type SweepState = 'running' | 'paused' | 'done' | 'cancelled' | 'interrupted';
export type SweepItemState = 'queued' | 'running' | 'paused' | 'done' | 'failed';

export interface SweepItem {
  /** The swept values of this run, e.g. {window: 2, dim: 50}. */
  values: Record<string, number | string | boolean>;
  /** Its run record, once started. */
  runId?: string;
  state: SweepItemState;
  error?: string;
}

interface SweepBase {
  id: string;
  name: string;
  /** The sweep as written (grid or random), e.g. "window=2,5;dim=50,100" or "random 8 seed 1;alpha=0.01:0.05". */
  text: string;
  state: SweepState;
  items: SweepItem[];
  createdAt: number;
  updatedAt: number;
  /** Why it paused (storage full, an error) or was refused. */
  note?: string;
}

export interface W2vSweep extends SweepBase {
  kind: 'w2v';
  corpusId: string;
  /** Settings of every run outside the swept ones. */
  base: TrainSettings;
  trainer: TrainerChoice;
  /** The page's base URL, to make the bundled sample's corpus again for another min-count. */
  baseUrl?: string;
  /** Seconds between each run's checkpoints (default 5). */
  checkpointSeconds?: number;
}

export type HnSweepArgs = Omit<
  HnCommands['hnClassify']['args'],
  'groups' | 'classWeights' | 'finetune' | 'seed' | 'maxEpochs' | 'patience'
> &
  Pick<HnCommands['hnClassify']['args'], 'groups'>;

export interface HnSweep extends SweepBase {
  kind: 'hn';
  base: HnCommands['hnClassify']['args'];
}

export type Sweep = W2vSweep | HnSweep;

export interface SweepProgress {
  sweepId: string;
  /** 0-based index of the run going now, of n. */
  index: number;
  n: number;
  /** The run's own progress (word2vec: the train progress; HN: its phase). */
  run?: TrainProgress;
  hn?: HnCommands['hnClassify']['progress'];
  /** Fraction of the whole sweep done, 0..1, and the seconds it still needs at the pace so far. */
  fraction: number;
  etaSeconds?: number;
}

export interface SweepResult {
  sweep: Sweep;
}

export interface SweepsCommands {
  /**
   * Plans and starts a sweep (every problem refused at once, before anything starts), then runs
   * its queue. Cancel = pause: the current run keeps its checkpoint; sweepResume continues.
   */
  sweepStart: {
    args:
      | {
          kind: 'w2v';
          text: string;
          corpusId: string;
          base: TrainSettings;
          trainer?: TrainerChoice;
          name?: string;
          baseUrl?: string;
          checkpointSeconds?: number;
        }
      | { kind: 'hn'; text: string; base: HnCommands['hnClassify']['args']; name?: string };
    result: SweepResult;
    progress: SweepProgress;
  };
  /** Continues a paused or interrupted sweep (its interrupted run from its checkpoint). */
  sweepResume: { args: { id: string }; result: SweepResult; progress: SweepProgress };
  /** Ends a sweep that is not running; its finished runs stay. */
  sweepCancel: { args: { id: string }; result: Sweep; progress: never };
  /** Every sweep, newest first; one left 'running' by a closed tab is listed 'interrupted'. */
  sweepList: { args: Record<string, never>; result: Sweep[]; progress: never };
  /** Checks a sweep without starting it: its runs, or every problem. */
  sweepPlan: {
    args: { kind: 'w2v' | 'hn'; text: string; base?: Partial<TrainSettings> };
    result: { runs: Record<string, number | string | boolean>[]; problems: string[] };
    progress: never;
  };
}
