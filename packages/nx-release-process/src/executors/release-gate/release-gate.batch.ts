import { gateBatch } from '../lib/run-gate-batch';
import { releaseGateOf } from './release-gate';

/** The release gates of a run in one process, in Nx batch mode. */
export default gateBatch(releaseGateOf, () => true);
