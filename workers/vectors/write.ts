// Writers for exported vectors, generated in chunks of rows (Blob parts) so large sets
// never need one giant string:
//   .vec  word2vec text: "V D\n" then "word v1 … vD\n"
//   .bin  word2vec binary: "V D\n" then "word " + D little-endian f32 + "\n"
//   .tsv  TensorFlow Embedding Projector: vectors.tsv (tab-separated) + metadata.tsv (one word a line)
export interface ExportInput {
  words: string[];
  /** [vocab, dim] f32 row-major */
  matrix: Float32Array;
  dim: number;
}

const ROWS = 2048;
const enc = new TextEncoder();

function checkWords(words: string[]): void {
  for (const w of words)
    if (/[\s]/.test(w) || w.length === 0) throw new Error(`word "${w}" cannot be written: words must be non-empty without whitespace`);
}

/** Shortest decimal that reads back to the same f32. */
function f32Text(x: number): string {
  for (let p = 6; p < 10; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return String(Number(s));
  }
  return String(x);
}

export function* vecParts(v: ExportInput): Generator<Uint8Array> {
  checkWords(v.words);
  yield enc.encode(`${v.words.length} ${v.dim}\n`);
  for (let r0 = 0; r0 < v.words.length; r0 += ROWS) {
    const lines: string[] = [];
    for (let r = r0; r < Math.min(v.words.length, r0 + ROWS); r++) {
      const row = Array.from(v.matrix.subarray(r * v.dim, (r + 1) * v.dim), f32Text);
      lines.push(`${v.words[r]} ${row.join(' ')}\n`);
    }
    yield enc.encode(lines.join(''));
  }
}

export function* binParts(v: ExportInput): Generator<Uint8Array> {
  checkWords(v.words);
  yield enc.encode(`${v.words.length} ${v.dim}\n`);
  for (let r0 = 0; r0 < v.words.length; r0 += ROWS) {
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let r = r0; r < Math.min(v.words.length, r0 + ROWS); r++) {
      const w = enc.encode(v.words[r] + ' ');
      const row = new Uint8Array(v.dim * 4 + 1);
      new DataView(row.buffer).setUint8(v.dim * 4, 10);
      const dv = new DataView(row.buffer);
      for (let d = 0; d < v.dim; d++) dv.setFloat32(d * 4, v.matrix[r * v.dim + d], true);
      parts.push(w, row);
      size += w.length + row.length;
    }
    const out = new Uint8Array(size);
    let o = 0;
    for (const p of parts) (out.set(p, o), (o += p.length));
    yield out;
  }
}

export function* tsvVectorParts(v: ExportInput): Generator<Uint8Array> {
  for (let r0 = 0; r0 < v.words.length; r0 += ROWS) {
    const lines: string[] = [];
    for (let r = r0; r < Math.min(v.words.length, r0 + ROWS); r++) {
      lines.push(Array.from(v.matrix.subarray(r * v.dim, (r + 1) * v.dim), f32Text).join('\t') + '\n');
    }
    yield enc.encode(lines.join(''));
  }
}

export function* tsvMetadataParts(v: ExportInput): Generator<Uint8Array> {
  for (let r0 = 0; r0 < v.words.length; r0 += ROWS) yield enc.encode(v.words.slice(r0, r0 + ROWS).join('\n') + '\n');
}

const collect = (g: Generator<Uint8Array>): Uint8Array[] => Array.from(g);

/**
 * A file-name stem from a set's name: letters, digits, '.', '_' and '-' kept, every other run of
 * characters one '_', no leading or trailing '.'/'_' (no hidden file, no ".."), at most 80
 * characters; Windows' reserved device names get a '_' after; "vectors" when nothing is left.
 */
export function fileStem(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off their letters: "café" → "cafe"
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 80)
    .replace(/[._-]+$/, '');
  if (!s) return 'vectors';
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(s) ? s + '_' : s;
}

/** The files of one export format, named after the set (`<stem>.vec`; Projector: `<stem>.tsv` + `<stem>-metadata.tsv`). */
export function exportFiles(v: ExportInput, format: 'vec' | 'bin' | 'tsv', setName = 'vectors'): { name: string; parts: Uint8Array[] }[] {
  const stem = fileStem(setName);
  if (format === 'vec') return [{ name: `${stem}.vec`, parts: collect(vecParts(v)) }];
  if (format === 'bin') return [{ name: `${stem}.bin`, parts: collect(binParts(v)) }];
  return [
    { name: `${stem}.tsv`, parts: collect(tsvVectorParts(v)) },
    { name: `${stem}-metadata.tsv`, parts: collect(tsvMetadataParts(v)) },
  ];
}

/** Reads a .vec text back (tests, round trips). */
export function parseVec(text: string): ExportInput {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const [n, dim] = lines[0].split(' ').map(Number);
  const words: string[] = [];
  const matrix = new Float32Array(n * dim);
  for (let r = 0; r < n; r++) {
    const f = lines[r + 1].split(' ');
    words.push(f[0]);
    for (let d = 0; d < dim; d++) matrix[r * dim + d] = Number(f[d + 1]);
  }
  return { words, matrix, dim };
}
