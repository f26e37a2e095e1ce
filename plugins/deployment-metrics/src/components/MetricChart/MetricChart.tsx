import { Text } from '@backstage/ui';
import type {
  DeploymentMetrics,
  MetricsBucket,
} from '@supply-chain/plugin-deployment-metrics-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** The series a chart can show, with how its values read. */
export const SERIES: Array<{
  key: keyof MetricsBucket;
  label: string;
  /** the number drawn: e.g. a rate as percent */
  scale: (v: number) => number;
}> = [
  { key: 'deployments', label: 'Deployments', scale: v => v },
  {
    key: 'medianDurationSeconds',
    label: 'Median rollout duration (s)',
    scale: v => Math.round(v),
  },
  {
    key: 'firstTimeSuccessRate',
    label: 'First-time success (%)',
    scale: v => Math.round(v * 100),
  },
  { key: 'failures', label: 'Failed rollouts', scale: v => v },
  { key: 'rollbacks', label: 'Rollbacks', scale: v => v },
  {
    key: 'capacityDrops',
    label: 'Rollouts below desired replicas',
    scale: v => v,
  },
];

/**
 * One metric over time: bars with their value written on them, the period on
 * the x axis, so that it reads without colour; striped bars (an SVG pattern)
 * instead of a colour code.
 */
export function MetricChart(props: {
  metrics: DeploymentMetrics;
  series: (typeof SERIES)[number];
}) {
  const { metrics, series } = props;
  const patternId = `dm-stripes-${series.key}`;
  const data = metrics.series.map(b => {
    const raw = b[series.key] as number | undefined;
    return {
      period: new Date(b.start).toLocaleDateString(undefined, {
        month: 'short',
        day: 'numeric',
      }),
      value: raw === undefined ? undefined : series.scale(raw),
    };
  });
  return (
    <figure
      style={{ margin: 0 }}
      aria-label={`${series.label} per ${metrics.bucket}`}
    >
      <Text as="h3" variant="title-x-small">
        {series.label} per {metrics.bucket}
      </Text>
      <div style={{ width: '100%', height: 200 }}>
        <ResponsiveContainer>
          <BarChart
            data={data}
            margin={{ top: 20, right: 8, left: 0, bottom: 0 }}
          >
            <defs>
              <pattern
                id={patternId}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect
                  width="6"
                  height="6"
                  fill="var(--bui-bg-neutral-2, #ddd)"
                />
                <line
                  x1="0"
                  y1="0"
                  x2="0"
                  y2="6"
                  stroke="var(--bui-fg-primary, #222)"
                  strokeWidth="2"
                />
              </pattern>
            </defs>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" />
            <YAxis allowDecimals={false} width={40} />
            <Tooltip />
            <Bar
              dataKey="value"
              name={series.label}
              fill={`url(#${patternId})`}
              stroke="var(--bui-fg-primary, #222)"
              isAnimationActive={false}
            >
              <LabelList dataKey="value" position="top" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
