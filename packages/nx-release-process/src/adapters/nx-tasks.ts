import { runProcess } from './process-runner';
import { ReleaseProcessError } from '../core/release-error';
import { printable } from '../core/printable';
import { environmentSecrets } from '../core/redact';

/** Runs a generator through the workspace's own Nx (`nx g <generator> ...args`); a failure ends with Nx's last lines. */
export async function runNxGenerator(workspaceRoot: string, generator: string, args: string[]): Promise<void> {
  await runNx(workspaceRoot, ['g', generator, ...args], `nx g ${generator}`, 'Fix the cause, then run it again');
}

/**
 * Runs one target of several projects through the workspace's own Nx (`nx run-many`), so its cache and
 * its task graph (a build's `^build`) apply. A failure names the target and ends
 * with Nx's last lines.
 */
export async function runNxTarget(workspaceRoot: string, target: string, projects: string[]): Promise<void> {
  await runNx(
    workspaceRoot,
    ['run-many', '-t', target, '-p', projects.join(','), '--outputStyle=static'],
    `nx run-many -t ${target} -p ${projects.join(',')}`,
    `Fix the ${target}, then run the release again`,
    'so nothing was released',
  );
}

async function runNx(workspaceRoot: string, args: string[], what: string, fix: string, consequence = ''): Promise<void> {
  let nx: string;
  try {
    nx = require.resolve('nx/bin/nx.js', { paths: [workspaceRoot] });
  } catch {
    throw new ReleaseProcessError(`cannot run ${what}: nx is not installed in ${workspaceRoot}`, 'Run npm install there');
  }
  const { code, stdout, stderr } = await runProcess(process.execPath, [nx, ...args], { cwd: workspaceRoot });
  if (code === 0) return;
  const tail = printable(`${stdout}\n${stderr}`, environmentSecrets(process.env))
    .split('\n')
    .filter((line) => line.trim())
    .slice(-6)
    .join(' | ');
  throw new ReleaseProcessError(`${what} failed${consequence ? `, ${consequence}` : ''}: ${tail}`, fix);
}
