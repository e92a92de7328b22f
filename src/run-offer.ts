// What a share link's run settings mean for the corpus and the trainer: which stored corpus
// matches the link, which source to ingest otherwise, and the training settings to start with.
// Framework-free so it is unit-tested in Node.
import { TRAIN_SETTINGS, type TrainSettingName, type TrainSettings } from '../workers/settings';
import type { CorpusManifest, CorpusSource, IngestSettings } from '../workers/corpus/format';
import type { ShareKey, ShareState } from './url-state';

/** Where the demo's text8 lives: same origin, next to the page (see README "Static build"). */
export const TEXT8_URL = './data/text8.zip';

const TRAIN_KEYS = Object.keys(TRAIN_SETTINGS) as TrainSettingName[];

/** Keys that name the corpus (the offer describes it in words, not as a list of settings). */
export const CORPUS_KEYS: readonly ShareKey[] = ['corpus', 'corpusUrl', 'corpusFile', 'corpusBytes', 'corpusWords'];

/** Hash keys that shape a word2vec run: a link with any of them offers "Start this run". */
export const RUN_KEYS: readonly ShareKey[] = [...CORPUS_KEYS, 'maxVocab', ...TRAIN_KEYS, 'model'];

export function linkHasRun(present: readonly ShareKey[]): boolean {
  return present.some((k) => RUN_KEYS.includes(k));
}

/** The local file a link's run was trained on (a link cannot carry the file itself). */
export interface LinkedFile {
  name: string;
  /** Size of the file in bytes (0 = the link does not say). */
  bytes: number;
}

/**
 * The corpus source a share state names: a source to load, a local file the user must pick
 * again, or a problem for the user.
 */
export function corpusSourceOf(s: ShareState): { source: CorpusSource } | { file: LinkedFile } | { problem: string } {
  if (s.corpus === 'sample') return { source: { kind: 'sample' } };
  if (s.corpus === 'text8') return { source: { kind: 'url', url: TEXT8_URL } };
  if (s.corpus === 'file') {
    if (!s.corpusFile) return { problem: 'The link names a local file as its corpus but not which one (corpusFile).' };
    return { file: { name: s.corpusFile, bytes: s.corpusBytes } };
  }
  if (!/^https?:\/\//i.test(s.corpusUrl)) return { problem: 'The link names a corpus URL but no http(s) address (corpusUrl).' };
  return { source: { kind: 'url', url: s.corpusUrl } };
}

/** Why a picked file is not the link's (name or size differ), or undefined when it is. */
export function fileMismatch(linked: LinkedFile, picked: { name: string; size: number }): string | undefined {
  if (picked.name !== linked.name) return `You chose "${picked.name}"; the link's run was trained on "${linked.name}". Choose that file.`;
  if (linked.bytes > 0 && picked.size !== linked.bytes)
    return `"${picked.name}" is ${picked.size.toLocaleString('en-US')} bytes; the link's file was ${linked.bytes.toLocaleString('en-US')} bytes, so it is a different file.`;
  return undefined;
}

/** Why a loaded corpus is not the one the link's run used (its word count differs), or undefined. */
export function wordsMismatch(s: ShareState, m: CorpusManifest): string | undefined {
  if (s.corpusWords <= 0 || m.tokens === s.corpusWords) return undefined;
  return `"${m.name}" has ${m.tokens.toLocaleString('en-US')} words; the link's run was trained on a corpus of ${s.corpusWords.toLocaleString('en-US')} words, so it is not the same corpus.`;
}

/** The link's corpus in words, for the offer. */
export function describeLinkedCorpus(s: ShareState): string {
  const words = s.corpusWords > 0 ? `, ${s.corpusWords.toLocaleString('en-US')} words` : '';
  if (s.corpus === 'sample') return `the bundled sample (Brown corpus${words})`;
  if (s.corpus === 'text8') return `text8${words ? ` (${words.slice(2)})` : ''}`;
  if (s.corpus === 'file') {
    const mb = s.corpusBytes > 0 ? `${(s.corpusBytes / 1e6).toFixed(1)} MB` : '';
    const detail = [mb, words.slice(2)].filter(Boolean).join(', ');
    return `a local file, "${s.corpusFile}"${detail ? ` (${detail})` : ''}`;
  }
  return `${s.corpusUrl}${words ? ` (${words.slice(2)})` : ''}`;
}

export function ingestSettingsOf(s: ShareState): IngestSettings {
  return { minCount: s.minCount, maxVocab: s.maxVocab > 0 ? s.maxVocab : undefined };
}

export function trainSettingsOf(s: ShareState): TrainSettings {
  const out = { model: s.model } as TrainSettings;
  for (const k of TRAIN_KEYS) out[k] = s[k];
  return out;
}

function sameSource(a: CorpusSource, b: CorpusSource): boolean {
  if (a.kind === 'url' && b.kind === 'url') return a.url === b.url;
  if (a.kind === 'file' && b.kind === 'file') return a.name === b.name;
  return a.kind === b.kind;
}

/**
 * A ready stored corpus made from the same source with the same min-count and max-vocab (and,
 * when given, the same word count and input size: how a stored copy of a linked file is known).
 */
export function findMatchingCorpus(
  corpora: readonly CorpusManifest[],
  source: CorpusSource,
  settings: IngestSettings,
  same: { words?: number; bytes?: number } = {},
): CorpusManifest | undefined {
  return corpora.find(
    (m) =>
      m.state === 'ready' &&
      sameSource(m.source, source) &&
      m.settings.minCount === settings.minCount &&
      (m.settings.maxVocab ?? 0) === (settings.maxVocab ?? 0) &&
      (!same.words || m.tokens === same.words) &&
      (!same.bytes || m.inputBytes === same.bytes),
  );
}

type CorpusShare = Pick<ShareState, 'corpus' | 'corpusUrl' | 'corpusFile' | 'corpusBytes' | 'corpusWords' | 'minCount' | 'maxVocab'>;

/** Share-state values naming a stored corpus: its source (a local file by name and size) and word count. */
export function shareOfCorpus(m: CorpusManifest): CorpusShare {
  const rest = {
    corpusUrl: '',
    corpusFile: '',
    corpusBytes: 0,
    corpusWords: m.state === 'ready' ? m.tokens : 0,
    minCount: m.settings.minCount,
    maxVocab: m.settings.maxVocab ?? 0,
  };
  if (m.source.kind === 'sample') return { ...rest, corpus: 'sample' };
  if (m.source.kind === 'file') return { ...rest, corpus: 'file', corpusFile: m.source.name, corpusBytes: m.inputBytes ?? 0 };
  if (m.source.url === TEXT8_URL) return { ...rest, corpus: 'text8' };
  return { ...rest, corpus: 'url', corpusUrl: m.source.url };
}
