import { checkVerdict, feedbackVerdict, fillQuery, healthConfigOf, overallHealth } from './health';

describe('release health', () => {
  it('fills the versions into a query, and refuses to compare a first release with nothing', () => {
    expect(
      fillQuery('rate(errors{version="{version}"}[5m]) / rate(errors{version="{previousVersion}"}[5m])', {
        version: '1.2.0',
        previousVersion: '1.1.0',
      }),
    ).toBe('rate(errors{version="1.2.0"}[5m]) / rate(errors{version="1.1.0"}[5m])');
    expect(() => fillQuery('x{version="{previousVersion}"}', { version: '1.0.0', previousVersion: null })).toThrow('there is none');
  });

  it('passes samples within the limits, degrades on one bad sample, fails on more, and never passes no data', () => {
    const check = { name: 'error rate', query: 'q', max: 0.05 };
    expect(checkVerdict(check, [0.01, 0.02, 0.01])).toMatchObject({
      status: 'healthy',
      median: 0.01,
      limit: 'max 0.05',
      detail: '0 of 3 samples out of limits, median 0.01',
    });
    expect(checkVerdict(check, [0.01, 0.09, 0.01]).status).toBe('degraded');
    expect(checkVerdict(check, [0.08, 0.09, 0.01])).toMatchObject({
      status: 'failing',
      detail: '2 of 3 samples out of limits, median 0.08',
    });
    expect(checkVerdict(check, [null, null, null])).toMatchObject({
      status: 'failing',
      median: null,
      detail: 'no data: the query matched no series for this version',
    });
  });

  it('compares with the previous version by a percentage, either way round', () => {
    const latency = { name: 'p99', query: 'q', noWorseThanPreviousBy: 10 };
    expect(checkVerdict(latency, [105, 108, 109], [100, 100, 100])).toMatchObject({ status: 'healthy', limit: '≤ previous (100) + 10%' });
    expect(checkVerdict(latency, [130, 125, 109], [100, 100, 100]).status).toBe('failing');
    const throughput = { name: 'rps', query: 'q', noWorseThanPreviousBy: 10, higherIsBetter: true };
    expect(checkVerdict(throughput, [80, 85, 95], [100]).status).toBe('failing');
    expect(checkVerdict(throughput, [95, 92, 91], [100])).toMatchObject({ status: 'healthy', limit: '≥ previous (100) - 10%' });
  });

  it('fails on more issues than allowed, and takes the worst verdict overall', () => {
    const issue = (number: number) => ({
      number,
      title: `bug ${number}`,
      url: `https://github.com/a/b/issues/${number}`,
      createdAt: '2026-11-25T00:00:00Z',
    });
    const many = feedbackVerdict({ max: 1 }, [issue(1), issue(2)]);
    expect(many).toMatchObject({ status: 'failing', count: 2, max: 1 });
    const healthy = checkVerdict({ name: 'e', query: 'q', max: 1 }, [0]);
    expect(overallHealth([healthy], many)).toBe('failing');
    expect(overallHealth([healthy, { ...healthy, status: 'degraded' }], feedbackVerdict({}, []))).toBe('degraded');
  });

  it('refuses a project without checks and a check that cannot fail, naming where', () => {
    expect(() => healthConfigOf({ projects: {} }, 'api')).toThrow('no health checks are configured for api');
    expect(() => healthConfigOf({ projects: { api: { checks: [{ name: 'x', query: 'up' }] } } }, 'api')).toThrow(
      'health.projects["api"].checks[0] (x) has no limit, so it could never fail',
    );
    expect(healthConfigOf({ samples: 3, projects: { api: { issues: {} } } }, 'api')).toMatchObject({ samples: 3, intervalSeconds: 60 });
  });
});
