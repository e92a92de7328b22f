// Test-only pacing: a browser test parks a run at a known point (after k training batches, after
// the next stored checkpoint, after k HN-model mini-batches, after k UMAP layout slices) and acts
// on it there — pause, stop, reload, close the tab, lose the device — then releases it; and it can
// set the periodic checkpoint cadence of the app's runs (5 s) to "every report". So no test hopes
// that a run is still going when it acts, however fast or loaded the machine.
//
// Off unless the engine worker was created with the name TEST_HOOKS_NAME (only the browser
// tests' init script does that: tests/browser/pace.ts). Off, `TEST_HOOKS` is false, every call
// site is `if (TEST_HOOKS) await parkPoint(…)`, and the messages below are not read: nothing in
// the shipped protocol (workers/protocol.ts) knows of them.

export const TEST_HOOKS_NAME = 'skipgram-test-hooks';

/** True only in an engine worker a test created with TEST_HOOKS_NAME (never in Node or a page). */
export const TEST_HOOKS: boolean =
  typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope && self.name === TEST_HOOKS_NAME;

/**
 * Where a run can be parked: the top of a training batch (work is left), of an HN-model mini-batch,
 * after a UMAP slice; before t-SNE's affinities and after its layout slices (its worker waits
 * there: explore/tsne-run.ts); after a chunk of an analogy evaluation's questions (info: done, total).
 */
export type ParkPointName = 'train-batch' | 'hn-batch' | 'gbdt-round' | 'umap-slice' | 'tsne-affinities' | 'tsne-slice' | 'eval-chunk';

/**
 * What the test asks: park once, at the point's `after`-th pass from now (0: the next); with
 * `saved`, only passes after a new checkpoint is stored count (`info.saved` differs from its
 * value at the first pass: a fresh run has none, a running one the last it wrote).
 */
export interface ParkRule {
  point: ParkPointName;
  after?: number;
  saved?: boolean;
  /** Only where the run's info has these values (e.g. {sweepIndex: 1}: the sweep's second run). */
  match?: ParkInfo;
}

/** What the run says where it parks (numbers only, e.g. fraction done, fraction saved). */
export type ParkInfo = Record<string, number | undefined>;

/** The test's messages to the engine worker, and the worker's: hooks on (at start), a run parked. */
export type TestToEngine =
  | { kind: 'test-park'; rule: ParkRule }
  | { kind: 'test-release' }
  | { kind: 'test-checkpoint-every'; seconds: number | undefined }
  /** The threaded trainer's last thread dies at the next batch (threaded-trainer.ts). */
  | { kind: 'test-kill-thread' }
  /** The t-SNE worker dies at the run's next pace point (explore/tsne-run.ts). */
  | { kind: 'test-kill-tsne' };
export type TestFromEngine = { kind: 'test-hooks-on' } | TestParked;
export interface TestParked {
  kind: 'test-parked';
  point: ParkPointName;
  info: ParkInfo;
}

// Tells the test which of the page's workers is the engine (the page's engine client ignores it:
// it carries no request id).
if (TEST_HOOKS) self.postMessage({ kind: 'test-hooks-on' } satisfies TestFromEngine);

/**
 * Settings a test gives the engine. `checkpointSeconds`: the cadence of a run's periodic checkpoints
 * (and live snapshots) when its caller gives none — 5 s in the app; a test of the app's UI sets 0
 * (every progress report), so "a checkpoint is stored" comes after a known batch, not after 5 s.
 */
export const testPace: { checkpointSeconds?: number; killThread?: boolean; killTsne?: boolean } = {};

let rule: (ParkRule & { passes: number; first?: { saved: number | undefined } }) | undefined;
let releasers: (() => void)[] = [];

/**
 * Called by a run at `point`: a promise that settles when the test releases the run if the
 * test's rule matches here (the rule is then used up), else undefined.
 */
export function parkPoint(point: ParkPointName, info: ParkInfo): Promise<void> | undefined {
  if (!TEST_HOOKS || !rule || rule.point !== point) return undefined;
  if (rule.match && Object.entries(rule.match).some(([k, v]) => info[k] !== v)) return undefined;
  rule.first ??= { saved: info.saved };
  if (rule.saved && info.saved === rule.first.saved) return undefined;
  if (rule.passes++ < (rule.after ?? 0)) return undefined;
  rule = undefined;
  const parked = new Promise<void>((r) => releasers.push(r));
  self.postMessage({ kind: 'test-parked', point, info } satisfies TestParked);
  return parked;
}

function isTestMessage(m: unknown): m is TestToEngine {
  return (
    typeof m === 'object' &&
    m !== null &&
    'kind' in m &&
    (m.kind === 'test-park' ||
      m.kind === 'test-release' ||
      m.kind === 'test-checkpoint-every' ||
      m.kind === 'test-kill-thread' ||
      m.kind === 'test-kill-tsne')
  );
}

/** The engine's onmessage asks this first (only when TEST_HOOKS); true: the message was the test's. */
export function onTestMessage(m: unknown): boolean {
  if (!TEST_HOOKS || !isTestMessage(m)) return false;
  if (m.kind === 'test-park') rule = { ...m.rule, passes: 0 };
  else if (m.kind === 'test-checkpoint-every') testPace.checkpointSeconds = m.seconds;
  else if (m.kind === 'test-kill-thread') testPace.killThread = true;
  else if (m.kind === 'test-kill-tsne') testPace.killTsne = true;
  else {
    for (const r of releasers) r();
    releasers = [];
  }
  return true;
}
