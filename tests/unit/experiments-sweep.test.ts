import { describe, expect, it } from 'vitest';
import {
  hnArgsOf,
  hnSweepOrThrow,
  planHnSweep,
  planTrainSweep,
  randomSweepText,
  sweepLink,
  sweepToString,
  trainSweepOrThrow,
} from '../../workers/experiments/sweep-plan';
import { parseSweep } from '../../workers/experiments/sweep-syntax';
import { TRAIN_SWEEP_SETTINGS } from '../../workers/experiments/sweep-plan';
import { LabError } from '../../workers/errors';

describe('grid sweeps', () => {
  it('expand to the cartesian product in the order written (first setting slowest)', () => {
    const p = planTrainSweep('window=2,5;dim=50,100');
    expect(p.problems).toEqual([]);
    expect(p.runs).toEqual([
      { window: 2, dim: 50 },
      { window: 2, dim: 100 },
      { window: 5, dim: 50 },
      { window: 5, dim: 100 },
    ]);
    expect(planTrainSweep('dim=50,100;window=2,5').runs[1]).toEqual({ dim: 50, window: 5 });
  });

  it('read every settable name (runner flag spellings too), the trainer and max vocabulary', () => {
    const p = planTrainSweep(
      'min-alpha=0.0001;minCount=3;negative=5,10;sample=1e-4;epochs=1;seed=1,2,3;max-vocab=20000;trainer=cpu,gpu;alpha=0.05;dim=16;window=3',
    );
    expect(p.problems).toEqual([]);
    expect(p.runs).toHaveLength(12);
    expect(p.runs[0]).toEqual({
      minAlpha: 0.0001,
      minCount: 3,
      negative: 5,
      sample: 1e-4,
      epochs: 1,
      seed: 1,
      maxVocab: 20000,
      trainer: 'cpu',
      alpha: 0.05,
      dim: 16,
      window: 3,
    });
    expect(p.runs[11]).toMatchObject({ negative: 10, seed: 3, trainer: 'gpu' });
  });

  it('a trailing semicolon and spaces are fine', () => {
    expect(planTrainSweep(' window = 2 , 5 ; ').runs).toEqual([{ window: 2 }, { window: 5 }]);
  });
});

describe('random sweeps', () => {
  const text = 'random 40 seed 3;alpha=0.001:0.1;window=2:10;sample=0.001:0.005;trainer=cpu,gpu';

  it('draw N runs inside the ranges, integers for integer settings, deterministic per seed', () => {
    const p = planTrainSweep(text);
    expect(p.problems).toEqual([]);
    expect(p.runs).toHaveLength(40);
    for (const r of p.runs) {
      expect(r.alpha).toBeGreaterThanOrEqual(0.001);
      expect(r.alpha).toBeLessThanOrEqual(0.1);
      expect(Number.isInteger(r.window)).toBe(true);
      expect(r.window).toBeGreaterThanOrEqual(2);
      expect(r.window).toBeLessThanOrEqual(10);
      expect(r.sample).toBeGreaterThanOrEqual(0.001);
      expect(r.sample).toBeLessThanOrEqual(0.005);
      expect(['cpu', 'gpu']).toContain(r.trainer);
    }
    expect(planTrainSweep(text).runs).toEqual(p.runs);
    expect(planTrainSweep(text.replace('seed 3', 'seed 4')).runs).not.toEqual(p.runs);
    // Both ends of an integer range and both trainers turn up in 40 draws.
    expect(new Set(p.runs.map((r) => r.trainer)).size).toBe(2);
    expect(new Set(p.runs.map((r) => r.window)).size).toBeGreaterThanOrEqual(7);
  });

  it('draws a range spanning ≥ 10× log-uniformly (alpha), a narrower one uniformly (sample)', () => {
    const runs = planTrainSweep('random 64 seed 1;alpha=0.001:0.1;sample=0.001:0.005').runs;
    // Log-uniform on 0.001–0.1: about half the draws below the geometric middle 0.01 (uniform: ~9%).
    const low = runs.filter((r) => (r.alpha ?? 0) < 0.01).length / runs.length;
    expect(low).toBeGreaterThan(0.3);
    expect(low).toBeLessThan(0.7);
    // Uniform on 0.001–0.005: about half below the arithmetic middle 0.003.
    const mid = runs.filter((r) => (r.sample ?? 0) < 0.003).length / runs.length;
    expect(mid).toBeGreaterThan(0.3);
    expect(mid).toBeLessThan(0.7);
  });

  it('takes "random N" and "seed S" as separate clauses, and the runner\'s flags as one text', () => {
    expect(planTrainSweep('random 5;seed 3;window=2:10').runs).toEqual(planTrainSweep('random 5 seed 3;window=2:10').runs);
    expect(planTrainSweep(randomSweepText(5, 3, 'window=2:10')).runs).toEqual(planTrainSweep('random 5 seed 3;window=2:10').runs);
  });

  it("checks every drawn run with the settings' validation (minAlpha above alpha)", () => {
    const p = planTrainSweep('random 10 seed 1;alpha=0.001:0.002;minAlpha=0.0015');
    expect(p.runs).toEqual([]);
    expect(p.problems.join('\n')).toMatch(/run \d+ \(alpha=0\.001\d*, minAlpha=0\.0015\): minAlpha \(0\.0015\) must not exceed alpha/);
  });
});

describe('refusals: every problem in one message, before anything starts', () => {
  it('lists unknown names with the closest one, bad values, empty lists, lo > hi and too many runs together', () => {
    const p = planTrainSweep('windw=2,5;dim=0,100;negative=;epochs=3,,4;trainer=tpu;dim=5');
    expect(p.runs).toEqual([]);
    const all = p.problems.join('\n');
    expect(all).toMatch(/unknown setting "windw" \(did you mean "window"\?\)/);
    expect(all).toMatch(/dim must be between 1 and 1024 \(got 0\)/);
    expect(all).toMatch(/negative: empty list/);
    expect(all).toMatch(/epochs: empty value/);
    expect(all).toMatch(/trainer must be one of auto, gpu, cpu \(got "tpu"\)/);
    expect(all).toMatch(/dim is given twice/);
    expect(p.problems).toHaveLength(6);
    try {
      trainSweepOrThrow('windw=2,5;dim=0,100;negative=;epochs=3,,4;trainer=tpu;dim=5');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LabError);
      expect((e as LabError).code).toBe('bad-input');
      expect((e as LabError).message).toMatch(/^sweep refused \(6 problems\): .*windw.*dim must.*negative.*epochs.*tpu.*twice/);
    }
  });

  it('refuses a grid over 64 runs, saying how it counted', () => {
    const p = planTrainSweep('window=1,2,3,4,5;dim=10,20,30,40;negative=1,2,3,4');
    expect(p.problems).toEqual(['the grid has 80 runs (5 × 4 × 4); at most 64']);
    expect(planTrainSweep('window=1,2,3,4;dim=10,20,30,40;negative=1,2,3,4').runs).toHaveLength(64);
  });

  it('refuses N < 1, N > 64, a range with lo > hi, a range in a grid, a range of a list-only setting', () => {
    expect(planTrainSweep('random 0;window=2:4').problems).toEqual([expect.stringMatching(/random N .* from 1 to 64 \(got "0"\)/)]);
    expect(planTrainSweep('random 65;window=2:4').problems).toEqual([expect.stringMatching(/from 1 to 64 \(got "65"\)/)]);
    expect(planTrainSweep('random 2.5;window=2:4').problems).toHaveLength(1);
    expect(planTrainSweep('random 4;window=9:3').problems).toEqual(['window: range 9:3 has lo > hi']);
    expect(planTrainSweep('random 4;window=3:').problems).toEqual(['window: a range is lo:hi (got "3:")']);
    expect(planTrainSweep('random 4;alpha=0.01:2').problems).toEqual([expect.stringMatching(/alpha must be between .* and 1 \(got 2\)/)]);
    expect(planTrainSweep('window=2:10').problems).toEqual([expect.stringMatching(/a range needs a random search/)]);
    expect(planTrainSweep('random 4;trainer=cpu:gpu').problems).toEqual([expect.stringMatching(/trainer takes a list/)]);
  });

  it('refuses an empty sweep, a search seed without random, and a random search with nothing to vary', () => {
    expect(planTrainSweep('').problems).toEqual([expect.stringMatching(/empty sweep/)]);
    expect(planTrainSweep('seed 3;window=2,5').problems).toEqual([expect.stringMatching(/seeds a random search/)]);
    expect(planTrainSweep('random 3 seed 1').problems).toEqual([expect.stringMatching(/needs at least one range/)]);
    expect(planTrainSweep('window 2,5').problems).toEqual([expect.stringMatching(/cannot read "window 2,5"/)]);
    expect(planTrainSweep('random 0').problems).toHaveLength(2);
  });
});

describe('HN model sweeps', () => {
  it('an ablation is a sweep: groups on/off, class weights, seeds → hnClassify args', () => {
    const runs = hnSweepOrThrow('title=on,off;class-weights=0,1;seed=1,2');
    expect(runs).toHaveLength(8);
    expect(runs[0]).toEqual({ title: true, classWeights: false, seed: 1 });
    expect(runs[7]).toEqual({ title: false, classWeights: true, seed: 2 });
    expect(hnArgsOf(runs[7], { groups: { author: false } })).toEqual({
      groups: { author: false, title: false },
      classWeights: true,
      seed: 2,
    });
    expect(hnArgsOf({ finetune: true, maxEpochs: 3, patience: 2 })).toEqual({ finetune: true, maxEpochs: 3, patience: 2 });
  });

  it('refuses runs that switch every group off or fine-tune without titles, and bad values', () => {
    const off = 'title=off;time=off;domain=off;author=off;length=off;flags=on,off';
    expect(planHnSweep(off).problems).toEqual([expect.stringMatching(/^run 2 \(.*flags=off\): every feature group is off$/)]);
    expect(planHnSweep('title=off;finetune=on').problems).toEqual([expect.stringMatching(/fine-tuning needs the title group/)]);
    expect(planHnSweep('flags=off', { title: false, time: false, domain: false, author: false, length: false }).problems).toHaveLength(1);
    const bad = planHnSweep('titel=on;seed=-1;maxEpochs=0;classWeights=maybe').problems.join('\n');
    expect(bad).toMatch(/"titel" \(did you mean "title"\?\)/);
    expect(bad).toMatch(/seed must be between 0/);
    expect(bad).toMatch(/maxEpochs must be between 1 and 500/);
    expect(bad).toMatch(/classWeights must be on or off/);
    expect(() => hnSweepOrThrow('titel=on')).toThrow(LabError);
  });
});

describe('link form', () => {
  it('round-trips grids, random searches and HN sweeps through the compact string', () => {
    for (const [text, kind] of [
      ['window=2,5;dim=50,100', 'train'],
      ['random 12 seed 7;alpha=0.01:0.05;window=2:10;trainer=cpu,gpu;sample=1e-5:0.01', 'train'],
      ['title=on,off;classWeights=off,on;seed=1,2,3', 'hn'],
    ] as const) {
      const link = sweepLink(text, kind);
      expect(link).toBeDefined();
      const back = kind === 'train' ? planTrainSweep(link ?? '') : planHnSweep(link ?? '');
      const orig = kind === 'train' ? planTrainSweep(text) : planHnSweep(text);
      expect(back.spec).toEqual(orig.spec);
      expect(back.runs).toEqual(orig.runs);
      expect(sweepLink(link ?? '', kind)).toBe(link); // canonical: writing it again changes nothing
    }
    expect(sweepLink(' min-alpha = 0.0001 ; window=2,5 ;', 'train')).toBe('minAlpha=0.0001;window=2,5');
    expect(sweepLink('random 3;seed 9;window=2:4', 'train')).toBe('random 3 seed 9;window=2:4');
    expect(sweepLink('windw=2', 'train')).toBeUndefined();
  });

  it('survives the URL hash (encodeURIComponent / decodeURIComponent)', () => {
    const spec = parseSweep('random 5 seed 2;alpha=0.01:0.05;dim=50,100', TRAIN_SWEEP_SETTINGS).spec;
    expect(spec).toBeDefined();
    const s = sweepToString(spec!);
    const hash = `#sweep=${encodeURIComponent(s)}`;
    expect(parseSweep(decodeURIComponent(hash.slice('#sweep='.length)), TRAIN_SWEEP_SETTINGS).spec).toEqual(spec);
  });
});
