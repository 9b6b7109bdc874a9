import type { GateReport } from '../gates/gate-report';
import { withoutControls } from '../printable';
import { releasedWithGatesSkipped, type ReleaseEvent } from '../release-status';
import { GATE_ORDER, type BenchmarkHistoryEntry, type ProjectStatus, type ReleaseReport } from './report-model';
import { MEASURE_COLUMNS, metricRows } from './render-metrics';

/**
 * Text for HTML element content and attribute values: escaped, and without the controls and invisible or
 * reordering characters a commit may carry (a browser would show them, or let them reorder what is read).
 */
export function escapeHtml(text: string): string {
  return withoutControls(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2430}
header{background:#1d2430;color:#fff;padding:18px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#b8c0cc}
main{padding:20px 28px;display:grid;gap:18px}
section{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:14px 18px}
h2{font-size:16px;margin:0 0 10px}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}th{color:#5b6574;font-weight:600}
.pass,.healthy{color:#137333;font-weight:600}.fail,.failing{color:#b3261e;font-weight:600}.degraded{color:#8a5a00;font-weight:600}.skip,.not-run{color:#7a8594}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;background:#eef1f4}
.badge.released{background:#e6f4ea;color:#137333}.badge.hotfixed{background:#fef7e0;color:#8a5a00}.badge.rolled-back{background:#fce8e6;color:#b3261e}
.incidents{border-left:4px solid #b3261e;background:#fce8e6;padding:4px 12px;margin-bottom:10px}.incident,.gates-skipped{margin:6px 0}.badge.prepared{background:#e8f0fe;color:#1a56c4}.badge.changes-pending{background:#fef7e0;color:#8a5a00}
.charts{display:flex;flex-wrap:wrap;gap:14px}.chart{border:1px solid #eef1f4;border-radius:6px;padding:6px}
.chart figcaption{font-size:12px;color:#5b6574}.trend-better{color:#137333}.trend-worse{color:#b3261e}.trend-same,.was{color:#7a8594;font-size:12px}
.legend span{margin-right:14px;font-size:12px}.events{font-size:12px;color:#5b6574;margin:2px 0 10px}details{margin-top:6px}ul.checks{margin:4px 0;padding-left:18px}
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
<section id="health"><h2>Release health</h2>${healthTable(report.projects)}</section>
<section id="metrics"><h2>Release metrics</h2>${metricsTable(report)}</section>
<section id="timeline"><h2>Release timeline</h2>${timeline(report)}</section>
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
  const ungated = projects.flatMap((project) => {
    const event = project.release ? releasedWithGatesSkipped(project.release) : null;
    return event ? [{ project: project.name, event }] : [];
  });
  if (open.length === 0 && ungated.length === 0) return '';
  return `<div class="incidents" role="alert">${open
    .map(
      ({ project, incident }) =>
        `<p class="incident" data-project="${escapeHtml(project)}"><b>Incident:</b> ${escapeHtml(project)} ${escapeHtml(incident.version)} rolled back since ${escapeHtml(incident.since)} (${escapeHtml(incident.tag)}): ${escapeHtml(incident.reason)}</p>`,
    )
    .join('')}${ungated
    .map(
      ({ project, event }) =>
        `<p class="gates-skipped" data-project="${escapeHtml(project)}"><b>Gates skipped:</b> ${escapeHtml(project)} ${escapeHtml(event.version)} (${escapeHtml(event.tag)}) went out without its gates clearing it: ${escapeHtml(event.gatesSkipped ?? '')}</p>`,
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
      const runs = project.history.filter((entry) => typeof entry.medians[metric] === 'number');
      return runs.length === 0 ? [] : [lineChart(`${project.name} · ${metric}`, metric, runs, project.baseline[metric] ?? null)];
    });
  });
  return charts.length === 0
    ? '<p class="not-run">No benchmark history yet: benchmark gates append to it on every run.</p>'
    : `<div class="charts">${charts.join('')}</div>`;
}

/**
 * An inline SVG line chart of a metric's medians, run after run: the run dates on the x axis, the metric on
 * the y axis, and the committed baseline's median as a dashed line when there is one.
 */
function lineChart(title: string, metric: string, runs: BenchmarkHistoryEntry[], baseline: number | null): string {
  const values = runs.map((entry) => entry.medians[metric] as number);
  const width = 340;
  const height = 170;
  const left = 44;
  const right = 12;
  const top = 12;
  const bottom = 40;
  // The axis starts at zero for non-negative metrics, so a 0.1% wobble does not look like a cliff.
  const min = Math.min(0, ...values, ...(baseline === null ? [] : [baseline]));
  const max = Math.max(...values, ...(baseline === null ? [] : [baseline]));
  const span = max - min || Math.abs(max) || 1;
  const x = (index: number) =>
    left + (values.length === 1 ? (width - left - right) / 2 : (index * (width - left - right)) / (values.length - 1));
  const y = (value: number) => height - bottom - ((value - min) / span) * (height - top - bottom);
  const path = values.map((value, index) => `${index === 0 ? 'M' : 'L'}${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const dots = values
    .map(
      (value, index) =>
        `<circle cx="${x(index).toFixed(1)}" cy="${y(value).toFixed(1)}" r="3" fill="#1a56c4"><title>${escapeHtml(`${runs[index].at} ${format(value)}`)}</title></circle>`,
    )
    .join('');
  const dates = [0, values.length - 1]
    .filter((index, position, all) => all.indexOf(index) === position)
    .map(
      (index) =>
        `<text x="${x(index).toFixed(1)}" y="${height - bottom + 14}" font-size="10" fill="#5b6574" text-anchor="${index === 0 && values.length > 1 ? 'start' : 'end'}">${escapeHtml(runs[index].at.slice(0, 10))}</text>`,
    )
    .join('');
  const baselineLine =
    baseline === null
      ? ''
      : `<line x1="${left}" y1="${y(baseline).toFixed(1)}" x2="${width - right}" y2="${y(baseline).toFixed(1)}" stroke="#8a5a00" stroke-dasharray="4 3"><title>baseline median ${format(baseline)}</title></line>` +
        `<text x="${width - right}" y="${(y(baseline) - 3).toFixed(1)}" font-size="10" fill="#8a5a00" text-anchor="end">baseline ${format(baseline)}</text>`;
  return (
    `<figure class="chart"><svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#ccd3db"/><line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#ccd3db"/>` +
    `<text x="${left - 4}" y="${top + 8}" font-size="10" fill="#5b6574" text-anchor="end">${format(max)}</text><text x="${left - 4}" y="${height - bottom}" font-size="10" fill="#5b6574" text-anchor="end">${format(min)}</text>` +
    `<text x="10" y="${(top + height - bottom) / 2}" font-size="10" fill="#5b6574" transform="rotate(-90 10 ${(top + height - bottom) / 2})" text-anchor="middle">${escapeHtml(metric)}</text>` +
    `${dates}<text x="${(left + width - right) / 2}" y="${height - 6}" font-size="10" fill="#5b6574" text-anchor="middle">run date</text>` +
    `${baselineLine}<path d="${path}" fill="none" stroke="#1a56c4" stroke-width="2"/>${dots}</svg><figcaption>${escapeHtml(title)} (median per run, ${values.length} runs)</figcaption></figure>`
  );
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
}

function metricsTable(report: ReleaseReport): string {
  if (!report.metrics) return '<p class="not-run">No release metrics.</p>';
  const { days, from, to } = report.metrics.period;
  const arrow = { better: '▲', worse: '▼', same: '=', new: '' };
  const rows = metricRows(report.metrics)
    .map(
      (row) =>
        `<tr data-scope="${escapeHtml(row.scope)}"><td>${escapeHtml(row.scope)}</td><td>${row.releases}</td>${row.cells
          .map(
            (cell) =>
              `<td><span class="trend-${cell.trend}">${escapeHtml(cell.text)} ${arrow[cell.trend]}</span>${cell.trend === 'new' ? '' : ` <span class="was">was ${escapeHtml(cell.before)}</span>`}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return `<p>DORA measures from the tags and commits, ${escapeHtml(from.slice(0, 10))} to ${escapeHtml(to.slice(0, 10))} (${days} days), against the ${days} days before.</p>
<table><thead><tr><th>scope</th><th>releases</th>${MEASURE_COLUMNS.map((column) => `<th>${escapeHtml(column.name)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

const EVENT_COLOR: Record<ReleaseEvent['kind'], string> = { release: '#1a56c4', hotfix: '#b06f00', rollback: '#b3261e' };

/** Each project's releases, hotfixes and rollbacks on one time axis, dated; each mark titled with its tag. */
function timeline(report: ReleaseReport): string {
  const rows = report.projects.filter((project) => (project.release?.events.length ?? 0) > 0);
  if (rows.length === 0) return '<p class="not-run">No release tags yet.</p>';
  const times = rows.flatMap((project) => (project.release?.events ?? []).map((event) => Date.parse(event.at)));
  const start = Math.min(...times);
  const end = Math.max(...times, Date.parse(report.generatedAt) || 0);
  const width = 760;
  const left = 150;
  const right = 20;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 40;
  const x = (time: number) =>
    left + (end === start ? (width - left - right) / 2 : ((time - start) / (end - start)) * (width - left - right));
  const mark = (event: ReleaseEvent, y: number) => {
    const cx = x(Date.parse(event.at)).toFixed(1);
    const note = event.reason ?? (event.gatesSkipped ? `gates skipped, ${event.gatesSkipped}` : '');
    const title = `<title>${escapeHtml(`${event.kind} ${event.tag} ${event.at}${note ? `: ${note}` : ''}`)}</title>`;
    const color = EVENT_COLOR[event.kind];
    if (event.kind === 'rollback')
      return `<g stroke="${color}" stroke-width="2.5">${title}<line x1="${Number(cx) - 5}" y1="${y - 5}" x2="${Number(cx) + 5}" y2="${y + 5}"/><line x1="${Number(cx) - 5}" y1="${y + 5}" x2="${Number(cx) + 5}" y2="${y - 5}"/></g>`;
    if (event.kind === 'hotfix')
      return `<polygon points="${cx},${y - 6} ${Number(cx) + 6},${y + 5} ${Number(cx) - 6},${y + 5}" fill="${color}">${title}</polygon>`;
    return `<circle cx="${cx}" cy="${y}" r="5" fill="${color}">${title}</circle>`;
  };
  const body = rows
    .map((project, index) => {
      const y = 20 + index * rowHeight;
      return `<text x="4" y="${y + 4}" font-size="12" fill="#1d2430">${escapeHtml(project.name)}</text><line x1="${left}" y1="${y}" x2="${width - right}" y2="${y}" stroke="#eef1f4"/>${(project.release?.events ?? []).map((event) => mark(event, y)).join('')}`;
    })
    .join('');
  const axisY = height - 18;
  const ticks = [start, (start + end) / 2, end]
    .map(
      (time, index) =>
        `<text x="${x(time).toFixed(1)}" y="${axisY + 14}" font-size="10" fill="#5b6574" text-anchor="${['start', 'middle', 'end'][index]}">${axisDate(time, end - start)}</text>`,
    )
    .join('');
  const lists = rows
    .map((project) => {
      const events = project.release?.events ?? [];
      return `<p class="events"><b>${escapeHtml(project.name)}</b>: ${events
        .slice(-6)
        .map(
          (event) =>
            `${escapeHtml(event.kind)} ${escapeHtml(event.version)} (${escapeHtml(event.at.slice(0, 10))}${event.gatesSkipped ? ', gates skipped' : ''})`,
        )
        .join(', ')}${events.length > 6 ? ` and ${events.length - 6} earlier` : ''}</p>`;
    })
    .join('');
  return (
    `<p class="legend"><span style="color:${EVENT_COLOR.release}">● release</span><span style="color:${EVENT_COLOR.hotfix}">▲ hotfix</span><span style="color:${EVENT_COLOR.rollback}">✕ rollback</span></p>` +
    `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="release timeline">${body}` +
    `<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="#ccd3db"/>${ticks}<text x="${width - right}" y="${axisY - 4}" font-size="10" fill="#5b6574" text-anchor="end">date</text></svg>${lists}`
  );
}

/** The last health verdict of each checked project: the checks with their numbers, and the issues since. */
function healthTable(projects: ProjectStatus[]): string {
  const checked = projects.filter((project) => project.health);
  if (checked.length === 0) return '<p class="not-run">No health check yet: run release-process health --project NAME after a release.</p>';
  const rows = checked.map((project) => {
    const health = project.health as NonNullable<ProjectStatus['health']>;
    const checks = health.checks
      .map(
        (check) =>
          `<li class="${check.status}">${escapeHtml(check.name)}: ${escapeHtml(check.detail)} <span class="was">(${escapeHtml(check.limit)})</span></li>`,
      )
      .join('');
    const issues = health.feedback
      ? `<li class="${health.feedback.status}">issues since the release: ${health.feedback.count} (at most ${health.feedback.max})${health.feedback.issues
          .slice(0, 5)
          .map((issue) => ` <a href="${escapeHtml(issue.url)}">#${issue.number}</a> ${escapeHtml(issue.title)}`)
          .join(',')}</li>`
      : '';
    return `<tr data-health="${escapeHtml(project.name)}"><td>${escapeHtml(project.name)}</td><td>${escapeHtml(health.version)}</td><td class="${health.status}">${health.status}</td><td><ul class="checks">${checks}${issues}</ul></td><td>${escapeHtml(health.at)}</td></tr>`;
  });
  return `<table><thead><tr><th>project</th><th>version</th><th>verdict</th><th>checks</th><th>checked at</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** A date on a time axis: with the time of day when the axis spans less than two days (UTC). */
function axisDate(time: number, span: number): string {
  const iso = new Date(time).toISOString();
  return span < 2 * 86_400_000 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}
