import { describe, expect, it } from 'vitest';
import { corpusSourceOf, findMatchingCorpus, ingestSettingsOf, linkHasRun, shareOfCorpus, trainSettingsOf, TEXT8_URL } from '../../src/run-offer';
import { defaultShareState, parseHash } from '../../src/url-state';
import type { CorpusManifest } from '../../workers/corpus/format';

function manifest(over: Partial<CorpusManifest>): CorpusManifest {
  return {
    id: 'c', name: 'n', source: { kind: 'sample' }, settings: { minCount: 5 }, state: 'ready', bytes: 1, tokens: 1, kept: 1,
    vocabSize: 1, chunkCount: 1, createdAt: 0, updatedAt: 0, ...over,
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
    expect(trainSettingsOf(p.state)).toEqual({ minCount: 3, dim: 16, window: 5, negative: 5, sample: 1e-3, alpha: 0.025, minAlpha: 0.0001, epochs: 1, seed: 7 });
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

  it('describes a picked corpus for the link, except a local file', () => {
    expect(shareOfCorpus(manifest({ settings: { minCount: 2, maxVocab: 9 } }))).toEqual({ corpus: 'sample', corpusUrl: '', minCount: 2, maxVocab: 9 });
    expect(shareOfCorpus(manifest({ source: { kind: 'url', url: TEXT8_URL } }))?.corpus).toBe('text8');
    expect(shareOfCorpus(manifest({ source: { kind: 'url', url: 'https://x/c.gz' } }))).toMatchObject({ corpus: 'url', corpusUrl: 'https://x/c.gz' });
    expect(shareOfCorpus(manifest({ source: { kind: 'file', name: 'a.txt' } }))).toBeUndefined();
  });
});
