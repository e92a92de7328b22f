// The ingest speed yardstick: Python's collections.Counter(text.split()) over the same text,
// already decompressed, timed by Python itself (best of 3). Used by `ingest --compare-python`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';

const SCRIPT = `
import sys, time, collections
t = open(sys.argv[1], encoding='latin-1').read()
best = 1e9
for _ in range(3):
    t0 = time.perf_counter(); collections.Counter(t.split()); best = min(best, time.perf_counter() - t0)
print(len(t) / 1e6 / best)
`;

/** MB/s of Counter(text.split()) on the decompressed corpus at `path` (zip: first entry). */
export function pythonCounterMbPerSec(path: string): number {
  const raw = new Uint8Array(readFileSync(path));
  const text =
    raw[0] === 0x50 && raw[1] === 0x4b ? Object.values(unzipSync(raw))[0] : raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  const dir = mkdtempSync(join(tmpdir(), 'skipgram-py-'));
  try {
    const file = join(dir, 'text');
    writeFileSync(file, text);
    return Number(execFileSync('python3', ['-c', SCRIPT, file], { encoding: 'utf8' }).trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
