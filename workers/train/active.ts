// The runs training now in this engine, by corpus id, so that `trainStop` can reach the
// run it names (cancel means pause; stop has to say "end it and keep the vectors").
const stops = new Map<string, () => void>();

/** Registers a running run's stop hook; returns the function that unregisters it. */
export function registerRun(corpusId: string, stop: () => void): () => void {
  stops.set(corpusId, stop);
  return () => {
    if (stops.get(corpusId) === stop) stops.delete(corpusId);
  };
}

/** Asks the corpus's running run to stop; false when none is running. */
export function requestStop(corpusId: string): boolean {
  const stop = stops.get(corpusId);
  stop?.();
  return !!stop;
}
