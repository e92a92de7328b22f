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

/**
 * Large typed arrays (corpus chunks, checkpoint vectors) are stored as Blobs. Chromium reads a
 * stored 4 MB typed array back by deserialising it on the engine thread (30–110 ms each, measured
 * in a worker), which stalls training; a Blob comes back as a handle whose bytes arrive
 * asynchronously (4–7 ms of the thread). Records from before are typed arrays: both read back.
 */
export const packArray = (a: Uint32Array | Float32Array): Blob => new Blob([a as Uint32Array<ArrayBuffer>]);

async function unpackBytes(v: unknown): Promise<ArrayBuffer | ArrayBufferView | undefined> {
  if (v instanceof Blob) return v.arrayBuffer();
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return v;
  return undefined;
}

/** A stored Uint32Array (packed or not); undefined when absent or not an array. */
export async function unpackU32(v: unknown): Promise<Uint32Array<ArrayBuffer> | undefined> {
  const b = await unpackBytes(v);
  if (b === undefined || b instanceof Uint32Array) return b as Uint32Array<ArrayBuffer> | undefined;
  return ArrayBuffer.isView(b) ? new Uint32Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / 4) : new Uint32Array(b);
}

/** A stored Float32Array (packed or not); undefined when absent or not an array. */
export async function unpackF32(v: unknown): Promise<Float32Array<ArrayBuffer> | undefined> {
  const b = await unpackBytes(v);
  if (b === undefined || b instanceof Float32Array) return b as Float32Array<ArrayBuffer> | undefined;
  return ArrayBuffer.isView(b) ? new Float32Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / 4) : new Float32Array(b);
}
