import type { DoraMeasures, ReleaseMetrics } from '../release-metrics';

/** One DORA measure as a reader takes it: its name, how it is written, and which way is better. */
interface MeasureColumn {
  name: string;
  value: (measures: DoraMeasures) => number | null;
  format: (value: number) => string;
  higherIsBetter: boolean;
}

export const MEASURE_COLUMNS: MeasureColumn[] = [
  { name: 'deployment frequency', value: (m) => m.deploymentFrequency, format: (v) => `${v}/week`, higherIsBetter: true },
  { name: 'lead time for changes', value: (m) => m.leadTimeHours, format: hours, higherIsBetter: false },
  { name: 'change failure rate', value: (m) => m.changeFailureRate, format: (v) => `${Math.round(v * 100)}%`, higherIsBetter: false },
  { name: 'time to restore', value: (m) => m.timeToRestoreHours, format: hours, higherIsBetter: false },
];

/** A duration in hours, in the unit a person reads it in. */
export function hours(value: number): string {
  return value >= 48 ? `${(value / 24).toFixed(1)} d` : `${value.toFixed(1)} h`;
}

export interface MeasureCell {
  text: string;
  /** Against the period before: better, worse, same, or nothing to compare. */
  trend: 'better' | 'worse' | 'same' | 'new';
  before: string;
}

/** A measure now, against the period before. */
export function measureCell(column: MeasureColumn, now: DoraMeasures, before: DoraMeasures): MeasureCell {
  const value = column.value(now);
  const previous = column.value(before);
  const text = value === null ? '—' : column.format(value);
  const was = previous === null ? '—' : column.format(previous);
  if (value === null || previous === null) return { text, trend: 'new', before: was };
  const trend = value === previous ? 'same' : value > previous === column.higherIsBetter ? 'better' : 'worse';
  return { text, trend, before: was };
}

const ARROW: Record<MeasureCell['trend'], string> = { better: '▲ better', worse: '▼ worse', same: '= same', new: '' };

/** The measures as rows (the workspace, then each project that released), for the summary and the page. */
export function metricRows(metrics: ReleaseMetrics): Array<{ scope: string; releases: number; cells: MeasureCell[] }> {
  const row = (scope: string, now: DoraMeasures, before: DoraMeasures) => ({
    scope,
    releases: now.releases,
    cells: MEASURE_COLUMNS.map((column) => measureCell(column, now, before)),
  });
  return [
    row('workspace', metrics.workspace, metrics.previous),
    ...metrics.projects
      .filter((project) => project.measures.releases + project.previous.releases > 0)
      .map((project) => row(project.project, project.measures, project.previous)),
  ];
}

/** A cell as text: the value, and the trend against the period before. */
export function cellText(cell: MeasureCell): string {
  return cell.trend === 'new' ? cell.text : `${cell.text} (${ARROW[cell.trend]}, was ${cell.before})`;
}
