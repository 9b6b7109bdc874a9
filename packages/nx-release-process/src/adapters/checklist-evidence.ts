import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from './git';
import type { WorkspaceRelease } from './workspace-release';
import { hasChangelogSection } from '../core/changelog-file';
import type { ChecklistEvidence, SignOff } from '../core/gates/checklist';
import type { GateReport } from '../core/gates/gate-report';
import { ReleaseProcessError } from '../core/release-error';

export interface ChecklistOptions {
  /** File of sign-offs, relative to the workspace root. */
  signOffFile?: string;
  /** Lowest `npm audit` severity that fails the item (default high). */
  auditLevel?: 'low' | 'moderate' | 'high' | 'critical';
  /** Paths in the project that count as documentation (default README.md and docs/). */
  docs?: string[];
  benchmarkConfigured?: boolean;
}

const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;

/** Gathers the checklist's evidence: other gates' reports, git, the changelog, npm audit and sign-offs. */
export async function gatherChecklistEvidence(
  release: WorkspaceRelease,
  projectName: string,
  readReport: (gate: string) => GateReport | null,
  options: ChecklistOptions,
): Promise<ChecklistEvidence> {
  const project = release.plan.projects.find((candidate) => candidate.name === projectName);
  if (!project) throw new ReleaseProcessError(`${projectName} is not a releasable project`, 'Give it a version in a manifest');
  const root = release.workspace.root;
  const signOffFile = options.signOffFile ?? 'release-signoffs.json';
  const changelog = join(root, project.root, 'CHANGELOG.md');
  const docs = (options.docs ?? ['README.md', 'docs']).map((path) => (project.root ? `${project.root}/${path}` : path));
  return {
    project: projectName,
    version: project.manifestVersion,
    gates: { test: readReport('test-gate'), benchmark: readReport('benchmark-gate'), version: readReport('version-gate') },
    benchmarkConfigured: options.benchmarkConfigured ?? false,
    docsChanged: project.lastTag
      ? (await runGit(root, ['diff', '--name-only', project.lastTag, 'HEAD', '--', ...docs])).split('\n').filter(Boolean)
      : null,
    changelogHasVersion: existsSync(changelog) && hasChangelogSection(readFileSync(changelog, 'utf8'), project.manifestVersion),
    audit: await npmAudit(root, options.auditLevel ?? 'high'),
    signOffs: readSignOffs(join(root, signOffFile), signOffFile),
    signOffFile,
  };
}

function readSignOffs(path: string, name: string): SignOff[] {
  if (!existsSync(path)) return [];
  try {
    const entries = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (!Array.isArray(entries)) throw new Error('not a list');
    return entries as SignOff[];
  } catch (error) {
    throw new ReleaseProcessError(`${name} is not a JSON list of sign-offs: ${(error as Error).message}`, 'Fix the file: [{"item": ..., "project": ..., "version": ..., "by": ..., "date": ...}]');
  }
}

/** `npm audit --json` for the workspace: vulnerabilities at or above the floor fail the item. */
function npmAudit(root: string, level: (typeof SEVERITIES)[number]): Promise<ChecklistEvidence['audit']> {
  return new Promise((resolve) => {
    execFile('npm', ['audit', '--json', '--fetch-retries=0'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout) => {
      // npm audit exits non-zero when it finds vulnerabilities: the JSON says what happened.
      let report: { metadata?: { vulnerabilities?: Record<string, number> }; error?: { code?: string; summary?: string } };
      try {
        report = JSON.parse(String(stdout));
      } catch {
        return resolve({ ran: false, ok: false, detail: 'npm audit could not run (no JSON answer)' });
      }
      const counts = report.metadata?.vulnerabilities;
      if (!counts) return resolve({ ran: false, ok: false, detail: `npm audit could not run: ${report.error?.code ?? ''} ${report.error?.summary ?? ''}`.trim() });
      const floor = SEVERITIES.indexOf(level);
      const found = SEVERITIES.slice(floor).map((severity) => [severity, counts[severity] ?? 0] as const).filter(([, count]) => count > 0);
      resolve({
        ran: true,
        ok: found.length === 0,
        detail: found.length === 0 ? `npm audit: no vulnerabilities at ${level} or above` : `npm audit: ${found.map(([severity, count]) => `${count} ${severity}`).join(', ')}`,
      });
    });
  });
}
