// The runner's commands; each lives in its own file and returns the JSON object printed last.
import type { Flags, LabContext } from '../lab-context';
import { ingest } from './ingest';
import { train } from './train';
import { eval as evalCommand } from './eval';
import { classify } from './classify';
import { sweep } from './sweep';

export type LabCommand = (ctx: LabContext, flags: Flags) => Promise<object>;

export const commands: Record<string, LabCommand> = { ingest, train, eval: evalCommand, classify, sweep };
