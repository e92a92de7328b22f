import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';
import { ask, classify } from './experiment';
import { hnDataHandlers } from './data-handlers';

export const hnHandlers: Handlers<HnCommands> = {
  hnClassify: (args, ctx) => classify(args, ctx.progress, ctx.signal),
  hnAsk: (args) => ask(args),
  ...hnDataHandlers, // import, fetch, stored datasets, EDA
};
