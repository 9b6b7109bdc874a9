import { execFile } from 'node:child_process';
import { ReleaseProcessError } from '../core/release-error';
import { printable } from '../core/printable';
import { environmentSecrets } from '../core/redact';

/**
 * Runs one target of several projects through the workspace's own Nx (`nx run-many`), so its cache and
 * its task graph (a build's `^build`) apply. Progress goes to stderr as Nx prints it; a failure names the
 * target and ends with Nx's last lines.
 */
export async function runNxTarget(workspaceRoot: string, target: string, projects: string[]): Promise<void> {
  let nx: string;
  try {
    nx = require.resolve('nx/bin/nx.js', { paths: [workspaceRoot] });
  } catch {
    throw new ReleaseProcessError(`cannot run the ${target} target: nx is not installed in ${workspaceRoot}`, 'Run npm install there');
  }
  const args = [nx, 'run-many', '-t', target, '-p', projects.join(','), '--outputStyle=static'];
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, args, { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve();
      const tail = printable(`${stdout}\n${stderr}`, environmentSecrets())
        .split('\n')
        .filter((line) => line.trim())
        .slice(-6)
        .join(' | ');
      reject(
        new ReleaseProcessError(
          `nx run-many -t ${target} -p ${projects.join(',')} failed, so nothing was released: ${tail}`,
          `Fix the ${target}, then run the release again`,
        ),
      );
    });
  });
}
