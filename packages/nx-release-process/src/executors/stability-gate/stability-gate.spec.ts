import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNxWorkspace } from '../../testing/nx-workspace';
import { runNx } from '../../testing/run-nx';
import type { TempRepo } from '../../testing/temp-repo';

// A soak test that keeps what it allocates (a leak), one that does not, and one that crashes.
const LEAKY = `const kept = []; setInterval(() => kept.push(Buffer.alloc(4 * 1024 * 1024, 1)), 50);`;
const STEADY = `setInterval(() => JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i }))), 20);`;
const CRASHING = `setTimeout(() => { throw new Error('lost the feed'); }, 400);`;

describe('stability gate', () => {
  let repo: TempRepo;
  beforeAll(() => {
    const soak = (script: string) => ({ command: `node packages/${script}/soak.js`, duration: 2.5, sampleMs: 100, maxGrowthMb: 60 });
    repo = createNxWorkspace(
      {
        leaky: { 'soak.js': LEAKY },
        steady: { 'soak.js': STEADY },
        crashing: { 'soak.js': CRASHING },
        repeated: { 'soak.js': 'process.exit(0)' },
      },
      {
        gates: {
          stability: {
            leaky: soak('leaky'),
            steady: soak('steady'),
            crashing: soak('crashing'),
            repeated: { command: 'node packages/repeated/soak.js', iterations: 6 },
          },
        },
      },
    );
  });
  afterAll(() => repo.remove());
  const report = (project: string) =>
    JSON.parse(readFileSync(join(repo.root, 'dist/release-gates', project, 'stability-gate.json'), 'utf8'));

  it('fails a memory leak with the figures, and passes a steady run', async () => {
    expect((await runNx(repo.root, ['run', 'leaky:stability-gate'])).code).not.toBe(0);
    const leak = report('leaky').checks[1];
    expect(leak).toMatchObject({ name: 'memory growth', status: 'fail' });
    expect(leak.detail).toMatch(/^\d+(\.\d+)? MB per minute \(R² (0\.9\d*|1)\)/);
    expect(report('leaky').data.series.points.length).toBeGreaterThan(10);

    expect((await runNx(repo.root, ['run', 'steady:stability-gate'])).code).toBe(0);
    expect(report('steady').checks.map((check: { status: string }) => check.status)).toEqual(['pass', 'pass']);
  });

  it('fails a run that dies early, and repeats a command by iterations', async () => {
    expect((await runNx(repo.root, ['run', 'crashing:stability-gate'])).code).not.toBe(0);
    expect(report('crashing').checks[0]).toMatchObject({ name: 'no errors', status: 'fail' });
    expect(report('crashing').checks[0].detail).toMatch(/^stopped after \d+(\.\d)? s with exit 1$/);

    expect((await runNx(repo.root, ['run', 'repeated:stability-gate'])).code).toBe(0);
    expect(report('repeated').checks[0].detail).toBe('6 iterations, all exited 0');
  });
});
