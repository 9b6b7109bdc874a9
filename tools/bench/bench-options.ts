/** What every bench runner shares: a quiet Nx without daemon or cloud, flags, and the median of runs. */
export const BENCH_ENV = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

/** The number given as `--name=N`, or `fallback`. */
export function numberFlag(args: string[], name: string, fallback: number): number {
  return Number(args.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
