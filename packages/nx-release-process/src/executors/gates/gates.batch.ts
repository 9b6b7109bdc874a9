import { gateBatch } from '../lib/run-gate-batch';
import { gatesOf } from './gates';

/** Every gate task of a run, of every project and the four gates, in one process (Nx prefers the batch). */
export default gateBatch(gatesOf, (options) => options.gate === 'release-gate');
