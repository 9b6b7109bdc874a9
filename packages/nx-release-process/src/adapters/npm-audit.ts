import { runProcess } from './process-runner';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, toolCachePath, writeCacheFile } from './files';

export const AUDIT_SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type AuditSeverity = (typeof AUDIT_SEVERITIES)[number];

export interface AuditResult {
  ran: boolean;
  ok: boolean;
  detail: string;
}

/** What a successful `npm audit` found, kept for the other gate tasks of the same lockfile. */
interface SharedAudit {
  lockfileSha256: string;
  auditedAt: string;
  vulnerabilities: Record<string, number>;
}

const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];
/** How long one audit answers for every project: one `nx run-many` of gates, not yesterday's advisories. */
export const AUDIT_SHARED_FOR_MS = 10 * 60 * 1000;

/** Where the shared answer is kept. */
export function sharedAuditPath(workspaceRoot: string): string {
  return toolCachePath(workspaceRoot, 'npm-audit.json');
}

/**
 * `npm audit --json` for the workspace: vulnerabilities at or above `level` fail. The lockfile is the
 * workspace's, so every project would get the same answer: one run serves all the gate tasks that follow
 * within AUDIT_SHARED_FOR_MS while the lockfile is unchanged. Failed runs are not shared, so the next
 * task tries again. Without a lockfile npm cannot audit, and is not started.
 */
export async function auditWorkspace(root: string, level: AuditSeverity, now = Date.now()): Promise<AuditResult> {
  const lockfile = LOCKFILES.find((name) => existsSync(join(root, name)));
  if (!lockfile) {
    return {
      ran: false,
      ok: false,
      detail: 'npm audit could not run: no package-lock.json (create one with npm install --package-lock-only)',
    };
  }
  const lockfileSha256 = createHash('sha256')
    .update(readFileSync(join(root, lockfile)))
    .digest('hex');
  const shared = readSharedAudit(root);
  const age = shared ? now - Date.parse(shared.auditedAt) : -1;
  if (shared && shared.lockfileSha256 === lockfileSha256 && age >= 0 && age < AUDIT_SHARED_FOR_MS) {
    return verdict(shared.vulnerabilities, level, ` (run at ${shared.auditedAt} for this lockfile)`);
  }
  const answer = await runNpmAudit(root);
  if ('problem' in answer) return { ran: false, ok: false, detail: `npm audit could not run: ${answer.problem}` };
  const auditedAt = new Date(now).toISOString();
  writeCacheFile(sharedAuditPath(root), { lockfileSha256, auditedAt, vulnerabilities: answer.vulnerabilities } satisfies SharedAudit);
  return verdict(answer.vulnerabilities, level, '');
}

function verdict(vulnerabilities: Record<string, number>, level: AuditSeverity, source: string): AuditResult {
  const found = AUDIT_SEVERITIES.slice(AUDIT_SEVERITIES.indexOf(level))
    .map((severity) => [severity, vulnerabilities[severity] ?? 0] as const)
    .filter(([, count]) => count > 0);
  return {
    ran: true,
    ok: found.length === 0,
    detail: `${found.length === 0 ? `npm audit: no vulnerabilities at ${level} or above` : `npm audit: ${found.map(([severity, count]) => `${count} ${severity}`).join(', ')}`}${source}`,
  };
}

function readSharedAudit(root: string): SharedAudit | null {
  const shared = readJsonFile<SharedAudit>(sharedAuditPath(root));
  return shared &&
    typeof shared.lockfileSha256 === 'string' &&
    typeof shared.auditedAt === 'string' &&
    typeof shared.vulnerabilities === 'object'
    ? shared
    : null;
}

async function runNpmAudit(root: string): Promise<{ vulnerabilities: Record<string, number> } | { problem: string }> {
  // npm audit exits non-zero when it finds vulnerabilities: the JSON says what happened.
  const { stdout } = await runProcess('npm', ['audit', '--json', '--fetch-retries=0'], { cwd: root });
  let report: {
    metadata?: { vulnerabilities?: Record<string, number> };
    error?: { code?: string; summary?: string };
    message?: string;
  };
  try {
    report = JSON.parse(stdout);
  } catch {
    return { problem: 'no JSON answer' };
  }
  const vulnerabilities = report.metadata?.vulnerabilities;
  if (vulnerabilities) return { vulnerabilities };
  return {
    problem:
      `${report.error?.code ?? ''} ${report.error?.summary || report.message || ''}`.trim() || 'no vulnerability counts in its answer',
  };
}
