import type { LabCommand } from './index';
import { LabFailure } from '../lab-context';

export const ingest: LabCommand = async () => {
  throw new LabFailure('ingest: not built yet');
};
