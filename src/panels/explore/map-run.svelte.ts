// State of the Explore panel's word map: runs PCA, UMAP or t-SNE on the engine, in 2-D or 3-D,
// spherized or not (UMAP and t-SNE with progress and cancel), follows a training run (PCA of
// its latest snapshot every few seconds), and hands the points to the chart through `show`.
import { engine } from '../../engine.svelte';
import { EngineError } from '../../../workers/errors';
import { alignSigns } from '../../../workers/explore/align';
import type { LiveInfo, MapPoints } from '../../../workers/explore/map-commands';
import type { UmapProgress } from '../../../workers/explore/umap';
import type { TsneProgress } from '../../../workers/explore/tsne';

export type MapMethod = 'pca' | 'umap' | 'tsne';
/** Components and spherize of a map (see the engine's Shape). */
export interface MapShape {
  dims: 2 | 3;
  spherize: boolean;
}
type Progress = UmapProgress | TsneProgress;
export type MapStatus = 'idle' | 'running' | 'cancelling' | 'done' | 'cancelled' | 'failed';

export interface MapView {
  method: MapMethod;
  /** [n, dims] f32 */
  coords: Float32Array;
  dims: 2 | 3;
  spherized: boolean;
  words: string[];
  counts?: Float64Array;
  explained?: number[];
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
  progress = $state<Progress | undefined>(undefined);
  message = $state('');
  error = $state('');
  /** The map on screen (raw: large typed arrays, no deep proxies). */
  view = $state.raw<MapView | undefined>(undefined);
  following = $state(false);
  /** A UMAP or t-SNE run that Cancel can stop. */
  cancellable = $state(false);
  private ctl?: AbortController;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly show: Show) {}

  /** (A method: TS would keep `this.progress` narrowed to the undefined set before the call.) */
  private lastProgress(): Progress | undefined {
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
      prev.dims === view.dims &&
      prev.spherized === view.spherized &&
      prev.source === view.source;
    if (same && view.method === 'pca') alignSigns(prev.coords, view.coords);
    this.view = view;
    this.show(view, same ? 'update' : 'reset');
  }

  private fail(e: unknown): void {
    this.status = 'failed';
    this.error = e instanceof Error ? e.message : String(e);
  }

  async pca(vectorsId: string, label: string, n: number, shape: MapShape = { dims: 2, spherize: false }): Promise<void> {
    this.stopFollow();
    this.status = 'running';
    this.error = '';
    this.progress = undefined;
    this.message = `PCA of the ${n.toLocaleString('en')} most frequent words…`;
    try {
      const r = await engine.call('mapPca', { source: { vectorsId }, n, ...shape });
      this.put(
        {
          method: 'pca',
          coords: r.coords,
          dims: r.dims,
          spherized: shape.spherize,
          words: r.words,
          counts: r.counts,
          explained: r.explained,
          ms: r.ms,
          source: label,
        },
        true,
      );
      this.status = 'done';
      this.message = `PCA of ${r.words.length.toLocaleString('en')} of ${r.vocabSize.toLocaleString('en')} words${shape.spherize ? ' (spherized)' : ''} in ${(r.ms / 1000).toFixed(2)} s; ${axesLine(r.explained)}`;
    } catch (e) {
      this.fail(e);
      this.message = '';
    }
  }

  /** UMAP or t-SNE of a stored set: progress, the layout so far about once a second, Cancel. */
  async iterative(method: 'umap' | 'tsne', vectorsId: string, label: string, n: number, vocab: string[], shape: MapShape): Promise<void> {
    this.stopFollow();
    this.ctl = new AbortController();
    this.cancellable = true;
    this.status = 'running';
    this.error = '';
    this.progress = undefined;
    const name = NAME[method];
    this.message = `${name} of the ${n.toLocaleString('en')} most frequent words…`;
    let partial = false;
    const view = (coords: Float32Array, words: string[], counts?: Float64Array, ms?: number): MapView => ({
      method,
      coords,
      dims: shape.dims,
      spherized: shape.spherize,
      words,
      counts,
      ms,
      source: label,
    });
    const onProgress = (p: Progress): void => {
      this.progress = p;
      if (this.status === 'running') this.message = progressLine(method, p);
      if (p.coords) {
        // The layout so far, so the clusters are seen forming.
        this.put(view(p.coords, vocab.slice(0, p.coords.length / shape.dims)), !partial);
        partial = true;
      }
    };
    try {
      const opts = { signal: this.ctl.signal, onProgress };
      let r: MapPoints, how: string;
      if (method === 'umap') {
        r = await engine.call('mapUmap', { vectorsId, n, seed: 1, ...shape }, opts);
        how = 'cosine, 15 neighbours';
      } else {
        const t = await engine.call('mapTsne', { vectorsId, n, ...shape }, opts);
        r = t;
        how = tsneHow(t);
      }
      this.put(view(r.coords, r.words, r.counts, r.ms), !partial);
      this.status = 'done';
      this.message = `${name} of ${r.words.length.toLocaleString('en')} of ${r.vocabSize.toLocaleString('en')} words${shape.spherize ? ' (spherized)' : ''} in ${(r.ms / 1000).toFixed(1)} s (${how}).`;
    } catch (e) {
      if (e instanceof EngineError && e.code === 'cancelled') {
        this.status = 'cancelled';
        const p = this.lastProgress();
        const at = p
          ? p.phase === 'layout'
            ? `at ${method === 'umap' ? 'layout epoch' : 'iteration'} ${p.done} of ${p.total}`
            : `while ${PHASE[p.phase]}`
          : 'before it started';
        this.message = `${name} cancelled ${at}. ${partial ? 'The map shows the unfinished layout.' : 'The map was not changed.'}`;
      } else {
        this.fail(e);
        this.message = '';
      }
    } finally {
      this.ctl = undefined;
      this.cancellable = false;
    }
  }

  umap(vectorsId: string, label: string, n: number, vocab: string[], shape: MapShape = { dims: 2, spherize: false }): Promise<void> {
    return this.iterative('umap', vectorsId, label, n, vocab, shape);
  }

  cancel(): void {
    if (!this.ctl) return;
    this.status = 'cancelling';
    const phase = this.progress?.phase;
    this.message = phase === 'graph' ? 'Cancelling… (after the graph step, which cannot be interrupted)' : 'Cancelling…';
    this.ctl.abort();
  }

  /** PCA of the running training's latest snapshot now and every few seconds. */
  startFollow(n: number, shape: MapShape = { dims: 2, spherize: false }): void {
    this.stopFollow();
    this.following = true;
    this.error = '';
    this.status = 'idle';
    this.message = 'Following training: waiting for a snapshot…';
    let first = true;
    const tick = async (): Promise<void> => {
      if (!this.following) return;
      try {
        const r = await engine.call('mapPca', { source: { live: true }, n, ...shape });
        if (!this.following) return;
        const live = r.live;
        this.put(
          {
            method: 'pca',
            coords: r.coords,
            dims: r.dims,
            spherized: shape.spherize,
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

const NAME: Record<'umap' | 'tsne', string> = { umap: 'UMAP', tsne: 't-SNE' };

const PHASE: Record<Progress['phase'], string> = {
  neighbours: "finding each word's nearest neighbours",
  graph: 'building the neighbour graph',
  pca: 'reducing the vectors to 50 dimensions by PCA',
  affinities: "finding each word's neighbours and their affinities",
  layout: 'laying out',
};

/** "perplexity 30, Barnes-Hut", with the iterations when fewer than 1000 and the PCA step when there was one. */
function tsneHow(r: { perplexity: number; iterations: number; reducedFrom?: number }): string {
  const its = r.iterations < 1000 ? `; ${r.iterations} iterations${r.iterations === 500 ? ', as beyond 5,000 words' : ''}` : '';
  const pca = r.reducedFrom ? `; on the top 50 principal components of ${r.reducedFrom} dimensions` : '';
  return `perplexity ${r.perplexity}, Barnes-Hut${its}${pca}`;
}

/** "the three axes explain 12.0%, 8.1% and 5.3% of the variance." */
function axesLine(explained: number[]): string {
  const parts = explained.map(pct);
  const list = parts.length === 2 ? `${parts[0]} and ${parts[1]}` : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `the ${parts.length === 2 ? 'two' : 'three'} axes explain ${list} of the variance.`;
}

function progressLine(method: 'umap' | 'tsne', p: Progress): string {
  if (p.phase === 'neighbours')
    return `UMAP: nearest neighbours of ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} words…`;
  if (p.phase === 'graph') return 'UMAP: building the neighbour graph (one step that cannot be interrupted)…';
  if (p.phase === 'pca') return 't-SNE: reducing the vectors to 50 dimensions by PCA first…';
  if (p.phase === 'affinities') return "t-SNE: each word's neighbours and their affinities…";
  return method === 'umap' ? `UMAP: layout epoch ${p.done} / ${p.total}…` : `t-SNE: iteration ${p.done} / ${p.total}…`;
}
