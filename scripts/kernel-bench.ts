// `npx tsx scripts/kernel-bench.ts [subgroup|chunks|dims …] [--dim N]`: the SGNS kernels' speed
// alone on SwiftShader (the kernelBench function of tests/browser/pages/train-kernel.ts: a
// synthetic Zipf corpus, default settings, batches prepared up front), one JSON line each.
import { startVite, launchChromium } from './harness';
import type { KernelVariant } from '../workers/train/gpu-trainer';

const args = process.argv.slice(2);
const at = args.indexOf('--dim');
const dim = at >= 0 ? Number(args.splice(at, 2)[1]) : 100;
const variants = (args.length ? args : ['subgroup', 'chunks', 'dims']) as KernelVariant[];
type Bench = (v: KernelVariant, dim: number) => Promise<object>;

const { server, url } = await startVite();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(`${url}tests/browser/pages/train-kernel.html`);
  await page.waitForFunction(() => 'kernelBench' in window, undefined, { timeout: 120_000 });
  for (const v of variants) {
    console.log(
      JSON.stringify(await page.evaluate(([v, d]) => (window as unknown as { kernelBench: Bench }).kernelBench(v, d), [v, dim] as const)),
    );
  }
} finally {
  await browser.close();
  await server.close();
}
