// Issue 15 item 15, through the Explore panel's own controls: vector sets with the same name are
// told apart ("toy (2)"), each shows the storage it uses, a set is renamed (and its exports follow
// the name) and deleted after a confirm; deleting the set in use picks another, the other sets'
// stored keys and answers stay as they were, and deleting the last leaves none.
// Fails on main before this change: both imports were named "toy.vec", no sizes, no Rename/Delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/harness';
import { openApp } from './ux-page';
import { ExploreCards, toyVectors, vecText } from './ux-explore-page';
import { humanBytes } from '../../src/panels/explore/bytes';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

const SHORT = { timeout: 30_000 };

/** The engine's IndexedDB keys under vectors/ (read in the page, as the engine stores them). */
const vectorKeys = (page: Page): Promise<string[]> =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('skipgram-lab');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('kv').objectStore('kv').getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as string[]).filter((k) => typeof k === 'string' && k.startsWith('vectors/')).sort());
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );

describe('Explore: vector sets', () => {
  it('item 15: unique names, storage per set, rename, delete with a confirm, the others untouched', async () => {
    const { page, problems, context } = await openApp(browser);
    const ui = new ExploreCards(page);
    await ui.open();
    const toy = toyVectors();
    const big = toyVectors(300, 16);
    await ui.importFile('toy.vec', vecText(toy));
    await ui.importFile('toy.vec', vecText(toy));
    await ui.importFile('big.vec', vecText(big));

    // Storage: [vocab, dim] f32 plus the words' UTF-8 bytes (toy: 6 × 3 × 4 + 26 = 98 B).
    const bytesOf = (t: typeof toy): number => t.words.length * t.rows[0].length * 4 + t.words.join('').length;
    expect(bytesOf(toy)).toBe(98);
    const bigSize = humanBytes(bytesOf(big));
    expect(bigSize).toMatch(/^\d+(\.\d+)? kB$/);
    expect(await ui.options()).toEqual([
      `big (306 × 16, imported, ${bigSize})`,
      'toy (2) (6 × 3, imported, 98 B)',
      'toy (6 × 3, imported, 98 B)',
    ]);
    const setCard = ui.card('vector-set');
    await setCard.getByText(`Stored: ${bigSize} (306 words × 16 dimensions); all 3 sets: `).waitFor(SHORT);

    // Rename "toy (2)"; its export follows the name. A name taken by another set is made unique.
    await ui.picker.selectOption({ label: 'toy (2) (6 × 3, imported, 98 B)' });
    const name = setCard.getByLabel('Name', { exact: true });
    await name.fill('renamed set');
    await setCard.getByRole('button', { name: 'Rename', exact: true }).click();
    await ui.picker.locator('option', { hasText: 'renamed set (6 × 3' }).waitFor({ state: 'attached', ...SHORT });
    const [dl] = await Promise.all([page.waitForEvent('download'), setCard.getByRole('button', { name: '.vec', exact: true }).click()]);
    expect(dl.suggestedFilename()).toBe('renamed_set.vec');
    await name.fill('big');
    await setCard.getByRole('button', { name: 'Rename', exact: true }).click();
    await ui.picker.locator('option', { hasText: 'big (2) (6 × 3' }).waitFor({ state: 'attached', ...SHORT });
    const renamedId = await ui.picker.inputValue();

    // The other toy's answer and keys, to check after the deletes.
    await ui.picker.selectOption({ label: 'toy (6 × 3, imported, 98 B)' });
    const toyId = await ui.picker.inputValue();
    await ui.search('king');
    await ui.answered('queen');
    const toyAnswer = await ui.card('neighbours').locator('ol li').allTextContents();
    const keysBefore = await vectorKeys(page);
    expect(keysBefore.filter((k) => k.includes(toyId))).toHaveLength(3);

    // Delete asks; "no" keeps the set.
    await ui.picker.selectOption(renamedId);
    const asked: string[] = [];
    page.once('dialog', (d) => void (asked.push(d.message()), d.dismiss()));
    await setCard.getByRole('button', { name: 'Delete this set', exact: true }).click();
    expect(asked).toEqual(['Delete the vector set "big (2)" (98 B)? Its vectors are removed from this browser.']);
    expect(await ui.options()).toHaveLength(3);

    // "Yes": the set in use is gone, the newest left is picked, the others keep their keys and answers.
    page.once('dialog', (d) => void d.accept());
    await setCard.getByRole('button', { name: 'Delete this set', exact: true }).click();
    await ui.picker
      .locator('option')
      .nth(2)
      .waitFor({ state: 'detached', ...SHORT });
    expect((await ui.options()).map((o) => o.replace(/ \(.*$/, ''))).toEqual(['big', 'toy']);
    expect(await ui.picker.inputValue()).not.toBe(renamedId);
    const keysAfter = await vectorKeys(page);
    expect(keysAfter).toEqual(keysBefore.filter((k) => !k.includes(renamedId)));
    await ui.picker.selectOption(toyId);
    await ui.search('king');
    await ui.answered('queen');
    expect(await ui.card('neighbours').locator('ol li').allTextContents()).toEqual(toyAnswer);

    // The same after a reload (nothing half-deleted comes back).
    await page.reload();
    await page.waitForSelector('[data-testid=adapter], .banner.warn', { timeout: 90_000 });
    await ui.open();
    await ui.picker
      .locator('option')
      .nth(1)
      .waitFor({ state: 'attached', ...SHORT });
    expect((await ui.options()).map((o) => o.replace(/ \(.*$/, ''))).toEqual(['big', 'toy']);

    // Delete the rest: none left, and the panel says so.
    for (let left = 2; left > 0; left--) {
      page.once('dialog', (d) => void d.accept());
      await setCard.getByRole('button', { name: 'Delete this set', exact: true }).click();
      await ui.picker
        .locator('option')
        .nth(left - 1)
        .waitFor({ state: 'detached', ...SHORT });
    }
    await setCard.getByText('No vectors yet').waitFor(SHORT);
    expect(await vectorKeys(page)).toEqual([]);
    expect(await ui.card('neighbours').getByRole('button', { name: 'Search', exact: true }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  }, 300_000);
});
