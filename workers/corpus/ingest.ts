// The ingest pipeline: open the source as a byte stream, decompress by magic bytes,
// tokenise + count in one pass, writing each block of provisional word ids to IndexedDB as
// it fills (the text and the ids never sit whole in the worker), then the vocab with its
// provisional → final id remap, then the 'ready' manifest. The manifest says 'ingesting' while a live ingest holds the Web
// Lock `corpus-ingest/<id>`; a manifest left 'ingesting' with no lock holder is dead.
import { LabError, CancelledError, isQuotaError } from '../errors';
import { put } from '../store';
import type { HandlerContext } from '../protocol';
import { corpusKey, deleteCorpus, type CorpusManifest, type CorpusSource, type IngestSettings } from './format';
import type { IngestProgress, IngestResult } from './commands';
import { WordCounter, finalVocab } from './counter';
import { openText, looksBinary, relay, selfChecking } from './streams';
import type { InflateReply } from './inflate-worker';

export const SAMPLE_PATH = 'sample/brown.txt';
export const lockName = (id: string): string => `corpus-ingest/${id}`;

export interface IngestJob {
  id: string;
  name: string;
  source: CorpusSource;
  settings: IngestSettings;
  file?: File;
  /** Base for relative URLs (the page's document.baseURI): the worker's own URL differs in a build. */
  baseUrl?: string;
  createdAt?: number;
}

export function newCorpusId(): string {
  return 'c' + Date.now().toString(36) + Math.floor(Math.random() * 36 ** 4).toString(36);
}

function resolveUrl(u: string, base?: string): string {
  return new URL(u, base ?? self.location.href).href;
}

async function openSource(job: IngestJob, signal: AbortSignal): Promise<{ stream: ReadableStream<Uint8Array>; total?: number; label: string }> {
  const s = job.source;
  if (s.kind === 'file') {
    if (!job.file) throw new LabError(`the file "${s.name}" is no longer available: pick it again`, 'state');
    return { stream: job.file.stream(), total: job.file.size, label: s.name };
  }
  const url = resolveUrl(s.kind === 'sample' ? SAMPLE_PATH : s.url, job.baseUrl);
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw new LabError(`could not fetch ${url}: the network failed or the server refused cross-origin access (CORS) — ${e instanceof Error ? e.message : String(e)}`, 'network');
  }
  if (!res.ok) {
    const isText8 = /text8\.zip$/.test(url);
    const hint = isText8
      ? ' text8.zip is not on this site. Download http://mattmahoney.net/dc/text8.zip (31 MB) and pick it as a local file, or put it next to the app as data/text8.zip (under `npm start`: set TEXT8_PATH or put text8.zip in the project folder).'
      : s.kind === 'sample'
        ? ' The bundled sample is built by `npm start` / `npm run build` (scripts/build-sample.mjs).'
        : '';
    throw new LabError(`${url}: HTTP ${res.status} ${res.statusText || (res.status === 404 ? 'Not Found' : '')}.${hint}`, res.status === 404 ? 'not-found' : 'network');
  }
  if (!res.body) throw new LabError(`${url}: the response has no body`, 'network');
  const len = Number(res.headers.get('content-length'));
  const enc = res.headers.get('content-encoding');
  return { stream: res.body, total: len > 0 && !enc ? len : undefined, label: url };
}

/**
 * Opens the text stream on a helper worker (inflate-worker.ts), so decompression and counting
 * use two cores; in this thread when a nested worker cannot start. Returns the text stream
 * (size-checked at its end) and a `done` that stops the helper.
 */
async function openTextOffThread(input: ReadableStream<Uint8Array>): Promise<{ text: ReadableStream<Uint8Array>; done(): void }> {
  let w: Worker | undefined;
  try {
    w = new Worker(new URL('./inflate-worker.ts', import.meta.url), { type: 'module' });
    const worker = w;
    await new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => (e.preventDefault(), reject(new Error('inflate worker failed to start')));
    });
  } catch {
    w?.terminate();
    return { text: selfChecking(await openText(input)), done: () => undefined };
  }
  const worker = w;
  const reply = await new Promise<InflateReply>((resolve) => {
    worker.onmessage = (e: MessageEvent<InflateReply>) => resolve(e.data);
    worker.postMessage(input, [input]);
  });
  if (!reply.ok) {
    worker.terminate();
    throw new LabError(reply.message);
  }
  return { text: reply.text, done: () => worker.terminate() };
}

/** Counts input bytes as they pass (for progress) and turns a mid-stream failure into a clear error. */
function counting(src: ReadableStream<Uint8Array>, onBytes: (n: number) => void, onError: (e: LabError) => void, label: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  let done = 0;
  return relay(
    src,
    (e) => {
      const err = signal.aborted
        ? new CancelledError()
        : new LabError(`reading ${label} failed after ${(done / 1e6).toFixed(1)} MB: the connection dropped or the file became unreadable (${e instanceof Error ? e.message : String(e)})`, 'network');
      onError(err);
      return err;
    },
    (chunk) => onBytes((done += chunk.length)),
  );
}

export async function runIngest(job: IngestJob, ctx: HandlerContext<IngestProgress>): Promise<IngestResult> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return navigator.locks.request(lockName(job.id), () => ingestLocked(job, ctx));
  }
  return ingestLocked(job, ctx);
}

async function ingestLocked(job: IngestJob, ctx: HandlerContext<IngestProgress>): Promise<IngestResult> {
  const { signal } = ctx;
  const t0 = performance.now();
  const manifest: CorpusManifest = {
    id: job.id, name: job.name, source: job.source, settings: job.settings, state: 'ingesting',
    bytes: 0, tokens: 0, kept: 0, vocabSize: 0, chunkCount: 0, createdAt: job.createdAt ?? Date.now(), updatedAt: Date.now(),
  };
  // Block writes run in IndexedDB while counting goes on; all are awaited before 'ready'.
  const writes: Promise<void>[] = [];
  let writeError: unknown;
  let stopInflating = (): void => undefined;
  try {
    await put(corpusKey.manifest(job.id), manifest);
    const src = await openSource(job, signal);
    manifest.inputBytes = src.total;
    let inputDone = 0;
    // The input's own failure (a network drop), kept here: it reaches this thread again only as a
    // plain Error through the inflate worker's stream.
    let inputError: LabError | undefined;
    const input = counting(src.stream, (n) => (inputDone = n), (e) => (inputError = e), src.label, signal);
    const inflating = await openTextOffThread(input);
    stopInflating = inflating.done;
    const text = inflating.text;
    let chunkCount = 0;
    const counter = new WordCounter((block) => {
      const w = put(corpusKey.chunk(job.id, chunkCount++), block);
      w.catch((e: unknown) => (writeError ??= e)); // a failed write (full disk) stops the read loop below
      writes.push(w);
    });
    const reader = text.getReader();
    let textBytes = 0;
    let lastReport = 0;
    const report = (phase: IngestProgress['phase']): void => {
      const secs = (performance.now() - t0) / 1000;
      const rate = inputDone / Math.max(secs, 1e-3);
      ctx.progress({
        bytesDone: inputDone, bytesTotal: src.total, textBytes, tokens: counter.tokens,
        mbPerSec: textBytes / 1e6 / Math.max(secs, 1e-3),
        etaSeconds: src.total ? Math.max(0, (src.total - inputDone) / Math.max(rate, 1)) : undefined,
        phase,
      });
    };
    try {
      for (;;) {
        if (signal.aborted) throw new CancelledError();
        if (writeError !== undefined) throw writeError;
        const r = await reader.read();
        if (r.done) break;
        if (textBytes === 0 && looksBinary(r.value)) throw new LabError(`${src.label} is not text: it looks like binary data (not zip, gzip or plain text)`);
        textBytes += r.value.length;
        counter.feed(r.value);
        const now = performance.now();
        if (now - lastReport > 100) {
          lastReport = now;
          report('reading');
        }
      }
    } catch (e) {
      void reader.cancel().catch(() => undefined);
      if (signal.aborted) throw new CancelledError();
      if (inputError) throw inputError;
      if (e instanceof LabError || e === writeError || !(e instanceof Error)) throw e;
      // A LabError from the inflate worker ("zip is corrupt …") arrives as a plain Error (structured clone).
      throw new LabError(e.message);
    }
    counter.end();
    if (textBytes === 0) throw new LabError(`${src.label} is empty: there is no text in it`);
    if (counter.tokens === 0) throw new LabError(`${src.label} has no words: no letters a–z were found`);
    report('finishing');
    const vocab = finalVocab(counter, job.settings.minCount, job.settings.maxVocab);
    if (vocab.words.length === 0) throw new LabError(`no word occurs at least ${job.settings.minCount} times (min-count): lower min-count`);
    if (signal.aborted) throw new CancelledError();
    // Chunks and vocab first; 'ready' only after both are stored.
    writes.push(put(corpusKey.vocab(job.id), { words: vocab.words, counts: vocab.counts, remap: vocab.remap }));
    await Promise.all(writes);
    Object.assign(manifest, {
      state: 'ready', bytes: textBytes, tokens: counter.tokens, kept: vocab.kept, vocabSize: vocab.words.length,
      chunkCount, updatedAt: Date.now(),
    } satisfies Partial<CorpusManifest>);
    if (src.total === undefined) manifest.inputBytes = inputDone;
    await put(corpusKey.manifest(job.id), manifest);
    const seconds = (performance.now() - t0) / 1000;
    return { manifest, seconds, mbPerSec: textBytes / 1e6 / seconds };
  } catch (e) {
    // Nothing half-written stays: once pending block writes settle, remove the corpus's keys
    // (the manifest first, so it never looks complete).
    await Promise.allSettled(writes);
    await deleteCorpus(job.id).catch(() => undefined);
    if (e instanceof LabError) throw e;
    if (isQuotaError(e)) throw new LabError('browser storage is full (quota exceeded): delete a corpus or free space, then try again', 'quota');
    throw e;
  } finally {
    stopInflating();
  }
}
