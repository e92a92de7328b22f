// The one ingest job of the page (Corpus panel buttons and a share link's "Start this run" both
// use it), so progress and Cancel show in the Corpus panel whoever started it.
import { engine } from '../../engine.svelte';
import type { CorpusManifest, CorpusSource, IngestSettings } from '../../../workers/corpus/format';
import type { IngestProgress } from '../../../workers/corpus/commands';
import { corpusSelection } from './selection.svelte';

type IngestCall = (o: { onProgress: (p: IngestProgress) => void; signal: AbortSignal }) => Promise<{ manifest: CorpusManifest }>;

class IngestJob {
  busy = $state(false);
  progress = $state<IngestProgress | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  private ctl: AbortController | undefined;

  /** Runs one ingest; the new corpus becomes the selection. Undefined when it failed or was cancelled. */
  private async run(call: IngestCall): Promise<CorpusManifest | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.error = undefined;
    this.progress = undefined;
    this.ctl = new AbortController();
    try {
      const r = await call({ onProgress: (p) => (this.progress = p), signal: this.ctl.signal });
      corpusSelection.id = r.manifest.id;
      return r.manifest;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      this.busy = false;
      this.ctl = undefined;
      corpusSelection.revision++;
    }
  }

  ingest(source: CorpusSource, settings: IngestSettings, file?: File): Promise<CorpusManifest | undefined> {
    return this.run((o) => engine.call('ingest', { source, settings, file, baseUrl: document.baseURI }, o));
  }

  restart(m: CorpusManifest): Promise<CorpusManifest | undefined> {
    return this.run((o) => engine.call('restartIngest', { id: m.id, baseUrl: document.baseURI }, o));
  }

  cancel(): void {
    this.ctl?.abort();
  }
}

export const ingestJob = new IngestJob();
