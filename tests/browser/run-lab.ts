// Runs the headless runner as a user does (`tsx scripts/lab.ts <command> …`, its own servers
// and Chromium) and reads its exit code and the JSON object on its last stdout line.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface LabRun {
  code: number;
  last: Record<string, unknown>;
  /** The last stdout line as printed (for reports). */
  line: string;
  stderr: string;
}

export function runLab(args: string[], timeoutMs = 300_000): Promise<LabRun> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/lab.ts', ...args], { cwd: ROOT, timeout: timeoutMs, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let last: Record<string, unknown>;
      try {
        last = JSON.parse(line) as Record<string, unknown>;
      } catch {
        last = { unparsed: line, stderr: stderr.slice(-2000) };
      }
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, last, line, stderr });
    });
  });
}
