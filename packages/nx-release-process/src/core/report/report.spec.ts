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

  it('gives every row of the summary table as many cells as the header, gates or none (issue 11, item 11)', () => {
    const cellsOf = (line: string) => line.slice(1, -1).split('|').length;
    for (const shown of [report, { ...report, projects: report.projects.map((project) => ({ ...project, gates: [] })) }]) {
      const table = renderSummary(shown)
        .split('\n')
        .filter((line) => line.startsWith('|'));
      expect(new Set(table.map(cellsOf)).size).toBe(1);
      expect(table[1]).toMatch(/^\|(---\|)+$/);
    }
  });

  it('renders a self-contained page: every project, a chart per measured metric, no script, text escaped', () => {
    const html = renderDashboard(report);
    for (const project of ['gpu-kernels', 'pricing-engine', 'strategy-api', 'docs-site'])
      expect(html).toContain(`data-project="${project}"`);
    expect(html.match(/<svg /g)).toHaveLength(2); // processing_time and peak_rss; gpu_utilization was never measured
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<li>feat(gpu-kernels): &lt;img src=x onerror=alert(1)&gt; faster</li>');
    expect(html).not.toContain('<img');
  });
});
