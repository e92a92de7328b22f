// The architecture setting (`model: skipgram | cbow`) wherever a run's settings travel: validation,
// share links, sweeps, checkpoints (resume keeps the model),
// the Runs table and the gensim script.
import { describe, expect, it } from 'vitest';
import { defaultTrainSettings, modelOf, validateTrainSettings } from '../../workers/settings';
import { defaultShareState, parseHash, serializeHash } from '../../src/url-state';
import { trainSettingsOf } from '../../src/run-offer';
import { planTrainSweep } from '../../workers/experiments/sweep-plan';
import { sameSettings } from '../../workers/train/checkpoint';
import { gensimArgs } from '../../workers/experiments/gensim-script';
import { columnsOf, rowOf } from '../../src/panels/runs/table-model';
import type { ListedRun } from '../../workers/runs/commands';

describe('the model setting', () => {
  it('defaults to skip-gram; settings from before CBOW read as skip-gram; anything else is refused', () => {
    expect(defaultTrainSettings().model).toBe('skipgram');
    expect(modelOf({})).toBe('skipgram');
    expect(modelOf({ model: 'cbow' })).toBe('cbow');
    expect(validateTrainSettings({ ...defaultTrainSettings(), model: 'cbow' })).toEqual([]);
    expect(validateTrainSettings({ ...defaultTrainSettings(), model: 'glove' as never })).toEqual([
      'model must be one of skipgram, cbow (got glove)',
    ]);
  });

  it('round-trips in a share link, is left out at its default, and an unknown value is dropped with a notice', () => {
    const s = defaultShareState();
    expect(serializeHash(s)).not.toContain('model=');
    s.model = 'cbow';
    s.dim = 50;
    const hash = serializeHash(s);
    expect(hash).toContain('model=cbow');
    const p = parseHash(hash);
    expect(p.notices).toEqual([]);
    expect(p.state).toEqual(s);
    expect(p.present).toContain('model');
    expect(trainSettingsOf(p.state)).toMatchObject({ model: 'cbow', dim: 50 });
    const bad = parseHash('#model=glove&dim=50');
    expect(bad.state.model).toBe('skipgram');
    expect(bad.state.dim).toBe(50);
    expect(bad.notices.join(' ')).toMatch(/model must be one of skipgram, cbow/);
  });

  it('a sweep may vary it (model=skipgram,cbow) and a bad value is refused', () => {
    const p = planTrainSweep('model=skipgram,cbow;window=2,5');
    expect(p.problems).toEqual([]);
    expect(p.runs).toEqual([
      { model: 'skipgram', window: 2 },
      { model: 'skipgram', window: 5 },
      { model: 'cbow', window: 2 },
      { model: 'cbow', window: 5 },
    ]);
    expect(planTrainSweep('model=cbow,glove').problems.join(' ')).toMatch(/glove/);
  });

  it('a checkpoint continues only with its own model (one from before CBOW is a skip-gram run)', () => {
    const sg = defaultTrainSettings();
    const cbow = { ...sg, model: 'cbow' as const };
    expect(sameSettings(sg, sg)).toBe(true);
    expect(sameSettings(sg, cbow)).toBe(false);
    expect(sameSettings(cbow, sg)).toBe(false);
    const { model: _none, ...old } = sg;
    expect(sameSettings(old as typeof sg, sg)).toBe(true);
    expect(sameSettings(old as typeof sg, cbow)).toBe(false);
  });

  it('the Runs table has an architecture column when runs differ in it, and the gensim script sets sg', () => {
    const rec = (id: string, settings: object): ListedRun =>
      ({
        kind: 'w2v',
        id,
        name: id,
        state: 'finished',
        tags: [],
        startedAt: 0,
        settings,
        trainer: 'auto',
        scores: { analogy: {}, pairs: {} },
      }) as unknown as ListedRun;
    const rows = [rec('a', { ...defaultTrainSettings(), model: 'cbow' }), rec('b', { dim: 100 })]; // b: a record from before CBOW
    expect(rows.map((r) => rowOf(r).cells['s.model'])).toEqual(['CBOW', 'skip-gram']);
    const col = columnsOf(rows.map(rowOf), []).find((c) => c.key === 's.model');
    expect(col).toMatchObject({ label: 'architecture', group: 'setting', type: 'text' });
    const sg = (settings: ReturnType<typeof defaultTrainSettings>): string | undefined =>
      gensimArgs({ settings, corpus: { kind: 'sample' } }).find(([k]) => k === 'sg')?.[1];
    expect(sg({ ...defaultTrainSettings(), model: 'cbow' })).toBe('0');
    expect(sg(defaultTrainSettings())).toBe('1');
  });
});
