import { describe, expect, it } from 'vitest';
import {
  corpusSourceOf,
  fileMismatch,
  findMatchingCorpus,
  wordsMismatch,
  ingestSettingsOf,
  linkHasRun,
  shareOfCorpus,
  trainSettingsOf,
  TEXT8_URL,
} from '../../src/run-offer';
import { defaultShareState, parseHash } from '../../src/url-state';
import type { CorpusManifest } from '../../workers/corpus/format';

function manifest(over: Partial<CorpusManifest>): CorpusManifest {
  return {
    id: 'c',
    name: 'n',
    source: { kind: 'sample' },
    settings: { minCount: 5 },
    state: 'ready',
    bytes: 1,
    tokens: 1,
    kept: 1,
    vocabSize: 1,
    chunkCount: 1,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

describe('"Start this run" from a share link', () => {
  it('offers a run only for links that carry corpus or training settings', () => {
    expect(linkHasRun(parseHash('#panel=explore&word=king&bins=1,100').present)).toBe(false);
    expect(linkHasRun(parseHash('#dim=32').present)).toBe(true);
    expect(linkHasRun(parseHash('#corpus=text8').present)).toBe(true);
    expect(linkHasRun(parseHash('#minCount=3').present)).toBe(true);
  });

  it('maps the link to a source, ingest settings and training settings', () => {
    const p = parseHash('#corpus=url&corpusUrl=https%3A%2F%2Fx.org%2Fc.zip&minCount=3&maxVocab=500&dim=16&epochs=1&seed=7');
    expect(corpusSourceOf(p.state)).toEqual({ source: { kind: 'url', url: 'https://x.org/c.zip' } });
    expect(ingestSettingsOf(p.state)).toEqual({ minCount: 3, maxVocab: 500 });
    expect(trainSettingsOf(p.state)).toEqual({
      model: 'skipgram',
      minCount: 3,
      dim: 16,
      window: 5,
      negative: 5,
      sample: 1e-3,
      alpha: 0.025,
      minAlpha: 0.0001,
      epochs: 1,
      seed: 7,
    });
    expect(corpusSourceOf(parseHash('#corpus=text8').state)).toEqual({ source: { kind: 'url', url: TEXT8_URL } });
    expect(ingestSettingsOf(defaultShareState())).toEqual({ minCount: 5, maxVocab: undefined });
  });

  it('never fetches a non-http corpus URL from a link', () => {
    for (const u of ['', 'javascript:alert(1)', 'file:///etc/passwd', 'data:text/plain,a']) {
      const s = { ...defaultShareState(), corpus: 'url' as const, corpusUrl: u };
      expect(corpusSourceOf(s)).toHaveProperty('problem');
    }
  });

  it('reuses a ready stored corpus only when source, min-count and max-vocab all match', () => {
    const list = [
      manifest({ id: 'ingesting', state: 'ingesting' }),
      manifest({ id: 'mc3', settings: { minCount: 3 } }),
      manifest({ id: 'mv', settings: { minCount: 5, maxVocab: 100 } }),
      manifest({ id: 'file', source: { kind: 'file', name: 'x.txt' } }),
      manifest({ id: 'sample5' }),
      manifest({ id: 'text8', source: { kind: 'url', url: TEXT8_URL } }),
    ];
    expect(findMatchingCorpus(list, { kind: 'sample' }, { minCount: 5 })?.id).toBe('sample5');
    expect(findMatchingCorpus(list, { kind: 'sample' }, { minCount: 5, maxVocab: 100 })?.id).toBe('mv');
    expect(findMatchingCorpus(list, { kind: 'sample' }, { minCount: 3 })?.id).toBe('mc3');
    expect(findMatchingCorpus(list, { kind: 'sample' }, { minCount: 2 })).toBeUndefined();
    expect(findMatchingCorpus(list, { kind: 'url', url: TEXT8_URL }, { minCount: 5 })?.id).toBe('text8');
    expect(findMatchingCorpus(list, { kind: 'url', url: 'https://other/' }, { minCount: 5 })).toBeUndefined();
  });

  it('describes a picked corpus for the link: its source and word count; a local file by name and size', () => {
    expect(shareOfCorpus(manifest({ settings: { minCount: 2, maxVocab: 9 }, tokens: 1234 }))).toEqual({
      corpus: 'sample',
      corpusUrl: '',
      corpusFile: '',
      corpusBytes: 0,
      corpusWords: 1234,
      minCount: 2,
      maxVocab: 9,
    });
    expect(shareOfCorpus(manifest({ source: { kind: 'url', url: TEXT8_URL } }))?.corpus).toBe('text8');
    expect(shareOfCorpus(manifest({ source: { kind: 'url', url: 'https://x/c.gz' } }))).toMatchObject({
      corpus: 'url',
      corpusUrl: 'https://x/c.gz',
    });
    expect(shareOfCorpus(manifest({ source: { kind: 'file', name: 'a.txt' }, inputBytes: 4096, tokens: 700 }))).toMatchObject({
      corpus: 'file',
      corpusFile: 'a.txt',
      corpusBytes: 4096,
      corpusWords: 700,
    });
  });

  it('a link to a local file asks for that file (by name and size) and never names another source', () => {
    const p = parseHash('#corpus=file&corpusFile=text8-prefix.zip&corpusBytes=12500000&corpusWords=2139748&dim=64');
    expect(corpusSourceOf(p.state)).toEqual({ file: { name: 'text8-prefix.zip', bytes: 12_500_000 } });
    expect(corpusSourceOf(parseHash('#corpus=file').state)).toHaveProperty('problem');
    expect(fileMismatch({ name: 'a.zip', bytes: 10 }, { name: 'a.zip', size: 10 })).toBeUndefined();
    expect(fileMismatch({ name: 'a.zip', bytes: 10 }, { name: 'b.zip', size: 10 })).toMatch(/"b\.zip".*"a\.zip"/);
    expect(fileMismatch({ name: 'a.zip', bytes: 10 }, { name: 'a.zip', size: 11 })).toMatch(/11 bytes.*10 bytes/);
    expect(wordsMismatch(p.state, manifest({ tokens: 2_139_748 }))).toBeUndefined();
    expect(wordsMismatch(p.state, manifest({ name: 'Brown', tokens: 1_000 }))).toMatch(/"Brown" has 1,000 words.*2,139,748 words/);
    expect(wordsMismatch(defaultShareState(), manifest({ tokens: 5 }))).toBeUndefined(); // the link does not say
    // A stored copy of the file counts only with the same name, size and word count.
    const stored = [manifest({ id: 'f', source: { kind: 'file', name: 'text8-prefix.zip' }, inputBytes: 12_500_000, tokens: 2_139_748 })];
    const src = { kind: 'file', name: 'text8-prefix.zip' } as const;
    expect(findMatchingCorpus(stored, src, { minCount: 5 }, { words: 2_139_748, bytes: 12_500_000 })?.id).toBe('f');
    expect(findMatchingCorpus(stored, src, { minCount: 5 }, { words: 2_139_749, bytes: 12_500_000 })).toBeUndefined();
    expect(findMatchingCorpus(stored, src, { minCount: 5 }, { words: 2_139_748, bytes: 1 })).toBeUndefined();
  });
});
