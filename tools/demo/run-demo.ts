import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createSampleMonorepo } from './sample-monorepo';

/**
 * `npm run demo`: builds the sample GPU trading monorepo in a temporary folder and runs the release
 * process on it with the built `release-process` CLI, as a user would. `--keep` leaves the folder.
 */
const CLI = join(__dirname, '../../packages/nx-release-process/bin/release-process.js');
const keep = process.argv.includes('--keep');
const started = Date.now();

function step(title: string): void {
  process.stdout.write(process.stdout.isTTY ? `\n\x1b[1m== ${title}\x1b[0m\n\n` : `\n== ${title}\n\n`);
}

function releaseProcess(cwd: string, ...args: string[]): void {
  process.stdout.write(`$ release-process ${args.join(' ')}\n`);
  const output = execFileSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
}

const repo = createSampleMonorepo();
try {
  step('A sample monorepo: gpu-kernels <- pricing-engine <- strategy-api, and docs-site');
  process.stdout.write(`${repo.root}\n\n`);
  process.stdout.write(`${repo.git('log', '--graph', '--oneline', '--decorate', process.stdout.isTTY ? '--color=always' : '--color=never')}\n`);

  step('1. The release plan: bumps from conventional commits, dependents released with what they depend on');
  releaseProcess(repo.root, 'plan');

  step('2. Release notes of strategy-api, from the release notes template');
  releaseProcess(repo.root, 'notes', '--project', 'strategy-api');

  step('3. The CHANGELOG.md section of gpu-kernels, in Keep a Changelog form');
  releaseProcess(repo.root, 'notes', '--project', 'gpu-kernels', '--format', 'changelog');

  step('4. A release candidate instead: --preid rc');
  releaseProcess(repo.root, 'plan', '--preid', 'rc', '--project', 'gpu-kernels');

  process.stdout.write(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.${keep ? ` The sample stays in ${repo.root}` : ''}\n`);
} finally {
  if (!keep) repo.remove();
}
