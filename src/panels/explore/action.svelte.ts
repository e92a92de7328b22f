// One action of the Explore panel (a search, an evaluation, an import, a rename): its own busy
// line, progress and error, shown beside the control that started it (ActionStatus.svelte).

export class Action {
  /** What is running ("searching…"), '' when idle. */
  busy = $state('');
  /** Work done of total, when the engine reports it. */
  progress = $state<{ done: number; total: number } | undefined>();
  error = $state('');

  /** Runs `f` with this action's status; an error is kept (and `onError` clears stale results). */
  async run(label: string, f: () => Promise<void>, onError?: () => void): Promise<boolean> {
    this.error = '';
    this.busy = label;
    this.progress = undefined;
    try {
      await f();
      return true;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      onError?.();
      return false;
    } finally {
      this.busy = '';
      this.progress = undefined;
    }
  }
}
