// Run records, per-run checkpoints, evaluation files, migration and sweeps through the engine
// in real Chromium with real IndexedDB. Runs are parked at known batches (tests/browser/pace.ts)
// where a test acts mid-run; nothing waits on the clock.
import { gotoLab } from '../../scripts/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, callOn, type LabSession } from './lab';
import { parkAt, release, usePace } from './pace';
import { until } from './wait';
import { defaultTrainSettings, type TrainSettings } from '../../workers/settings';
import type { LabWindow } from '../../src/lab/lab-page';
import type { ListedRun } from '../../workers/runs/commands';
import type { W2vRecord } from '../../workers/runs/record';
import { seedCorpora } from './corpus-page';

let s: LabSession;
const small: TrainSettings = { ...defaultTrainSettings(), dim: 16, epochs: 2, minCount: 1 };
const brown: TrainSettings = { ...defaultTrainSettings(), dim: 24, epochs: 1, minCount: 5 };
// Brown-corpus words, so the analogy file has questions the sample can answer.
const MINI =
  ': family\nman woman king queen\nboy girl father mother\nfather mother son daughter\n: plural\nyear years day days\nman men woman women\n';

async function openLab(): Promise<void> {
  await gotoLab(s.page, s.appUrl);
}
const runs = (): Promise<ListedRun[]> => s.ok('runsList', {});
const w2vs = async (): Promise<W2vRecord[]> => (await runs()).filter((r): r is ListedRun & W2vRecord => r.kind === 'w2v');
const w2v = async (id: string): Promise<W2vRecord & { corpusDeleted?: boolean; vectorsDeleted?: boolean }> => {
  const r = (await runs()).find((x) => x.id === id);
  if (!r || r.kind !== 'w2v') throw new Error(`no w2v run ${id}`);
  return r;
};
const cancelAll = (): Promise<void> => s.page.evaluate(() => (window as unknown as LabWindow).lab.cancelAll());

/** Starts a run, parks it after `after` batches, pauses it there; returns its run id. */
async function pausedRun(settings: TrainSettings, corpusId = 'synth', after = 1): Promise<string> {
  const parked = await parkAt(s.page, { point: 'train-batch', after });
  const running = s.call('train', { corpusId, settings, trainer: 'cpu' });
  await parked();
  const live = (await w2vs()).find((r) => r.state === 'running');
  await cancelAll();
  await release(s.page);
  const r = await running;
  expect(r.ok).toBe(false);
  if (!r.ok) expect(r.error.code).toBe('cancelled');
  return live!.id;
}

/** The page's IndexedDB through the engine's own store module (test-only access). */
function idb<T>(code: string): Promise<T> {
  return s.page.evaluate(`(async () => { const db = await import('/workers/store.ts'); ${code} })()`) as Promise<T>;
}

beforeAll(async () => {
  s = await labSession();
  await usePace(s.context);
  await seedCorpora(s.page, s.appUrl, [
    { id: 'synth', tokens: 200_000, vocab: 3000 },
    { id: 'brown', sampleChars: 2_500_000, minCount: 5 },
  ]);
  await openLab();
}, 180_000);
afterAll(() => s?.close());

describe('run records', () => {
  let first: string;

  it('records a run from its start (running while it trains) to its end with curve, figures and probe scores', async () => {
    const parked = await parkAt(s.page, { point: 'train-batch', after: 1 });
    const running = s.call('train', { corpusId: 'brown', settings: brown, trainer: 'cpu', name: 'first', tags: ['a'] });
    await parked();
    const live = (await w2vs()).find((r) => r.name === 'first');
    expect(live?.state).toBe('running');
    await release(s.page);
    const r = await running;
    if (!r.ok) throw new Error(r.error.message);
    first = r.result.runId;
    expect(live?.id).toBe(first);
    const rec = await w2v(first);
    expect(rec).toMatchObject({
      state: 'finished',
      name: 'first',
      tags: ['a'],
      fraction: 1,
      vectorsId: r.result.vectorsId,
      trainer: 'cpu',
      adapter: 'cpu · WebAssembly SIMD',
    });
    expect(rec.settings).toEqual(brown);
    expect(rec.corpus?.id).toBe('brown');
    expect(rec.finalLoss).toBeCloseTo(r.result.finalLoss, 9);
    expect(rec.endedAt).toBeGreaterThanOrEqual(rec.startedAt);
    // The probe set is scored on every run; the brown sample answers some of it.
    expect(rec.scores.analogy.probe.total).toBeGreaterThan(0);
    expect(r.result.scores?.analogy.probe).toEqual(rec.scores.analogy.probe);
    const curves = await s.ok('runsCurves', { ids: [first] });
    const c = curves[first]!;
    expect(c.x.length).toBeGreaterThan(3);
    expect(c.x.length).toBeLessThanOrEqual(2000);
    expect(c.x.every((x, i) => i === 0 || x > c.x[i - 1])).toBe(true); // words trained, increasing
    expect(c.x[c.x.length - 1]).toBeLessThanOrEqual(rec.corpus!.tokens * brown.epochs * 1.0001);
  }, 300_000);

  it('two runs on one corpus keep separate checkpoints; continuing one leaves the other', async () => {
    const a = await pausedRun(small, 'synth', 1);
    const b = await pausedRun({ ...small, window: 3 }, 'synth', 2);
    expect(a).not.toBe(b);
    const cps = await s.ok('trainCheckpoints', {});
    expect(
      cps
        .filter((c) => c.corpusId === 'synth')
        .map((c) => c.runId)
        .sort(),
    ).toEqual([a, b].sort());
    expect((await w2v(a)).state).toBe('paused');
    expect((await w2v(a)).resumable).toBe(true);
    const done = await s.ok('train', { corpusId: 'synth', settings: small, trainer: 'cpu', resume: true, runId: a });
    expect(done.runId).toBe(a);
    expect((await w2v(a)).state).toBe('finished');
    const left = (await s.ok('trainCheckpoints', {})).filter((c) => c.corpusId === 'synth');
    expect(left.map((c) => c.runId)).toEqual([b]);
    // Stop on the paused one keeps its vectors as a stopped run.
    const stop = await s.ok('trainStop', { runId: b });
    expect(stop.result?.runId).toBe(b);
    const rb = await w2v(b);
    expect(rb.state).toBe('stopped');
    expect(rb.vectorsId).toBe(stop.result?.vectorsId);
    expect(rb.fraction).toBeLessThan(1);
  }, 300_000);

  it('an evaluation file loaded once scores the next run, and re-scores an older run in one call', async () => {
    const f = await s.ok('evalFileAdd', { name: 'mini-questions.txt', text: MINI });
    expect(f).toMatchObject({ kind: 'analogy', items: 5 });
    expect((await s.ok('evalFiles', {})).map((x) => x.id)).toEqual(['probe', f.id]);
    const r = await s.ok('train', { corpusId: 'brown', settings: brown, trainer: 'cpu' });
    expect(r.scores?.analogy[f.id].total).toBeGreaterThan(0);
    expect((await w2v(r.runId)).scores.analogy[f.id]).toEqual(r.scores?.analogy[f.id]);
    expect((await w2v(first)).scores.analogy[f.id]).toBeUndefined();
    await s.ok('runRescore', { id: first, fileId: f.id });
    expect((await w2v(first)).scores.analogy[f.id].total).toBe(r.scores?.analogy[f.id].total);
    // The two runs on that file: questions each got right, and an exact McNemar test.
    const t = await s.ok('runsCompareAnalogy', { a: first, b: r.runId, fileId: f.id });
    const ra = (await w2v(first)).scores.analogy[f.id];
    const rb = (await w2v(r.runId)).scores.analogy[f.id];
    expect(t.both + t.onlyA).toBe(ra.correct);
    expect(t.both + t.onlyB).toBe(rb.correct);
    expect(t.both + t.onlyA + t.onlyB + t.neither).toBe(Math.min(ra.total, rb.total));
    expect(t.pValue).toBeGreaterThan(0);
    expect(t.pValue).toBeLessThanOrEqual(1);
    expect(t.verdict).toMatch(/McNemar p = /);
    // A file that is neither format is refused with the reason; nothing is stored.
    const bad = await s.call('evalFileAdd', { name: 'x.txt', text: 'hello world\nthree words here\n' });
    expect(bad.ok).toBe(false);
    expect((await s.ok('evalFiles', {})).length).toBe(2);
  }, 300_000);

  it('rename, tag and delete persist across a reload', async () => {
    await s.ok('runUpdate', { id: first, name: 'renamed', tags: ['x', 'y', 'x'] });
    await openLab();
    const r = await w2v(first);
    expect(r.name).toBe('renamed');
    expect(r.tags).toEqual(['x', 'y']);
    const victim = (await w2vs()).find((x) => x.state === 'stopped')!;
    expect((await s.ok('runDelete', { id: victim.id })).deleted).toBe(true);
    await openLab();
    expect((await runs()).some((x) => x.id === victim.id)).toBe(false);
  });

  it('lists a malformed record as unreadable and the rest as before', async () => {
    const before = (await runs()).length;
    await idb(`await db.put('run/bad1', { kind: 'w2v', id: 'bad1', name: 3 }); await db.put('run/bad2', 'junk');`);
    const all = await runs();
    expect(all.length).toBe(before + 2);
    expect(
      all
        .filter((r) => r.kind === 'unreadable')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['bad1', 'bad2']);
    await idb(`await db.removeMany(['run/bad1', 'run/bad2']);`);
  });

  it('marks a run cut off by a closed tab interrupted (not while it trains in that tab)', async () => {
    const tab = await s.context.newPage();
    await gotoLab(tab, s.appUrl);
    const parked = await parkAt(tab, { point: 'train-batch', after: 1 });
    void callOn(tab)('train', { corpusId: 'synth', settings: small, trainer: 'cpu', name: 'cut' }).catch(() => undefined);
    await parked();
    const cut = async () => (await w2vs()).find((r) => r.name === 'cut');
    expect((await cut())?.state).toBe('running'); // the other tab holds its lock
    await tab.close();
    const after = await until(cut, (r) => r?.state !== 'running');
    expect(after?.state).toBe('interrupted');
  }, 300_000);

  it('deleting a corpus keeps its runs, marked corpus deleted, and their vectors still open', async () => {
    await seedCorpora(s.page, s.appUrl, [{ id: 'doomed', tokens: 50_000, vocab: 500 }]);
    await openLab();
    const r = await s.ok('train', { corpusId: 'doomed', settings: { ...small, epochs: 1 }, trainer: 'cpu' });
    await s.ok('deleteCorpus', { id: 'doomed' });
    const rec = await w2v(r.runId);
    expect(rec.corpusDeleted).toBe(true);
    expect(rec.vectorsDeleted).toBeUndefined();
    const near = await s.ok('runsNeighbours', { ids: [r.runId], word: 'ba', k: 3 });
    expect(near[0].near?.length).toBe(3);
    // Its vector set deleted too: the record says so instead of failing.
    await idb(`await db.removeMany(['vectors/${r.vectorsId}/manifest', 'vectors/${r.vectorsId}/words', 'vectors/${r.vectorsId}/matrix']);`);
    expect((await w2v(r.runId)).vectorsDeleted).toBe(true);
    const gone = await s.ok('runsNeighbours', { ids: [r.runId], word: 'ba' });
    expect(gone[0].error).toMatch(/deleted/);
  }, 300_000);

  it('migrates an old-format checkpoint (one per corpus) and old trained vector sets to runs', async () => {
    const id = await pausedRun(small, 'synth', 1);
    // Turn it into what an older version stored: train/<corpusId>/checkpoint, no run record, no migration yet.
    await idb(`
      const c = await db.read('ckpt/${id}/data');
      delete c.runId;
      await db.put('train/synth/checkpoint', c);
      await db.removeMany(['ckpt/${id}/data', 'ckpt/${id}/info', 'run/${id}', 'run/${id}/curve', 'runs/migrated-v1']);
      for (const k of await db.keysWithPrefix('run/')) await db.remove(k);
    `);
    await openLab(); // a new engine migrates once
    const cps = (await s.ok('trainCheckpoints', {})).filter((c) => c.corpusId === 'synth');
    expect(cps.length).toBe(1);
    expect(cps[0].runId).not.toBe(id);
    expect(await idb(`return (await db.keysWithPrefix('train/')).length`)).toBe(0);
    const all = await runs();
    const migrated = all.find((r) => r.id === cps[0].runId);
    expect(migrated).toMatchObject({ kind: 'w2v', state: 'paused', resumable: true });
    // Every trained vector set got a record (the first test's among them).
    const sets = (await s.ok('exploreList', {})).filter((v) => v.origin === 'trained');
    for (const v of sets) expect(all.some((r) => r.kind === 'w2v' && r.vectorsId === v.id)).toBe(true);
    // Continue it the old way (by corpus): it finishes as that run.
    const done = await s.ok('train', { corpusId: 'synth', settings: small, trainer: 'cpu', resume: true });
    expect(done.runId).toBe(cps[0].runId);
    expect((await w2v(done.runId)).state).toBe('finished');
  }, 300_000);

  it('continues a checkpoint and reads a corpus stored as typed arrays (before Blobs): the same run as from Blobs', async () => {
    await seedCorpora(s.page, s.appUrl, [{ id: 'typed', tokens: 60_000, vocab: 600 }]);
    await openLab();
    const asBlobs = await pausedRun(small, 'typed', 1);
    const asArrays = await pausedRun(small, 'typed', 1);
    // What the version before this one stored: the checkpoint's vectors and the corpus chunks as typed arrays.
    const rewritten = await idb<number>(`
      const c = await db.read('ckpt/${asArrays}/data');
      if (!(c.syn0 instanceof Blob) || !(c.syn1 instanceof Blob)) throw new Error('the checkpoint does not hold Blobs');
      c.syn0 = new Float32Array(await c.syn0.arrayBuffer());
      c.syn1 = new Float32Array(await c.syn1.arrayBuffer());
      await db.put('ckpt/${asArrays}/data', c);
      const ks = await db.keysWithPrefix('corpus/typed/chunk/');
      for (const k of ks) {
        const b = await db.read(k);
        if (!(b instanceof Blob)) throw new Error(k + ' is not a Blob');
        await db.put(k, new Uint32Array(await b.arrayBuffer()));
      }
      return ks.length;
    `);
    expect(rewritten).toBeGreaterThan(0);
    const b = await s.ok('train', { corpusId: 'typed', settings: small, trainer: 'cpu', resume: true, runId: asArrays });
    expect(b.runId).toBe(asArrays);
    const a = await s.ok('train', { corpusId: 'typed', settings: small, trainer: 'cpu', resume: true, runId: asBlobs });
    // One thread is deterministic: the same checkpoint and corpus give the same run, whichever form they were read in.
    expect(Number.isFinite(a.finalLoss)).toBe(true);
    expect(b.finalLoss).toBe(a.finalLoss);
    const near = async (vectorsId: string) => (await s.ok('exploreNeighbours', { vectorsId, word: 'ba', k: 5 })).neighbours;
    expect(await near(b.vectorsId)).toEqual(await near(a.vectorsId));
  }, 300_000);
});

describe('sweeps', () => {
  it('refuses a bad sweep with every problem at once, before anything starts', async () => {
    const before = (await runs()).length;
    const r = await s.call('sweepStart', { kind: 'w2v', text: 'windw=2,5;dim=0,50;negative=', corpusId: 'brown', base: brown });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(/windw/);
      expect(r.error.message).toMatch(/window/); // the closest name
      expect(r.error.message).toMatch(/dim/);
      expect(r.error.message).toMatch(/negative/);
    }
    const big = await s.call('sweepStart', {
      kind: 'w2v',
      text: 'window=1,2,3,4,5,6,7,8,9;dim=8,16,24,32,40,48,56,64',
      corpusId: 'brown',
      base: brown,
    });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error.message).toMatch(/64/);
    expect((await runs()).length).toBe(before);
    expect((await s.ok('sweepList', {})).length).toBe(0);
  });

  it('a 3-run sweep, reloaded in the middle of its second run, resumes and finishes all three with records and scores', async () => {
    // Parked in the second run once it has a checkpoint; the page reloads there (the engine dies with it).
    const parked = await parkAt(s.page, { point: 'train-batch', saved: true, match: { sweepIndex: 1 } });
    // The page navigates away while the call is out: its evaluate fails then, which is expected.
    void s
      .call('sweepStart', {
        kind: 'w2v',
        text: 'window=2,3,4',
        corpusId: 'brown',
        base: brown,
        trainer: 'cpu',
        checkpointSeconds: 0,
        name: 'w',
      })
      .catch(() => undefined);
    const at = await parked();
    expect(at.sweepIndex).toBe(1);
    await openLab();
    // The closed page's engine lets go of the sweep's lock on its own time: read until it has.
    const [sw] = await until(
      () => s.ok('sweepList', {}),
      ([x]) => x.state !== 'running',
    );
    expect(sw.state).toBe('interrupted');
    expect(sw.items.map((x) => x.state)).toEqual(['done', 'running', 'queued']);
    const second = sw.items[1].runId!;
    expect((await w2v(second)).state).toBe('interrupted');
    const r = await s.ok('sweepResume', { id: sw.id });
    expect(r.sweep.state).toBe('done');
    expect(r.sweep.items.map((x) => x.state)).toEqual(['done', 'done', 'done']);
    expect(r.sweep.items[1].runId).toBe(second); // continued from its checkpoint, not started again
    const recs = await Promise.all(r.sweep.items.map((x) => w2v(x.runId!)));
    expect(recs.map((x) => x.settings.window)).toEqual([2, 3, 4]);
    for (const x of recs) {
      expect(x.state).toBe('finished');
      expect(x.sweep?.id).toBe(sw.id);
      expect(x.scores.analogy.probe.total).toBeGreaterThan(0);
    }
  }, 400_000);
});
