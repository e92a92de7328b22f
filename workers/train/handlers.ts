import type { Handlers } from '../protocol';
import type { TrainCommands } from './commands';

export const trainHandlers: Handlers<TrainCommands> = {};
