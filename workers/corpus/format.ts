// How a corpus lives in IndexedDB — the contract between ingest (writer) and the
// trainer / classifier (readers). Keys:
//   corpus/<id>/manifest  CorpusManifest
//   corpus/<id>/vocab     CorpusVocab   (ids by descending count; only words kept by min-count / max-vocab)
//   corpus/<id>/chunk/<n> Uint32Array   word ids in corpus order. When the vocab has a `remap`,
//                                        these are the ingest's provisional ids (written as they were
//                                        counted) and readChunk maps them to vocab ids; either way a
//                                        reader gets vocab ids with dropped words removed (as word2vec.c)
import { put, putMany, read, keysWithPrefix, removeMany, packArray, unpackU32 } from '../store';
import { remapBlock } from './counter';

export type CorpusSource = { kind: 'sample' } | { kind: 'url'; url: string } | { kind: 'file'; name: string };

export interface IngestSettings {
  minCount: number;
  maxVocab?: number;
}

export type CorpusState = 'ingesting' | 'ready' | 'failed' | 'interrupted';

export interface CorpusManifest {
  id: string;
  name: string;
  source: CorpusSource;
  settings: IngestSettings;
  state: CorpusState;
  /** Bytes of normalised text read (decompressed). */
  bytes: number;
  /** Bytes of the (possibly compressed) input, when known. */
  inputBytes?: number;
  /** Tokens before min-count ("words" in the runner's output). */
  tokens: number;
  /** Tokens stored in chunks (in-vocabulary only). */
  kept: number;
  vocabSize: number;
  chunkCount: number;
  createdAt: number;
  updatedAt: number;
  error?: string;
}

export interface CorpusVocab {
  /** [vocabSize] words, id order (descending count). */
  words: string[];
  /** [vocabSize] counts, same order. */
  counts: Float64Array;
  /** [provisional id] → vocab id or -1 (dropped): present when the chunks hold provisional ids. */
  remap?: Int32Array;
}

export const corpusKey = {
  prefix: (id: string) => `corpus/${id}/`,
  manifest: (id: string) => `corpus/${id}/manifest`,
  vocab: (id: string) => `corpus/${id}/vocab`,
  chunk: (id: string, n: number) => `corpus/${id}/chunk/${n}`,
};

export async function listCorpora(): Promise<CorpusManifest[]> {
  const ks = (await keysWithPrefix('corpus/')).filter((k) => k.endsWith('/manifest'));
  const ms = await Promise.all(ks.map((k) => read<CorpusManifest>(k)));
  return ms.filter((m): m is CorpusManifest => !!m).sort((a, b) => b.createdAt - a.createdAt);
}

export const readManifest = (id: string) => read<CorpusManifest>(corpusKey.manifest(id));
export const readVocab = (id: string) => read<CorpusVocab>(corpusKey.vocab(id));

// corpus id → its remap (undefined: chunks already hold vocab ids), loaded once per corpus.
const remaps = new Map<string, Promise<Int32Array | undefined>>();

function remapOf(id: string): Promise<Int32Array | undefined> {
  let r = remaps.get(id);
  if (!r) {
    r = readVocab(id).then((v) => {
      if (!v) {
        remaps.delete(id);
        throw new Error(`corpus ${id}: the vocabulary is missing`);
      }
      return v.remap;
    });
    remaps.set(id, r);
  }
  return r;
}

/** Chunk `n` of a corpus as vocab ids (dropped words removed). */
export async function readChunk(id: string, n: number): Promise<Uint32Array> {
  const [c, remap] = await Promise.all([read<unknown>(corpusKey.chunk(id, n)).then(unpackU32), remapOf(id)]);
  if (!c) throw new Error(`corpus ${id}: chunk ${n} is missing`);
  return remap ? remapBlock(c, remap) : c;
}

/** Removes every key of a corpus (manifest last written first removed, so it never looks complete). */
export async function deleteCorpus(id: string): Promise<void> {
  remaps.delete(id);
  const ks = await keysWithPrefix(corpusKey.prefix(id));
  const manifest = corpusKey.manifest(id);
  await removeMany([manifest]);
  await removeMany(ks.filter((k) => k !== manifest));
}

/** Writes a whole small corpus at once (tests, fixtures). Ingest streams instead. */
export async function saveCorpus(m: CorpusManifest, vocab: CorpusVocab, chunks: Uint32Array[]): Promise<void> {
  await putMany(chunks.map((c, i) => [corpusKey.chunk(m.id, i), packArray(c)] as [string, unknown]));
  await put(corpusKey.vocab(m.id), vocab);
  await put(corpusKey.manifest(m.id), { ...m, chunkCount: chunks.length });
}
