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

/** What `ours` costs against `floor`, sample by sample: the median of their ratios and its 90% bootstrap interval. */
export interface PairedRatio {
  median: number;
  low: number;
  high: number;
  pairs: number;
}

/**
 * The ratios of samples taken side by side (`ours[i]` next to `floor[i]`, in the same pass over the
 * measures), so the day's drift cancels within each pair; the interval says how far the median could move
 * with other samples of the same spread (2,000 seeded resamples, so the same samples give the same interval).
 */
export function pairedRatio(ours: number[], floor: number[], random: () => number): PairedRatio {
  const ratios = ours.map((value, index) => value / floor[index]);
  const medians = Array.from({ length: 2000 }, () =>
    median(Array.from({ length: ratios.length }, () => ratios[Math.floor(random() * ratios.length)])),
  ).sort((a, b) => a - b);
  return { median: median(ratios), low: medians[100], high: medians[1899], pairs: ratios.length };
}
