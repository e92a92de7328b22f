// Commands of the explore area. See workers/protocol.ts.
import type { VectorsManifest } from '../vectors/format';

export interface ExploreCommands {
  /** Streams a .vec (with or without header) or .bin file into IndexedDB as a vector set. */
  importVectors: {
    args: { url?: string; file?: File; name: string };
    result: { manifest: VectorsManifest; skipped: number; warnings: string[] };
    progress: { bytesDone: number; bytesTotal?: number; rows: number };
  };
}
