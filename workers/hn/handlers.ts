import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';
import { hnModelHandlers } from './model-handlers';
import { hnDataHandlers } from './data-handlers';

export const hnHandlers: Handlers<HnCommands> = {
  ...hnModelHandlers, // classify, ask, saved models
  ...hnDataHandlers, // import, fetch, stored datasets, EDA
};
