// Streaming readers for word-vector files, fed byte chunks as they arrive:
//   .vec  word2vec text, with a "V D" header line, or without one (GloVe)
//   .bin  word2vec binary: "V D\n", then per word "word " + D little-endian f32 (+ "\n")
// The format is sniffed from the bytes: a binary file has a header and non-numeric bytes
// after the first word. Bad rows (wrong number of values, NaN/Inf, duplicate words) are
// skipped and counted; a file that cannot be read at all throws a VectorFileError.
import { LabError } from '../errors';

export type VectorFileFormat = 'vec' | 'vec-noheader' | 'bin';

/** A file that cannot be read; a LabError, so callers that do not wrap it still show its message. */
export class VectorFileError extends LabError {
  constructor(message: string) {
    super(message, 'bad-input');
    this.name = 'VectorFileError';
  }
}

export interface ParsedVectors {
  format: VectorFileFormat;
  words: string[];
  /** [words.length, dim] f32 row-major */
  matrix: Float32Array;
  dim: number;
  /** Rows skipped, by reason. */
  skipped: { wrongLength: number; notFinite: number; duplicate: number };
  warnings: string[];
}

const MAX_NOTES = 5;
const NUMERIC = new Set(Array.from('0123456789.-+eEnaNAifIFty \t\r\n', (c) => c.charCodeAt(0)));
const HEADER = /^\s*(\d+)\s+(\d+)\s*$/;

export class VectorReader {
  private mode: 'sniff' | 'text' | 'bin' = 'sniff';
  private pending: Uint8Array = new Uint8Array(0); // bytes not yet consumed
  private decoder = new TextDecoder('utf-8');
  private textRest = '';
  private lineNo = 0;
  private header: { v: number; d: number } | undefined;
  private dim = 0;
  private words: string[] = [];
  private seen = new Set<string>();
  private matrix = new Float32Array(0);
  private rows = 0;
  private skipped = { wrongLength: 0, notFinite: 0, duplicate: 0 };
  private notes: string[] = [];
  private binRowsSeen = 0;
  private format: VectorFileFormat = 'vec';

  constructor(private readonly hint?: 'vec' | 'bin') {}

  get rowCount(): number {
    return this.rows;
  }

  push(chunk: Uint8Array): void {
    if (this.mode === 'text') return this.pushText(chunk, false);
    this.pending = concat(this.pending, chunk);
    if (this.mode === 'sniff') this.sniff(false);
    if (this.mode === 'bin') this.drainBin();
  }

  finish(): ParsedVectors {
    if (this.mode === 'sniff') this.sniff(true);
    if (this.mode === 'text') this.pushText(new Uint8Array(0), true);
    if (this.mode === 'bin') {
      this.drainBin();
      const v = this.header?.v ?? 0;
      if (this.binRowsSeen < v) {
        throw new VectorFileError(
          `binary file is cut short: the header says ${v} words but it ends after ${this.binRowsSeen}` +
            (this.pending.length ? ` (${this.pending.length} bytes of an incomplete row)` : ''),
        );
      }
      if (this.pending.some((b) => b !== 10 && b !== 32))
        this.note(`${this.pending.length} bytes after the last of the ${v} words were ignored`);
    }
    if (this.rows === 0) {
      const why = this.skipped.wrongLength
        ? this.header
          ? ` — the header says ${this.header.d} values per word but no line has that many`
          : ' — the lines have different numbers of values'
        : this.skipped.notFinite
          ? ' — every row has a value that is NaN, Inf or not a number'
          : '';
      throw new VectorFileError(`no usable word vectors in the file${why}`);
    }
    if (this.header && this.format !== 'bin') {
      const total = this.rows + this.skipped.wrongLength + this.skipped.notFinite + this.skipped.duplicate;
      if (total !== this.header.v) this.note(`the header says ${this.header.v} words but the file has ${total} rows`);
    }
    return {
      format: this.format,
      words: this.words,
      matrix: this.matrix.slice(0, this.rows * this.dim),
      dim: this.dim,
      skipped: { ...this.skipped },
      warnings: this.warnings(),
    };
  }

  private warnings(): string[] {
    const s = this.skipped;
    const out = [...this.notes];
    if (s.wrongLength) out.push(`${s.wrongLength} rows skipped: wrong number of values (expected ${this.dim})`);
    if (s.notFinite) out.push(`${s.notFinite} rows skipped: a value is NaN, Inf or not a number`);
    if (s.duplicate) out.push(`${s.duplicate} rows skipped: the word appeared earlier in the file`);
    return out;
  }

  private note(msg: string): void {
    if (this.notes.length < MAX_NOTES * 3) this.notes.push(msg);
  }

  /** Decides text or binary once the header, the first word and some values are in. */
  private sniff(eof: boolean): void {
    const [b0, b1] = this.pending;
    if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff))
      throw new VectorFileError('the file is UTF-16 text: save it as UTF-8');
    const nl = this.pending.indexOf(10);
    if (nl < 0 && !eof) return;
    const first = new TextDecoder().decode(this.pending.subarray(0, nl < 0 ? this.pending.length : nl));
    const m = HEADER.exec(first);
    let binary = false;
    if (m && this.hint !== 'vec') {
      const d = Number(m[2]);
      const rest = this.pending.subarray(nl + 1);
      const sp = rest.indexOf(32);
      const need = Math.min(d * 4, 64);
      if (!eof && (sp < 0 || rest.length < sp + 1 + need)) return;
      const sample = sp < 0 ? rest : rest.subarray(sp + 1, sp + 1 + need);
      // Text values end at a newline; binary floats show non-numeric bytes first. The name's
      // hint decides only when too few bytes follow the first word to tell (a text file named
      // .bin was read as garbage floats under made-up words).
      const end = sample.indexOf(10);
      binary = (end < 0 ? sample : sample.subarray(0, end)).some((b) => !NUMERIC.has(b)) || (this.hint === 'bin' && sample.length < 8);
    }
    if (binary && m) {
      this.header = { v: Number(m[1]), d: Number(m[2]) };
      this.setDim(this.header.d, this.header.v);
      this.format = 'bin';
      this.mode = 'bin';
      this.pending = this.pending.slice(nl + 1);
      return;
    }
    this.mode = 'text';
    const bytes = this.pending;
    this.pending = new Uint8Array(0);
    this.pushText(bytes, eof);
  }

  private setDim(d: number, expectRows: number): void {
    if (!(d > 0) || d > 100_000) throw new VectorFileError(`unusable dimension ${d}: a word needs 1 to 100000 values`);
    this.dim = d;
    // The header's word count sizes the first allocation, up to 2^20 floats (4 MB): a header
    // "1048576 100000" on a small file asked for 10^11 floats (RangeError). Rows past it grow the matrix.
    this.matrix = new Float32Array(Math.max(1, Math.min(Math.max(expectRows, 1024), Math.floor(2 ** 20 / d))) * d);
  }

  private addRow(word: string, values: Float32Array | number[], where: string): void {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        this.skipped.notFinite++;
        if (this.skipped.notFinite <= MAX_NOTES) this.note(`${where}: "${word}" has a value that is NaN, Inf or not a number`);
        return;
      }
    }
    if (this.seen.has(word)) {
      this.skipped.duplicate++;
      if (this.skipped.duplicate <= MAX_NOTES) this.note(`${where}: duplicate word "${word}" (the first one is kept)`);
      return;
    }
    if ((this.rows + 1) * this.dim > this.matrix.length) {
      let grown = this.matrix;
      try {
        grown = new Float32Array(this.matrix.length * 2);
      } catch {
        throw new VectorFileError(`the file is too large to load: ${this.rows} words × ${this.dim} values do not fit in memory`);
      }
      grown.set(this.matrix);
      this.matrix = grown;
    }
    this.matrix.set(values, this.rows * this.dim);
    this.seen.add(word);
    this.words.push(word);
    this.rows++;
  }

  private pushText(chunk: Uint8Array, eof: boolean): void {
    const text = this.textRest + this.decoder.decode(chunk, { stream: !eof });
    const lines = text.split('\n');
    this.textRest = eof ? '' : (lines.pop() ?? '');
    for (const line of lines) this.textLine(line);
  }

  private textLine(raw: string): void {
    this.lineNo++;
    const line = raw.trim();
    if (line.length === 0) return;
    const parts = line.split(/\s+/);
    if (this.lineNo === 1 || (this.dim === 0 && !this.header)) {
      const m = this.lineNo === 1 ? HEADER.exec(line) : null;
      if (m) {
        this.header = { v: Number(m[1]), d: Number(m[2]) };
        this.format = 'vec';
        this.setDim(this.header.d, this.header.v);
        return;
      }
      if (this.dim === 0) {
        this.format = 'vec-noheader';
        this.setDim(parts.length - 1, 1024);
      }
    }
    const where = `line ${this.lineNo}`;
    if (parts.length - 1 !== this.dim) {
      this.skipped.wrongLength++;
      if (this.skipped.wrongLength <= MAX_NOTES) {
        this.note(`${where}: "${parts[0]}" has ${parts.length - 1} values, expected ${this.dim}${this.header ? ' (from the header)' : ''}`);
      }
      return;
    }
    const values = new Array<number>(this.dim);
    for (let i = 0; i < this.dim; i++) values[i] = parts[i + 1] === '' ? NaN : Number(parts[i + 1]);
    this.addRow(parts[0], values, where);
  }

  private drainBin(): void {
    const v = this.header?.v ?? 0;
    const d = this.dim;
    let p = 0;
    const buf = this.pending;
    const dec = new TextDecoder();
    while (this.binRowsSeen < v) {
      let s = p;
      while (s < buf.length && (buf[s] === 10 || buf[s] === 13)) s++; // newline left by the previous row
      const sp = buf.indexOf(32, s);
      if (sp < 0 || buf.length < sp + 1 + d * 4) break;
      const word = dec.decode(buf.subarray(s, sp));
      const values = new Float32Array(d);
      const dv = new DataView(buf.buffer, buf.byteOffset + sp + 1, d * 4);
      for (let i = 0; i < d; i++) values[i] = dv.getFloat32(i * 4, true);
      this.binRowsSeen++;
      p = sp + 1 + d * 4;
      if (word.length === 0 || /\s/.test(word)) {
        this.skipped.wrongLength++;
        this.note(`word ${this.binRowsSeen}: empty or malformed word`);
      } else this.addRow(word, values, `word ${this.binRowsSeen}`);
    }
    this.pending = buf.slice(p);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads a whole file from bytes or a stream of byte chunks. */
export async function parseVectors(
  source: Uint8Array | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  opts: { hint?: 'vec' | 'bin'; onChunk?: (bytesDone: number, rows: number) => void; signal?: AbortSignal } = {},
): Promise<ParsedVectors> {
  const reader = new VectorReader(opts.hint);
  if (source instanceof Uint8Array) {
    reader.push(source);
    return reader.finish();
  }
  let done = 0;
  const iter: AsyncIterable<Uint8Array> = source instanceof ReadableStream ? streamChunks(source) : source;
  for await (const chunk of iter) {
    opts.signal?.throwIfAborted();
    reader.push(chunk);
    done += chunk.length;
    opts.onChunk?.(done, reader.rowCount);
  }
  return reader.finish();
}

async function* streamChunks(s: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const r = s.getReader();
  try {
    for (;;) {
      const { done, value } = await r.read();
      if (done) return;
      yield value;
    }
  } finally {
    r.releaseLock();
  }
}
