import type { GateReport } from '../gates/gate-report';
import { GATE_ORDER, type BenchmarkHistoryEntry, type ProjectStatus, type ReleaseReport } from './report-model';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2430}
header{background:#1d2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#b8c0cc}
main{padding:20px 28px;display:grid;gap:18px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:14px 18px}
h2{font-size:16px;margin:0 0 10px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}th{color:#5b6574;font-weight:600}
.pass{color:#137333;font-weight:600}.fail{color:#b3261e;font-weight:600}.skip,.not-run{color:#7a8594}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;background:#eef1f4}
.badge.released{background:#e6f4ea;color:#137333}.badge.hotfixed{background:#fef7e0;color:#8a5a00}.badge.rolled-back{background:#fce8e6;color:#b3261e}
.incidents{border-left:4px solid #b3261e;background:#fce8e6;padding:4px 12px;margin-bottom:10px}.incident{margin:6px 0}.badge.prepared{background:#e8f0fe;color:#1a56c4}.badge.changes-pending{background:#fef7e0;color:#8a5a00}
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{border:1px solid #eef1f4;border-radius:6px;padding:6px}
.chart figcaption{font-size:12px;color:#5b6574}details{margin-top:6px}ul.checks{margin:4px 0;padding-left:18px}
`;

/** A self-contained HTML page (no scripts, no external files): gate status, release status, benchmark trends. */
export function renderDashboard(report: ReleaseReport): string {
  const gates = GATE_ORDER.filter((gate) => report.projects.some((project) => project.gates.some((candidate) => candidate.gate === gate)));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Release dashboard — ${escapeHtml(report.workspace)}</title><style>${STYLE}</style></head>
<body><header><h1>Release dashboard</h1><p>${escapeHtml(report.workspace)} · ${escapeHtml(report.generatedAt)}</p></header>
<main>
<section id="gates"><h2>Gate status</h2><table><thead><tr><th>project</th>${gates.map((gate) => `<th>${escapeHtml(gate)}</th>`).join('')}</tr></thead><tbody>
${report.projects.map((project) => `<tr data-project="${escapeHtml(project.name)}"><td>${escapeHtml(project.name)}</td>${gates.map((gate) => gateCell(project.gates.find((candidate) => candidate.gate === gate))).join('')}</tr>`).join('\n')}
</tbody></table></section>
<section id="status"><h2>Release status</h2>${incidents(report.projects)}<table><thead><tr><th>project</th><th>version</th><th>users on</th><th>state</th><th>last release</th><th>deployment</th><th>testing</th><th>documentation</th></tr></thead><tbody>
${report.projects.map(statusRow).join('\n')}
</tbody></table></section>
<section id="trends"><h2>Benchmark trends</h2>${trends(report.projects)}</section>
<section id="details"><h2>Changes and checks</h2>${report.projects.map(details).join('\n')}</section>
</main></body></html>
`;
}

function gateCell(report: GateReport | undefined): string {
  if (!report) return '<td class="not-run">not run</td>';
  const failing = report.checks
    .filter((check) => check.status === 'fail')
    .map((check) => check.name)
    .join(', ');
  return `<td class="${report.status}" title="${escapeHtml(failing)}">${report.status}</td>`;
}

/** Open incidents first, where nobody can miss them: a release rolled back and not yet followed by a fixed one. */
function incidents(projects: ProjectStatus[]): string {
  const open = projects.flatMap((project) =>
    project.release?.incident ? [{ project: project.name, incident: project.release.incident }] : [],
  );
  if (open.length === 0) return '';
  return `<div class="incidents" role="alert">${open
    .map(
      ({ project, incident }) =>
        `<p class="incident" data-project="${escapeHtml(project)}"><b>Incident:</b> ${escapeHtml(project)} ${escapeHtml(incident.version)} rolled back since ${escapeHtml(incident.since)} (${escapeHtml(incident.tag)}): ${escapeHtml(incident.reason)}</p>`,
    )
    .join('')}</div>`;
}

function statusRow(project: ProjectStatus): string {
  const cls = (status: string) => status.replace(/\s+/g, '-');
  const users = project.release?.version ? `${project.release.version} (${project.release.channel})` : '—';
  const state = project.release?.state ?? 'never released';
  return (
    `<tr data-project="${escapeHtml(project.name)}"><td>${escapeHtml(project.name)}</td><td>${escapeHtml(project.version)}${project.nextVersion && project.nextVersion !== project.version ? ` → ${escapeHtml(project.nextVersion)}` : ''}</td>` +
    `<td>${escapeHtml(users)}</td><td><span class="badge ${cls(state)}">${escapeHtml(state)}</span></td>` +
    `<td>${escapeHtml(project.lastTag ?? '—')}</td><td><span class="badge ${cls(project.deployment)}">${escapeHtml(project.deployment)}</span></td>` +
    `<td class="${cls(project.testing)}">${project.testing}</td><td class="${cls(project.documentation)}">${project.documentation}</td></tr>`
  );
}

function details(project: ProjectStatus): string {
  if (project.gates.length === 0 && project.changes.total === 0) return '';
  const more = project.changes.total - project.changes.headers.length;
  const changes =
    project.changes.total === 0
      ? ''
      : `<p><b>Changes since ${escapeHtml(project.lastTag ?? 'the beginning')}</b></p><ul class="changes">${project.changes.headers
          .map((header) => `<li>${escapeHtml(header)}</li>`)
          .join('')}${more > 0 ? `<li>and ${more} more</li>` : ''}</ul>`;
  return `<details${project.gates.some((gate) => gate.status === 'fail') ? ' open' : ''}><summary>${escapeHtml(project.name)}</summary>${changes}${project.gates
    .map(
      (gate) =>
        `<p><b>${escapeHtml(gate.gate)}</b> <span class="${gate.status}">${gate.status}</span></p><ul class="checks">${gate.checks
          .map((check) => `<li class="${check.status}">${escapeHtml(check.name)}: <span>${escapeHtml(check.detail)}</span></li>`)
          .join('')}</ul>`,
    )
    .join('')}</details>`;
}

function trends(projects: ProjectStatus[]): string {
  const charts = projects.flatMap((project) => {
    const metrics = [...new Set(project.history.flatMap((entry) => Object.keys(entry.medians)))].sort();
    return metrics.flatMap((metric) => {
      const points = project.history.map((entry) => entry.medians[metric]).filter((value): value is number => typeof value === 'number');
      return points.length === 0 ? [] : [lineChart(`${project.name} · ${metric}`, points, project.history)];
    });
  });
  return charts.length === 0
    ? '<p class="not-run">No benchmark history yet: benchmark gates append to it on every run.</p>'
    : `<div class="charts">${charts.join('')}</div>`;
}

/** An inline SVG line chart of a metric's medians, run after run. */
function lineChart(title: string, values: number[], history: BenchmarkHistoryEntry[]): string {
  const width = 320;
  const height = 140;
  const pad = 28;
  // The axis starts at zero for non-negative metrics, so a 0.1% wobble does not look like a cliff.
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  const x = (index: number) => pad + (values.length === 1 ? (width - 2 * pad) / 2 : (index * (width - 2 * pad)) / (values.length - 1));
  const y = (value: number) => height - pad - ((value - min) / span) * (height - 2 * pad);
  const path = values.map((value, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const dots = values
    .map(
      (value, index) =>
        `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="#1a56c4"><title>${escapeHtml(`${history[index]?.at ?? ''} ${format(value)}`)}</title></circle>`,
    )
    .join('');
  return (
    `<figure class="chart"><svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#ccd3db"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${height - pad}" stroke="#ccd3db"/>` +
    `<text x="2" y="${pad}" font-size="10" fill="#5b6574">${format(max)}</text><text x="2" y="${height - pad}" font-size="10" fill="#5b6574">${format(min)}</text>` +
    `<path d="${path}" fill="none" stroke="#1a56c4" stroke-width="2"/>${dots}</svg><figcaption>${escapeHtml(title)} (median per run, ${values.length} runs)</figcaption></figure>`
  );
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}
