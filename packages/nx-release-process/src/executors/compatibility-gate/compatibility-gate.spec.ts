import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNxWorkspace } from '../../testing/nx-workspace';
import { runNx } from '../../testing/run-nx';

describe('compatibility gate', () => {
  it('runs the command on each Node version fetched from the registry and each named environment', async () => {
    // Needs Node 20+ (uses a Node 20 API) and a feed URL in the environment.
    const check =
      "if (typeof require('node:fs').globSync !== 'function' && !process.versions.node.startsWith('20')) process.exit(3); if (!process.env.FEED_URL) process.exit(4)";
    const repo = createNxWorkspace(
      { api: { 'check.js': check } },
      {
        gates: {
          compatibility: {
            api: {
              command: 'node packages/api/check.js',
              node: ['18.20.4', '20.19.0'],
              environments: { 'with feed': { FEED_URL: 'http://127.0.0.1:9' }, 'without feed': { FEED_URL: '' } },
            },
          },
        },
      },
    );
    try {
      const result = await runNx(repo.root, ['run', 'api:compatibility-gate']);
      expect(result.code).not.toBe(0);
      const report = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/api/compatibility-gate.json'), 'utf8'));
      expect(report.checks.map((row: { name: string; status: string }) => [row.name, row.status])).toEqual([
        ['node 18.20.4', 'fail'],
        ['node 20.19.0', 'fail'],
        ['with feed', 'pass'],
        ['without feed', 'fail'],
      ]);
      expect(report.checks[0].detail).toMatch(/^exit 3 in /);
      expect(report.checks[1].detail).toMatch(/^exit 4 in /); // the runtime was 20, the feed was missing
    } finally {
      repo.remove();
    }
  });

  it('makes each cell of a matrix with any axes a cached target of its own, and the gate a table of them', async () => {
    // A stand-in for `uv run --python {python} --with torch=={torch} pytest`: torch 2.2 breaks on python 3.10.
    const check = "const [py, torch] = process.argv.slice(2); process.exit(py === '3.10' && torch === '2.2' ? 1 : 0)";
    const repo = createNxWorkspace(
      { ml: { 'check.js': check } },
      {
        gates: {
          compatibility: {
            ml: {
              axes: { python: ['3.10', '3.11'], torch: ['2.1', '2.2'], gpu: ['none', 'a100'] },
              exclude: [{ python: '3.11', gpu: 'a100' }],
              command: 'node packages/ml/check.js {python} {torch}',
              env: { ML_DEVICE: '{gpu}' },
            },
          },
        },
      },
    );
    try {
      const shown = JSON.parse((await runNx(repo.root, ['show', 'project', 'ml', '--json'])).stdout);
      const cells = Object.keys(shown.targets)
        .filter((target) => target.startsWith('compatibility-gate--'))
        .sort();
      expect(cells).toEqual([
        'compatibility-gate--python-3.10--torch-2.1--gpu-a100',
        'compatibility-gate--python-3.10--torch-2.1--gpu-none',
        'compatibility-gate--python-3.10--torch-2.2--gpu-a100',
        'compatibility-gate--python-3.10--torch-2.2--gpu-none',
        'compatibility-gate--python-3.11--torch-2.1--gpu-none',
        'compatibility-gate--python-3.11--torch-2.2--gpu-none',
      ]);
      expect(shown.targets['compatibility-gate'].dependsOn.sort()).toEqual(cells);
      expect(shown.targets[cells[0]]).toMatchObject({ executor: 'nx-release-process:compatibility-cell', cache: true });

      const first = await runNx(repo.root, ['run', 'ml:compatibility-gate', '--output-style=static']);
      expect(first.code).not.toBe(0); // python 3.10 with torch 2.2 fails
      const output = first.stdout + first.stderr;
      expect(output).toMatch(/Failed tasks:\s+- ml:compatibility-gate--python-3\.10--torch-2\.2--gpu-none/);
      const cellReport = (target: string) =>
        JSON.parse(readFileSync(join(repo.root, `dist/release-gates/ml/${target}.json`), 'utf8')).checks[0];
      // no GPU here: the cells that need one are not run, and never pass
      expect(cellReport('compatibility-gate--python-3.10--torch-2.1--gpu-a100')).toEqual({
        name: 'python 3.10, torch 2.1, gpu a100',
        status: 'skip',
        detail: 'not run: needs a GPU (a100) and nvidia-smi lists none here',
      });
      expect(cellReport('compatibility-gate--python-3.11--torch-2.2--gpu-none')).toMatchObject({ status: 'pass' });
      // the gate did not run (a cell failed): the plugin's hook fails its report, naming the cell
      const gate = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/ml/compatibility-gate.json'), 'utf8'));
      expect(gate).toMatchObject({ status: 'fail' });
      expect(gate.checks[0].detail).toBe('not run: ml:compatibility-gate--python-3.10--torch-2.2--gpu-none failed in this run');

      // the fix (a change to the project's files reruns every cell)
      writeFileSync(join(repo.root, 'packages/ml/check.js'), 'process.exit(0)');
      const second = await runNx(repo.root, ['run', 'ml:compatibility-gate', '--output-style=static']);
      expect(second.code).toBe(0);
      const table = JSON.parse(readFileSync(join(repo.root, 'dist/release-gates/ml/compatibility-gate.json'), 'utf8'));
      expect(table.checks.map((row: { name: string; status: string }) => `${row.name}: ${row.status}`)).toEqual([
        'python 3.10, torch 2.1, gpu none: pass',
        'python 3.10, torch 2.1, gpu a100: skip',
        'python 3.10, torch 2.2, gpu none: pass',
        'python 3.10, torch 2.2, gpu a100: skip',
        'python 3.11, torch 2.1, gpu none: pass',
        'python 3.11, torch 2.2, gpu none: pass',
      ]);
      // and with nothing changed, the whole matrix comes from the cache, cell by cell
      const third = await runNx(repo.root, ['run', 'ml:compatibility-gate', '--output-style=static']);
      expect(third.stdout).toContain('Nx read the output from the cache instead of running the command for 7 out of 7 tasks');
    } finally {
      repo.remove();
    }
  });
});
