// How a set of word vectors lives in IndexedDB — trained (by the trainer) or imported
// (.vec/.bin). Used by the explorer and the classifier. Keys:
//   vectors/<id>/manifest  VectorsManifest
//   vectors/<id>/words     string[]      [vocab] words, row order (most frequent first when known)
//   vectors/<id>/matrix    Float32Array  [vocab, dim] row-major
import { put, read, keysWithPrefix, removeMany } from '../store';

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
}

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

export async function loadVectors(id: string): Promise<VectorSet> {
  const [manifest, words, matrix] = await Promise.all([
    read<VectorsManifest>(vectorsKey.manifest(id)),
    read<string[]>(vectorsKey.words(id)),
    read<Float32Array>(vectorsKey.matrix(id)),
  ]);
  if (!manifest || !words || !matrix) throw new Error(`vector set ${id} is missing or incomplete`);
  return { manifest, words, matrix };
}

/** Data first, manifest last: a set with a manifest is always complete. */
export async function saveVectors(v: VectorSet): Promise<void> {
  const { id } = v.manifest;
  await put(vectorsKey.words(id), v.words);
  await put(vectorsKey.matrix(id), v.matrix);
  await put(vectorsKey.manifest(id), v.manifest);
}

export async function deleteVectors(id: string): Promise<void> {
  await removeMany([vectorsKey.manifest(id)]);
  await removeMany([vectorsKey.words(id), vectorsKey.matrix(id)]);
}
