import { describeGeneratorFaults } from './generator-faults';

describeGeneratorFaults({
  generator: 'rollback',
  run: () => ['g', 'rollback', 'gpu-kernels@1.3.0', '--reason=fp8 kernels crash on A100'],
  abort: ['g', 'rollback', '--abort'],
  // gpu-kernels@1.3.0 brought two commits: each one's changes to the project are reversed by a three-way apply
  steps: ['rm', 'apply', 'apply', 'add', 'commit', 'tag'],
});
