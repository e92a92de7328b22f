// Evaluation files the user loaded once (analogy files in questions-words.txt format,
// word-pair files), kept in IndexedDB so every later run is scored with them too. Keys:
//   evalfile/<id>/meta  EvalFileMeta (what a listing reads)
//   evalfile/<id>/text  string
import { put, read, keysWithPrefix, removeMany } from '../store';
import { LabError } from '../errors';
import { parseAnalogyFile } from '../explore/analogy';
import { parsePairs } from '../explore/pairs';
import { PROBE_SET } from '../explore/probe-set';

export type EvalKind = 'analogy' | 'pairs';

export interface EvalFileMeta {
  id: string;
  name: string;
  kind: EvalKind;
  /** Questions (analogy) or pairs in the file. */
  items: number;
  bytes: number;
  addedAt: number;
}

/** The built-in probe set: scored on every run, needs no file. */
export const PROBE_ID = 'probe';
export const PROBE_META: EvalFileMeta = {
  id: PROBE_ID,
  name: 'built-in probe set',
  kind: 'analogy',
  items: 0,
  bytes: PROBE_SET.length,
  addedAt: 0,
};

const metaKey = (id: string): string => `evalfile/${id}/meta`;
const textKey = (id: string): string => `evalfile/${id}/text`;

/** What a file is, by its lines: `: section` lines or four words a line → analogy; `w1 w2 score` → pairs. */
export function detectKind(text: string): { kind: EvalKind; items: number } {
  const q = parseAnalogyFile(text);
  const p = parsePairs(text);
  if (q.questions.length > 0 && q.questions.length >= p.pairs.length) return { kind: 'analogy', items: q.questions.length };
  if (p.pairs.length > 0) return { kind: 'pairs', items: p.pairs.length };
  throw new LabError('this file has no analogy questions (four words a line) and no word pairs (word word score)', 'bad-input');
}

/** Keeps a file; the same name and size replaces the earlier copy (loading it twice keeps one). */
export async function addEvalFile(name: string, text: string, kind?: EvalKind): Promise<EvalFileMeta> {
  if (!text.trim()) throw new LabError(`${name} is empty`, 'bad-input');
  const found = detectKind(text);
  if (kind && kind !== found.kind)
    throw new LabError(`${name} does not look like a${kind === 'analogy' ? 'n analogy' : ' word-pair'} file`, 'bad-input');
  const same = (await listEvalFiles()).find((f) => f.name === name && f.bytes === text.length);
  const id = same?.id ?? `ev-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const meta: EvalFileMeta = { id, name, kind: found.kind, items: found.items, bytes: text.length, addedAt: Date.now() };
  await put(textKey(id), text);
  await put(metaKey(id), meta);
  return meta;
}

export async function listEvalFiles(): Promise<EvalFileMeta[]> {
  const ks = (await keysWithPrefix('evalfile/')).filter((k) => k.endsWith('/meta'));
  const ms = await Promise.all(ks.map((k) => read<EvalFileMeta>(k)));
  return ms.filter((m): m is EvalFileMeta => !!m).sort((a, b) => a.addedAt - b.addedAt);
}

export async function evalFileText(id: string): Promise<string> {
  if (id === PROBE_ID) return PROBE_SET;
  const t = await read<string>(textKey(id));
  if (t === undefined) throw new LabError(`evaluation file ${id} is gone`, 'not-found');
  return t;
}

export const removeEvalFile = (id: string): Promise<void> => removeMany([metaKey(id), textKey(id)]);
