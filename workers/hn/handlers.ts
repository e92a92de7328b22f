import type { Handlers } from '../protocol';
import type { HnCommands } from './commands';

export const hnHandlers: Handlers<HnCommands> = {};
