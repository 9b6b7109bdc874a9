import { describeGeneratorFaults } from './generator-faults';

describeGeneratorFaults({
  generator: 'release-branch',
  run: () => ['g', 'release-branch'],
  abort: ['g', 'release-branch', '--abort'],
  steps: ['switch', 'add', 'commit'],
});
