// Sweeps in IndexedDB: sweep/<id> holds the whole queue (at most 64 small items). A running
// sweep holds the Web Lock `sweepLock(id)`, so one left 'running' by a closed tab is told
// apart from one another tab runs.
import { put, read, readMany, keysWithPrefix } from '../store';
import type { Sweep } from './commands';

const key = (id: string): string => `sweep/${id}`;
export const sweepLock = (id: string): string => `skipgram-sweep-${id}`;

export async function putSweep(s: Sweep): Promise<void> {
  s.updatedAt = Date.now();
  await put(key(s.id), s);
}

export const getSweep = (id: string): Promise<Sweep | undefined> => read<Sweep>(key(id));

export async function listSweeps(): Promise<Sweep[]> {
  const ks = await keysWithPrefix('sweep/');
  const vals = await readMany<Sweep>(ks);
  const held =
    typeof navigator !== 'undefined' && navigator.locks
      ? new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name))
      : new Set<string>();
  const out: Sweep[] = [];
  for (const s of vals) {
    if (!s || typeof s !== 'object' || !Array.isArray(s.items)) continue; // unreadable: not ours to list
    if (s.state === 'running' && !held.has(sweepLock(s.id))) {
      s.state = 'interrupted';
      await putSweep(s);
    }
    out.push(s);
  }
  return out.sort((a, b) => b.createdAt - a.createdAt);
}

export function withSweepLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks)
    return navigator.locks.request(sweepLock(id), { ifAvailable: true }, async (lock) => {
      if (!lock) throw new Error('this sweep is running in another tab');
      return fn();
    }) as Promise<T>;
  return fn();
}
