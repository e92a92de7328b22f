// IndexedDB access for the engine: one idb-keyval store, keys namespaced by area
// ("corpus/<id>/manifest", "ckpt/<run>/…", "hn/<id>/…"). Only the engine worker writes.
import { createStore, get, set, del, delMany, keys, setMany, getMany, type UseStore } from 'idb-keyval';
import { LabError, isQuotaError } from './errors';

let store: UseStore | undefined;
export function db(): UseStore {
  store ??= createStore('skipgram-lab', 'kv');
  return store;
}

/** Writes, turning a quota failure into a LabError('quota') with a clear message. */
export async function put(key: string, value: unknown): Promise<void> {
  try {
    await set(key, value, db());
  } catch (e) {
    if (isQuotaError(e)) throw new LabError('Browser storage is full (quota exceeded or disk full) while saving ' + key, 'quota');
    throw e;
  }
}

export async function putMany(entries: [string, unknown][]): Promise<void> {
  try {
    await setMany(entries, db());
  } catch (e) {
    if (isQuotaError(e)) throw new LabError('Browser storage is full (quota exceeded or disk full)', 'quota');
    throw e;
  }
}

export const read = <T>(key: string): Promise<T | undefined> => get<T>(key, db());
export const readMany = <T>(ks: string[]): Promise<(T | undefined)[]> => getMany<T>(ks, db());
export const remove = (key: string): Promise<void> => del(key, db());
export const removeMany = (ks: string[]): Promise<void> => delMany(ks, db());

export async function keysWithPrefix(prefix: string): Promise<string[]> {
  const all = await keys(db());
  return all.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix));
}
