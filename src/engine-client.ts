// The page's side of the protocol: typed calls to the engine worker.
import type { ArgsOf, CommandName, EngineEvent, FromEngine, ProgressOf, ResultOf, ToEngine } from '../workers/protocol';
import { EngineError } from '../workers/errors';
import { spawnModuleWorker } from '../workers/spawn';
import engineWorkerUrl from '../workers/engine.ts?worker&url';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  progress?(p: unknown): void;
}

export interface CallOptions<K extends CommandName> {
  onProgress?(p: ProgressOf<K>): void;
  signal?: AbortSignal;
}

export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Set<(e: EngineEvent) => void>();

  constructor(private worker: Worker) {
    worker.onmessage = (ev: MessageEvent<FromEngine>) => this.receive(ev.data);
    worker.onerror = (ev) => {
      const err = new Error('engine worker failed: ' + (ev.message || 'unknown error'));
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
  }

  static create(): EngineClient {
    // Through a blob: wrapper, so the worker runs under the page's Content-Security-Policy (workers/spawn.ts).
    return new EngineClient(spawnModuleWorker(engineWorkerUrl));
  }

  call<K extends CommandName>(type: K, args: ArgsOf<K>, opts: CallOptions<K> = {}): Promise<ResultOf<K>> {
    const id = this.nextId++;
    return new Promise<ResultOf<K>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        progress: opts.onProgress as ((p: unknown) => void) | undefined,
      });
      opts.signal?.addEventListener('abort', () => this.send({ kind: 'cancel', id }), { once: true });
      this.send({ kind: 'call', id, type, args } as ToEngine);
    });
  }

  onEvent(fn: (e: EngineEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  terminate(): void {
    this.worker.terminate();
  }

  private send(m: ToEngine): void {
    this.worker.postMessage(m);
  }

  private receive(m: FromEngine): void {
    if (m.kind === 'event') {
      for (const fn of this.listeners) fn(m.event);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.kind === 'progress') p.progress?.(m.progress);
    else {
      this.pending.delete(m.id);
      if (m.kind === 'result') p.resolve(m.result);
      else p.reject(new EngineError(m.error));
    }
  }
}
