// What a share link's run settings mean for the corpus and the trainer: which stored corpus
// matches the link, which source to ingest otherwise, and the training settings to start with.
// Framework-free so it is unit-tested in Node.
import { TRAIN_SETTINGS, type TrainSettingName, type TrainSettings } from '../workers/settings';
import type { CorpusManifest, CorpusSource, IngestSettings } from '../workers/corpus/format';
import type { ShareKey, ShareState } from './url-state';

/** Where the demo's text8 lives: same origin, next to the page (see README "Static build"). */
export const TEXT8_URL = './data/text8.zip';

const TRAIN_KEYS = Object.keys(TRAIN_SETTINGS) as TrainSettingName[];

/** Hash keys that shape a word2vec run: a link with any of them offers "Start this run". */
export const RUN_KEYS: readonly ShareKey[] = ['corpus', 'corpusUrl', 'maxVocab', ...TRAIN_KEYS];

export function linkHasRun(present: readonly ShareKey[]): boolean {
  return present.some((k) => RUN_KEYS.includes(k));
}

/** The corpus source a share state names, or a problem for the user. */
export function corpusSourceOf(s: ShareState): { source: CorpusSource } | { problem: string } {
  if (s.corpus === 'sample') return { source: { kind: 'sample' } };
  if (s.corpus === 'text8') return { source: { kind: 'url', url: TEXT8_URL } };
  if (!/^https?:\/\//i.test(s.corpusUrl)) return { problem: 'The link names a corpus URL but no http(s) address (corpusUrl).' };
  return { source: { kind: 'url', url: s.corpusUrl } };
}

export function ingestSettingsOf(s: ShareState): IngestSettings {
  return { minCount: s.minCount, maxVocab: s.maxVocab > 0 ? s.maxVocab : undefined };
}

export function trainSettingsOf(s: ShareState): TrainSettings {
  const out = {} as TrainSettings;
  for (const k of TRAIN_KEYS) out[k] = s[k];
  return out;
}

function sameSource(a: CorpusSource, b: CorpusSource): boolean {
  if (a.kind === 'url' && b.kind === 'url') return a.url === b.url;
  return a.kind === b.kind && a.kind !== 'file';
}

/** A ready stored corpus made from the same source with the same min-count and max-vocab. */
export function findMatchingCorpus(corpora: readonly CorpusManifest[], source: CorpusSource, settings: IngestSettings): CorpusManifest | undefined {
  return corpora.find(
    (m) =>
      m.state === 'ready' &&
      sameSource(m.source, source) &&
      m.settings.minCount === settings.minCount &&
      (m.settings.maxVocab ?? 0) === (settings.maxVocab ?? 0),
  );
}

/** Share-state values describing a stored corpus; undefined for a local file (a link cannot carry it). */
export function shareOfCorpus(m: CorpusManifest): Pick<ShareState, 'corpus' | 'corpusUrl' | 'minCount' | 'maxVocab'> | undefined {
  const rest = { minCount: m.settings.minCount, maxVocab: m.settings.maxVocab ?? 0 };
  if (m.source.kind === 'sample') return { corpus: 'sample', corpusUrl: '', ...rest };
  if (m.source.kind === 'file') return undefined;
  if (m.source.url === TEXT8_URL) return { corpus: 'text8', corpusUrl: '', ...rest };
  return { corpus: 'url', corpusUrl: m.source.url, ...rest };
}
