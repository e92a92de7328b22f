// `npm test`: unit tests in Node, then browser tests in real Chromium (installed if missing).
// Ends with one "not run: <test>" line per skipped test and one summary line
// "tests: N passed, N failed, N skipped (not run)" for CI logs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
let status = run('node', ['scripts/ensure-chromium.mjs']);
if (status !== 0) process.exit(status);
run('node', ['scripts/ensure-peers.mjs']); // gensim for the gensim-script test; without it that test shows as not run

const report = '.lab-out/vitest-report.json';
mkdirSync('.lab-out', { recursive: true });
rmSync(report, { force: true });
status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // Skipped tests are named: with SKIPGRAM_NO_SHARED_DATA=1 (CI without ../shared/data) these are
  // the tests that need the missing data. They did not run and are not counted as passed.
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') console.log(`not run: ${t.fullName}`);
    }
  }
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped (not run)`);
  if (r.numTotalTests === 0) {
    console.error('no test ran');
    status = status || 1;
  }
}
process.exit(status);
