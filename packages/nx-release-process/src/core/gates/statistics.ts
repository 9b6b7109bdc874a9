/** Small, exact statistics for gate decisions on a handful of runs. */

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One-sided Mann-Whitney U test: the probability of seeing `candidate` at least this much larger than
 * `baseline` if both came from the same distribution. Exact (by counting rank arrangements) for the
 * small samples gates take; ties count half.
 */
export function mannWhitneyGreater(candidate: number[], baseline: number[]): { u: number; p: number } {
  const n = candidate.length;
  const m = baseline.length;
  if (n === 0 || m === 0) return { u: Number.NaN, p: 1 };
  let u = 0;
  for (const x of candidate) for (const y of baseline) u += x > y ? 1 : x === y ? 0.5 : 0;
  // Distribution of U under the null hypothesis: counts of arrangements by U (in half steps for ties).
  const counts = uDistribution(n, m);
  const total = counts.reduce((sum, count) => sum + count, 0);
  let atLeast = 0;
  for (let value = Math.ceil(u); value < counts.length; value++) atLeast += counts[value];
  return { u, p: atLeast / total };
}

/** counts[k] = number of ways to interleave n and m items with U = k (no ties). */
function uDistribution(n: number, m: number): number[] {
  // f(i, j)[k]: ways with i candidate and j baseline items having U = k.
  let previous: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let i = 1; i <= n; i++) {
    const current: number[][] = [[1]];
    for (let j = 1; j <= m; j++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      // The largest item is a candidate (beats all j baseline items) or a baseline item.
      const fromCandidate = previous[j];
      for (let k = 0; k < fromCandidate.length; k++) row[k + j] += fromCandidate[k];
      const fromBaseline = current[j - 1];
      for (let k = 0; k < fromBaseline.length; k++) row[k] += fromBaseline[k];
      current.push(row);
    }
    previous = current;
  }
  return previous[m];
}

/** Least-squares slope of y over x, and how well the line fits (R²). */
export function linearTrend(points: Array<{ x: number; y: number }>): { slope: number; r2: number } {
  const n = points.length;
  if (n < 3) return { slope: 0, r2: 0 };
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0 || syy === 0) return { slope: 0, r2: 0 };
  return { slope: sxy / sxx, r2: (sxy * sxy) / (sxx * syy) };
}
