// A full disk in a real Chromium: the profile lives on a small tmpfs, so IndexedDB writes
// really fail. Ingest (and a training checkpoint) must say so, and what was stored stays.
import { it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchOnSmallDisk, startFileServer, type FileServer, gotoLab } from '../../scripts/harness';
import { callOn } from './lab';
import { describeWithData, sharedData } from '../shared-data';

describeWithData(['text8-prefix.zip'], 'storage full (small tmpfs profile)', () => {
  let disk: Awaited<ReturnType<typeof launchOnSmallDisk>>;
  let page: Page;
  let fs: FileServer;
  let call: ReturnType<typeof callOn>;
  beforeAll(async () => {
    fs = await startFileServer();
    disk = await launchOnSmallDisk(64);
    page = await disk.context.newPage();
    await gotoLab(page, inject('appUrl'));
    call = callOn(page);
  });
  afterAll(async () => {
    await disk?.close();
    await fs?.close();
  });

  it('a corpus too big for the disk fails with a storage-full message; the stored corpus stays ready', async () => {
    const small = fs.add('small.txt', { body: 'the quick brown fox jumps over the lazy dog '.repeat(2000), contentType: 'text/plain' });
    const first = await call('ingest', { source: { kind: 'url', url: small }, settings: { minCount: 1 } });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    disk.fill(3_000_000); // text8-prefix needs ~9 MB of word ids

    const big = fs.serveFile(sharedData('text8-prefix.zip'));
    const r = await call('ingest', { source: { kind: 'url', url: big }, settings: { minCount: 1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('quota');
      expect(r.error.message).toMatch(/storage is full|quota/i);
    }
    const list = await call('listCorpora', {});
    expect(list.ok).toBe(true);
    if (list.ok) {
      const ready = list.result.filter((m) => m.state === 'ready');
      expect(ready.map((m) => m.tokens)).toEqual([18000]);
      expect(list.result.some((m) => m.state === 'ready' && m.tokens !== 18000)).toBe(false);
      const stats = await call('corpusStats', { id: ready[0].id });
      expect(stats.ok).toBe(true);
    }
  });
});
