// Test page: writes a corpus straight into IndexedDB with saveCorpus() (text8-style
// tokens), so trainer tests and the benchmark do not depend on the ingest command.
// Test-only: the shipped path is the `ingest` command.
import { unzipSync } from 'fflate';
import { saveCorpus, type CorpusManifest } from '../../../workers/corpus/format';

async function saveTokens(id: string, tokens: string[], minCount: number): Promise<CorpusManifest> {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const ids = new Map(kept.map(([w], i) => [w, i]));
  const stream: number[] = [];
  for (const t of tokens) {
    const i = ids.get(t);
    if (i !== undefined) stream.push(i);
  }
  const all = Uint32Array.from(stream);
  const chunks: Uint32Array[] = [];
  for (let s = 0; s < all.length; s += 100_000) chunks.push(all.slice(s, s + 100_000));
  const m: CorpusManifest = {
    id,
    name: id,
    source: { kind: 'sample' },
    settings: { minCount },
    state: 'ready',
    bytes: 0,
    tokens: tokens.length,
    kept: all.length,
    vocabSize: kept.length,
    chunkCount: chunks.length,
    createdAt: Date.now(),
    updatedAt: Date.now(),
  };
  await saveCorpus(m, { words: kept.map(([w]) => w), counts: Float64Array.from(kept.map(([, c]) => c)) }, chunks);
  return m;
}

const tokenise = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);

async function saveTextCorpus(id: string, text: string, minCount: number): Promise<CorpusManifest> {
  return saveTokens(id, tokenise(text), minCount);
}

async function saveZipCorpus(id: string, url: string, minCount: number): Promise<CorpusManifest> {
  const zip = unzipSync(new Uint8Array(await (await fetch(url)).arrayBuffer()));
  const first = Object.values(zip)[0];
  return saveTokens(id, tokenise(new TextDecoder().decode(first)), minCount);
}

/** Zipf-distributed letters-only words ("ba", "bb", …), `tokens` long, deterministic. */
async function saveSyntheticCorpus(id: string, tokens: number, vocab: number): Promise<CorpusManifest> {
  const word = (i: number): string => {
    let s = '';
    for (let n = i + 26; n > 0; n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
    return s;
  };
  const cdf: number[] = [];
  let z = 0;
  for (let i = 0; i < vocab; i++) cdf.push((z += 1 / (i + 1)));
  let x = 987654321;
  const out: string[] = [];
  for (let t = 0; t < tokens; t++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const u = (x / 2 ** 32) * z;
    let lo = 0,
      hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    out.push(word(lo));
  }
  return saveTokens(id, out, 1);
}

Object.assign(window, { saveTextCorpus, saveZipCorpus, saveSyntheticCorpus });
