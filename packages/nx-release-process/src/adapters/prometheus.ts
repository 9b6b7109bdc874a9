import { requestSecrets } from '../core/redact';
import { ReleaseProcessError } from '../core/release-error';
import { answerSnippet, requestOrFail } from './http-client';

interface QueryAnswer {
  status: 'success' | 'error';
  data?: { resultType: 'vector' | 'scalar' | 'matrix' | 'string'; result: unknown };
  errorType?: string;
  error?: string;
}

/**
 * One instant query through Prometheus's HTTP API (`GET /api/v1/query`): the number it gives, or null when
 * it matches no series. A query giving several series is refused: a verdict needs one number, so the
 * query must aggregate (`sum(...)`, `max(...)`).
 */
export async function queryPrometheus(baseUrl: string, query: string): Promise<number | null> {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/query?${new URLSearchParams({ query })}`;
  const { response } = await requestOrFail(
    url,
    {},
    (reason) =>
      new ReleaseProcessError(
        `cannot reach Prometheus at ${baseUrl}: ${reason}`,
        'Check --prometheus-url (or PROMETHEUS_URL) and that Prometheus runs',
      ),
  );
  let answer: QueryAnswer;
  try {
    answer = (await response.json()) as QueryAnswer;
  } catch {
    throw new ReleaseProcessError(
      `${baseUrl} answered ${response.status} with no Prometheus API answer`,
      'Point --prometheus-url at the Prometheus server itself',
    );
  }
  if (answer.status !== 'success') {
    throw new ReleaseProcessError(
      `Prometheus refused the query ${query}: ${answer.errorType ?? response.status}: ${
        answer.error ? answerSnippet(answer.error, requestSecrets(baseUrl)) : 'no reason given'
      }`,
      'Fix the PromQL in the health checks of nx.json',
    );
  }
  const { resultType, result } = answer.data as NonNullable<QueryAnswer['data']>;
  if (resultType === 'scalar') return numberOf((result as [number, string])[1]);
  if (resultType !== 'vector')
    throw new ReleaseProcessError(`the query ${query} gives a ${resultType}`, 'Give an instant query that yields one number');
  const series = result as Array<{ metric: Record<string, string>; value: [number, string] }>;
  if (series.length === 0) return null;
  if (series.length > 1) {
    throw new ReleaseProcessError(
      `the query ${query} gives ${series.length} series, not one number`,
      'Aggregate it, e.g. sum(...) or max(...), so the check has one value to judge',
    );
  }
  return numberOf(series[0].value[1]);
}

/** Prometheus writes numbers as strings, `NaN` and `+Inf` included: no number is no data. */
function numberOf(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
