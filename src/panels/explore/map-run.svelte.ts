// State of the Explore panel's 2-D map: runs PCA or UMAP on the engine (UMAP with progress
// and cancel), follows a training run (PCA of its latest snapshot every few seconds), and
// hands the points to the chart through `show`.
import { engine } from '../../engine.svelte';
import { EngineError } from '../../../workers/errors';
import { alignSigns } from '../../../workers/explore/align';
import type { LiveInfo } from '../../../workers/explore/map-commands';
import type { UmapProgress } from '../../../workers/explore/umap';

export type MapMethod = 'pca' | 'umap';
export type MapStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface MapView {
  method: MapMethod;
  /** [n, 2] f32 */
  coords: Float32Array;
  words: string[];
  counts?: Float64Array;
  explained?: [number, number];
  /** Worker milliseconds. */
  ms?: number;
  live?: LiveInfo;
  /** Label of the vector set or "live training". */
  source: string;
}

/** Called with new points: 'reset' for new words, 'update' for new coordinates of the same words. */
export type Show = (view: MapView, how: 'reset' | 'update') => void;

const FOLLOW_MS = 3000;

export class MapRun {
  status = $state<MapStatus>('idle');
  progress = $state<UmapProgress | undefined>(undefined);
  message = $state('');
  error = $state('');
  /** The map on screen (raw: large typed arrays, no deep proxies). */
  view = $state.raw<MapView | undefined>(undefined);
  following = $state(false);
  /** A UMAP run that Cancel can stop. */
  cancellable = $state(false);
  private ctl?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly show: Show) {}

  /** (A method: TS would keep `this.progress` narrowed to the undefined set before the call.) */
  private lastProgress(): UmapProgress | undefined {
    return this.progress;
  }

  get busy(): boolean {
    return this.status === 'running' || this.status === 'cancelling';
  }

  /** `fresh`: the first points of a run (the view starts over even for the same words). */
  private put(view: MapView, fresh: boolean): void {
    const prev = this.view;
    const same =
      !fresh &&
      !!prev &&
      prev.words.length === view.words.length &&
      prev.words[0] === view.words[0] &&
      prev.method === view.method &&
      prev.source === view.source;
    if (same && view.method === 'pca') alignSigns(prev.coords, view.coords);
    this.view = view;
    this.show(view, same ? 'update' : 'reset');
  }

  private fail(e: unknown): void {
    this.status = 'failed';
    this.error = e instanceof Error ? e.message : String(e);
  }

  async pca(vectorsId: string, label: string, n: number): Promise<void> {
    this.stopFollow();
    this.status = 'running';
    this.error = '';
    this.progress = undefined;
    this.message = `PCA of the ${n.toLocaleString('en')} most frequent words…`;
    try {
      const r = await engine.call('mapPca', { source: { vectorsId }, n });
      this.put(
        { method: 'pca', coords: r.coords, words: r.words, counts: r.counts, explained: r.explained, ms: r.ms, source: label },
        true,
      );
      this.status = 'done';
      this.message = `PCA of ${r.words.length.toLocaleString('en')} of ${r.vocabSize.toLocaleString('en')} words in ${(r.ms / 1000).toFixed(2)} s; the two axes explain ${pct(r.explained[0])} and ${pct(r.explained[1])} of the variance.`;
    } catch (e) {
      this.fail(e);
      this.message = '';
    }
  }

  async umap(vectorsId: string, label: string, n: number, vocab: string[]): Promise<void> {
    this.stopFollow();
    this.ctl = new AbortController();
    this.cancellable = true;
    this.status = 'running';
    this.error = '';
    this.progress = undefined;
    this.message = `UMAP of the ${n.toLocaleString('en')} most frequent words…`;
    let partial = false;
    try {
      const r = await engine.call(
        'mapUmap',
        { vectorsId, n, seed: 1 },
        {
          signal: this.ctl.signal,
          onProgress: (p) => {
            this.progress = p;
            if (this.status === 'running') this.message = umapLine(p);
            if (p.coords) {
              // The layout so far, so the clusters are seen forming.
              this.put({ method: 'umap', coords: p.coords, words: vocab.slice(0, p.coords.length / 2), source: label }, !partial);
              partial = true;
            }
          },
        },
      );
      this.put({ method: 'umap', coords: r.coords, words: r.words, counts: r.counts, ms: r.ms, source: label }, !partial);
      this.status = 'done';
      this.message = `UMAP of ${r.words.length.toLocaleString('en')} of ${r.vocabSize.toLocaleString('en')} words in ${(r.ms / 1000).toFixed(1)} s (cosine, 15 neighbours).`;
    } catch (e) {
      if (e instanceof EngineError && e.code === 'cancelled') {
        this.status = 'cancelled';
        const p = this.lastProgress();
        const at = p ? (p.phase === 'layout' ? `at layout epoch ${p.done} of ${p.total}` : `while ${PHASE[p.phase]}`) : 'before it started';
        this.message = `UMAP cancelled ${at}. ${partial ? 'The map shows the unfinished layout.' : 'The map was not changed.'}`;
      } else {
        this.fail(e);
        this.message = '';
      }
    } finally {
      this.ctl = undefined;
      this.cancellable = false;
    }
  }

  cancel(): void {
    if (!this.ctl) return;
    this.status = 'cancelling';
    this.message = this.progress?.phase === 'graph' ? 'Cancelling… (after the graph step, which cannot be interrupted)' : 'Cancelling…';
    this.ctl.abort();
  }

  /** PCA of the running training's latest snapshot now and every few seconds. */
  startFollow(n: number): void {
    this.stopFollow();
    this.following = true;
    this.error = '';
    this.status = 'idle';
    this.message = 'Following training: waiting for a snapshot…';
    let first = true;
    const tick = async (): Promise<void> => {
      if (!this.following) return;
      try {
        const r = await engine.call('mapPca', { source: { live: true }, n });
        if (!this.following) return;
        const live = r.live;
        this.put(
          {
            method: 'pca',
            coords: r.coords,
            words: r.words,
            counts: r.counts,
            explained: r.explained,
            ms: r.ms,
            live,
            source: 'live training',
          },
          first,
        );
        first = false;
        this.message = live
          ? `Following training: epoch ${live.epoch + 1} / ${live.epochs}, ${pct(live.fraction)} done; snapshot of ${new Date(live.at).toLocaleTimeString()}; PCA of ${r.words.length.toLocaleString('en')} words.`
          : '';
      } catch (e) {
        if (!this.following) return;
        if (e instanceof EngineError && e.code === 'state')
          this.message = 'Following training: no run is going yet (start one in the Train panel); checking again every few seconds.';
        else this.message = `Following training: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (this.following) this.timer = setTimeout(() => void tick(), FOLLOW_MS);
    };
    void tick();
  }

  stopFollow(): void {
    const live = this.following ? this.view?.live : undefined;
    if (live)
      this.message = `Not following training: the map shows the snapshot of ${new Date(live.at).toLocaleTimeString()} (epoch ${live.epoch + 1} / ${live.epochs}).`;
    else if (this.following) this.message = '';
    this.following = false;
    clearTimeout(this.timer);
  }

  clear(): void {
    this.stopFollow();
    this.ctl?.abort();
    this.view = undefined;
    this.status = 'idle';
    this.message = '';
    this.error = '';
    this.progress = undefined;
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

const PHASE: Record<UmapProgress['phase'], string> = {
  neighbours: "finding each word's nearest neighbours",
  graph: 'building the neighbour graph',
  layout: 'laying out',
};

function umapLine(p: UmapProgress): string {
  if (p.phase === 'neighbours')
    return `UMAP: nearest neighbours of ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} words…`;
  if (p.phase === 'graph') return 'UMAP: building the neighbour graph (one step that cannot be interrupted)…';
  return `UMAP: layout epoch ${p.done} / ${p.total}…`;
}
