import { markdownCell } from '../printable';
import { releasedWithGatesSkipped } from '../release-status';
import type { ReleaseReport } from './report-model';
import { GATE_ORDER } from './report-model';
import { cellText, MEASURE_COLUMNS, metricRows } from './render-metrics';

const MARK: Record<string, string> = { pass: '✅ pass', fail: '❌ fail', skip: '➖ skip', 'not run': '· not run' };

/** The report as markdown, fit for a CI job summary ($GITHUB_STEP_SUMMARY). */
export function renderSummary(report: ReleaseReport): string {
  const gates = GATE_ORDER.filter((gate) => report.projects.some((project) => project.gates.some((candidate) => candidate.gate === gate)));
  const lines = [
    '# Release gates',
    '',
    `${report.workspace} — ${report.generatedAt}`,
    '',
    `| ${['project', 'version', 'deployment', ...gates].join(' | ')} |`,
    `|${['project', 'version', 'deployment', ...gates].map(() => '---').join('|')}|`,
    ...report.projects.map((project) => {
      const cells = gates.map((gate) => MARK[project.gates.find((candidate) => candidate.gate === gate)?.status ?? 'not run']);
      return `| ${[markdownCell(project.name), markdownCell(project.version), project.deployment, ...cells].join(' | ')} |`;
    }),
  ];
  const failures = report.projects.flatMap((project) =>
    project.gates.flatMap((gate) =>
      gate.checks
        .filter((check) => check.status === 'fail')
        .map((check) => `- **${markdownCell(project.name)}** ${gate.gate} — ${markdownCell(check.name)}: ${markdownCell(check.detail)}`),
    ),
  );
  if (failures.length > 0) lines.push('', '## What fails', '', ...failures);
  const incidents = report.projects.flatMap((project) => {
    const incident = project.release?.incident;
    return incident
      ? [
          `- **${markdownCell(project.name)}** ${markdownCell(incident.version)} rolled back (${markdownCell(incident.tag)}, ${markdownCell(incident.since)}): ${markdownCell(incident.reason)}`,
        ]
      : [];
  });
  if (incidents.length > 0) lines.push('', '## Open incidents', '', ...incidents);
  const ungated = report.projects.flatMap((project) => {
    const event = project.release ? releasedWithGatesSkipped(project.release) : null;
    return event
      ? [
          `- **${markdownCell(project.name)}** ${markdownCell(event.version)} (${markdownCell(event.tag)}): ${markdownCell(event.gatesSkipped ?? '')}`,
        ]
      : [];
  });
  if (ungated.length > 0) lines.push('', '## Released with gates skipped', '', ...ungated);
  const checked = report.projects.filter((project) => project.health);
  if (checked.length > 0) {
    lines.push('', '## Release health', '');
    for (const project of checked) {
      const health = project.health as NonNullable<typeof project.health>;
      lines.push(`- **${markdownCell(project.name)}** ${markdownCell(health.version)}: ${health.status} (${markdownCell(health.at)})`);
      for (const check of health.checks)
        lines.push(`  - ${check.status} ${markdownCell(check.name)}: ${markdownCell(check.detail)} (${markdownCell(check.limit)})`);
      if (health.feedback)
        lines.push(`  - ${health.feedback.status} issues since the release: ${health.feedback.count} (at most ${health.feedback.max})`);
    }
  }
  if (report.metrics) {
    const { days } = report.metrics.period;
    lines.push(
      '',
      `## Release metrics (DORA, last ${days} days, against the ${days} before)`,
      '',
      `| ${['scope', 'releases', ...MEASURE_COLUMNS.map((column) => column.name)].join(' | ')} |`,
      `|${['scope', 'releases', ...MEASURE_COLUMNS].map(() => '---').join('|')}|`,
      ...metricRows(report.metrics).map(
        (row) => `| ${[markdownCell(row.scope), String(row.releases), ...row.cells.map(cellText)].join(' | ')} |`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Text inside a markdown table cell or list item: no pipes, no line breaks, no HTML. */
