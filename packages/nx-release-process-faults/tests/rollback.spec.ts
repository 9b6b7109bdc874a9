import { describeGeneratorFaults } from './generator-faults';

describeGeneratorFaults({
  generator: 'rollback',
  run: () => ['g', 'rollback', 'gpu-kernels@1.3.0', '--reason=fp8 kernels crash on A100'],
  abort: ['g', 'rollback', '--abort'],
  steps: ['clean', 'revert', 'checkout', 'add', 'commit', 'tag'],
});
