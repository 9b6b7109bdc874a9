import { renderDashboard } from './render-dashboard';
import { renderSummary } from './render-summary';
import { sampleReport } from '../../testing/sample-report';

describe('release report', () => {
  const report = sampleReport();

  it("knows each project's deployment, testing and documentation status", () => {
    expect(report.projects.map((project) => [project.name, project.deployment, project.testing])).toEqual([
      ['gpu-kernels', 'prepared', 'pass'],
      ['pricing-engine', 'prepared', 'fail'],
      ['strategy-api', 'changes pending', 'not run'],
      ['docs-site', 'released', 'not run'],
    ]);
  });

  it('summarises gates per project in markdown and lists what fails, escaped', () => {
    const summary = renderSummary(report);
    expect(summary).toContain(
      '| project | version | deployment | version-gate | test-gate | benchmark-gate | checklist-gate | release-gate |',
    );
    expect(summary).toContain('| pricing-engine | 2.1.1 | prepared | ✅ pass | ❌ fail | · not run | · not run | · not run |');
    expect(summary).toContain('- **pricing-engine** test-gate — tests: pricing-engine:test failed &lt;script&gt;alert("x")&lt;/script&gt;');
    expect(summary).not.toContain('<script>');
  });

  it('gives every row of the summary table as many cells as the header, gates or none', () => {
    const cellsOf = (line: string) => line.slice(1, -1).split('|').length;
    for (const shown of [report, { ...report, projects: report.projects.map((project) => ({ ...project, gates: [] })) }]) {
      // each table (gates, then metrics) on its own: every row as wide as its header
      const tables = renderSummary(shown)
        .split('\n\n')
        .map((block) => block.split('\n').filter((line) => line.startsWith('|')))
        .filter((table) => table.length > 0);
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        expect(new Set(table.map(cellsOf)).size).toBe(1);
        expect(table[1]).toMatch(/^\|(---\|)+$/);
      }
    }
  });

  it('renders a self-contained page: every project, a chart per measured metric, no script, text escaped', () => {
    const html = renderDashboard(report);
    for (const project of ['gpu-kernels', 'pricing-engine', 'strategy-api', 'docs-site'])
      expect(html).toContain(`data-project="${project}"`);
    const trends = html.slice(html.indexOf('<section id="trends">'), html.indexOf('<section id="details">'));
    expect(trends.match(/<svg /g)).toHaveLength(2); // processing_time and peak_rss; gpu_utilization was never measured
    expect(html).not.toMatch(/<script|src="http|<link /); // nothing loaded from the network; links to issues are only links
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<li>feat(gpu-kernels): &lt;img src=x onerror=alert(1)&gt; faster</li>');
    expect(html).not.toContain('<img');
  });

  it('shows where users stand and puts an open incident above the status table, in the page and the summary', () => {
    const html = renderDashboard(report);
    const status = html.slice(html.indexOf('<section id="status">'), html.indexOf('<section id="trends">'));
    expect(status).toContain(
      '<p class="incident" data-project="gpu-kernels"><b>Incident:</b> gpu-kernels 1.3.1 rolled back since 2026-11-23T09:00:00Z (gpu-kernels@1.3.1-rollback): p99 &lt;b&gt;latency&lt;/b&gt; doubled</p>',
    );
    expect(status.indexOf('class="incident"')).toBeLessThan(status.indexOf('<table>'));
    expect(status).toMatch(
      /<tr data-project="gpu-kernels">.*<td>1\.3\.0 \(latest\)<\/td><td><span class="badge rolled-back">rolled back<\/span>/,
    );
    expect(status).toMatch(/<tr data-project="strategy-api">.*<td>—<\/td><td><span class="badge never-released">never released<\/span>/);
    expect(renderSummary(report)).toContain(
      '## Open incidents\n\n- **gpu-kernels** 1.3.1 rolled back (gpu-kernels@1.3.1-rollback, 2026-11-23T09:00:00Z): p99 &lt;b&gt;latency&lt;/b&gt; doubled',
    );
  });

  it('gives the DORA measures against the period before, in the summary and the page, and a dated timeline', () => {
    const summary = renderSummary(report);
    expect(summary).toContain('## Release metrics (DORA, last 90 days, against the 90 before)');
    expect(summary).toContain(
      '| workspace | 6 | 0.47/week (▲ better, was 0.31/week) | 2.2 d (▲ better, was 3.3 d) | 33% (▼ worse, was 25%) | 26.0 h (▲ better, was 30.0 h) |',
    );
    const html = renderDashboard(report);
    const timeline = html.slice(html.indexOf('<section id="timeline">'), html.indexOf('<section id="trends">'));
    expect(timeline).toContain(
      '<title>rollback gpu-kernels@1.3.1-rollback 2026-11-23T09:00:00Z: p99 &lt;b&gt;latency&lt;/b&gt; doubled</title>',
    );
    expect(timeline).toContain('>2026-11-20</text>');
    expect(timeline).toContain('<b>gpu-kernels</b>: release 1.3.0 (2026-11-20), hotfix 1.3.1 (2026-11-22), rollback 1.3.1 (2026-11-23)');
    expect(html).toContain('baseline 119');
  });

  it('shows the last health verdict of each checked project, with its numbers and the issues, escaped', () => {
    const html = renderDashboard(report);
    const health = html.slice(html.indexOf('<section id="health">'), html.indexOf('<section id="metrics">'));
    expect(health).toContain('<tr data-health="pricing-engine"><td>pricing-engine</td><td>2.1.0</td><td class="failing">failing</td>');
    expect(health).toContain(
      '<li class="failing">error rate: 3 of 3 samples out of limits, median 0.08 <span class="was">(max 0.05)</span></li>',
    );
    expect(health).toContain('<a href="https://github.com/acme/gpu-trading/issues/7">#7</a> prices &lt;off&gt;');
    expect(renderSummary(report)).toContain(
      '## Release health\n\n- **pricing-engine** 2.1.0: failing (2026-11-24T09:00:00.000Z)\n  - failing error rate: 3 of 3 samples out of limits, median 0.08 (max 0.05)',
    );
  });
});
