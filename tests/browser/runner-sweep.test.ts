// The runner's `sweep` as a user runs it: a grid over the bundled sample's text (a local file),
// each run trained and scored on an analogy file, the last line naming the best; a bad grid
// refused with every problem before anything starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab as lab } from './run-lab';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-sweep-'));
  // The sample the app bundles (global setup builds it), cut to 600k characters: a quick corpus.
  writeFileSync(join(dir, 'brown.txt'), readFileSync('public/sample/brown.txt', 'utf8').slice(0, 600_000));
  writeFileSync(
    join(dir, 'q.txt'),
    ': family\nman woman king queen\nboy girl father mother\n: plural\nyear years day days\nman men woman women\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runner: sweep', () => {
  it('trains and scores each run of a grid and names the best', async () => {
    const r = await lab([
      'sweep',
      '--corpus',
      join(dir, 'brown.txt'),
      '--grid',
      'window=2,4',
      '--epochs',
      '1',
      '--dim',
      '16',
      '--trainer',
      'cpu',
      '--eval-analogies',
      join(dir, 'q.txt'),
    ]);
    expect(r.code).toBe(0);
    const runs = r.last.runs as {
      settings: { window: number; dim: number; epochs: number };
      analogy: number;
      wordsPerSec: number;
      finalLoss: number;
      adapter: string;
    }[];
    expect(runs.map((x) => x.settings.window)).toEqual([2, 4]);
    for (const x of runs) {
      expect(x.settings).toMatchObject({ dim: 16, epochs: 1 });
      expect(x.analogy).toBeGreaterThanOrEqual(0);
      expect(x.analogy).toBeLessThanOrEqual(1);
      expect(x.wordsPerSec).toBeGreaterThan(0);
      expect(Number.isFinite(x.finalLoss)).toBe(true);
      expect(x.adapter).toMatch(/^cpu · WebAssembly SIMD( · \d+ threads)?$/);
    }
    const best = r.last.best as { index: number; by: string; value: number };
    expect(best.by).toBe('analogy');
    expect(best.value).toBe(Math.max(...runs.map((x) => x.analogy)));
    expect(runs[best.index].analogy).toBe(best.value);
    // One progress line per run on stderr.
    expect(r.stderr.match(/^run \d of 2/gm)).toEqual(['run 1 of 2', 'run 2 of 2']);
  }, 400_000);

  it('refuses a bad grid with every problem at once', async () => {
    const r = await lab(['sweep', '--corpus', join(dir, 'brown.txt'), '--grid', 'windw=2;dim=0,8']);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toMatch(/windw[\s\S]*dim/);
    expect(r.stderr).not.toMatch(/ingesting/);
  }, 120_000);
});
