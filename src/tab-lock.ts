// One tab owns the engine's writes: the tab holding the Web Lock "skipgram-lab-owner" for its
// lifetime. Another tab waits in the lock queue and becomes owner when the first one closes.
// Browsers without navigator.locks (very old) are treated as owner: there is nothing to coordinate with.

export const LOCK_NAME = 'skipgram-lab-owner';

export type TabRole = 'pending' | 'owner' | 'reader';

/**
 * Requests the lock; `onRole` is called with 'reader' when another tab holds it, then 'owner' once
 * granted. The returned function releases the lock (for tests; a page keeps it until it closes).
 */
export function claimTab(onRole: (role: TabRole) => void): () => void {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) {
    onRole('owner');
    return () => {};
  }
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  // ifAvailable first, so a second tab can say "read-only" at once instead of silently waiting.
  void (async () => {
    const got: boolean = await locks.request(LOCK_NAME, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      onRole('owner');
      await held;
      return true;
    });
    if (got) return;
    onRole('reader');
    await locks.request(LOCK_NAME, async () => {
      onRole('owner');
      await held;
    });
  })();
  return release;
}
