import type { Handlers } from '../protocol';
import type { ExploreCommands } from './commands';
import { LabError } from '../errors';

export const exploreHandlers: Handlers<ExploreCommands> = {
  importVectors: async () => {
    throw new LabError('importVectors: not built yet', 'unsupported');
  },
};
