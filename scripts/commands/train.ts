import type { LabCommand } from './index';
import { LabFailure } from '../lab-context';

export const train: LabCommand = async () => {
  throw new LabFailure('train: not built yet');
};
