import type { LabCommand } from './index';
import { LabFailure } from '../lab-context';

const evalCommand: LabCommand = async () => {
  throw new LabFailure('eval: not built yet');
};
export { evalCommand as eval };
