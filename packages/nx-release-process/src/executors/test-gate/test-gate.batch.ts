import { gateBatch } from '../lib/run-gate-batch';
import { testGateOf } from './test-gate';

/**
 * The test gates of a run in one process, in Nx batch mode: without a `command` each only records the result
 * of the project's test target, which ran before it.
 */
export default gateBatch(testGateOf);
