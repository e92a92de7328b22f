// The CBOW kernel (kernels/cbow.wgsl) and the TypeScript reference's CBOW, fed the same windows
// and negatives (same hash RNG, one chunk per dispatch), must leave the same vectors — at the
// skip-gram kernel test's tolerance (train-kernel.test.ts), on every variant's adapter shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labSession, type LabSession } from './lab';
import type { KernelCheck } from './pages/train-kernel';
import type { KernelVariant } from '../../workers/train/gpu-trainer';

let s: LabSession;
beforeAll(async () => {
  s = await labSession();
  await s.page.goto(`${s.appUrl}tests/browser/pages/train-kernel.html`);
  await s.page.waitForFunction(() => 'kernelCheck' in window, undefined, { timeout: 60_000 });
}, 120_000);
afterAll(() => s?.close());

type Check = (d: number, n: number, v: KernelVariant, c: boolean, m: 'skipgram' | 'cbow') => Promise<KernelCheck>;
const run = (dim: number, negative: number, variant: KernelVariant): Promise<KernelCheck> =>
  s.page.evaluate(([d, n, v]) => (window as unknown as { kernelCheck: Check }).kernelCheck(d, n, v, true, 'cbow'), [
    dim,
    negative,
    variant,
  ] as const);

describe('CBOW kernel vs reference', () => {
  it.each([
    [16, 5, 'dims'], // 32 lanes, most of them without a column
    [30, 3, 'dims'], // dim not a multiple of 4: padded rows
    [16, 5, 'subgroup'], // SwiftShader's shape: 4 lanes
    [100, 5, 'chunks'], // several vec4 columns a lane
  ] as const)(
    'dim %i negative %i (%s adapter): same vectors and loss',
    async (dim, negative, variant) => {
      const r = await run(dim, negative, variant);
      expect(r.chunks).toBeGreaterThan(10);
      // one example per centre word with a context: at most the page's 1,500 words × 2 epochs (skip-gram: ~4 per word)
      expect(r.pairs).toBeGreaterThan(1000);
      expect(r.pairs).toBeLessThanOrEqual(3000);
      expect(r.maxAbs1).toBeGreaterThan(0.01); // training moved the output vectors
      expect(r.maxDiff0).toBeLessThan(1e-4);
      expect(r.maxDiff1).toBeLessThan(1e-4);
      expect(Math.abs(r.lossGpu - r.lossRef) / r.lossRef).toBeLessThan(1e-4);
      expect(r.cacheSlots).toBe(1); // no window cache: CBOW reads each context row once per centre anyway
    },
    120_000,
  );
});
