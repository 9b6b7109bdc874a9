import { describeGeneratorFaults, raceFix } from './generator-faults';

describeGeneratorFaults({
  generator: 'hotfix',
  run: (root) => ['g', 'hotfix', 'gpu-kernels@1.3.0', `--commits=${raceFix(root)}`],
  abort: ['g', 'hotfix', 'gpu-kernels@1.3.0', '--abort'],
  steps: ['checkout', 'rm', 'switch', 'config', 'cherry-pick', 'add', 'commit'],
});
