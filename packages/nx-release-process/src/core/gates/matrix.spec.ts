import { cellName, cellTargetName, fillCell, gpuNeeded, matrixCells } from './matrix';

describe('compatibility matrix', () => {
  const options = {
    axes: { python: ['3.10', '3.11'], torch: ['2.1', '2.2'] },
    command: 'uv run --python {python} --with torch=={torch} pytest',
    exclude: [{ python: '3.10', torch: '2.2' }],
    include: [{ python: '3.12', torch: '2.3' }],
  };

  it('crosses the axes, takes out the excluded cells and adds the included ones', () => {
    expect(matrixCells(options).map(cellName)).toEqual([
      'python 3.10, torch 2.1',
      'python 3.11, torch 2.1',
      'python 3.11, torch 2.2',
      'python 3.12, torch 2.3',
    ]);
  });

  it('names each cell as a target, fills its command, and knows which cells need a GPU', () => {
    const cell = { python: '3.10', torch: '2.1' };
    expect(cellTargetName(cell)).toBe('compatibility-gate--python-3.10--torch-2.1');
    expect(cellTargetName({ node: '20.19.0', env: 'a/b c' })).toBe('compatibility-gate--node-20.19.0--env-a-b-c');
    expect(fillCell(options.command, cell)).toBe('uv run --python 3.10 --with torch==2.1 pytest');
    expect(gpuNeeded({ gpu: 'a100' })).toBe('a100');
    expect(gpuNeeded({ gpu: 'none' })).toBeNull();
    expect(gpuNeeded(cell)).toBeNull();
  });

  it('refuses an empty axis, an axis that is no name, and a placeholder some cell has no value for', () => {
    expect(() => matrixCells({ axes: { python: [] }, command: 'x' })).toThrow('axis python has no values');
    expect(() => matrixCells({ axes: { 'py thon': ['3'] }, command: 'x' })).toThrow('axis "py thon" is not a name');
    expect(() => matrixCells({ axes: { python: ['3.10'] }, command: 'run {torch}' })).toThrow(
      'the command uses {torch}, which cell python 3.10 has no value for',
    );
    expect(() => matrixCells({ axes: {}, command: 'x' })).toThrow('has no axes');
  });
});
