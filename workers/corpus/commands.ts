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
  ingest: {
    args: { source: CorpusSource; settings: IngestSettings; name?: string; file?: File; baseUrl?: string };
    result: IngestResult;
    progress: IngestProgress;
  };
  /** Stored corpora, newest first; marks dead 'ingesting' manifests 'interrupted' first. */
  listCorpora: { args: Record<string, never>; result: CorpusManifest[]; progress: never };
  deleteCorpus: { args: { id: string }; result: { deleted: boolean }; progress: never };
  /** Re-runs an interrupted / failed corpus from scratch (partial data deleted first). File sources need the file again. */
  restartIngest: { args: { id: string; file?: File; baseUrl?: string }; result: IngestResult; progress: IngestProgress };
  corpusStats: { args: { id: string; top?: number }; result: CorpusStats; progress: never };
  storageEstimate: { args: Record<string, never>; result: { usage?: number; quota?: number }; progress: never };
}

export interface CorpusStats {
  manifest: CorpusManifest;
  /** Share of tokens kept by min-count / max-vocab (kept / tokens). */
  coverage: number;
  top: { word: string; count: number }[];
  /** Rank/frequency points for the log–log chart, ranks 1-based, log-spaced sample of the vocabulary. */
  rankFreq: { rank: number; count: number }[];
}

export type { CorpusVocab };
