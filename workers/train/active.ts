// The runs training now in this engine, by run id (and their corpus, for callers that name
// a corpus), so that `trainStop` can reach the run it names (cancel means pause; stop has
// to say "end it and keep the vectors").
const runs = new Map<string, { corpusId: string; stop: () => void }>();

/** Registers a running run's stop hook; returns the function that unregisters it. */
export function registerRun(runId: string, corpusId: string, stop: () => void): () => void {
  const entry = { corpusId, stop };
  runs.set(runId, entry);
  return () => {
    if (runs.get(runId) === entry) runs.delete(runId);
  };
}

/** The running run with this id, or else the (newest) running run on this corpus. */
export function runningRun(ref: { runId?: string; corpusId?: string }): string | undefined {
  if (ref.runId) return runs.has(ref.runId) ? ref.runId : undefined;
  let found: string | undefined;
  for (const [id, r] of runs) if (r.corpusId === ref.corpusId) found = id;
  return found;
}

/** Asks the run to stop; false when it is not running here. */
export function requestStop(runId: string | undefined): boolean {
  const r = runId ? runs.get(runId) : undefined;
  r?.stop();
  return !!r;
}

export const isRunning = (runId: string): boolean => runs.has(runId);
