import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';
import { ask, classify } from './experiment';

export const hnHandlers: Handlers<HnCommands> = {
  hnClassify: (args, ctx) => classify(args, ctx.progress, ctx.signal),
  hnAsk: (args) => ask(args),
};
