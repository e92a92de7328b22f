// Run records in IndexedDB. Keys:
//   run/<id>              RunRecord (small: settings, figures, scores)
//   run/<id>/curve        LossCurve (≤ 2,000 points)
//   run/<id>/outcomes/<f> Uint8Array [questions of analogy file f] 1 right, 0 wrong, 2 skipped
// A run that is training holds the Web Lock `runLock(id)` for as long as it trains, so a
// record left 'running' by a closed tab is told apart from one another tab is training.
import { put, read, readMany, keysWithPrefix, removeMany } from '../store';
import { checkRecord, type RunRecord, type UnreadableRecord } from './record';
import type { LossCurve } from './curve';

export const runKey = {
  record: (id: string) => `run/${id}`,
  curve: (id: string) => `run/${id}/curve`,
  outcomes: (id: string, fileId: string) => `run/${id}/outcomes/${fileId}`,
};

export const runLock = (id: string): string => `skipgram-run-${id}`;

/** Runs `fn` holding the run's lock (when the browser has Web Locks). */
export function withRunLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request(runLock(id), fn) as Promise<T>;
  return fn();
}

async function heldLocks(): Promise<Set<string>> {
  if (typeof navigator === 'undefined' || !navigator.locks) return new Set();
  return new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name ?? ''));
}

export async function putRecord(r: RunRecord): Promise<void> {
  await put(runKey.record(r.id), { ...r, updatedAt: Date.now() });
}

export async function getRecord(id: string): Promise<RunRecord | undefined> {
  const v = await read<unknown>(runKey.record(id));
  if (v === undefined) return undefined;
  const r = checkRecord(id, v);
  return r.kind === 'unreadable' ? undefined : r;
}

/** Reads, changes and writes one record; no-op when it is gone. */
export async function updateRecord(id: string, change: (r: RunRecord) => void): Promise<RunRecord | undefined> {
  const r = await getRecord(id);
  if (!r) return undefined;
  change(r);
  await putRecord(r);
  return r;
}

/**
 * Every record (no curves, no vectors), newest first. A record still 'running' whose lock
 * no tab holds was cut off: it is marked interrupted here (and stored so).
 */
export async function listRecords(): Promise<(RunRecord | UnreadableRecord)[]> {
  const ks = (await keysWithPrefix('run/')).filter((k) => k.indexOf('/', 4) < 0);
  const [vals, held] = await Promise.all([readMany<unknown>(ks), heldLocks()]);
  const out: (RunRecord | UnreadableRecord)[] = [];
  const cut: RunRecord[] = [];
  ks.forEach((k, i) => {
    const r = checkRecord(k.slice(4), vals[i]);
    if (r.kind !== 'unreadable' && r.state === 'running' && !held.has(runLock(r.id))) {
      r.state = 'interrupted';
      cut.push(r);
    }
    out.push(r);
  });
  for (const r of cut) await putRecord(r);
  const at = (r: RunRecord | UnreadableRecord): number => (r.kind === 'unreadable' ? 0 : r.startedAt);
  return out.sort((a, b) => at(b) - at(a));
}

export const readCurve = (id: string): Promise<LossCurve | undefined> => read<LossCurve>(runKey.curve(id));
export const writeCurve = (id: string, c: LossCurve): Promise<void> => put(runKey.curve(id), c);
export const readOutcomes = (id: string, fileId: string): Promise<Uint8Array | undefined> => read<Uint8Array>(runKey.outcomes(id, fileId));
export const writeOutcomes = (id: string, fileId: string, o: Uint8Array): Promise<void> => put(runKey.outcomes(id, fileId), o);

/** Deletes the record and what only it owns (curve, outcomes); its vectors are left to the caller. */
export async function deleteRecord(id: string): Promise<void> {
  const ks = await keysWithPrefix(`run/${id}/`);
  await removeMany([runKey.record(id), ...ks]);
}
