import type { LabCommand } from './index';
import { LabFailure } from '../lab-context';

export const classify: LabCommand = async () => {
  throw new LabFailure('classify: not built yet');
};
