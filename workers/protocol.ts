// The one typed protocol between the page and the engine worker.
// Requests: {id, type, args}. Replies: result / error / progress, keyed by the request id.
// Each area declares its commands in its own `commands.ts` as
//   { name: { args: A; result: R; progress: P } }
// and they are merged here, so both sides are checked against the same table.
import type { CorpusCommands } from './corpus/commands';
import type { TrainCommands } from './train/commands';
import type { ExploreCommands } from './explore/commands';
import type { HnCommands } from './hn/commands';
import type { RunsCommands } from './runs/commands';
import type { SweepsCommands } from './sweeps/commands';
import type { WireError } from './errors';

export type { WireError };

export interface EngineCommands {
  /** Which compute backend the engine has: WebGPU adapter description or the CPU fallback. */
  hello: { args: Record<string, never>; result: EngineInfo; progress: never };
}

export type Commands = EngineCommands & CorpusCommands & TrainCommands & ExploreCommands & HnCommands & RunsCommands & SweepsCommands;
export type CommandName = keyof Commands;
export type ArgsOf<K extends CommandName> = Commands[K]['args'];
export type ResultOf<K extends CommandName> = Commands[K]['result'];
export type ProgressOf<K extends CommandName> = Commands[K]['progress'];

export interface EngineInfo {
  webgpu: boolean;
  /** e.g. "swiftshader", "nvidia ..." or "cpu" when WebGPU is unavailable. */
  adapter: string;
  /** Why WebGPU is missing, for the banner. */
  reason?: string;
  /** The adapter is a software renderer (SwiftShader): training picks the CPU path, which is faster there. */
  software?: boolean;
}

export type Request = {
  [K in CommandName]: { kind: 'call'; id: number; type: K; args: ArgsOf<K> };
}[CommandName];

/** Cancels the running request `id` (its handler sees `signal.aborted`). */
export interface CancelRequest {
  kind: 'cancel';
  id: number;
}

export type ToEngine = Request | CancelRequest;

export type FromEngine =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: WireError }
  | { kind: 'progress'; id: number; progress: unknown }
  /** Unsolicited notices (e.g. "checkpoint failed: quota"); id 0. */
  | { kind: 'event'; event: EngineEvent };

export type EngineEvent = { type: 'notice'; level: 'info' | 'warn' | 'error'; message: string } | { type: 'gpu-lost'; message: string };

export interface HandlerContext<P> {
  progress(p: P): void;
  signal: AbortSignal;
  /** Post an unsolicited event to the page. */
  emit(e: EngineEvent): void;
}

export type Handler<K extends CommandName> = (args: ArgsOf<K>, ctx: HandlerContext<ProgressOf<K>>) => Promise<ResultOf<K>>;

export type Handlers<C> = {
  [K in keyof C & CommandName]: Handler<K>;
};
