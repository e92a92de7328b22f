// How a set of word vectors lives in IndexedDB — trained (by the trainer) or imported
// (.vec/.bin). Used by the explorer and the classifier. Keys:
//   vectors/<id>/manifest  VectorsManifest
//   vectors/<id>/words     string[]      [vocab] words, row order (most frequent first when known)
//   vectors/<id>/matrix    Float32Array  [vocab, dim] row-major
import { put, read, keysWithPrefix, removeMany } from '../store';
import { LabError } from '../errors';

export interface VectorsManifest {
  id: string;
  name: string;
  origin: 'trained' | 'imported';
  /** For trained vectors: the corpus they came from. */
  corpusId?: string;
  vocabSize: number;
  dim: number;
  createdAt: number;
  /** Training settings or import details, shown in the UI. */
  details?: Record<string, string | number | boolean>;
  /** Bytes stored: the matrix plus the words in UTF-8 (written by saveVectors; sets saved before have none). */
  bytes?: number;
}

/** A listed set with the storage it uses (`bytes` always known). */
export type StoredVectors = VectorsManifest & { bytes: number };

export interface VectorSet {
  manifest: VectorsManifest;
  words: string[];
  /** [vocab, dim] f32 row-major */
  matrix: Float32Array;
}

export const vectorsKey = {
  manifest: (id: string) => `vectors/${id}/manifest`,
  words: (id: string) => `vectors/${id}/words`,
  matrix: (id: string) => `vectors/${id}/matrix`,
};

export async function listVectors(): Promise<VectorsManifest[]> {
  const ks = (await keysWithPrefix('vectors/')).filter((k) => k.endsWith('/manifest'));
  const ms = await Promise.all(ks.map((k) => read<VectorsManifest>(k)));
  return ms.filter((m): m is VectorsManifest => !!m).sort((a, b) => b.createdAt - a.createdAt);
}

const utf8 = new TextEncoder();
/** What a set's words and matrix take: [vocab, dim] f32 plus each word's UTF-8 bytes. */
export const storageOf = (words: string[], matrix: Float32Array): number =>
  matrix.byteLength + words.reduce((a, w) => a + utf8.encode(w).length, 0);

/** listVectors with each set's storage; a set saved before `bytes` was recorded has its words read (small next to the matrix). */
export async function listWithStorage(): Promise<StoredVectors[]> {
  return Promise.all(
    (await listVectors()).map(async (m) => {
      if (m.bytes !== undefined) return { ...m, bytes: m.bytes };
      const words = (await read<string[]>(vectorsKey.words(m.id))) ?? [];
      return { ...m, bytes: m.vocabSize * m.dim * 4 + words.reduce((a, w) => a + utf8.encode(w).length, 0) };
    }),
  );
}

export async function loadVectors(id: string): Promise<VectorSet> {
  const [manifest, words, matrix] = await Promise.all([
    read<VectorsManifest>(vectorsKey.manifest(id)),
    read<string[]>(vectorsKey.words(id)),
    read<Float32Array>(vectorsKey.matrix(id)),
  ]);
  if (!manifest || !words || !matrix) throw new Error(`vector set ${id} is missing or incomplete`);
  return { manifest, words, matrix };
}

// Saves, renames and deletes run one at a time: a rename never writes back the manifest of a set
// a delete just removed, and two saves never pick the same unique name.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(f: () => Promise<T>): Promise<T> {
  const next = queue.then(f, f);
  queue = next.catch(() => undefined);
  return next;
}

/** `name`, or `name (2)`, `name (3)`, … : the first not in `taken`. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
}

const namesBut = async (id: string): Promise<string[]> => (await listVectors()).filter((m) => m.id !== id).map((m) => m.name);

/**
 * Data first, manifest last: a set with a manifest is always complete. The name is made unique
 * among the stored sets ("… (2)"); returns the manifest as stored.
 */
export function saveVectors(v: VectorSet): Promise<VectorsManifest> {
  return serial(async () => {
    const { id } = v.manifest;
    const manifest = { ...v.manifest, name: uniqueName(v.manifest.name, await namesBut(id)), bytes: storageOf(v.words, v.matrix) };
    await put(vectorsKey.words(id), v.words);
    await put(vectorsKey.matrix(id), v.matrix);
    await put(vectorsKey.manifest(id), manifest);
    return manifest;
  });
}

/** Renames a set (trimmed, made unique among the others); returns the stored manifest. */
export function renameVectors(id: string, name: string): Promise<VectorsManifest> {
  return serial(async () => {
    const clean = name.trim().replace(/\s+/g, ' ').slice(0, 200);
    if (!clean) throw new LabError('a vector set needs a name', 'bad-input');
    const m = await read<VectorsManifest>(vectorsKey.manifest(id));
    if (!m) throw new LabError('this vector set was deleted', 'not-found');
    const renamed = { ...m, name: uniqueName(clean, await namesBut(id)) };
    await put(vectorsKey.manifest(id), renamed);
    return renamed;
  });
}

/** Manifest first (the set is no longer listed), then its data; only this set's keys. */
export function deleteVectors(id: string): Promise<void> {
  return serial(async () => {
    await removeMany([vectorsKey.manifest(id)]);
    await removeMany([vectorsKey.words(id), vectorsKey.matrix(id)]);
  });
}
