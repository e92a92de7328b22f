// Turns the corpus (in-vocabulary word ids) into training batches: sentences of up to
// 10000 words (as gensim cuts text8), subsampled, cut into chunks of centre words that
// each become one GPU workgroup (or one reference-trainer call). Contexts may reach
// into the neighbouring chunks of the same sentence, never across sentences.
import { keepProbabilities, subsample, subsampleSeed } from './samplers';
import { chunkSeed } from './rng';
import { META_U32 } from './constants';

export const SENTENCE_WORDS = 10_000;
/** u32 fields per chunk in the meta buffer (kernel's Chunk struct): from constants.ts. */
export { META_U32 };

/** Where a run stands: everything needed to continue it exactly. */
export interface RunPosition {
  epoch: number;
  /** Next sentence of this epoch. */
  sentence: number;
  /** Chunks issued so far over the run (the RNG stream of the next chunk). */
  chunkCounter: number;
  /** In-vocabulary words consumed (before subsampling), all epochs. */
  wordsDone: number;
}

export interface Schedule {
  seed: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  /** Centre words per chunk (workgroup). */
  chunkWords: number;
  /** Capacity of a batch in kept words. */
  batchWords: number;
}

/** Sequential reader of the in-vocabulary id stream. */
export interface WordSource {
  /** Ids in the stream (manifest.kept). */
  readonly total: number;
  /** Ids [start, end); calls come in increasing order within an epoch, then restart at 0. */
  read(start: number, end: number): Promise<Uint32Array>;
}

export interface Batch {
  /** Subsampled word ids of all sentences in the batch. */
  words: Uint32Array<ArrayBuffer>;
  nWords: number;
  /** [nChunks * META_U32]: sentStart, sentEnd, centreStart, centreEnd, seed, alpha(f32 bits), 0, 0 */
  meta: Uint32Array<ArrayBuffer>;
  nChunks: number;
  /** Learning rate at the batch's end, for display. */
  alpha: number;
}

export const startPosition = (): RunPosition => ({ epoch: 0, sentence: 0, chunkCounter: 0, wordsDone: 0 });

export function alphaAt(s: Pick<Schedule, 'epochs' | 'alpha' | 'minAlpha'>, wordsDone: number, totalWords: number): number {
  const frac = Math.min(1, wordsDone / Math.max(1, s.epochs * totalWords));
  return Math.max(s.minAlpha, s.alpha - (s.alpha - s.minAlpha) * frac);
}

export class BatchPlanner {
  readonly keep: Float32Array;
  private readonly f32 = new Float32Array(1);
  private readonly u32 = new Uint32Array(this.f32.buffer);

  constructor(
    readonly source: WordSource,
    counts: ArrayLike<number>,
    sample: number,
    readonly s: Schedule,
  ) {
    this.keep = keepProbabilities(counts, sample);
  }

  get sentencesPerEpoch(): number {
    return Math.ceil(this.source.total / SENTENCE_WORDS);
  }

  private bits(x: number): number {
    this.f32[0] = x;
    return this.u32[0];
  }

  /** The next batch from `pos` (advanced in place), or undefined when the run is done. */
  async next(pos: RunPosition): Promise<Batch | undefined> {
    const { chunkWords, batchWords } = this.s;
    const words = new Uint32Array(batchWords);
    const maxChunks = Math.ceil(batchWords / chunkWords) + Math.ceil(batchWords / SENTENCE_WORDS) + 2;
    const meta = new Uint32Array(maxChunks * META_U32);
    let nWords = 0;
    let nChunks = 0;
    const total = this.source.total;
    while (pos.epoch < this.s.epochs && nWords + SENTENCE_WORDS <= batchWords) {
      if (pos.sentence >= this.sentencesPerEpoch) {
        pos.epoch++;
        pos.sentence = 0;
        continue;
      }
      const start = pos.sentence * SENTENCE_WORDS;
      const end = Math.min(total, start + SENTENCE_WORDS);
      const ids = await this.source.read(start, end);
      const sentStart = nWords;
      nWords = subsample(ids, start, this.keep, subsampleSeed(this.s.seed, pos.epoch), words, nWords);
      const kept = nWords - sentStart;
      for (let c = 0; c < kept; c += chunkWords) {
        const m = nChunks * META_U32;
        // Learning rate at this chunk: linear in words consumed over the whole run.
        const done = pos.wordsDone + (ids.length * c) / Math.max(1, kept);
        meta[m] = sentStart;
        meta[m + 1] = nWords;
        meta[m + 2] = sentStart + c;
        meta[m + 3] = Math.min(nWords, sentStart + c + chunkWords);
        meta[m + 4] = chunkSeed(this.s.seed, pos.chunkCounter++);
        meta[m + 5] = this.bits(alphaAt(this.s, done, total));
        nChunks++;
      }
      pos.wordsDone += ids.length;
      pos.sentence++;
    }
    if (nChunks === 0 && pos.epoch >= this.s.epochs) return undefined;
    return { words, nWords, meta, nChunks, alpha: alphaAt(this.s, pos.wordsDone, total) };
  }
}

/** A WordSource over an array in memory (tests, small corpora). */
export class ArraySource implements WordSource {
  constructor(private readonly ids: Uint32Array) {}
  get total(): number {
    return this.ids.length;
  }
  read(start: number, end: number): Promise<Uint32Array> {
    return Promise.resolve(this.ids.subarray(start, end));
  }
}
