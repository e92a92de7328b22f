// The built site's coi-serviceworker settings (scripts/isolation.ts COI_CONFIG_SOURCE), run on a
// stand-in window: the page reloads at most once per tab session to come under the service
// worker; a page still not isolated after that reload stays (no reload loop), and once the page is
// isolated the guard is reset, so a later update of the worker may reload it once again.
import { describe, expect, it } from 'vitest';
import { COI_CONFIG_SOURCE } from '../../scripts/isolation';

interface FakeWindow {
  crossOriginIsolated: boolean;
  sessionStorage: Map<string, string> & {
    getItem(k: string): string | null;
    setItem(k: string, v: string): void;
    removeItem(k: string): void;
  };
  location: { href: string; reload(): void };
  history: { state: unknown; replaceState(state: unknown, title: string, url: string): void };
  coi?: { quiet: boolean; doReload(): void; coepCredentialless(): boolean };
  navigator: { serviceWorker: { ready: Promise<unknown> } };
  /** Makes the service worker active (navigator.serviceWorker.ready resolves). */
  activate(): void;
  reloads: number;
}

function fakeWindow(isolated: boolean, storage = new Map<string, string>()): FakeWindow {
  const s = Object.assign(storage, {
    getItem: (k: string) => storage.get(k) ?? null,
    setItem: (k: string, v: string) => void storage.set(k, v),
    removeItem: (k: string) => void storage.delete(k),
  });
  let activate: (v: unknown) => void = () => undefined;
  const w: FakeWindow = {
    crossOriginIsolated: isolated,
    sessionStorage: s,
    location: { href: 'https://example.org/sub/#dim=64&bogus=1', reload: () => void w.reloads++ },
    history: { state: null, replaceState: (_s, _t, url) => void (w.location.href = url) },
    navigator: { serviceWorker: { ready: new Promise((r) => (activate = r)) } },
    activate: () => activate(undefined),
    reloads: 0,
  };
  return w;
}

/** The worker becomes active and the page's callbacks on that have run. */
async function active(w: FakeWindow): Promise<void> {
  w.activate();
  await w.navigator.serviceWorker.ready;
  await Promise.resolve();
}

/** Loads the page: the settings script runs against `w`. */
const load = (w: FakeWindow): void => new Function('window', COI_CONFIG_SOURCE)(w);

describe('coi-serviceworker settings', () => {
  it('quiet, require-corp (every cross-origin fetch of the app is in CORS mode)', () => {
    const w = fakeWindow(false);
    load(w);
    expect(w.coi?.quiet).toBe(true);
    expect(w.coi?.coepCredentialless()).toBe(false);
  });

  it('reloads once to come under the worker, once the worker is active; a page still not isolated after it does not reload again', async () => {
    const storage = new Map<string, string>();
    const first = fakeWindow(false, storage);
    load(first);
    first.coi!.doReload(); // asked as the worker starts installing
    await Promise.resolve();
    expect(first.reloads).toBe(0); // a reload now would not come under the worker
    await active(first);
    expect(first.reloads).toBe(1);
    const second = fakeWindow(false, storage); // the reload did not isolate the page (e.g. the worker cannot)
    load(second);
    second.coi!.doReload();
    second.coi!.doReload();
    await active(second);
    expect(second.reloads).toBe(0);
  });

  it('reloads at the address as opened: a hash the app rewrote meanwhile is put back', async () => {
    const w = fakeWindow(false);
    load(w);
    w.location.href = 'https://example.org/sub/#dim=64'; // the app dropped the invalid entry
    w.coi!.doReload();
    await active(w);
    expect(w.reloads).toBe(1);
    expect(w.location.href).toBe('https://example.org/sub/#dim=64&bogus=1');
  });

  it('an isolated page resets the guard: a later worker update reloads once more', async () => {
    const storage = new Map<string, string>();
    const a = fakeWindow(false, storage);
    load(a);
    a.coi!.doReload();
    await active(a);
    const b = fakeWindow(true, storage);
    load(b);
    b.coi!.doReload();
    await active(b);
    expect(b.reloads).toBe(1);
  });

  it('storage that throws (a sandboxed page): no reload, rather than a loop', async () => {
    const w = fakeWindow(false);
    Object.defineProperty(w, 'sessionStorage', {
      get() {
        throw new Error('denied');
      },
    });
    load(w);
    w.coi!.doReload();
    await active(w);
    expect(w.reloads).toBe(0);
  });
});
