// Waiting on state, never on the clock: `until` polls a reading until a condition holds.
// Use it only for states that stay once reached (a held stream, a parked run, a run that
// ended), so how long it takes never changes what the test sees.

/** Reads `read()` every `everyMs` until `done(value)`; throws after `timeoutMs` (a hang, not a pace). */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 150_000, everyMs = 100 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > end) throw new Error(`until: condition not met in ${timeoutMs} ms (last value ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
