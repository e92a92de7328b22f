// Real data in ../shared/data (see DESIGN.md). Tests that need it fail loudly when it is missing.
//
// One exception, for CI without the data (the Pages workflow): with SKIPGRAM_NO_SHARED_DATA=1 a
// test that asks sharedData() for a missing file is NOT RUN from that point (skipped, with a
// note naming the file), and a suite declared with describeWithData (data read in its
// beforeAll) is skipped whole, its title naming the files. scripts/test.mjs lists them as
// "not run"; they never count as passing. Without the variable, missing data fails as before.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, TestRunner } from 'vitest';

export const SHARED_DATA = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../shared/data');

/** The documented switch; only the value "1" turns it on. */
export const NO_SHARED_DATA_ENV = 'SKIPGRAM_NO_SHARED_DATA';

export function sharedData(name: string): string {
  const p = resolve(SHARED_DATA, name);
  if (!existsSync(p)) {
    const test = TestRunner.getCurrentTest();
    if (process.env[NO_SHARED_DATA_ENV] === '1' && test)
      test.context.skip(`not run: ${NO_SHARED_DATA_ENV}=1 and ../shared/data lacks ${name}`);
    throw new Error(`missing test data ${p}: this test needs ../shared/data beside the project (see DESIGN.md)`);
  }
  return p;
}

/** Which of `names` are missing, and whether the test is to be left out (missing and the switch on). */
export function sharedDataPlan(
  names: readonly string[],
  env: string | undefined = process.env[NO_SHARED_DATA_ENV],
  dir = SHARED_DATA,
): { missing: string[]; skip: boolean } {
  const missing = names.filter((n) => !existsSync(resolve(dir, n)));
  return { missing, skip: env === '1' && missing.length > 0 };
}

const notRun = (title: string, missing: string[]): string =>
  `${title} [not run: ${NO_SHARED_DATA_ENV}=1 and ../shared/data lacks ${missing.join(', ')}]`;

/** describe() for a suite whose setup reads these files from ../shared/data. */
export function describeWithData(names: readonly string[], title: string, fn: () => void): void {
  const plan = sharedDataPlan(names);
  if (plan.skip) describe.skip(notRun(title, plan.missing), fn);
  else describe(title, fn);
}
