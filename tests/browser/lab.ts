// Helpers for browser tests: a Chromium with the lab page open, typed engine calls.
import { inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, openLab, type LaunchOptions } from '../../scripts/harness';
import type { ArgsOf, CommandName, ResultOf } from '../../workers/protocol';
import type { LabOutcome, LabWindow } from '../../src/lab/lab-page';

export interface LabSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  appUrl: string;
  call<K extends CommandName>(type: K, args: ArgsOf<K>): Promise<LabOutcome<ResultOf<K>>>;
  /** Like call, but throws on an engine error. */
  ok<K extends CommandName>(type: K, args: ArgsOf<K>): Promise<ResultOf<K>>;
  close(): Promise<void>;
}

export function callOn(page: Page) {
  return <K extends CommandName>(type: K, args: ArgsOf<K>): Promise<LabOutcome<ResultOf<K>>> =>
    page.evaluate(([t, a]) => (window as unknown as LabWindow).lab.call(t as CommandName, a as never), [type, args] as const) as Promise<
      LabOutcome<ResultOf<K>>
    >;
}

export async function labSession(opts: LaunchOptions = {}): Promise<LabSession> {
  const appUrl = inject('appUrl');
  const browser = await launchChromium(opts);
  const { context, page } = await openLab(browser, appUrl);
  const call = callOn(page);
  return {
    browser,
    context,
    page,
    appUrl,
    call,
    async ok(type, args) {
      const r = await call(type, args);
      if (!r.ok) throw new Error(`${type} failed: ${r.error.message}`);
      return r.result;
    },
    close: () => browser.close(),
  };
}
