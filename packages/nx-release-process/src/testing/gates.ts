import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { stampJudgedContent, writeGateReport } from '../adapters/gate-reports';
import { gateReport } from '../core/gates/gate-report';
import { projectName } from '../plugins/plugin';

/**
 * The state `nx run-many -t release-gate` leaves when every gate passed at HEAD, for tests about what comes
 * after (publishing, forges, rollback): a passing release gate report for each project of the repository
 * (each tracked package.json or project.json, named as the plugin names it), stamped by the hook's own code
 * with the content of the project's folder. The gates themselves are tested running for real.
 */
export async function passGates(root: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '--', '*package.json', '*project.json'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.includes('node_modules/') && /(^|\/)(package|project)\.json$/.test(file));
  const roots = new Map<string, string[]>();
  for (const file of files) {
    const folder = dirname(file);
    const name = projectName(join(root, file));
    roots.set(name, [folder === '.' ? '' : folder]);
    const report = gateReport(
      'release-gate',
      name,
      [{ name: 'version-gate', status: 'pass', detail: 'pass' }],
      undefined,
      new Date().toISOString(),
    );
    writeGateReport(root, report);
  }
  await stampJudgedContent(root, [...roots.keys()], (project) => roots.get(project) ?? null);
}
