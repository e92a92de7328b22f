// `npm test`: unit tests in Node, then browser tests in real Chromium (installed if missing).
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
let status = run('node', ['scripts/ensure-chromium.mjs']);
if (status !== 0) process.exit(status);
status = run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
process.exit(status);
