import type { Handlers } from '../protocol';
import type { ExploreCommands } from './commands';

export const exploreHandlers: Handlers<ExploreCommands> = {};
