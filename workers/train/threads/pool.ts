// The threads a threaded trainer runs its jobs on: Web Workers (WorkerPool, in the browser), or
// instances on the calling thread that run the jobs one after another (InlinePool: Node's tests,
// where the result must equal the one-thread trainer's bit for bit).
import { LabError } from '../../errors';
import { spawnModuleWorker } from '../../spawn';
import threadWorkerUrl from './thread-worker.ts?worker&url';
import type { FromThread, ToThread, TrainChunksArgs, TrainFn } from './protocol';
import type { ChunkLoss } from '../reference';
import { trainClaimed } from './claim';

export interface ThreadPool {
  readonly size: number;
  /**
   * Runs job i on thread i (jobs.length ≤ size): chunks of its batch claimed from the counter at
   * `claim` and trained by `fn` (claim.ts); rejects when a thread fails or dies.
   */
  run(fn: TrainFn, jobs: TrainChunksArgs[], claim: number): Promise<ChunkLoss[]>;
  /** Test hook: thread i throws outside any handler (a crash). */
  kill(i: number): void;
  close(): void;
}

/** The message for a thread that failed: the run stops; its last checkpoint is kept. */
export function threadDied(i: number, why: string): LabError {
  return new LabError(
    `training thread ${i + 1} stopped (${why}); the run was stopped. Its last checkpoint is kept: continue it to go on.`,
    'state',
  );
}

interface Pending {
  resolve(r: ChunkLoss): void;
  reject(e: unknown): void;
}

export class WorkerPool implements ThreadPool {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private dead?: LabError;

  private constructor(private readonly workers: Worker[]) {
    workers.forEach((w, i) => {
      w.onmessage = (e: MessageEvent<FromThread>) => {
        const m = e.data;
        if (m.kind === 'done') this.settle(m.id, { loss: m.loss, pairs: m.pairs });
        else if (m.kind === 'error') this.fail(threadDied(i, m.message), m.id);
      };
      // An uncaught error or a script that failed to load: the thread is gone.
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        this.fail(threadDied(i, e.message || 'the worker failed'));
      };
      w.onmessageerror = () => this.fail(threadDied(i, 'a message could not be read'));
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Starts `n` threads over `memory`, each with its own instance of `module`. */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, n: number): Promise<WorkerPool> {
    const workers = Array.from({ length: n }, () => spawnModuleWorker(threadWorkerUrl));
    try {
      await Promise.all(
        workers.map(
          (w, i) =>
            new Promise<void>((resolve, reject) => {
              w.onmessage = (e: MessageEvent<FromThread>) =>
                e.data.kind === 'ready' ? resolve() : reject(threadDied(i, e.data.kind === 'error' ? e.data.message : 'bad reply'));
              w.onerror = (e: ErrorEvent) => (e.preventDefault(), reject(threadDied(i, e.message || 'the worker failed to start')));
              w.postMessage({ kind: 'init', module, memory } satisfies ToThread);
            }),
        ),
      );
    } catch (e) {
      for (const w of workers) w.terminate();
      throw e;
    }
    return new WorkerPool(workers);
  }

  run(fn: TrainFn, jobs: TrainChunksArgs[], claim: number): Promise<ChunkLoss[]> {
    if (this.dead) return Promise.reject(this.dead);
    return Promise.all(
      jobs.map(
        (args, i) =>
          new Promise<ChunkLoss>((resolve, reject) => {
            const id = this.nextId++;
            this.pending.set(id, { resolve, reject });
            this.workers[i].postMessage({ kind: 'train', id, fn, args, claim } satisfies ToThread);
          }),
      ),
    );
  }

  kill(i: number): void {
    this.workers[i]?.postMessage({ kind: 'test-die' } satisfies ToThread);
  }

  close(): void {
    for (const w of this.workers) w.terminate();
    this.fail(new LabError('the training threads were closed', 'state'));
  }

  private settle(id: number, r: ChunkLoss): void {
    this.pending.get(id)?.resolve(r);
    this.pending.delete(id);
  }

  /** A failed thread fails every job in flight (the batch is lost; the loop stops the run). */
  private fail(e: LabError, _id?: number): void {
    this.dead ??= e;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
  }
}

type InlineExports = Record<TrainFn, (...args: number[]) => number>;

/** `n` instances over one memory on this thread, jobs run in order: the threads' layout without the threads. */
export class InlinePool implements ThreadPool {
  private readonly instances: InlineExports[];
  private killed = -1;

  constructor(
    module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    n: number,
  ) {
    this.instances = Array.from(
      { length: n },
      () => new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as InlineExports,
    );
  }

  get size(): number {
    return this.instances.length;
  }

  run(fn: TrainFn, jobs: TrainChunksArgs[], claim: number): Promise<ChunkLoss[]> {
    if (this.killed >= 0) return Promise.reject(threadDied(this.killed, 'test: training thread killed'));
    return Promise.resolve(jobs.map((args, i) => trainClaimed(this.instances[i][fn], this.memory, args, claim)));
  }

  kill(i: number): void {
    this.killed = i;
  }

  close(): void {}
}
