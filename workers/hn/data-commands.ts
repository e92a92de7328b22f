// Commands of the HN data half (import, live fetch, stored datasets, EDA). Merged into HnCommands.
import type { DataSource, DatasetManifest, ManualMapping, Preview } from './dataset';
import type { EdaResult } from './eda';
import type { FetchProgress } from './fetch';

export interface HnDataCommands {
  /** Reads and parses a file / URL / text, keeps it staged in the worker, returns columns, sample rows and the schema (or a guess). */
  hnPreview: { args: { source: Exclude<DataSource, { staged: string }> }; result: Preview; progress: never };
  /** Imports a staged preview (or a source) with its recognised schema or an explicit mapping, and stores it. */
  hnImport: { args: { source: DataSource; mapping?: ManualMapping; name?: string }; result: DatasetManifest; progress: never };
  /** Fetches stories created in [from, to) (unix s) from the HN search API, newest first, and stores them. */
  hnFetch: {
    args: {
      from: number;
      to: number;
      count: number;
      apiBase?: string;
      hitsPerPage?: number;
      retries?: number;
      backoffMs?: number;
      name?: string;
    };
    result: {
      manifest: DatasetManifest;
      complete: boolean; // false: stopped early (see problem); what was fetched is stored
      problem?: string;
      requests: number;
      seconds: number;
    };
    progress: FetchProgress;
  };
  /** Stored datasets, newest first. */
  hnDatasets: { args: Record<string, never>; result: DatasetManifest[]; progress: never };
  hnDeleteDataset: { args: { id: string }; result: { deleted: boolean }; progress: never };
  /** Statistics of a stored dataset for the Explore charts; `edges` are the target bins' lower edges. */
  hnEda: {
    args: { datasetId: string; edges?: number[]; top?: number };
    result: EdaResult & { manifest: DatasetManifest };
    progress: never;
  };
}
