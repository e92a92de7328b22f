// The producing half of an ingest: open the source (file or URL), count its input bytes,
// decompress by magic bytes and hand out the text in chunks of up to 1 MB, at most AHEAD
// chunks ahead of the consumer (credit: the consumer acknowledges each chunk it takes).
// It runs on the inflate helper worker (inflate-worker.ts), which opens the source itself, so
// neither reading nor inflating waits on the busy counting thread; or in that thread when a
// nested worker cannot start. Messages are plain data (errors as message + code), the same
// in both places.
import { CancelledError, LabError } from '../errors';
import { coalesce, openText, relay, selfChecking } from './streams';
import type { CorpusSource } from './format';

export const SAMPLE_PATH = 'sample/brown.txt';
/** Text chunk size, and how many may wait ahead of the consumer (read ahead, then in flight). */
const CHUNK = 1 << 20;
export const AHEAD = 4;

/** What to open: a file source carries its File; URLs are resolved by the engine. */
export interface SourceSpec {
  source: CorpusSource;
  file?: File;
  /** The absolute URL for 'url' and 'sample' sources. */
  url?: string;
}

export type TextMsg =
  | { kind: 'open'; total?: number; label: string }
  | { kind: 'chunk'; data: Uint8Array; inputDone: number }
  | { kind: 'end'; inputDone: number }
  | { kind: 'error'; message: string; code?: LabError['code']; inputDone: number };

async function openSource(
  spec: SourceSpec,
  signal: AbortSignal,
): Promise<{ stream: ReadableStream<Uint8Array>; total?: number; label: string }> {
  const s = spec.source;
  if (s.kind === 'file') {
    if (!spec.file) throw new LabError(`the file "${s.name}" is no longer available: pick it again`, 'state');
    return { stream: spec.file.stream(), total: spec.file.size, label: s.name };
  }
  const url = spec.url!;
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw new LabError(
      `could not fetch ${url}: the network failed or the server refused cross-origin access (CORS) — ${e instanceof Error ? e.message : String(e)}`,
      'network',
    );
  }
  if (!res.ok) {
    const isText8 = /text8\.zip$/.test(url);
    const hint = isText8
      ? ' text8.zip is not on this site. Download http://mattmahoney.net/dc/text8.zip (31 MB) and pick it as a local file, or put it next to the app as data/text8.zip (under `npm start` the dev server downloads it on first use; with no network, set TEXT8_PATH or put text8.zip in the project folder).'
      : s.kind === 'sample'
        ? ' The bundled sample is built by `npm start` / `npm run build` (scripts/build-sample.mjs).'
        : '';
    throw new LabError(
      `${url}: HTTP ${res.status} ${res.statusText || (res.status === 404 ? 'Not Found' : '')}.${hint}`,
      res.status === 404 ? 'not-found' : 'network',
    );
  }
  if (!res.body) throw new LabError(`${url}: the response has no body`, 'network');
  const len = Number(res.headers.get('content-length'));
  const enc = res.headers.get('content-encoding');
  return { stream: res.body, total: len > 0 && !enc ? len : undefined, label: url };
}

/** Lets the producer run at most `n` chunks ahead: take() before sending, give() on each acknowledgement. */
export class Credit {
  private waiting: (() => void) | undefined;
  constructor(private n: number) {}
  async take(): Promise<void> {
    while (this.n === 0) await new Promise<void>((r) => (this.waiting = r));
    this.n--;
  }
  give(): void {
    this.n++;
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}

/**
 * Produces the text of `spec` as messages through `send` until 'end' or 'error'. A failure of
 * the input itself (a dropped connection) is named as such; decompression failures keep their
 * own message ("zip is truncated …").
 */
export async function pumpText(spec: SourceSpec, send: (m: TextMsg) => void, credit: Credit, signal: AbortSignal): Promise<void> {
  let inputDone = 0;
  let inputError: LabError | undefined;
  let label = spec.source.kind === 'file' ? spec.source.name : (spec.url ?? '');
  try {
    const src = await openSource(spec, signal);
    label = src.label;
    const input = relay(
      src.stream,
      (e) =>
        (inputError = signal.aborted
          ? new CancelledError()
          : new LabError(
              `reading ${src.label} failed after ${(inputDone / 1e6).toFixed(1)} MB: the connection dropped or the file became unreadable (${e instanceof Error ? e.message : String(e)})`,
              'network',
            )),
      (chunk) => (inputDone += chunk.length),
    );
    send({ kind: 'open', total: src.total, label });
    const reader = coalesce(selfChecking(await openText(input)), CHUNK, AHEAD).getReader();
    for (;;) {
      await credit.take();
      const r = await reader.read();
      if (r.done) break;
      send({ kind: 'chunk', data: r.value, inputDone });
    }
    send({ kind: 'end', inputDone });
  } catch (e) {
    const err = inputError ?? e;
    send({
      kind: 'error',
      message: err instanceof Error ? err.message : String(err),
      code: err instanceof LabError ? err.code : undefined,
      inputDone,
    });
  }
}

/**
 * The consuming half: a text byte stream fed by TextMsg messages (`deliver`), acknowledging each
 * chunk it hands on (`ack`). `opened` resolves with the source's size and label, or rejects
 * with the opening error.
 */
export class TextReceiver {
  readonly stream: ReadableStream<Uint8Array>;
  readonly opened: Promise<{ total?: number; label: string }>;
  /** Input bytes read so far (compressed when the input is). */
  inputDone = 0;
  private queue: TextMsg[] = [];
  private wake: (() => void) | undefined;
  private open!: { resolve(v: { total?: number; label: string }): void; reject(e: unknown): void };

  constructor(ack: () => void) {
    this.opened = new Promise((resolve, reject) => (this.open = { resolve, reject }));
    this.opened.catch(() => undefined);
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: async (ctl) => {
          while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
          const m = this.queue.shift()!;
          if (m.kind === 'chunk') {
            ack();
            ctl.enqueue(m.data);
          } else if (m.kind === 'end') ctl.close();
          else if (m.kind === 'error') throw new LabError(m.message, m.code);
        },
      },
      new CountQueuingStrategy({ highWaterMark: 0 }),
    );
  }

  deliver(m: TextMsg): void {
    if (m.kind !== 'open') this.inputDone = m.inputDone;
    if (m.kind === 'open') return this.open.resolve({ total: m.total, label: m.label });
    if (m.kind === 'error') this.open.reject(new LabError(m.message, m.code));
    this.queue.push(m);
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
