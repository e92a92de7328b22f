// The runner's memory figure: the peak resident memory of the Chromium renderer processes it
// started (the page and its engine worker, the trainer threads and the WebAssembly memory are in
// them), sampled from /proc while a command runs. A renderer is found as a process whose command
// line has --type=renderer and whose ancestors include this Node process. Linux only; elsewhere
// the figure is absent.
import { readFileSync, readdirSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function descends(pid: number, root: number): boolean {
  for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 16; p = parentOf(p), hops++) if (p === root) return true;
  return false;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The renderers' resident memory now, in kB (0 when none is found or there is no /proc). */
export function rendererRssKb(root = process.pid): number {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  let kb = 0;
  for (const d of pids) {
    const pid = Number(d);
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes('--type=renderer') && descends(pid, root)) kb += rssKb(pid);
  }
  return kb;
}

/** Samples rendererRssKb every `everyMs`; stop() gives the peak in MB, or undefined without /proc. */
export function samplePeakRss(everyMs = 250): { stop(): number | undefined } {
  let peak = rendererRssKb();
  const timer = setInterval(() => (peak = Math.max(peak, rendererRssKb())), everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, rendererRssKb());
      return peak > 0 ? Math.round(peak / 1024) : undefined;
    },
  };
}
