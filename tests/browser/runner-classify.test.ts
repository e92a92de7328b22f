// The runner's `classify` trains its own title vectors when given --corpus and the training
// flags instead of --vectors (the issue's `[--vectors F | training flags]`), end to end through
// `npm run lab`'s entry: its own server, headless Chromium, the engine.
import { describe, expect, it } from 'vitest';
import { sharedData } from '../shared-data';
import { runLab as lab } from './run-lab';

describe('runner: classify with vectors trained in the same run', () => {
  it('trains vectors on --corpus with the training flags, then the classifier uses them', async () => {
    const hn = sharedData('hn-posts-2015-2016.csv');
    // The CSV itself as the corpus: normalised like text8, its titles, domains and authors are words.
    const r = await lab([
      'classify',
      '--train',
      hn,
      '--test',
      hn,
      '--corpus',
      hn,
      '--epochs',
      '1',
      '--dim',
      '8',
      '--min-count',
      '3',
      '--max-epochs',
      '2',
    ]);
    expect(r.code).toBe(0);
    const v = r.last.vectors as { epochs: number; dim: number; vocab: number; words: number };
    expect(v).toMatchObject({ epochs: 1, dim: 8 });
    expect(v.vocab).toBeGreaterThan(1000);
    const rows = r.last.rows as { train: number; test: number };
    expect(rows.train + rows.test).toBe(16_000);
    const b = r.last.baselines as { titleLogreg: { features: string } };
    expect(b.titleLogreg.features).toBe('title vectors');
    expect(r.last.oovShare).toBeLessThan(0.2);
  }, 300_000);

  it('refuses --vectors together with --corpus', async () => {
    const hn = sharedData('hn-posts-2015-2016.csv');
    const r = await lab(['classify', '--train', hn, '--vectors', 'x.vec', '--corpus', hn]);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toMatch(/not both/);
  }, 120_000);
});
