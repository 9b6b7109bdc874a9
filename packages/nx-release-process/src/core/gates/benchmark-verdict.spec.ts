import { limitChecks, regressionChecks } from './benchmark-verdict';

const runs = (values: number[], metric = 'processing_time') => values.map((value) => ({ [metric]: value }));
const baseline = { processing_time: [100, 103, 98, 101, 99] };

describe('limitChecks', () => {
  it('checks the median against max and min, as verify_performance does', () => {
    const checks = limitChecks(
      [
        { processing_time: 90, memory_usage: 400, gpu_utilization: 85 },
        { processing_time: 120, memory_usage: 420, gpu_utilization: 70 },
        { processing_time: 95, memory_usage: 410, gpu_utilization: 90 },
      ],
      { processing_time: { max: 100 }, memory_usage: { max: 400 }, gpu_utilization: { min: 80 } },
    );
    expect(checks.map((check) => [check.name, check.status])).toEqual([
      ['limit processing_time', 'pass'],
      ['limit memory_usage', 'fail'],
      ['limit gpu_utilization', 'pass'],
    ]);
    expect(checks[1].detail).toBe('median 410 over 3 runs, must be < 400');
  });

  it('skips a metric that was not measured, saying why, instead of failing', () => {
    const [check] = limitChecks([{ gpu_utilization: null }], { gpu_utilization: { min: 80 } }, { gpu_utilization: 'nvidia-smi not found' });
    expect(check).toEqual({
      name: 'limit gpu_utilization',
      status: 'skip',
      detail: 'not measured (nvidia-smi not found): limit not checked',
    });
  });
});

describe('regressionChecks', () => {
  it('fails a benchmark slowed by 30%', () => {
    const [check] = regressionChecks(runs([131, 128, 133, 130, 129]), baseline);
    expect(check.status).toBe('fail');
    expect(check.detail).toMatch(/^median 130 vs baseline 100 \(\+30%, lower is better\), Mann-Whitney p=0\.004/);
  });

  it('passes reruns inside the noise, and one slow outlier', () => {
    expect(regressionChecks(runs([101, 99, 104, 97, 100]), baseline)[0].status).toBe('pass');
    expect(regressionChecks(runs([100, 99, 180, 101, 98]), baseline)[0].status).toBe('pass');
  });

  it('needs both the size and the evidence: a 12% shift with overlapping runs passes', () => {
    expect(regressionChecks(runs([112, 95, 125, 99, 113]), baseline)[0].status).toBe('pass');
  });

  it('treats GPU utilization as higher-is-better', () => {
    const gpu = { gpu_utilization: [90, 91, 89, 92, 90] };
    expect(regressionChecks(runs([60, 61, 59, 62, 60], 'gpu_utilization'), gpu)[0].status).toBe('fail');
    expect(regressionChecks(runs([99, 98, 97, 99, 98], 'gpu_utilization'), gpu)[0].status).toBe('pass');
  });

  it('skips without a baseline and says how to make one', () => {
    expect(regressionChecks(runs([1]), null)).toEqual([
      { name: 'regression', status: 'skip', detail: 'no baseline yet: run with --updateBaseline to record one' },
    ]);
  });
});
