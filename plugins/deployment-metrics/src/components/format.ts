import type {
  DeploymentMetrics,
  MetricsResult,
} from '@supply-chain/plugin-deployment-metrics-common';
import { isNoDeploymentsObserved } from '@supply-chain/plugin-deployment-metrics-common';

/** "1 h 5 min", "2 min 30 s", "45 s"; "—" when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}

export function formatPercent(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)} %`;
}

export function formatRate(value: number): string {
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

/** What a metric is, how it is shown, and whether more is better. */
export interface MetricDefinition {
  key: string;
  label: string;
  value: (m: DeploymentMetrics) => number | undefined;
  format: (v: number | undefined) => string;
  /** true: up is good (deployments, success); false: down is good (duration, failures) */
  higherIsBetter: boolean;
  /** the drill-down filter of the rollouts behind it */
  drillDown: 'all' | 'failed' | 'rollback' | 'capacity-drop' | 'completed';
}

export const METRICS: MetricDefinition[] = [
  {
    key: 'deploymentsPerWeek',
    label: 'Deployments per week',
    value: m => m.deploymentsPerWeek,
    format: v => (v === undefined ? '—' : formatRate(v)),
    higherIsBetter: true,
    drillDown: 'all',
  },
  {
    key: 'medianDuration',
    label: 'Median rollout duration',
    value: m => m.medianDurationSeconds,
    format: formatDuration,
    higherIsBetter: false,
    drillDown: 'completed',
  },
  {
    key: 'p90Duration',
    label: 'p90 rollout duration',
    value: m => m.p90DurationSeconds,
    format: formatDuration,
    higherIsBetter: false,
    drillDown: 'completed',
  },
  {
    key: 'firstTimeSuccess',
    label: 'First-time success',
    value: m => m.firstTimeSuccessRate,
    format: formatPercent,
    higherIsBetter: true,
    drillDown: 'failed',
  },
  {
    key: 'timeToRecover',
    label: 'Median time to recover',
    value: m => m.medianTimeToRecoverSeconds,
    format: formatDuration,
    higherIsBetter: false,
    drillDown: 'failed',
  },
  {
    key: 'rollbacks',
    label: 'Rollbacks',
    value: m => m.rollbacks,
    format: v => (v === undefined ? '—' : String(v)),
    higherIsBetter: false,
    drillDown: 'rollback',
  },
  {
    key: 'capacityDrops',
    label: 'Rollouts below desired replicas',
    value: m => m.capacityDrops,
    format: v => (v === undefined ? '—' : String(v)),
    higherIsBetter: false,
    drillDown: 'capacity-drop',
  },
];

/** The trend of a metric against the previous window, in words and an arrow. */
export function trend(
  metric: MetricDefinition,
  current: MetricsResult,
  previous: MetricsResult,
): { arrow: string; text: string; good?: boolean } {
  if (isNoDeploymentsObserved(current)) return { arrow: '', text: '' };
  const now = metric.value(current);
  if (isNoDeploymentsObserved(previous)) {
    return { arrow: '', text: 'no previous window to compare' };
  }
  const before = metric.value(previous);
  if (now === undefined || before === undefined) {
    return { arrow: '', text: 'not comparable' };
  }
  if (Math.abs(now - before) < 1e-9) {
    return { arrow: '→', text: 'unchanged from previous window' };
  }
  const up = now > before;
  const good = up === metric.higherIsBetter;
  return {
    arrow: up ? '↑' : '↓',
    text: `${up ? 'up' : 'down'} from ${metric.format(before)} (${
      good ? 'better' : 'worse'
    })`,
    good,
  };
}
