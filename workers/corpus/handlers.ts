import type { Handlers } from '../protocol';
import type { CorpusCommands } from './commands';
import { LabError } from '../errors';

export const corpusHandlers: Handlers<CorpusCommands> = {
  ingest: async () => {
    throw new LabError('ingest: not built yet', 'unsupported');
  },
};
