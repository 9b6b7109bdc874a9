import { linearTrend, mannWhitneyGreater, median } from './statistics';

describe('statistics', () => {
  it('takes medians of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('gives the exact one-sided Mann-Whitney p for complete separation', () => {
    // 5 vs 5, every candidate above every baseline: 1 arrangement in C(10,5) = 252.
    const { u, p } = mannWhitneyGreater([11, 12, 13, 14, 15], [1, 2, 3, 4, 5]);
    expect(u).toBe(25);
    expect(p).toBeCloseTo(1 / 252, 10);
  });

  it('finds no evidence when the samples interleave', () => {
    const { p } = mannWhitneyGreater([1.01, 0.99, 1.02, 0.98, 1.0], [1.0, 1.01, 0.99, 1.02, 0.98]);
    expect(p).toBeGreaterThan(0.3);
  });

  it('matches a count by hand (n=3, m=4, U>=11: U=12 once, U=11 once, of C(7,3)=35)', () => {
    expect(mannWhitneyGreater([10, 11, 3.5], [1, 2, 3, 4]).p).toBeCloseTo(2 / 35, 10);
  });

  it('fits a growing line and rejects flat noise', () => {
    const growing = Array.from({ length: 20 }, (_, i) => ({ x: i, y: 100 + 2 * i + (i % 2) }));
    const trend = linearTrend(growing);
    expect(trend.slope).toBeCloseTo(2, 1);
    expect(trend.r2).toBeGreaterThan(0.95);
    const flat = Array.from({ length: 20 }, (_, i) => ({ x: i, y: 100 + (i % 3) }));
    expect(Math.abs(linearTrend(flat).slope)).toBeLessThan(0.1);
  });
});
