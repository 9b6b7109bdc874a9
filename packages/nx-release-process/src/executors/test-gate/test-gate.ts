import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExecutor, type ExecutorContext } from '@nx/devkit';
import { runShellCommand } from '../../adapters/shell-command';
import { coverageCheck } from '../../core/gates/checklist';
import type { GateCheck } from '../../core/gates/gate-report';
import { runGate } from '../lib/run-gate';
import type { TestGateSchema } from './schema';

/** `nx run <project>:test-gate`: the seed's "All tests passing", with an optional coverage floor. */
export default async function testGate(options: TestGateSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  const { success } = await runGate('test-gate', context, async (project) => {
    const checks: GateCheck[] = [await runTests(options, context, project)];
    if (options.coverageFloor !== undefined) {
      const root = context.projectsConfigurations?.projects[project]?.root ?? '';
      const summary = options.coverageSummary ?? join('coverage', root, 'coverage-summary.json');
      const path = join(context.root, summary);
      checks.push(coverageCheck(existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null, options.coverageFloor, summary));
    }
    return { checks };
  });
  return { success };
}

async function runTests(options: TestGateSchema, context: ExecutorContext, project: string): Promise<GateCheck> {
  if (options.command) {
    const code = await runShellCommand(options.command, context.root);
    return { name: 'tests', status: code === 0 ? 'pass' : 'fail', detail: `\`${options.command}\` exited with ${code}` };
  }
  if (!context.projectsConfigurations?.projects[project]?.targets?.test) {
    return { name: 'tests', status: 'skip', detail: 'no test target and no command: nothing to run' };
  }
  let passed = true;
  try {
    for await (const result of await runExecutor({ project, target: 'test' }, {}, context)) passed &&= result.success;
  } catch (error) {
    return { name: 'tests', status: 'fail', detail: `${project}:test could not run: ${(error as Error).message.split('\n')[0]}` };
  }
  return { name: 'tests', status: passed ? 'pass' : 'fail', detail: `${project}:test ${passed ? 'passed' : 'failed'}` };
}
