import { gateBatch } from '../lib/run-gate-batch';
import { versionGateOf } from './version-gate';

/** The version gates of a run in one process, on one workspace plan, in Nx batch mode. */
export default gateBatch(versionGateOf);
