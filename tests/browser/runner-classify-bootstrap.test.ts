// `npm run lab -- classify --bootstrap N`: the last line carries 95% intervals of every predictor's
// test metrics and the model's paired differences from the baselines, computed in the worker;
// fewer than 100 resamples are refused. End to end through the runner's entry.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedData } from '../shared-data';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function lab(args: string[]): Promise<{ code: number; last: Record<string, unknown>; line: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/lab.ts', ...args], { cwd: ROOT, timeout: 300_000, maxBuffer: 1 << 24 }, (err, stdout) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, last: JSON.parse(line) as Record<string, unknown>, line });
    });
  });
}

type Iv = { value: number; lo: number; hi: number };
const METRICS = ['accuracy', 'macroF1', 'logLoss', 'auc100'] as const;

describe('runner: classify --bootstrap', () => {
  it('adds intervals that contain each point value, for the model and every baseline, and the paired differences', async () => {
    const hn = sharedData('hn-posts-2015-2016.csv');
    const r = await lab(['classify', '--train', hn, '--test', hn, '--max-epochs', '2', '--bootstrap', '1000', '--seed', '3']);
    expect(r.code, r.line).toBe(0);
    const iv = r.last.intervals as Record<string, Record<string, Iv>> & {
      resamples: number;
      diff: Record<string, Record<string, Iv & { diff: number; verdict: string; pBetter: number }>>;
    };
    expect(iv.resamples).toBe(1000);
    const model = r.last.model as Record<string, number>;
    const baselines = r.last.baselines as Record<string, Record<string, number>>;
    const points: Record<string, Record<string, number>> = { model, ...baselines };
    for (const p of ['model', 'majority', 'logreg', 'titleLogreg', 'titleWords']) {
      for (const m of METRICS) {
        const x = iv[p][m];
        expect(x.value, `${p}.${m}`).toBeCloseTo(points[p][m], 10); // the interval is of the reported figure
        expect(x.lo, `${p}.${m}`).toBeLessThanOrEqual(x.value);
        expect(x.hi, `${p}.${m}`).toBeGreaterThanOrEqual(x.value);
        // A real spread, except the class prior's AUC: constant scores are 0.5 on every resample.
        if (!(p === 'majority' && m === 'auc100')) expect(x.lo, `${p}.${m}`).toBeLessThan(x.hi);
      }
    }
    // The model against the logistic baseline on the same resamples: the difference of the figures.
    for (const m of ['logLoss', 'auc100'] as const) {
      const d = iv.diff.vsLogreg[m];
      expect(d.diff).toBeCloseTo(model[m] - baselines.logreg[m], 10);
      expect(d.lo).toBeLessThan(d.hi);
      expect(d.lo).toBeLessThanOrEqual(d.diff);
      expect(d.hi).toBeGreaterThanOrEqual(d.diff);
      expect(d.pBetter).toBeGreaterThanOrEqual(0);
      expect(d.pBetter).toBeLessThanOrEqual(1);
      expect(d.verdict).toMatch(
        new RegExp(
          `^the model's ${m === 'logLoss' ? 'log loss' : 'AUC'} is (higher|lower) \\((better|worse)\\) than the logistic baseline's by .*interval`,
        ),
      );
    }
    console.log('classify --bootstrap ' + r.line);
  }, 300_000);

  it('refuses fewer than 100 resamples', async () => {
    const hn = sharedData('hn-posts-2015-2016.csv');
    const r = await lab(['classify', '--train', hn, '--test', hn, '--bootstrap', '50']);
    expect(r.code).not.toBe(0);
    expect(String(r.last.error)).toMatch(/--bootstrap takes a whole number of resamples from 100/);
  }, 120_000);
});
