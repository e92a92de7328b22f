// Commands of the corpus area. See workers/protocol.ts.
import type { CorpusManifest, CorpusSource, CorpusVocab, IngestSettings } from './format';

export interface IngestProgress {
  /** Input bytes read so far (compressed when the input is), and the total when known. */
  bytesDone: number;
  bytesTotal?: number;
  /** Normalised text bytes processed. */
  textBytes: number;
  tokens: number;
  mbPerSec: number;
  etaSeconds?: number;
  phase: 'reading' | 'finishing';
}

export interface IngestResult {
  manifest: CorpusManifest;
  /** Seconds measured inside the worker, from first byte requested to manifest marked ready. */
  seconds: number;
  /** Normalised text MB (1e6 bytes) per second. */
  mbPerSec: number;
}

export interface CorpusCommands {
  /** Streams a corpus into IndexedDB. */
  ingest: { args: { source: CorpusSource; settings: IngestSettings; name?: string; file?: File }; result: IngestResult; progress: IngestProgress };
}

export type { CorpusVocab };
