/**
 * `items.map(work)` with at most `limit` calls in flight, results in the items' order. For questions to
 * a registry or a forge: in parallel enough to not wait on each in turn, bounded so that a release of
 * hundreds of packages does not start hundreds of processes or requests at once.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
