// The ingest pipeline: a helper worker opens the source and decompresses it by magic bytes
// (text-source.ts); this thread tokenises + counts the text in one pass, writing each block of provisional word ids to IndexedDB as
// it fills (the text and the ids never sit whole in the worker), then the vocab with its
// provisional → final id remap, then the 'ready' manifest. The manifest says 'ingesting' while a live ingest holds the Web
// Lock `corpus-ingest/<id>`; a manifest left 'ingesting' with no lock holder is dead.
import { LabError, CancelledError, isQuotaError } from '../errors';
import { put, packArray } from '../store';
import type { HandlerContext } from '../protocol';
import { corpusKey, deleteCorpus, type CorpusManifest, type CorpusSource, type IngestSettings } from './format';
import type { IngestProgress, IngestResult } from './commands';
import { WordCounter, finalVocab } from './counter';
import { looksBinary } from './streams';
import { AHEAD, Credit, pumpText, SAMPLE_PATH, TextReceiver, type SourceSpec, type TextMsg } from './text-source';
import type { ToInflater } from './inflate-worker';
import { spawnModuleWorker } from '../spawn';
import inflateWorkerUrl from './inflate-worker.ts?worker&url';

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

/** A started inflate worker, or undefined when nested workers cannot start here. */
function startInflater(): Promise<Worker | undefined> {
  let w: Worker;
  try {
    w = spawnModuleWorker(inflateWorkerUrl); // inherits the engine's (the page's) CSP: spawn.ts
  } catch {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    w.onmessage = () => resolve(w);
    w.onerror = (e) => (e.preventDefault(), w.terminate(), resolve(undefined));
  });
}

// One inflate worker is kept started ahead of need; each ingest takes it and a new one starts.
let spare: Promise<Worker | undefined> | undefined;

/** Starts the spare inflate worker (at engine start), so the first ingest does not wait for it; resolves once it runs. */
export async function warmInflater(): Promise<void> {
  await (spare ??= startInflater());
}

/**
 * Opens the job's source as a text stream produced on a helper worker (inflate-worker.ts), which
 * reads and decompresses while this thread counts; in this thread when a nested worker cannot
 * start. `stop` ends the producer (the helper is terminated and a fresh spare started).
 */
async function openTextStream(job: IngestJob, signal: AbortSignal): Promise<{ rx: TextReceiver; stop(): void }> {
  const spec: SourceSpec = {
    source: job.source,
    file: job.file,
    url: job.source.kind === 'file' ? undefined : resolveUrl(job.source.kind === 'sample' ? SAMPLE_PATH : job.source.url, job.baseUrl),
  };
  const w = await (spare ?? startInflater());
  spare = undefined;
  if (!w) {
    const credit = new Credit(AHEAD);
    const rx = new TextReceiver(() => credit.give());
    void pumpText(spec, (m) => rx.deliver(m), credit, signal);
    return { rx, stop: () => undefined };
  }
  const ack: ToInflater = { kind: 'ack' };
  const rx = new TextReceiver(() => w.postMessage(ack));
  w.onmessage = (e: MessageEvent<TextMsg>) => rx.deliver(e.data);
  w.postMessage({ kind: 'open', spec, ahead: AHEAD } satisfies ToInflater);
  return {
    rx,
    stop: () => {
      w.terminate();
      void warmInflater();
    },
  };
}

/** `p`, or a CancelledError as soon as `signal` aborts (whichever comes first). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
    id: job.id,
    name: job.name,
    source: job.source,
    settings: job.settings,
    state: 'ingesting',
    bytes: 0,
    tokens: 0,
    kept: 0,
    vocabSize: 0,
    chunkCount: 0,
    createdAt: job.createdAt ?? Date.now(),
    updatedAt: Date.now(),
  };
  // Block writes run in IndexedDB while counting goes on; all are awaited before 'ready'.
  const writes: Promise<void>[] = [];
  let writeError: unknown;
  let stopInflating = (): void => undefined;
  const cleanups: (() => void)[] = [];
  const store = (key: string, value: unknown): void => {
    const w = put(key, value);
    w.catch((e: unknown) => (writeError ??= e)); // a failed write (full disk) stops the read loop below
    writes.push(w);
  };
  try {
    // Not awaited: IndexedDB commits this store's writes in the order they were made, so the
    // 'ingesting' manifest lands before any block, and every write is awaited before 'ready'.
    store(corpusKey.manifest(job.id), { ...manifest });
    const text = await openTextStream(job, signal);
    stopInflating = text.stop;
    const { rx } = text;
    const src = await untilAborted(rx.opened, signal);
    manifest.inputBytes = src.total;
    let chunkCount = 0;
    const counter = new WordCounter((block) => store(corpusKey.chunk(job.id, chunkCount++), packArray(block)));
    const reader = rx.stream.getReader();
    // A source that stalls (a server that stops sending) must not keep Cancel waiting: the abort
    // ends the pending read, and the loop below sees the signal.
    const onAbort = (): void => void reader.cancel().catch(() => undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
    let textBytes = 0;
    let lastReport = 0;
    const report = (phase: IngestProgress['phase']): void => {
      const secs = (performance.now() - t0) / 1000;
      const rate = rx.inputDone / Math.max(secs, 1e-3);
      ctx.progress({
        bytesDone: rx.inputDone,
        bytesTotal: src.total,
        textBytes,
        tokens: counter.tokens,
        mbPerSec: textBytes / 1e6 / Math.max(secs, 1e-3),
        etaSeconds: src.total ? Math.max(0, (src.total - rx.inputDone) / Math.max(rate, 1)) : undefined,
        phase,
      });
    };
    try {
      for (;;) {
        if (signal.aborted) throw new CancelledError();
        if (writeError !== undefined) throw writeError;
        const r = await reader.read();
        if (signal.aborted) throw new CancelledError();
        if (r.done) break;
        if (textBytes === 0 && looksBinary(r.value))
          throw new LabError(`${src.label} is not text: it looks like binary data (not zip, gzip or plain text)`);
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
      throw e;
    }
    counter.end();
    if (textBytes === 0) throw new LabError(`${src.label} is empty: there is no text in it`);
    if (counter.tokens === 0) throw new LabError(`${src.label} has no words: no letters a–z were found`);
    report('finishing');
    const vocab = finalVocab(counter, job.settings.minCount, job.settings.maxVocab);
    if (vocab.words.length === 0) throw new LabError(`no word occurs at least ${job.settings.minCount} times (min-count): lower min-count`);
    if (signal.aborted) throw new CancelledError();
    // Chunks and vocab first; 'ready' only after both are stored.
    store(corpusKey.vocab(job.id), { words: vocab.words, counts: vocab.counts, remap: vocab.remap });
    await Promise.all(writes);
    Object.assign(manifest, {
      state: 'ready',
      bytes: textBytes,
      tokens: counter.tokens,
      kept: vocab.kept,
      vocabSize: vocab.words.length,
      chunkCount,
      updatedAt: Date.now(),
    } satisfies Partial<CorpusManifest>);
    if (src.total === undefined) manifest.inputBytes = rx.inputDone;
    await put(corpusKey.manifest(job.id), manifest);
    const seconds = (performance.now() - t0) / 1000;
    return { manifest, seconds, mbPerSec: textBytes / 1e6 / seconds };
  } catch (e) {
    // Nothing half-written stays: once pending block writes settle, remove the corpus's keys
    // (the manifest first, so it never looks complete).
    await Promise.allSettled(writes);
    await deleteCorpus(job.id).catch(() => undefined);
    if (e instanceof LabError) throw e;
    if (isQuotaError(e))
      throw new LabError('browser storage is full (quota exceeded): delete a corpus or free space, then try again', 'quota');
    throw e;
  } finally {
    for (const c of cleanups) c();
    stopInflating();
  }
}
