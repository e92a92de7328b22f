// The WGSL kernel and the TypeScript reference, fed the same pairs and negatives
// (same hash RNG, one chunk per dispatch), must leave the same vectors.
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

const run = (dim: number, negative: number, variant: KernelVariant, windowCache = true): Promise<KernelCheck> =>
  s.page.evaluate(
    ([d, n, v, c]) =>
      (window as unknown as { kernelCheck: (d: number, n: number, v: KernelVariant, c: boolean) => Promise<KernelCheck> }).kernelCheck(
        d,
        n,
        v,
        c,
      ),
    [dim, negative, variant, windowCache] as const,
  );

function expectSame(r: KernelCheck): void {
  expect(r.chunks).toBeGreaterThan(10);
  expect(r.pairs).toBeGreaterThan(1000);
  expect(r.maxAbs1).toBeGreaterThan(0.01); // training moved the output vectors
  expect(r.maxDiff0).toBeLessThan(1e-4);
  expect(r.maxDiff1).toBeLessThan(1e-4);
  expect(Math.abs(r.lossGpu - r.lossRef) / r.lossRef).toBeLessThan(1e-4);
}

describe('SGNS kernel vs reference', () => {
  it.each([
    [16, 5, 'dims'],
    [30, 3, 'dims'], // dim not a multiple of 4: padded rows
    [16, 5, 'chunks'],
    [30, 3, 'chunks'],
    [16, 5, 'subgroup'], // every lane has whole vec4 columns
    [20, 3, 'subgroup'], // a last column only some lanes have
    [100, 5, 'subgroup'],
  ] as const)(
    'dim %i negative %i kernel %s: same vectors and loss',
    async (dim, negative, variant) => {
      const r = await run(dim, negative, variant);
      expectSame(r);
      // The GPU kernel keeps the window's input rows (2·3 + 1 here) in workgroup memory; words
      // repeat within windows all the time in this 40-word corpus.
      if (variant === 'dims') expect(r.cacheSlots).toBe(7);
    },
    120_000,
  );

  it('dims kernel without the window cache (a window too big for workgroup memory): same vectors and loss', async () => {
    const r = await run(30, 3, 'dims', false);
    expect(r.cacheSlots).toBe(1);
    expectSame(r);
  }, 120_000);
});
