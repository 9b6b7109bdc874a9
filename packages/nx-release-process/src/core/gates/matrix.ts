import { ReleaseProcessError } from '../release-error';

/** One cell of a compatibility matrix: a value for each axis (`{ python: '3.10', torch: '2.1' }`). */
export type MatrixCell = Record<string, string>;

/** A compatibility matrix with any axes, as CI matrices have them. */
export interface MatrixOptions {
  axes: Record<string, string[]>;
  /** Filled with the cell's values: `uv run --python {python} --with torch=={torch} pytest`. */
  command: string;
  /** Cells added whole. */
  include?: MatrixCell[];
  /** Cells taken out: every cell that has all the values of an entry. */
  exclude?: MatrixCell[];
  /** Environment variables of each cell, filled the same way (`{ "CUDA_VISIBLE_DEVICES": "{gpu}" }`). */
  env?: Record<string, string>;
}

/** `gpu` values that need no GPU; any other value of a `gpu` axis needs one. */
const NO_GPU = new Set(['none', 'cpu', '']);

/** The cells: every combination of the axes, less the excluded ones, plus the included ones; in a stable order. */
export function matrixCells(options: MatrixOptions, where = 'the compatibility matrix'): MatrixCell[] {
  const axes = Object.entries(options.axes ?? {});
  if (axes.length === 0 && (options.include ?? []).length === 0) {
    throw new ReleaseProcessError(`${where} has no axes`, 'Give it axes, e.g. { "python": ["3.10", "3.11"], "torch": ["2.1"] }');
  }
  for (const [axis, values] of axes) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(axis))
      throw new ReleaseProcessError(`${where}: axis "${axis}" is not a name`, 'Name axes with letters, digits and _');
    if (!Array.isArray(values) || values.length === 0)
      throw new ReleaseProcessError(`${where}: axis ${axis} has no values`, 'Give it a list of values');
  }
  let cells: MatrixCell[] = [{}];
  for (const [axis, values] of axes) cells = cells.flatMap((cell) => values.map((value) => ({ ...cell, [axis]: String(value) })));
  if (axes.length === 0) cells = [];
  const matches = (cell: MatrixCell, pattern: MatrixCell) => Object.entries(pattern).every(([axis, value]) => cell[axis] === String(value));
  cells = cells.filter((cell) => !(options.exclude ?? []).some((pattern) => matches(cell, pattern)));
  for (const extra of options.include ?? []) {
    const cell = Object.fromEntries(Object.entries(extra).map(([axis, value]) => [axis, String(value)]));
    if (!cells.some((existing) => cellTargetName(existing) === cellTargetName(cell))) cells.push(cell);
  }
  const unfilled = /\{(\w+)\}/g;
  for (const cell of cells) {
    for (const [, name] of options.command.matchAll(unfilled)) {
      if (!(name in cell))
        throw new ReleaseProcessError(
          `${where}: the command uses {${name}}, which cell ${cellName(cell)} has no value for`,
          `Add the axis ${name}, or give that include entry a ${name}`,
        );
    }
  }
  return cells;
}

/** The Nx target of a cell: `compatibility-gate--python-3.10--torch-2.1`, as Nx names atomized test targets. */
export function cellTargetName(cell: MatrixCell): string {
  return ['compatibility-gate', ...Object.entries(cell).map(([axis, value]) => `${axis}-${value}`.replace(/[^A-Za-z0-9._-]+/g, '-'))].join(
    '--',
  );
}

/** A cell for people: `python 3.10, torch 2.1`. */
export function cellName(cell: MatrixCell): string {
  return Object.entries(cell)
    .map(([axis, value]) => `${axis} ${value}`)
    .join(', ');
}

/** A command or variable with the cell's values filled in. */
export function fillCell(template: string, cell: MatrixCell): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => cell[name] ?? whole);
}

/** The GPU a cell needs (the value of its `gpu` axis), or null. */
export function gpuNeeded(cell: MatrixCell): string | null {
  return 'gpu' in cell && !NO_GPU.has(cell.gpu.toLowerCase()) ? cell.gpu : null;
}
