import type { GateRelease } from '../../adapters/release-workspace';
import type { GateCheck } from '../../core/gates/gate-report';

/**
 * The gate's one check for a versioned project the release leaves out (a private workspace root, a project
 * release.projects excludes): skipped with the reason, so `nx run-many -t release-gate` passes over it.
 */
export function leftOutChecks(release: GateRelease, project: string): GateCheck[] | null {
  const reason = release.leftOut.get(project);
  return reason === undefined ? null : [{ name: 'release project', status: 'skip', detail: `not released: ${reason}` }];
}
