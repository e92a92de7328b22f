// Training checkpoints in IndexedDB, one per corpus: train/<corpusId>/checkpoint.
import { put, read, remove, keysWithPrefix } from '../store';
import type { TrainSettings } from '../settings';
import type { RunPosition } from './plan';
import type { CheckpointInfo } from './commands';

export interface Checkpoint extends CheckpointInfo {
  /** [vocab, paddedDim] f32 */
  syn0: Float32Array<ArrayBuffer>;
  syn1: Float32Array<ArrayBuffer>;
  /** Training seconds and pairs so far. */
  seconds: number;
  pairs: number;
  /** The adapter the run trained on. */
  adapter?: string;
}

const key = (corpusId: string): string => `train/${corpusId}/checkpoint`;

export const saveCheckpoint = (c: Checkpoint): Promise<void> => put(key(c.corpusId), c);
export const loadCheckpoint = (corpusId: string): Promise<Checkpoint | undefined> => read<Checkpoint>(key(corpusId));
export const removeCheckpoint = (corpusId: string): Promise<void> => remove(key(corpusId));

export async function listCheckpoints(): Promise<CheckpointInfo[]> {
  const ks = (await keysWithPrefix('train/')).filter((k) => k.endsWith('/checkpoint'));
  const out: CheckpointInfo[] = [];
  for (const k of ks) {
    const c = await read<Checkpoint>(k);
    if (c) out.push({ corpusId: c.corpusId, settings: c.settings, position: c.position, fraction: c.fraction, savedAt: c.savedAt, lossHistory: c.lossHistory });
  }
  return out;
}

export function sameSettings(a: TrainSettings, b: TrainSettings): boolean {
  return (Object.keys(a) as (keyof TrainSettings)[]).every((k) => a[k] === b[k]);
}

export type { RunPosition };
