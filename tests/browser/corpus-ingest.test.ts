// Real ingest in Chromium through the engine worker: the text8 prefix (zip from disk, gzip
// over http), every bad input the issue names, cancel, interruption + restart, delete.
import { it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, unzipSync } from 'fflate';
import { labSession, callOn, type LabSession } from './lab';
import { gate, startFileServer, type FileServer, gotoLab } from '../../scripts/harness';
import { until } from './wait';
import { describeWithData, sharedData } from '../shared-data';
import type { LabWindow } from '../../src/lab/lab-page';

const settings = { minCount: 5 };

describeWithData(['text8-prefix.zip'], 'corpus ingest in Chromium', () => {
  let s: LabSession;
  let fs: FileServer;
  let tmp: string;
  let zipUrl: string;
  let gzUrl: string;
  let zipBytes: Uint8Array;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'corpus-test-'));
    zipBytes = new Uint8Array(readFileSync(sharedData('text8-prefix.zip')));
    const text = Object.values(unzipSync(zipBytes))[0];
    writeFileSync(join(tmp, 'text8.gz'), gzipSync(text, { level: 1 }));
    writeFileSync(join(tmp, 'text8.txt'), text);
    fs = await startFileServer();
    zipUrl = fs.add('text8-prefix.zip', { path: sharedData('text8-prefix.zip') });
    gzUrl = fs.add('text8.gz', { path: join(tmp, 'text8.gz') });
    s = await labSession();
  });
  afterAll(async () => {
    await s?.close();
    await fs?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const ready = async (): Promise<string[]> => (await s.ok('listCorpora', {})).filter((m) => m.state === 'ready').map((m) => m.id);

  it('ingests text8-prefix.zip: 2139748 words, vocab 22541 at min-count 5, and the gzip over http the same', async () => {
    const a = await s.ok('ingest', { source: { kind: 'url', url: zipUrl }, settings });
    expect(a.manifest.tokens).toBe(2139748);
    expect(a.manifest.vocabSize).toBe(22541);
    expect(a.manifest.state).toBe('ready');
    const b = await s.ok('ingest', { source: { kind: 'url', url: gzUrl }, settings });
    expect(b.manifest.tokens).toBe(2139748);
    expect(b.manifest.vocabSize).toBe(22541);
    // Several corpora kept; stats from the stored vocabulary.
    expect(await ready()).toEqual(expect.arrayContaining([a.manifest.id, b.manifest.id]));
    const st = await s.ok('corpusStats', { id: a.manifest.id, top: 3 });
    expect(st.top[0].word).toBe('the');
    expect(st.top[0].count).toBeGreaterThanOrEqual(st.top[1].count);
    expect(st.coverage).toBeCloseTo(a.manifest.kept / 2139748, 9);
    expect(st.rankFreq[0]).toEqual({ rank: 1, count: st.top[0].count });
    // Chunks hold in-vocab ids whose total is the kept count.
    // A string expression so vitest does not rewrite the dynamic import for Node.
    const total = await s.page.evaluate(`(async () => {
      const { readChunk, readManifest } = await import('/workers/corpus/format.ts');
      const m = await readManifest(${JSON.stringify(a.manifest.id)});
      let n = 0;
      for (let i = 0; i < m.chunkCount; i++) n += (await readChunk(m.id, i)).length;
      return n;
    })()`);
    expect(total).toBe(a.manifest.kept);
    // Delete one; the other stays.
    expect((await s.ok('deleteCorpus', { id: b.manifest.id })).deleted).toBe(true);
    const left = await ready();
    expect(left).toContain(a.manifest.id);
    expect(left).not.toContain(b.manifest.id);
  });

  const bad: [string, () => string, RegExp][] = [
    ['an empty file', () => fs.add('empty.txt', { body: '' }), /empty/],
    ['binary garbage', () => fs.add('noise.bin', { body: new Uint8Array(65536).map((_, i) => (i * 2654435761) >>> 24) }), /not text/],
    ['a truncated zip', () => fs.add('trunc.zip', { body: zipBytes.slice(0, 100_000) }), /zip is truncated/],
    [
      'a corrupt zip',
      () => {
        const z = zipBytes.slice();
        z.fill(0x55, 2000, 6000);
        return fs.add('corrupt.zip', { body: z });
      },
      /zip is corrupt/,
    ],
    [
      'a truncated gzip',
      () =>
        fs.add('trunc.gz', { body: ((g) => g.slice(0, g.length - 10))(gzipSync(new TextEncoder().encode('hello world '.repeat(5000)))) }),
      /gzip is (truncated|corrupt)/,
    ],
    ['a 404', () => fs.add('missing.txt', { status: 404, body: 'nope' }), /HTTP 404/],
    ['a CORS refusal', () => fs.add('nocors.txt', { body: 'hello world', cors: false }), /CORS/],
    [
      'a network drop mid-stream',
      () => fs.add('drop.zip', { path: sharedData('text8-prefix.zip'), dropAfter: 1_000_000 }),
      /dropped|truncated/,
    ],
  ];
  for (const [what, route, msg] of bad) {
    it(`names the problem for ${what} and leaves stored corpora untouched`, async () => {
      const before = await ready();
      const r = await s.call('ingest', { source: { kind: 'url', url: route() }, settings: { minCount: 1 } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(msg);
      const all = await s.ok('listCorpora', {});
      expect(all.map((m) => m.id).sort()).toEqual([...before].sort());
    });
  }

  it('says text8 is missing and how to get it when ./data/text8.zip is a 404', async () => {
    const r = await s.call('ingest', { source: { kind: 'url', url: fs.url + 'data/text8.zip' }, settings });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/404[\s\S]*mattmahoney\.net\/dc\/text8\.zip/);
  });

  // Storage full: see storage-full.test.ts (a real full disk; CDP's quota override does not limit IndexedDB).

  // The server holds the stream after 2 MB until the test releases it, so the cancel always
  // lands mid-ingest, however fast or slow the machine is.
  it('cancels and leaves nothing behind', async () => {
    const before = (await s.ok('listCorpora', {})).length;
    const held = gate();
    const url = fs.add('held-cancel.txt', { path: join(tmp, 'text8.txt'), hold: { bytes: 2_000_000, gate: held } });
    const p = s.call('ingest', { source: { kind: 'url', url }, settings });
    await held.reached;
    await s.page.evaluate(() => (window as unknown as LabWindow).lab.cancelAll());
    const r = await p;
    held.release();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('cancelled');
    expect((await s.ok('listCorpora', {})).length).toBe(before);
  });

  it('marks an ingest cut off by a closed tab interrupted (not while it lives) and restarts it', async () => {
    // The stream is held after 2 MB, so the tab closes mid-ingest whatever the machine's pace;
    // released afterwards, the restart reads the whole file.
    const held = gate();
    const url = fs.add('held-cut.txt', { path: join(tmp, 'text8.txt'), hold: { bytes: 2_000_000, gate: held } });
    const tab = await s.context.newPage();
    await gotoLab(tab, s.appUrl);
    void callOn(tab)('ingest', { source: { kind: 'url', url }, settings, name: 'cut' }).catch(() => undefined);
    await held.reached;
    const cut = async () => (await s.ok('listCorpora', {})).find((m) => m.name === 'cut');
    // The manifest is written as the ingest starts; wait for it (a state that stays while held).
    const live = await until(cut, (m) => m !== undefined);
    // Another tab's listing sees it still 'ingesting': the Web Lock says it is alive.
    expect(live?.state).toBe('ingesting');
    await tab.close();
    const after = await until(cut, (m) => m?.state !== 'ingesting');
    held.release();
    expect(after?.state).toBe('interrupted');
    const again = await s.ok('restartIngest', { id: after!.id });
    expect(again.manifest.id).toBe(after!.id);
    expect(again.manifest.state).toBe('ready');
    expect(again.manifest.tokens).toBe(2139748);
  });
});
