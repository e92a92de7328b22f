// The runner's commands; each lives in its own file and returns the JSON object printed last.
import type { Flags, LabContext } from '../lab-context';
import { ingest } from './ingest';
import { settingsFrom, threadsFrom, train, trainerFrom } from './train';
import { eval as evalCommand } from './eval';
import { classify } from './classify';
import { sweep } from './sweep';

export type LabCommand = (ctx: LabContext, flags: Flags) => Promise<object>;

export const commands: Record<string, LabCommand> = { ingest, train, eval: evalCommand, classify, sweep };

/**
 * Checks of a command's flags that need no browser, run before the servers and Chromium start:
 * bad settings (an unknown --model, --threads 0, …) are refused at once, before anything starts.
 */
export const prechecks: Record<string, (flags: Flags) => void> = {
  train: (f) => void (settingsFrom(f), trainerFrom(f), threadsFrom(f)),
  sweep: (f) => void settingsFrom(f),
};
