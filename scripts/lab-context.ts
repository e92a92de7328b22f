// What a runner command gets: typed calls into the engine, input resolution
// (local path or remote URL → URL on the runner's file server), flags, and progress on stderr.
import type { Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import type { FileServer } from './harness';
import { userMessage, type Upstream } from './remote';
import type { ArgsOf, CommandName, EngineEvent, ResultOf } from '../workers/protocol';
import type { LabOutcome, LabWindow } from '../src/lab/lab-page';

/** A failure with a message for the user: printed as {"error": message}, exit 1. */
export class LabFailure extends Error {}

export class LabContext {
  private progressPrinter?: (p: unknown) => void;
  /** The remote URLs this run fetches through its file server, to name them in errors. */
  private readonly remotes: { local: string; upstream: Upstream }[] = [];
  constructor(
    readonly page: Page,
    readonly files: FileServer,
  ) {}

  async attach(): Promise<void> {
    await this.page.exposeFunction('labProgress', (_type: string, p: unknown) => this.progressPrinter?.(p));
    await this.page.exposeFunction('labEvent', (e: EngineEvent) => {
      if (e.type === 'notice') console.error(`[${e.level}] ${e.message}`);
      else console.error(`[gpu-lost] ${e.message}`);
    });
    this.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.error(`[page ${m.type()}] ${m.text()}`);
    });
    this.page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  }

  /** Calls an engine command; `onProgress` receives its progress replies (default: none shown). */
  async call<K extends CommandName>(type: K, args: ArgsOf<K>, onProgress?: (p: unknown) => void): Promise<ResultOf<K>> {
    this.progressPrinter = onProgress;
    const out = (await this.page.evaluate(([t, a]) => (window as unknown as LabWindow).lab.call(t as CommandName, a as never), [
      type,
      args,
    ] as const)) as LabOutcome<ResultOf<K>>;
    this.progressPrinter = undefined;
    if (!out.ok) throw new LabFailure(userMessage(out.error.message, this.remotes));
    return out.result;
  }

  /**
   * Ingests a corpus: an http(s) URL is fetched by the engine through the runner's server (see
   * remote()); a local path is handed to it as a File (as the app's file picker does), so the
   * browser reads it straight from disk.
   */
  async ingest(corpus: string, settings: ArgsOf<'ingest'>['settings'], onProgress?: (p: unknown) => void): Promise<ResultOf<'ingest'>> {
    if (isRemote(corpus)) return this.call('ingest', { source: { kind: 'url', url: this.remote(corpus) }, settings }, onProgress);
    if (!existsSync(corpus)) throw new LabFailure(`no such file: ${corpus}`);
    await this.page.setInputFiles('#lab-file', corpus);
    this.progressPrinter = onProgress;
    const out = (await this.page.evaluate((s) => {
      const file = (document.getElementById('lab-file') as HTMLInputElement).files![0];
      return (window as unknown as LabWindow).lab.call('ingest', { source: { kind: 'file', name: file.name }, settings: s, file });
    }, settings)) as LabOutcome<ResultOf<'ingest'>>;
    this.progressPrinter = undefined;
    if (!out.ok) throw new LabFailure(userMessage(out.error.message, this.remotes));
    return out.result;
  }

  /** A local path or an http(s) URL becomes a URL on the runner's file server. */
  input(pathOrUrl: string): string {
    if (isRemote(pathOrUrl)) return this.remote(pathOrUrl);
    if (!existsSync(pathOrUrl)) throw new LabFailure(`no such file: ${pathOrUrl}`);
    return this.files.serveFile(pathOrUrl);
  }

  /**
   * An http(s) URL fetched from Node through the file server, like curl: the server needs no
   * CORS headers (the page alone would refuse it), and errors still name the user's URL.
   */
  private remote(url: string): string {
    const r = this.files.serveRemote(url);
    this.remotes.push(r);
    return r.local;
  }
}

const isRemote = (s: string): boolean => /^https?:\/\//i.test(s);

/** Writes a one-line progress status on stderr (carriage return when a TTY). */
export function stderrStatus(line: string): void {
  if (process.stderr.isTTY) process.stderr.write('\r' + line.padEnd(100));
  else process.stderr.write(line + '\n');
}

export interface Flags {
  string(name: string, dflt: string): string;
  optString(name: string): string | undefined;
  number(name: string, dflt: number): number;
  optNumber(name: string): number | undefined;
  bool(name: string): boolean;
  assertAllUsed(): void;
}

export function parseFlags(argv: string[]): Flags {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new LabFailure(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.set(a.slice(2), argv[++i]);
    else values.set(a.slice(2), 'true');
  }
  const used = new Set<string>(['adapter']);
  const num = (name: string, raw: string): number => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v)) throw new LabFailure(`--${name} must be a number, not "${raw}"`);
    return v;
  };
  return {
    string: (name, dflt) => (used.add(name), values.get(name) ?? dflt),
    optString: (name) => (used.add(name), values.get(name)),
    number: (name, dflt) => (used.add(name), values.has(name) ? num(name, values.get(name)!) : dflt),
    optNumber: (name) => (used.add(name), values.has(name) ? num(name, values.get(name)!) : undefined),
    bool: (name) => (used.add(name), values.get(name) === 'true'),
    assertAllUsed() {
      const unknown = [...values.keys()].filter((k) => !used.has(k));
      if (unknown.length) throw new LabFailure(`unknown flag(s): ${unknown.map((k) => '--' + k).join(', ')}`);
    },
  };
}
