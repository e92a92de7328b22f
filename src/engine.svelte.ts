// The page's single engine client and the engine-wide state panels share
// (compute backend, notices). Panels import `engine` and call it; no heavy work here.
import { EngineClient } from './engine-client';
import type { EngineInfo } from '../workers/protocol';

export const engine = EngineClient.create();

export interface Notice {
  id: number;
  level: 'info' | 'warn' | 'error';
  message: string;
}

class EngineState {
  info = $state<EngineInfo | undefined>(undefined);
  notices = $state<Notice[]>([]);
  private nextId = 1;

  notify(level: Notice['level'], message: string): void {
    this.notices = [...this.notices, { id: this.nextId++, level, message }];
  }
  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

export const engineState = new EngineState();

engine.onEvent((e) => {
  if (e.type === 'notice') engineState.notify(e.level, e.message);
  else engineState.notify('error', 'The GPU was lost: ' + e.message);
});

// A block body: an arrow returning the assignment makes Svelte warn `assignment_value_stale`.
void engine.call('hello', {}).then((info) => {
  engineState.info = info;
});
