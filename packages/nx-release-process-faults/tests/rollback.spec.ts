import { describeGeneratorFaults } from './generator-faults';

describeGeneratorFaults({
  generator: 'rollback',
  run: () => ['g', 'rollback', 'gpu-kernels@1.3.0', '--reason=fp8 kernels crash on A100'],
  abort: ['g', 'rollback', '--abort'],
  // gpu-kernels@1.3.0 brought two commits: each is reverted, the first one's changes outside the project put back
  steps: ['clean', 'revert', 'checkout', 'revert', 'add', 'commit', 'tag'],
});
