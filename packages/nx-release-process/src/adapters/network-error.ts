/**
 * Why a `fetch` failed, in a few words: Node says "fetch failed" and keeps the reason (ECONNREFUSED,
 * ENOTFOUND, a timeout) in its cause, sometimes inside an AggregateError of one attempt per address.
 */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
  return cause?.code ?? cause?.errors?.find((attempt) => attempt.code)?.code ?? cause?.message ?? (error as Error).name ?? String(error);
}
