// The runner's `train --model`: CBOW trains end to end on a small file (one example per kept centre
// word, so far fewer pairs per word than skip-gram) and says so in its result; an unknown model is
// refused before anything is ingested.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLab as lab } from './run-lab';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'runner-cbow-'));
  // The sample the app bundles (global setup builds it), cut to 300k characters: a quick corpus.
  writeFileSync(join(dir, 'brown.txt'), readFileSync('public/sample/brown.txt', 'utf8').slice(0, 300_000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runner: train --model', () => {
  it('refuses an unknown model before anything starts', async () => {
    const r = await lab(['train', '--corpus', join(dir, 'brown.txt'), '--model', 'glove']);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toMatch(/model must be one of skipgram, cbow \(got glove\)/);
    expect(r.stderr).not.toMatch(/ingesting/);
  }, 120_000);

  it('trains CBOW: the result names it, with about one example per kept word', async () => {
    const flags = ['--corpus', join(dir, 'brown.txt'), '--epochs', '1', '--dim', '16', '--trainer', 'cpu', '--min-count', '2'];
    const cbow = await lab(['train', ...flags, '--model', 'cbow']);
    expect(cbow.code, cbow.line).toBe(0);
    expect(cbow.last.model).toBe('cbow');
    const perWord = (r: typeof cbow): number => (r.last.pairsPerSec as number) / (r.last.wordsPerSec as number);
    // skip-gram trains ~2·E[r] ≈ 6 pairs per kept word at window 5; CBOW one (fewer words are kept than read)
    expect(perWord(cbow)).toBeLessThan(1);
    expect(perWord(cbow)).toBeGreaterThan(0.2);
    expect(Number.isFinite(cbow.last.finalLoss as number)).toBe(true);
  }, 300_000);
});
