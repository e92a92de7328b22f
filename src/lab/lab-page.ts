// The page the headless runner and browser tests drive: it exposes the engine client
// as `window.lab`, forwarding progress and events to functions Playwright exposes.
import { EngineClient } from '../engine-client';
import type { ArgsOf, CommandName, EngineEvent, ResultOf } from '../../workers/protocol';
import { EngineError } from '../../workers/errors';

export interface LabWindow {
  lab: {
    call<K extends CommandName>(type: K, args: ArgsOf<K>): Promise<LabOutcome<ResultOf<K>>>;
    cancelAll(): void;
    client: EngineClient;
  };
  /** Exposed by the runner with page.exposeFunction; optional. */
  labProgress?(type: string, progress: unknown): void;
  labEvent?(event: EngineEvent): void;
  labReady?: boolean;
}

export type LabOutcome<R> = { ok: true; result: R } | { ok: false; error: { name: string; message: string; code?: string } };

const w = window as unknown as Window & LabWindow;
const client = EngineClient.create();
const controllers = new Set<AbortController>();
client.onEvent((e) => w.labEvent?.(e));

w.lab = {
  client,
  async call(type, args) {
    const ctl = new AbortController();
    controllers.add(ctl);
    try {
      const result = await client.call(type, args, {
        signal: ctl.signal,
        onProgress: (p) => w.labProgress?.(type, p),
      });
      return { ok: true, result };
    } catch (e) {
      const err = e instanceof EngineError ? e : e instanceof Error ? e : new Error(String(e));
      return { ok: false, error: { name: err.name, message: err.message, code: (err as EngineError).code } };
    } finally {
      controllers.delete(ctl);
    }
  },
  cancelAll() {
    for (const c of controllers) c.abort();
  },
};
// Ready as the app is: after `hello` (WebGPU set up, the ingest helper worker started).
void client.call('hello', {}).finally(() => (w.labReady = true));
