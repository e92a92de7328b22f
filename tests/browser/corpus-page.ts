// Test corpora written straight into IndexedDB through tests/browser/pages/train-corpus.html
// (test-only: the shipped path is the ingest command), so trainer tests do not depend on ingest.
import type { Page } from 'playwright-core';
import type { CorpusManifest } from '../../workers/corpus/format';

export type TestCorpus =
  /** Zipf-distributed letters-only words, deterministic. */
  | { id: string; tokens: number; vocab: number }
  /** Text in text8 form, counted at `minCount`. */
  | { id: string; text: string; minCount: number }
  /** The first `chars` characters of the bundled sample (public/sample/brown.txt). */
  | { id: string; sampleChars: number; minCount: number };

type CorpusWindow = {
  saveSyntheticCorpus(id: string, tokens: number, vocab: number): Promise<CorpusManifest>;
  saveTextCorpus(id: string, text: string, minCount: number): Promise<CorpusManifest>;
};

/** Opens the corpus test page in `page` and stores each corpus; the page is left there. */
export async function seedCorpora(page: Page, appUrl: string, corpora: TestCorpus[]): Promise<void> {
  await page.goto(`${appUrl}tests/browser/pages/train-corpus.html`);
  await page.waitForFunction(() => 'saveSyntheticCorpus' in window, null, { timeout: 120_000 });
  for (const c of corpora) {
    await page.evaluate(async (c) => {
      const w = window as unknown as CorpusWindow;
      if ('tokens' in c) await w.saveSyntheticCorpus(c.id, c.tokens, c.vocab);
      else if ('text' in c) await w.saveTextCorpus(c.id, c.text, c.minCount);
      else await w.saveTextCorpus(c.id, (await (await fetch('/sample/brown.txt')).text()).slice(0, c.sampleChars), c.minCount);
    }, c);
  }
}
