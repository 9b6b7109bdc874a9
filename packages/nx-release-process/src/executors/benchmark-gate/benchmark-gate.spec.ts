import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNxWorkspace } from '../../testing/nx-workspace';
import { runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

// A fixed amount of CPU work, scaled by load.txt, timed in CPU time (steadier than wall time on a busy machine).
const BENCH = `const load = Number(require('node:fs').readFileSync(__dirname + '/load.txt', 'utf8'));
const start = process.cpuUsage();
let x = 0;
for (let i = 0; i < 4e7 * load; i++) x += i % 7;
const used = process.cpuUsage(start);
console.log(JSON.stringify({ processing_time: (used.user + used.system) / 1000, checksum: x % 2 }));
`;

describe('benchmark gate', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = createNxWorkspace(
      { kernels: { 'bench.js': BENCH, 'load.txt': '1' } },
      {
        gates: {
          benchmarks: {
            kernels: {
              command: 'node packages/kernels/bench.js',
              runs: 5,
              limits: { processing_time: { max: 60000 }, gpu_utilization: { min: 80 } },
              regression: { metrics: ['processing_time'], threshold: 0.15 },
            },
          },
        },
      },
    );
  });
  afterAll(() => repo.remove());
  const report = () => JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/kernels/benchmark-gate.json'), 'utf8'));
  const check = (name: string) => report().checks.find((candidate: { name: string }) => candidate.name === name);

  it('records a baseline; GPU utilization is "not measured" here and its limit skipped, not failed', async () => {
    const result = await runNx(repo.root, ['run', 'kernels:benchmark-gate', '--updateBaseline']);
    expect(result.code).toBe(0);
    expect(existsSync(join(repo.root, '.release-process/benchmarks/kernels.baseline.json'))).toBe(true);
    expect(check('limit gpu_utilization')).toEqual({
      name: 'limit gpu_utilization',
      status: 'skip',
      detail: 'not measured (nvidia-smi not found: no GPU here): limit not checked',
    });
    expect(check('limit processing_time').status).toBe('pass');
    expect(report().data.samples).toHaveLength(5);
    expect(report().data.samples[0]).toEqual(expect.objectContaining({ wall_time: expect.any(Number), peak_rss: expect.any(Number), processing_time: expect.any(Number) }));
  });

  it('passes five unchanged reruns', async () => {
    for (let rerun = 0; rerun < 5; rerun++) {
      const result = await runNx(repo.root, ['run', 'kernels:benchmark-gate', '--skip-nx-cache']);
      expect({ rerun, code: result.code, regression: check('regression processing_time') }).toMatchObject({ rerun, code: 0, regression: { status: 'pass' } });
    }
    const history = readFileSync(join(repo.root, 'dist/release-history/kernels.benchmarks.jsonl'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(6);
    expect(JSON.parse(history[5])).toMatchObject({ project: 'kernels', runs: 5, medians: { processing_time: expect.any(Number) } });
  });

  it('fails a benchmark slowed by 30% on purpose', async () => {
    writeFileSync(join(repo.root, 'packages/kernels/load.txt'), '1.3');
    const result = await runNx(repo.root, ['run', 'kernels:benchmark-gate']);
    expect(result.code).not.toBe(0);
    expect(check('regression processing_time').status).toBe('fail');
    expect(check('regression processing_time').detail).toMatch(/\(\+(2\d|3\d|4\d)(\.\d+)?%, lower is better\), Mann-Whitney p=0\.00/);
  });
});
