import { describe, expect, it } from 'vitest';
import {
  classifierArgs,
  defaultShareState,
  modelParam,
  parseHash,
  serializeHash,
  vectorsParam,
  MAX_HASH,
  SHARE_SETTINGS,
} from '../../src/url-state';
import { TRAIN_SETTINGS } from '../../workers/settings';

describe('share links (URL hash state)', () => {
  it('writes nothing for defaults and parses an empty hash to defaults with no notices', () => {
    expect(serializeHash(defaultShareState())).toBe('');
    for (const h of ['', '#', '#&&']) {
      const p = parseHash(h);
      expect(p.state).toEqual(defaultShareState());
      expect(p.notices).toEqual([]);
    }
  });

  it('round-trips every kind of setting and writes only non-default values', () => {
    const s = defaultShareState();
    s.panel = 'explore';
    s.corpus = 'url';
    s.corpusUrl = 'https://example.org/a b.txt?x=1&y=2#frag';
    s.dim = 64;
    s.alpha = 0.05;
    s.seed = 42;
    s.bins = [2, 10, 100];
    s.split = 'random';
    s.featDomain = false;
    s.word = 'naïve café';
    const hash = serializeHash(s);
    expect(hash).not.toContain('window=');
    expect(hash).not.toContain('epochs=');
    const p = parseHash(hash);
    expect(p.notices).toEqual([]);
    expect(p.state).toEqual(s);
    expect(new Set(p.present)).toEqual(
      new Set(['panel', 'corpus', 'corpusUrl', 'dim', 'alpha', 'seed', 'bins', 'split', 'featDomain', 'word']),
    );
  });

  it('uses the engine table for training settings', () => {
    expect(SHARE_SETTINGS.dim).toBe(TRAIN_SETTINGS.dim);
    const p = parseHash(`#dim=${TRAIN_SETTINGS.dim.max + 1}`);
    expect(p.state.dim).toBe(TRAIN_SETTINGS.dim.default);
    expect(p.notices).toHaveLength(1);
  });

  it('ignores invalid values with one notice each and keeps the valid ones', () => {
    const p = parseHash('#dim=NaN&window=0&epochs=2.5&sample=1e400&negative=0x10&seed=7&panel=admin&featTime=yes&bins=5,3&split=');
    expect(p.state.seed).toBe(7);
    for (const k of ['dim', 'window', 'epochs', 'sample', 'negative', 'panel', 'featTime', 'bins', 'split'] as const) {
      expect(p.state[k]).toEqual(defaultShareState()[k]);
    }
    expect(p.notices).toHaveLength(9);
    expect(p.present).toEqual(['seed']);
  });

  it('ignores unknown keys, prototype keys and garbage without evaluating anything', () => {
    const p = parseHash('#__proto__=1&constructor=x&toString=1&%E0%A4%A=1&dim=%ZZ&alert(1)&dim=32');
    expect(p.state.dim).toBe(32);
    expect(Object.getPrototypeOf(p.state)).toBe(Object.prototype);
    expect(p.notices.length).toBe(6);
    expect(p.notices.every((n) => n.length < 200)).toBe(true);
  });

  it('refuses very long values and hashes', () => {
    const longWord = parseHash('#word=' + 'a'.repeat(5000));
    expect(longWord.state.word).toBe('');
    expect(longWord.notices[0]).toMatch(/too long/);
    const huge = parseHash('#dim=32&' + 'x'.repeat(MAX_HASH));
    expect(huge.state).toEqual(defaultShareState());
    expect(huge.notices).toHaveLength(1);
    const manyBins = parseHash('#bins=' + Array.from({ length: 50 }, (_, i) => i + 1).join(','));
    expect(manyBins.state.bins).toEqual(defaultShareState().bins);
  });

  it('rejects minAlpha above alpha as a pair', () => {
    const p = parseHash('#alpha=0.001&minAlpha=0.01');
    expect(p.state.alpha).toBe(TRAIN_SETTINGS.alpha.default);
    expect(p.state.minAlpha).toBe(TRAIN_SETTINGS.minAlpha.default);
    expect(p.notices).toHaveLength(1);
  });

  it('reads ?vectors= only as an http(s) URL', () => {
    expect(vectorsParam('?vectors=https%3A%2F%2Fx.org%2Fv.vec', 'https://a/')).toEqual({ url: 'https://x.org/v.vec' });
    expect(vectorsParam('?vectors=data%2Fv.vec', 'https://a/b/')).toEqual({ url: 'https://a/b/data/v.vec' });
    expect(vectorsParam('?vectors=javascript%3Aalert(1)', 'https://a/').notice).toMatch(/http/);
    expect(vectorsParam('', 'https://a/')).toEqual({});
    expect(modelParam('?model=https%3A%2F%2Fx.org%2Fm.json&vectors=v.vec', 'https://a/')).toEqual({ url: 'https://x.org/m.json' });
    expect(modelParam('?model=data%3Atext%2Fplain%2Cx', 'https://a/').notice).toMatch(/Ignored \?model: only http/);
  });

  it('defaults the classifier to order-of-magnitude bins and passes its settings on as hnClassify args', () => {
    const d = defaultShareState();
    expect(d.bins).toEqual([1, 10, 100, 1000]);
    expect(classifierArgs(d)).toEqual({
      bins: [1, 10, 100, 1000],
      seed: 1,
      split: 'time',
      testShare: 0.2,
      classWeights: false,
      groups: { title: true, time: true, domain: true, author: true, length: true, flags: true },
    });
    const p = parseHash('#bins=1,100&hnSeed=3&split=random&testShare=0.3&classWeights=1&featAuthor=0&featFlags=0');
    expect(p.notices).toEqual([]);
    expect(classifierArgs(p.state)).toMatchObject({
      bins: [1, 100],
      seed: 3,
      split: 'random',
      testShare: 0.3,
      classWeights: true,
      groups: { author: false, flags: false, title: true },
    });
  });

  it('does not write an emptied number input (null/NaN) into the link', () => {
    const s = { ...defaultShareState(), dim: null as unknown as number, window: NaN, seed: 9 };
    expect(serializeHash(s)).toBe('#seed=9');
  });
});
