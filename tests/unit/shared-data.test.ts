// SKIPGRAM_NO_SHARED_DATA=1 (the Pages workflow, which has no ../shared/data): tests needing a
// missing file do not run and are reported as skipped — never passed; without it they fail.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedDataPlan, NO_SHARED_DATA_ENV } from '../shared-data';

interface Report {
  status: number | null;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numFailedTestSuites: number;
  testResults: { assertionResults: { title: string; status: string }[] }[];
}

/** Runs the fixture tests in a child vitest with the given environment; returns its JSON report. */
function runFixture(env: Record<string, string | undefined>): Report {
  const dir = mkdtempSync(join(tmpdir(), 'shared-data-'));
  const out = join(dir, 'report.json');
  try {
    const child = spawnSync(
      process.execPath,
      [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', 'tests/fixtures/shared-data', '--reporter=json', `--outputFile=${out}`],
      {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      },
    );
    return { ...(JSON.parse(readFileSync(out, 'utf8')) as Omit<Report, 'status'>), status: child.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const statuses = (r: Report): Record<string, string> =>
  Object.fromEntries(r.testResults.flatMap((f) => f.assertionResults.map((t) => [t.title.replace(/ \[not run:.*\]$/, ''), t.status])));

describe('shared test data switch', () => {
  it('plans a skip only when the switch is "1" and a file is missing', () => {
    expect(sharedDataPlan(['definitely-missing.bin'], '1')).toEqual({ missing: ['definitely-missing.bin'], skip: true });
    expect(sharedDataPlan(['definitely-missing.bin'], undefined).skip).toBe(false);
    expect(sharedDataPlan(['definitely-missing.bin'], 'true').skip).toBe(false);
    expect(sharedDataPlan([], '1')).toEqual({ missing: [], skip: false });
  });

  it('with the switch: tests needing missing data are skipped, not passed; the rest run', () => {
    const r = runFixture({ [NO_SHARED_DATA_ENV]: '1' });
    expect(statuses(r)).toEqual({ 'uses the data': 'skipped', 'asks for missing data in its body': 'skipped', 'needs no data': 'passed' });
    expect(r.numPassedTests).toBe(1);
    expect(r.numPendingTests).toBe(2);
    expect(r.numFailedTests + r.numFailedTestSuites).toBe(0);
    expect(r.status).toBe(0);
  }, 60_000);

  it('without it: missing data fails loudly', () => {
    const r = runFixture({ [NO_SHARED_DATA_ENV]: undefined });
    expect(r.status).not.toBe(0);
    expect(statuses(r)['asks for missing data in its body']).toBe('failed');
    expect(r.numFailedTestSuites).toBe(2); // the describeWithData suite's beforeAll threw too
    expect(statuses(r)['needs no data']).toBe('passed');
  }, 60_000);
});
