import { readJsonFile } from '../../adapters/files';
import { join } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { runShellCommand } from '../../adapters/shell-command';
import { coverageCheck } from '../../core/gates/checklist';
import type { GateCheck } from '../../core/gates/gate-report';
import { runGate } from '../lib/run-gate';
import { gateExecutor, type GateRun } from '../lib/run-gate-batch';
import type { TestGateSchema } from './schema';

/** The test gate of `context.projectName`, its summary printed through `run.print`. */
export async function testGateOf(options: TestGateSchema, context: ExecutorContext, run: GateRun): Promise<{ success: boolean }> {
  const { success } = await runGate(
    'test-gate',
    context,
    async (project) => {
      const checks: GateCheck[] = [await runTests(options, context, project)];
      if (options.coverageFloor !== undefined) {
        const root = context.projectsConfigurations?.projects[project]?.root ?? '';
        const summary = options.coverageSummary ?? join('coverage', root, 'coverage-summary.json');
        const path = join(context.root, summary);
        checks.push(coverageCheck(readJsonFile(path), options.coverageFloor, summary));
      }
      return { checks };
    },
    run.print,
  );
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
  // The gate depends on the test target: Nx runs this task only once that passed (or came from the cache).
  // A failed test skips the gate, and the plugin's postTasksExecution hook writes its failed report.
  return { name: 'tests', status: 'pass', detail: `${project}:test passed before this gate (run or restored from the cache)` };
}

/** `nx run <project>:test-gate`: all tests passing, with an optional coverage floor. */
export default gateExecutor(testGateOf);
