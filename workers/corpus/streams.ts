// Input byte stream → decompressed text byte stream, format by magic bytes:
//   PK\x03\x04 → zip, first entry (native DecompressionStream('deflate-raw') sliced to the
//                 entry's compressed size; fflate's streaming Unzip when the size is only in a
//                 trailing data descriptor), 1f 8b → gzip (native), anything else → plain text.
// Platform-neutral: works in the worker and in Node ≥ 18.
import { Unzip, UnzipInflate } from 'fflate';
import { LabError } from '../errors';

export type Format = 'zip' | 'gzip' | 'text';

/** Reads the first `n` bytes (or fewer at end) and returns them plus a stream of the whole input. */
async function peek(src: ReadableStream<Uint8Array>, n: number): Promise<{ head: Uint8Array; stream: ReadableStream<Uint8Array> }> {
  const reader = src.getReader();
  const got: Uint8Array[] = [];
  let len = 0;
  while (len < n) {
    const r = await reader.read();
    if (r.done) break;
    got.push(r.value);
    len += r.value.length;
  }
  const head = concat(got, len);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (first) {
        first = false;
        if (head.length) return ctl.enqueue(head);
      }
      const r = await reader.read();
      if (r.done) ctl.close();
      else ctl.enqueue(r.value);
    },
    cancel: (why) => reader.cancel(why),
  });
  return { head, stream };
}

function concat(parts: Uint8Array[], len: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function detectFormat(head: Uint8Array): Format {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return 'text';
}

/**
 * Re-streams `src` chunk by chunk: `onChunk` sees each chunk, and a failed read is
 * replaced by the error `onError` makes of it (so the user reads what went wrong).
 */
export function relay(
  src: ReadableStream<Uint8Array>,
  onError: (e: unknown) => Error,
  onChunk?: (chunk: Uint8Array) => void,
): ReadableStream<Uint8Array> {
  const reader = src.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        throw onError(e);
      }
      if (r.done) return ctl.close();
      onChunk?.(r.value);
      ctl.enqueue(r.value);
    },
    cancel: (why) => reader.cancel(why),
  });
}

/** Turns a DecompressionStream failure into a message naming the format. */
function guard(s: ReadableStream<Uint8Array>, what: string): ReadableStream<Uint8Array> {
  return relay(s, (e) => {
    if (e instanceof LabError) return e;
    const msg = e instanceof Error ? e.message : String(e);
    return new LabError(/trunc|unexpected end|premature/i.test(msg) ? `${what} is truncated (${msg})` : `${what} is corrupt (${msg})`);
  });
}

/** Passes at most `n` bytes; fails with "truncated" if the input ends before `n`. */
function limit(src: ReadableStream<Uint8Array>, n: number, what: string): ReadableStream<Uint8Array> {
  const reader = src.getReader();
  let left = n;
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (left === 0) {
        void reader.cancel();
        return ctl.close();
      }
      const r = await reader.read();
      if (r.done) throw new LabError(`${what} is truncated: ${left} bytes of compressed data are missing`);
      const v = r.value.length > left ? r.value.subarray(0, left) : r.value;
      left -= v.length;
      ctl.enqueue(v);
    },
    cancel: (why) => reader.cancel(why),
  });
}

/** Skips `n` bytes at the start of a stream. */
function skip(src: ReadableStream<Uint8Array>, n: number): ReadableStream<Uint8Array> {
  let left = n;
  return src.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        if (left >= chunk.length) {
          left -= chunk.length;
          return;
        }
        ctl.enqueue(left > 0 ? chunk.subarray(left) : chunk);
        left = 0;
      },
    }),
  );
}

function fflateZip(src: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = src.getReader();
  let started = false;
  let finished = false;
  const out: Uint8Array[] = [];
  let error: Error | undefined;
  const uz = new Unzip((file) => {
    if (started) return;
    started = true;
    file.ondata = (err, data, final) => {
      if (err) error = new LabError(`zip is corrupt (${err.message})`);
      else {
        if (data.length) out.push(data);
        if (final) finished = true;
      }
    };
    file.start();
  });
  uz.register(UnzipInflate);
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      for (;;) {
        if (error) throw error;
        if (out.length) return ctl.enqueue(out.shift()!);
        if (finished) {
          void reader.cancel();
          return ctl.close();
        }
        const r = await reader.read();
        try {
          uz.push(r.done ? new Uint8Array(0) : r.value, r.done);
        } catch (e) {
          throw new LabError(`zip is corrupt (${e instanceof Error ? e.message : String(e)})`);
        }
        if (r.done && !out.length && !finished) throw new LabError('zip is truncated: the first entry ends early');
      }
    },
    cancel: (why) => reader.cancel(why),
  });
}

// lib.dom types DecompressionStream's writable side as BufferSource, wider than Uint8Array;
// the stream accepts Uint8Array, so the pair is narrowed here, once.
function inflate(s: ReadableStream<Uint8Array>, fmt: 'gzip' | 'deflate-raw'): ReadableStream<Uint8Array> {
  return s.pipeThrough(new DecompressionStream(fmt) as unknown as TransformStream<Uint8Array, Uint8Array>);
}

/** Decompresses `src` by its magic bytes; returns the text byte stream and the format. */
export interface OpenedText {
  format: Format;
  text: ReadableStream<Uint8Array>;
  /** Called with the decompressed byte count at the end: throws when it disagrees with the archive (truncated / corrupt). */
  check(textBytes: number): void;
}

/** Keeps the last 8 bytes that passed (the gzip trailer: CRC32, ISIZE). */
function tail8(src: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; last: Uint8Array } {
  const last = new Uint8Array(8);
  const stream = src.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        if (chunk.length >= 8) last.set(chunk.subarray(chunk.length - 8));
        else {
          last.copyWithin(0, chunk.length);
          last.set(chunk, 8 - chunk.length);
        }
        ctl.enqueue(chunk);
      },
    }),
  );
  return { stream, last };
}

export async function openText(src: ReadableStream<Uint8Array>): Promise<OpenedText> {
  const { head, stream } = await peek(src, 30);
  const format = detectFormat(head);
  if (format === 'gzip') {
    const t = tail8(stream);
    return {
      format,
      text: guard(inflate(t.stream, 'gzip'), 'gzip'),
      check(n) {
        const isize = new DataView(t.last.buffer).getUint32(4, true);
        if (isize !== n % 2 ** 32)
          throw new LabError(`gzip is truncated or corrupt: it decompressed to ${n} bytes but its trailer says ${isize}`);
      },
    };
  }
  if (format === 'text') return { format, text: stream, check: () => undefined };
  if (head.length < 30) throw new LabError('zip is truncated: the local file header is incomplete');
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const flags = dv.getUint16(6, true);
  const method = dv.getUint16(8, true);
  const compressed = dv.getUint32(18, true);
  const nameLen = dv.getUint16(26, true);
  const extraLen = dv.getUint16(28, true);
  if (method !== 0 && method !== 8)
    throw new LabError(`zip entry uses compression method ${method}; only deflate and stored are supported`);
  if (flags & 1) throw new LabError('zip entry is encrypted');
  const hasDescriptor = (flags & 8) !== 0 && compressed === 0;
  if (hasDescriptor || compressed === 0xffffffff) return { format, text: fflateZip(stream), check: () => undefined };
  const size = dv.getUint32(22, true);
  const body = limit(skip(stream, 30 + nameLen + extraLen), compressed, 'zip');
  const text = method === 0 ? body : guard(inflate(body, 'deflate-raw'), 'zip');
  return {
    format,
    text,
    check(n) {
      if (n !== size) throw new LabError(`zip is corrupt: the entry decompressed to ${n} bytes but its header says ${size}`);
    },
  };
}

/** The opened text as one stream that errors at its end when the size check fails. */
export function selfChecking(opened: OpenedText): ReadableStream<Uint8Array> {
  const reader = opened.text.getReader();
  let n = 0;
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      const r = await reader.read();
      if (!r.done) {
        n += r.value.length;
        return ctl.enqueue(r.value);
      }
      opened.check(n);
      ctl.close();
    },
    cancel: (why) => reader.cancel(why),
  });
}

/** True when the first bytes look like binary data rather than text (NULs or many control bytes). */
export function looksBinary(b: Uint8Array): boolean {
  let ctrl = 0;
  const n = Math.min(b.length, 8192);
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 9 || (c > 13 && c < 32) || c === 127) ctrl++;
  }
  return n > 0 && ctrl / n > 0.02;
}

/**
 * Re-chunks `src` into chunks of up to `size` bytes and reads up to `ahead` of them in advance,
 * so a consumer on another thread gets few, large chunks that are ready when it asks (a
 * transferred stream costs a message round trip per chunk). The first chunks are smaller
 * (64 KB, doubling), so the consumer starts early.
 */
export function coalesce(src: ReadableStream<Uint8Array>, size: number, ahead: number): ReadableStream<Uint8Array> {
  const reader = src.getReader();
  let cap = Math.min(size, 1 << 16);
  let buf = new Uint8Array(cap);
  let fill = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        for (let sent = false; !sent;) {
          const r = await reader.read();
          if (r.done) {
            if (fill > 0) ctl.enqueue(buf.subarray(0, fill));
            return ctl.close();
          }
          let v = r.value;
          while (v.length > 0) {
            const n = Math.min(v.length, cap - fill);
            buf.set(v.subarray(0, n), fill);
            fill += n;
            v = v.subarray(n);
            if (fill === cap) {
              ctl.enqueue(buf);
              cap = Math.min(size, cap * 2);
              buf = new Uint8Array(cap);
              fill = 0;
              sent = true;
            }
          }
        } // the stream calls pull again while fewer than `ahead` chunks wait
      },
      cancel: (why) => reader.cancel(why),
    },
    new CountQueuingStrategy({ highWaterMark: ahead }),
  );
}
