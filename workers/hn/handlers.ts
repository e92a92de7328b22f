import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';
import { hnModelHandlers } from './model-handlers';
import { hnDataHandlers } from './data-handlers';
import { recordHnFit } from '../runs/hn-recorder';

export const hnHandlers: Handlers<HnCommands> = {
  ...hnModelHandlers, // classify, ask, saved models
  ...hnDataHandlers, // import, fetch, stored datasets, EDA
  // Every fit is a run record (workers/runs).
  hnClassify: (args, ctx) => recordHnFit(args, () => hnModelHandlers.hnClassify(args, ctx)),
};
