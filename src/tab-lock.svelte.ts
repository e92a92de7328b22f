// Reactive tab ownership for panels: disable start/ingest/import buttons while `tab.readOnly`.
import { claimTab, type TabRole } from './tab-lock';

class TabState {
  role = $state<TabRole>('pending');
  get readOnly(): boolean {
    return this.role === 'reader';
  }
}

export const tab = new TabState();
if (typeof window !== 'undefined') claimTab((r) => (tab.role = r));
