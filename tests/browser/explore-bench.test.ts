// Neighbour-query timing on 71,000 × 100 random vectors (the size of text8's vocabulary
// at min-count 5), imported as .bin through the engine. Prints ms per query; the
// assertion only checks the answers are sane (the figure on SwiftShader is CPU-bound).
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { labSession, type LabSession } from './lab';
import { startFileServer, type FileServer } from '../../scripts/harness';
import { binParts } from '../../workers/vectors/write';

const V = 71_000;
const D = 100;

describe('explore: neighbour query speed', () => {
  let s: LabSession;
  let files: FileServer;
  beforeAll(async () => {
    s = await labSession();
    files = await startFileServer();
  });
  afterAll(async () => {
    await s?.close();
    await files?.close();
  });

  it('answers top-10 cosine queries over 71k × 100', { timeout: 300_000 }, async () => {
    let seed = 1;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
    const words = Array.from({ length: V }, (_, i) => `w${i}`);
    const parts = [...binParts({ words, matrix: Float32Array.from({ length: V * D }, rnd), dim: D })];
    const body = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) (body.set(p, o), (o += p.length));
    const id = (await s.ok('importVectors', { url: files.add('big.bin', { body }), name: 'big' })).manifest.id;
    await s.ok('exploreNeighbours', { vectorsId: id, word: 'w0', k: 10 }); // upload + warm-up
    const times: number[] = [];
    for (let i = 1; i <= 10; i++) {
      const r = await s.ok('exploreNeighbours', { vectorsId: id, word: `w${i * 97}`, k: 10 });
      expect(r.neighbours).toHaveLength(10);
      expect(r.neighbours[0].score).toBeGreaterThanOrEqual(r.neighbours[9].score);
      times.push(r.ms);
    }
    times.sort((a, b) => a - b);
    console.log(JSON.stringify({ neighbourQueryMs: { median: times[5], min: times[0], max: times[9] }, vocab: V, dim: D }));
  });
});
