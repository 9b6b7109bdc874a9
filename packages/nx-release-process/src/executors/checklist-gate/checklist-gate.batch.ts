import { gateBatch } from '../lib/run-gate-batch';
import { checklistGateOf } from './checklist-gate';

/** The checklist gates of a run in one process, on one workspace plan, in Nx batch mode. */
export default gateBatch(checklistGateOf);
