// The Explore panel's issue-15 tests: toy vector files, their import through the panel's own file
// input, locators per card, and gensim's most_similar computed here in plain loops to compare with.
import type { Locator, Page } from 'playwright-core';

export interface Toy {
  words: string[];
  /** [words, dim] rows */
  rows: number[][];
}

/** king − man + woman ≈ queen, the fruit on their own axis (as explore-import.test.ts), then `extra` seeded random words. */
export function toyVectors(extra = 0, dim = 3, seed = 7): Toy {
  const base: [string, number[]][] = [
    ['man', [1, 0, 0]],
    ['woman', [1, 0.2, 0]],
    ['king', [1, 1, 0]],
    ['queen', [1, 1.2, 0]],
    ['apple', [0, 0, 1]],
    ['pear', [0.05, 0, 1]],
  ];
  let s = seed >>> 0;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  const words = base.map(([w]) => w);
  const rows = base.map(([, r]) => [...r, ...Array.from({ length: dim - 3 }, () => 0)]);
  for (let i = 0; i < extra; i++) {
    words.push(`r${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26) || ''}`);
    rows.push(Array.from({ length: dim }, rnd));
  }
  return { words, rows };
}

/** The .vec text of a toy set (header, then a word and its values a line). */
export const vecText = (t: Toy): string =>
  `${t.words.length} ${t.rows[0].length}\n` + t.words.map((w, i) => `${w} ${t.rows[i].join(' ')}`).join('\n') + '\n';

/** gensim's most_similar(positive, negative, topn): 3CosAdd over unit rows, the query words excluded. */
export function mostSimilar(t: Toy, positive: string[], negative: string[], topn: number): { word: string; score: number }[] {
  const unit = t.rows.map((r) => {
    const n = Math.hypot(...r);
    return r.map((x) => x / n);
  });
  const id = (w: string): number => t.words.indexOf(w);
  const mean = unit[0].map((_, d) =>
    [...positive.map((w) => unit[id(w)][d]), ...negative.map((w) => -unit[id(w)][d])].reduce((a, b) => a + b, 0),
  );
  const norm = Math.hypot(...mean);
  const q = mean.map((x) => x / norm);
  const skip = new Set([...positive, ...negative]);
  return unit
    .map((r, i) => ({ word: t.words[i], score: r.reduce((a, x, d) => a + x * q[d], 0) }))
    .filter((x) => !skip.has(x.word))
    .sort((a, b) => b.score - a.score)
    .slice(0, topn);
}

/** A card of the Explore panel by the control it holds (so the locators read the page before issue 15 too). */
const CARD_CONTROL = {
  neighbours: { role: 'button', name: 'Search' },
  similarity: { role: 'button', name: 'Compare' },
  analogy: { role: 'button', name: 'Solve' },
  evaluate: { role: 'button', name: 'Evaluate files' },
  import: { role: 'button', name: 'Import' },
} as const;
export type CardId = keyof typeof CARD_CONTROL | 'vector-set';

export class ExploreCards {
  constructor(readonly page: Page) {}
  get panel(): Locator {
    return this.page.locator('#panel-explore');
  }
  card(id: CardId): Locator {
    if (id === 'vector-set')
      return this.panel.locator('div.card').filter({ has: this.page.locator('label', { hasText: /^\s*Vector set/ }) });
    const c = CARD_CONTROL[id];
    return this.panel.locator('div.card').filter({ has: this.page.getByRole(c.role, { name: c.name, exact: true }) });
  }
  /** The error lines shown in a card. */
  errors(id: CardId): Locator {
    return this.card(id).locator('[role=alert]');
  }

  async open(): Promise<void> {
    await this.page.locator('#tab-explore').click();
  }

  /** The vector-set picker. */
  get picker(): Locator {
    return this.card('vector-set')
      .locator('label', { hasText: /^\s*Vector set/ })
      .locator('select');
  }
  /** The vector-set picker's option texts. */
  options(): Promise<string[]> {
    return this.picker.locator('option').allTextContents();
  }

  /** Imports a file through the Import card's file input; waits until the new set is listed. */
  async importFile(name: string, body: string | Buffer): Promise<void> {
    const card = this.card('import');
    const before = (await this.options()).length;
    await card.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(body) });
    await card.getByRole('button', { name: 'Import', exact: true }).click();
    await this.picker.locator('option').nth(before).waitFor({ state: 'attached', timeout: 120_000 });
  }

  /** The neighbour list's words and the numbers shown beside them. */
  async neighbours(): Promise<{ word: string; value: number }[]> {
    return (await this.card('neighbours').locator('ol.neighbours li').allTextContents()).map((t) => {
      const [word, value] = t.trim().split(/\s+/);
      return { word, value: Number(value) };
    });
  }

  /** Types a word and presses Search (the caller waits for the answer or the error it expects). */
  async search(word: string): Promise<void> {
    const card = this.card('neighbours');
    await card.getByLabel('Word', { exact: true }).fill(word);
    await card.getByRole('button', { name: 'Search', exact: true }).click();
  }

  /** Waits until the neighbour list's first word is `first`. */
  async answered(first: string): Promise<void> {
    await this.card('neighbours').locator('ol.neighbours li').first().filter({ hasText: first }).waitFor({ timeout: 120_000 });
  }
}
