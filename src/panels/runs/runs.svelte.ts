// State of the Runs panel: the listed records (flattened once per load), the selection, the
// sort, the filter box and the parallel-coordinates brushes, and the edits (rename, tag,
// delete) that go to the engine and come back as a fresh listing.
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { engine } from '../../engine.svelte';
import type { EvalFileMeta } from '../../../workers/runs/eval-files';
import { columnsOf, parseFilter, passesBrushes, rowOf, sortRows, type Brush, type Column, type Row } from './table-model';

/** Colours of selected runs, in selection order (the compare charts and the table use the same). */
export const RUN_COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f', '#854d0e', '#475569'];

class RunsState {
  rows = $state.raw<Row[]>([]);
  files = $state.raw<EvalFileMeta[]>([]);
  loaded = $state(false);
  error = $state<string | undefined>(undefined);
  /** Selected ids in the order they were picked (colours follow it). */
  selected = $state<string[]>([]);
  sortKey = $state('started');
  sortDir = $state<1 | -1>(-1);
  filterText = $state('');
  allColumns = $state(false);
  brushes = new SvelteMap<string, Brush>();
  /** Ids being written (rename / tag / delete), so their buttons wait. */
  busy = new SvelteSet<string>();
  /** ms from the panel asking for the list to the table being drawn (the benchmark reads it). */
  openMs = $state<number | undefined>(undefined);

  readonly columns: Column[] = $derived(columnsOf(this.rows, this.files, !this.allColumns));
  readonly filter = $derived(parseFilter(this.filterText, this.columns));
  readonly visible: Row[] = $derived(
    sortRows(
      this.rows.filter((r) => this.filter.test(r) && passesBrushes(r, this.brushes)),
      this.sortKey,
      this.sortDir,
    ),
  );
  readonly selectedRows: Row[] = $derived(this.selected.map((id) => this.rows.find((r) => r.id === id)).filter((r): r is Row => !!r));

  async load(): Promise<void> {
    try {
      const [list, files] = await Promise.all([engine.call('runsList', {}), engine.call('evalFiles', {})]);
      this.files = files;
      this.rows = list.map(rowOf);
      const ids = new Set(this.rows.map((r) => r.id));
      this.selected = this.selected.filter((id) => ids.has(id));
      this.error = undefined;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.loaded = true;
    }
  }

  colourOf(id: string): string | undefined {
    const i = this.selected.indexOf(id);
    return i < 0 ? undefined : RUN_COLOURS[i % RUN_COLOURS.length];
  }

  toggle(id: string): void {
    this.selected = this.selected.includes(id) ? this.selected.filter((x) => x !== id) : [...this.selected, id];
  }

  sortBy(key: string): void {
    if (this.sortKey === key) this.sortDir = this.sortDir === 1 ? -1 : 1;
    else {
      this.sortKey = key;
      this.sortDir = key === 'name' || key === 'kind' || key === 'state' ? 1 : -1;
    }
  }

  private async edit(id: string, fn: () => Promise<unknown>): Promise<void> {
    this.busy.add(id);
    try {
      await fn();
      this.error = undefined;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    } finally {
      this.busy.delete(id);
    }
    await this.load();
  }

  rename(id: string, name: string): Promise<void> {
    return this.edit(id, () => engine.call('runUpdate', { id, name }));
  }

  retag(id: string, tags: string[]): Promise<void> {
    return this.edit(id, () => engine.call('runUpdate', { id, tags }));
  }

  async remove(ids: string[], vectors: boolean): Promise<void> {
    for (const id of ids) {
      this.busy.add(id);
      try {
        await engine.call('runDelete', { id, vectors });
      } catch (e) {
        this.error = e instanceof Error ? e.message : String(e);
      } finally {
        this.busy.delete(id);
      }
    }
    this.selected = this.selected.filter((x) => !ids.includes(x));
    await this.load();
  }
}

export const runs = new RunsState();
