// The dataset chosen in the Data section, shared with the Model section (and anything else on
// the Predict panel). Set it with select(); read the fields. Train with `datasetId` (posts are
// in IndexedDB under hn/<id>/…; the engine's loadPosts(id) in workers/hn/dataset.ts reads them).
import type { DatasetManifest, ManualMapping } from '../../../workers/hn/dataset';

class DatasetSelection {
  /** Stored dataset id ("ds-…"), or undefined when none is chosen. */
  datasetId = $state<string | undefined>(undefined);
  name = $state('');
  /** Posts stored (after skipped rows). */
  rows = $state(0);
  columns = $state<string[]>([]);
  mapping = $state<ManualMapping | null>(null);
  /** Feature notices, e.g. "No author column: the author feature is off." */
  notices = $state<string[]>([]);
  /** Which optional columns hold data: a missing one switches its feature off. */
  features = $state<{ author: boolean; url: boolean }>({ author: true, url: true });
  /** Oldest and newest post, unix s. */
  timeRange = $state<[number, number] | null>(null);

  select(m: DatasetManifest | undefined): void {
    this.datasetId = m?.id;
    this.name = m?.name ?? '';
    this.rows = m?.rows ?? 0;
    this.columns = m?.columns ?? [];
    this.mapping = m?.mapping ?? null;
    this.notices = m?.notices ?? [];
    this.features = m?.features ?? { author: true, url: true };
    this.timeRange = m?.timeRange ?? null;
  }
}

export const dataset = new DatasetSelection();
