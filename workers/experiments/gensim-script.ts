// A Python script that reruns a word2vec run of the lab in gensim 4, for a side-by-side check
// of speed and scores: the same corpus in the same text8 form, the same settings, vectors
// saved as .vec. What cannot match bit for bit is said in the script's header.
import { modelOf, type ModelKind, type TrainSettings } from '../settings';

/** Where the run's corpus came from: the bundled sample, a URL (e.g. text8.zip), or a local file. */
export type CorpusRef = { kind: 'sample' } | { kind: 'url'; url: string } | { kind: 'file'; name: string };

export interface GensimScriptOptions {
  settings: TrainSettings;
  corpus: CorpusRef;
  /** The corpus's vocabulary cap (ingest's --max-vocab); absent = none. min count is settings.minCount. */
  maxVocab?: number;
  /** The architecture (default: the run's settings.model, else skip-gram). */
  model?: ModelKind;
  /** gensim worker threads (default 1: the same result run to run; more are faster but vary). */
  workers?: number;
  /** Where the script writes the vectors (default vectors.vec beside it). */
  output?: string;
}

/** The bundled sample's file, as the app serves it (scripts/build-sample.mjs writes it). */
export const SAMPLE_FILE = 'brown.txt';

// JSON string literals are valid Python 3 string literals (same escapes, \uXXXX included).
const py = (s: string): string => JSON.stringify(s);

/** A JS number as a Python literal (whole numbers stay ints: gensim wants an int seed/size). */
function pyNum(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return String(x);
}

function corpusLine(c: CorpusRef): string {
  switch (c.kind) {
    case 'sample':
      return `CORPUS = ${py(SAMPLE_FILE)}  # the lab's bundled sample (Brown corpus in text8 form): save the app's sample/${SAMPLE_FILE} here`;
    case 'url':
      return `CORPUS = ${py(c.url)}  # downloaded once into the current folder`;
    case 'file':
      return `CORPUS = ${py(c.name)}  # the local file the run read (.txt, .zip or .gz)`;
  }
}

/** Keyword arguments of gensim's Word2Vec for a run, in the order written (the test reads them back). */
export function gensimArgs(o: GensimScriptOptions): [string, string][] {
  const s = o.settings;
  return [
    ['sg', modelOf({ model: o.model ?? o.settings.model }) === 'skipgram' ? '1' : '0'],
    ['vector_size', pyNum(s.dim)],
    ['window', pyNum(s.window)],
    ['negative', pyNum(s.negative)],
    ['sample', pyNum(s.sample)],
    ['alpha', pyNum(s.alpha)],
    ['min_alpha', pyNum(s.minAlpha)],
    ['epochs', pyNum(s.epochs)],
    ['seed', pyNum(s.seed)],
    ['min_count', pyNum(s.minCount)],
    ['max_final_vocab', o.maxVocab !== undefined && o.maxVocab > 0 ? pyNum(o.maxVocab) : 'None'],
    ['workers', pyNum(o.workers ?? 1)],
    ['hs', '0'],
    ['cbow_mean', '1'],
  ];
}

/** The whole script (Python 3, gensim 4). Run: `python3 script.py [corpus]`; last stdout line is JSON. */
export function gensimScript(o: GensimScriptOptions): string {
  const args = gensimArgs(o)
    .map(([k, v]) => `    ${k}=${v},`)
    .join('\n');
  const s = o.settings;
  return `#!/usr/bin/env python3
"""A Skipgram Lab word2vec run, rerun in gensim 4 (pip install gensim).

Settings: ${modelOf({ model: o.model ?? o.settings.model })}, dim ${s.dim}, window ${s.window}, negative ${s.negative}, sample ${s.sample},
alpha ${s.alpha} -> ${s.minAlpha}, ${s.epochs} epochs, seed ${s.seed}, min count ${s.minCount}${o.maxVocab ? `, max vocabulary ${o.maxVocab}` : ''}.

Same: the corpus in text8 form (ASCII letters lowercased, every other byte a separator), the
model (negative sampling, no hierarchical softmax, unigram^0.75 noise, random window shrink,
frequent-word subsampling, linear learning-rate decay) and every setting above.
Cannot match bit for bit, so expect scores within run-to-run noise, not equal vectors:
  - the random numbers: gensim draws initial vectors, window shrinks, subsampling and negatives
    from its own generators; the lab hashes (seed, chunk, position) with PCG;
  - thread scheduling and Hogwild order: with several workers (or the lab's GPU lanes) updates
    interleave in an order no seed fixes; workers=1 (and PYTHONHASHSEED=0) makes gensim repeat
    itself, not match the lab;
  - float summation order: dot products and gradient sums run in a different order (BLAS,
    WebAssembly SIMD, WGSL), so the last bits of every float32 differ and the differences grow;
  - sentences: gensim sees sentences of 10,000 words (as its Text8Corpus); the lab's chunks differ,
    so windows break at other places and the learning rate steps at other points;
  - max_final_vocab raises the min count until the vocabulary fits; the lab keeps the most
    frequent words up to the cap, so a capped vocabulary can differ in the last few words.
"""
import gzip
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request
import zipfile

from gensim.models import Word2Vec

${corpusLine(o.corpus)}
OUTPUT = ${py(o.output ?? 'vectors.vec')}
SENTENCE_WORDS = 10000  # gensim's Text8Corpus sentence length
NOT_LETTERS = re.compile(rb"[^a-z]+")


def local_path(src):
    """A URL is downloaded once (kept under its own file name); a path is used as it is."""
    if not re.match(r"^https?://", src):
        return src
    name = os.path.basename(urllib.parse.urlparse(src).path) or "corpus"
    if not os.path.exists(name):
        print(f"downloading {src}", file=sys.stderr)
        urllib.request.urlretrieve(src, name)
    return name


def open_bytes(path):
    """The corpus's bytes: a zip's first file entry, a gzip stream, or the file itself."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic == b"PK\\x03\\x04":
        z = zipfile.ZipFile(path)
        return z.open(next(i for i in z.infolist() if not i.is_dir()))
    if magic[:2] == b"\\x1f\\x8b":
        return gzip.open(path, "rb")
    return open(path, "rb")


class Text8Sentences:
    """Sentences of SENTENCE_WORDS words of the corpus in text8 form, streamed (1 MB at a time)."""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        sentence, rest = [], b""
        with open_bytes(self.path) as f:
            while True:
                chunk = f.read(1 << 20)
                text = rest + NOT_LETTERS.sub(b" ", chunk.lower())  # bytes.lower(): ASCII only, as the lab
                cut = max(text.rfind(b" "), 0) if chunk else len(text)  # the last word may go on in the next chunk
                rest = text[cut:] if chunk else b""
                sentence.extend(w.decode("ascii") for w in text[:cut].split())
                while len(sentence) >= SENTENCE_WORDS:
                    yield sentence[:SENTENCE_WORDS]
                    sentence = sentence[SENTENCE_WORDS:]
                if not chunk:
                    break
        if sentence:
            yield sentence


def main():
    corpus = Text8Sentences(local_path(sys.argv[1] if len(sys.argv) > 1 else CORPUS))
    model = Word2Vec(
${args}
    )
    model.build_vocab(corpus)
    words = model.corpus_total_words
    t0 = time.perf_counter()
    model.train(corpus, total_examples=model.corpus_count, total_words=words, epochs=model.epochs)
    seconds = time.perf_counter() - t0
    model.wv.save_word2vec_format(OUTPUT)
    # Same names as the lab's train command: words before min count; words/s = words x epochs / training seconds.
    print(json.dumps({"words": words, "vocab": len(model.wv), "epochs": model.epochs, "seconds": round(seconds, 3),
                      "wordsPerSec": round(words * model.epochs / seconds), "output": OUTPUT}))


if __name__ == "__main__":
    main()
`;
}
