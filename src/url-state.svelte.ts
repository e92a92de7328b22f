// Reactive share state: panels read and write `share.state.<key>`; location.hash follows with
// replaceState (no history entries), and is read back on load and on hashchange.
import { engineState } from './engine.svelte';
import { defaultShareState, modelParam, parseHash, serializeHash, vectorsParam, type ShareKey, type ShareState } from './url-state';

class ShareStore {
  state = $state<ShareState>(defaultShareState());
  /** Keys the opened link set, so panels can offer "start this run". */
  fromLink = $state<ShareKey[]>([]);
  /** `?vectors=` URL waiting for the user to accept or dismiss. */
  vectorsOffer = $state<string | undefined>(undefined);
  /** `?model=` URL waiting for the user to accept or dismiss. */
  modelOffer = $state<string | undefined>(undefined);

  /** Reads the hash into the state and reports ignored entries. */
  load(hash: string): void {
    const p = parseHash(hash);
    this.state = p.state;
    this.fromLink = p.present;
    for (const n of p.notices) engineState.notify('warn', n);
  }

  /** Full share link for the current state. */
  link(): string {
    return location.href.replace(/#.*$/, '') + serializeHash(this.state);
  }
}

export const share = new ShareStore();

if (typeof window !== 'undefined') {
  share.load(location.hash);
  const v = vectorsParam(location.search, location.href);
  if (v.notice) engineState.notify('warn', v.notice);
  share.vectorsOffer = v.url;
  const m = modelParam(location.search, location.href);
  if (m.notice) engineState.notify('warn', m.notice);
  share.modelOffer = m.url;
  window.addEventListener('hashchange', () => share.load(location.hash));
  $effect.root(() => {
    $effect(() => {
      const hash = serializeHash(share.state);
      if (hash !== (location.hash === '#' ? '' : location.hash)) {
        history.replaceState(history.state, '', location.pathname + location.search + hash);
      }
    });
  });
}
