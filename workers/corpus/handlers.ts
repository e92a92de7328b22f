import type { Handlers } from '../protocol';
import type { CorpusCommands } from './commands';

export const corpusHandlers: Handlers<CorpusCommands> = {};
