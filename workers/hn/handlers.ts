import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';
import { hnModelHandlers } from './model-handlers';
import { hnDataHandlers } from './data-handlers';
import { recordHnFit } from '../runs/hn-recorder';
import { classify } from './experiment';

export const hnHandlers: Handlers<HnCommands> = {
  ...hnModelHandlers, // classify, ask, saved models
  ...hnDataHandlers, // import, fetch, stored datasets, EDA
  // Every fit is a run record (workers/runs).
  hnClassify: (args, ctx) => recordHnFit(args, (keep) => classify(args, ctx.progress, ctx.signal, keep)),
};
