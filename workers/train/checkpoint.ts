// Training checkpoints in IndexedDB, one per run (two runs on one corpus keep their own):
//   ckpt/<runId>/info  CheckpointInfo (small: what a listing shows)
//   ckpt/<runId>/data  Checkpoint (the vectors)
// Data first, info last: a listed checkpoint is always complete. Before runs had ids the
// key was train/<corpusId>/checkpoint; migrateLegacyCheckpoints moves those (see runs/migrate.ts).
import { put, read, remove, removeMany, keysWithPrefix, packArray, unpackF32 } from '../store';
import { TRAIN_SETTINGS, modelOf, type TrainSettingName, type TrainSettings } from '../settings';
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

const infoKey = (runId: string): string => `ckpt/${runId}/info`;
const dataKey = (runId: string): string => `ckpt/${runId}/data`;
export const legacyCheckpointKey = (corpusId: string): string => `train/${corpusId}/checkpoint`;

export const infoOf = (c: Checkpoint): CheckpointInfo => ({
  runId: c.runId,
  corpusId: c.corpusId,
  settings: c.settings,
  position: c.position,
  fraction: c.fraction,
  savedAt: c.savedAt,
  lossHistory: c.lossHistory,
});

/** The vectors go in as Blobs (store.ts packArray: cheap to read back); checkpoints from before hold Float32Arrays. */
export async function saveCheckpoint(c: Checkpoint): Promise<void> {
  await put(dataKey(c.runId), { ...c, syn0: packArray(c.syn0), syn1: packArray(c.syn1) });
  await put(infoKey(c.runId), infoOf(c));
}

export async function loadCheckpoint(runId: string): Promise<Checkpoint | undefined> {
  const c = await read<Omit<Checkpoint, 'syn0' | 'syn1'> & { syn0: unknown; syn1: unknown }>(dataKey(runId));
  if (!c) return undefined;
  const [syn0, syn1] = await Promise.all([unpackF32(c.syn0), unpackF32(c.syn1)]);
  if (!syn0 || !syn1) throw new Error(`the checkpoint of run ${runId} has no vectors`);
  return { ...c, syn0, syn1 };
}
export const removeCheckpoint = (runId: string): Promise<void> => removeMany([infoKey(runId), dataKey(runId)]);
export const hasCheckpoint = async (runId: string): Promise<boolean> => (await read(infoKey(runId))) !== undefined;

/** The checkpoints that can be continued, newest first: reads the small info records only. */
export async function listCheckpoints(): Promise<CheckpointInfo[]> {
  const ks = (await keysWithPrefix('ckpt/')).filter((k) => k.endsWith('/info'));
  const infos = await Promise.all(ks.map((k) => read<CheckpointInfo>(k)));
  return infos.filter((c): c is CheckpointInfo => !!c).sort((a, b) => b.savedAt - a.savedAt);
}

/** The newest checkpoint of a corpus (what "continue" meant before runs had ids). */
export async function latestCheckpointOf(corpusId: string): Promise<CheckpointInfo | undefined> {
  return (await listCheckpoints()).find((c) => c.corpusId === corpusId);
}

/** Old-format checkpoints (one per corpus), read whole: only the migration uses this. */
export async function legacyCheckpoints(): Promise<{ key: string; c: Omit<Checkpoint, 'runId'> }[]> {
  const ks = (await keysWithPrefix('train/')).filter((k) => k.endsWith('/checkpoint'));
  const out: { key: string; c: Omit<Checkpoint, 'runId'> }[] = [];
  for (const key of ks) {
    const c = await read<Omit<Checkpoint, 'runId'>>(key);
    if (c && c.syn0 && c.syn1 && c.settings) out.push({ key, c });
  }
  return out;
}
export const removeLegacy = (key: string): Promise<void> => remove(key);

/** Same run settings: every number and the architecture (a checkpoint from before CBOW is skip-gram). */
export function sameSettings(a: TrainSettings, b: TrainSettings): boolean {
  return modelOf(a) === modelOf(b) && (Object.keys(TRAIN_SETTINGS) as TrainSettingName[]).every((k) => a[k] === b[k]);
}

export type { RunPosition };
