import type { ProjectPlan, ReleasePlan, ReleaseReason } from './plan-release';

/** What the plan is shown with: the plan, and where and at which commit it was made. */
export interface PlanView {
  workspace: { kind: 'nx' | 'plain'; root: string };
  head: string;
  plan: ReleasePlan;
  /** Projects the release leaves out, with why (private, excluded by the release config, no version of their own). */
  leftOut?: Map<string, string>;
  /** The package manager that publishes and keeps the lockfile, and what told it apart. */
  packageManager?: { name: string; evidence: string };
}

/** The plan as a release engineer reads it: one block per project, why under each. */
export function formatPlan(release: PlanView): string {
  const { plan, workspace, head } = release;
  const releasing = plan.projects.filter((project) => project.nextVersion);
  const width = Math.max(...plan.projects.map((project) => project.name.length), 7);
  const kind = workspace.kind === 'nx' ? 'Nx workspace' : 'repository';
  const lines = [`Release plan for ${kind} ${workspace.root} at ${head.slice(0, 7)}`, ''];
  for (const project of plan.projects) {
    lines.push(headline(project, width));
    lines.push(...whyLines(project, plan).map((line) => `    ${line}`));
  }
  const leftOut = [...(release.leftOut ?? [])];
  if (leftOut.length > 0) lines.push('', 'Left out:', ...leftOut.map(([name, why]) => `  ${name}: ${why}`));
  lines.push('', `${releasing.length} of ${plan.projects.length} project${plan.projects.length === 1 ? '' : 's'} to release.`);
  return lines.join('\n');
}

function headline(project: ProjectPlan, width: number): string {
  const name = project.name.padEnd(width);
  const last = project.lastTag ? `since ${project.lastTag}` : 'never released';
  if (!project.nextVersion) return `  ${name}  ${project.currentVersion}  no release: ${project.decidedBy} (${last})`;
  const bump = project.lastTag ? `${project.bump} (${project.decidedBy})` : 'first release';
  return `  ${name}  ${project.currentVersion} -> ${project.nextVersion}  ${bump}  tag ${project.nextTag}  (${last})`;
}

function whyLines(project: ProjectPlan, plan: ReleasePlan): string[] {
  if (!project.nextVersion) {
    const types = [...new Set(project.commits.map((commit) => commit.type))];
    return project.commits.length === 0
      ? ['no commits touch it']
      : [`${project.commits.length} commit${project.commits.length === 1 ? '' : 's'}, none that release (${types.join(', ')})`];
  }
  return project.reasons.map((reason) => describeReason(reason, plan));
}

export function describeReason(reason: ReleaseReason, plan: ReleasePlan): string {
  switch (reason.kind) {
    case 'commit':
      return `${reason.bump.padEnd(5)}  ${reason.commit.shortHash} ${reason.commit.header}  [${reason.signal.label}]`;
    case 'dependency': {
      const version = plan.projects.find((project) => project.name === reason.dependency)?.nextVersion;
      return `patch  dependency ${reason.dependency} updated${version ? ` to ${version}` : ''}`;
    }
    case 'group':
      return `       released with its fixed group "${reason.group}"`;
    case 'first-release':
      return '       first release, at the version in its manifest';
    case 'promote':
      return `       promotes release candidate ${reason.from}`;
    case 'forced':
      return `${reason.bump.padEnd(5)}  asked for with --bump`;
    case 'intent':
      return `${reason.bump.padEnd(5)}  intent ${reason.file}${reason.summary ? `: ${reason.summary.split('\n')[0].slice(0, 100)}` : ''}`;
    case 'intent-set':
      return `       released with its ${reason.set} set${reason.with.length > 0 ? ` (${reason.with.join(', ')})` : ''}`;
  }
}

/**
 * The plan for machines (`--json`), as the text of `JSON.stringify(plan, null, 2)` in pieces, one project
 * at a time: at 1,000 projects and 50,000 commits the whole text is tens of MB, and building it at once
 * (with its object copy) was a third of the process's peak memory. Stable field names; commits reduced to
 * what explains the plan.
 */
export function* planJsonChunks(release: PlanView): Generator<string> {
  const workspace = {
    kind: release.workspace.kind,
    root: release.workspace.root,
    ...(release.packageManager ? { packageManager: release.packageManager } : {}),
  };
  const head = JSON.stringify({ workspace, head: release.head }, null, 2);
  const projects = release.plan.projects;
  yield `${head.slice(0, -2)},\n  "projects": [${projects.length === 0 ? ']' : ''}`;
  for (const [index, project] of projects.entries()) {
    const text = JSON.stringify(projectAsJson(project), null, 2).replace(/\n/g, '\n    ');
    yield `${index === 0 ? '' : ','}\n    ${text}`;
  }
  const leftOut = Object.fromEntries(release.leftOut ?? []);
  yield `${projects.length === 0 ? '' : '\n  ]'},\n  "leftOut": ${JSON.stringify(leftOut, null, 2).replace(/\n/g, '\n  ')}\n}\n`;
}

function projectAsJson(project: ProjectPlan): unknown {
  return {
    name: project.name,
    root: project.root,
    group: project.group,
    relationship: project.relationship,
    currentVersion: project.currentVersion,
    manifestFile: project.manifestFile,
    lastTag: project.lastTag,
    bump: project.bump,
    decidedBy: project.decidedBy,
    nextVersion: project.nextVersion,
    nextTag: project.nextTag,
    dependencies: project.dependencies,
    reasons: project.reasons.map((reason) =>
      reason.kind === 'commit'
        ? { kind: 'commit', bump: reason.bump, signal: reason.signal.label, hash: reason.commit.hash, header: reason.commit.header }
        : reason,
    ),
    commits: project.commits.map((commit) => ({ hash: commit.hash, type: commit.type, header: commit.header, breaking: commit.breaking })),
  };
}
