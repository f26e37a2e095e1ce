import { Flex, Text } from '@backstage/ui';
import {
  formatAmount,
  type SizedResource,
} from '@supply-chain/plugin-capacity-common';

/** The numbers one scale draws; any of them may be missing. */
export interface ScaleValues {
  request?: number;
  usage?: number;
  target?: number;
  lowerBound?: number;
  upperBound?: number;
}

export const RESOURCE_LABELS: Record<SizedResource, string> = {
  cpu: 'CPU',
  memory: 'Memory',
};

const WIDTH = 300;
const HEIGHT = 28;
const TRACK_Y = 10;
const TRACK_HEIGHT = 8;

/** The scale's picture in words, for screen readers and as its tooltip. */
export function describeScale(
  resource: SizedResource,
  values: ScaleValues,
): string {
  const amount = (value: number | undefined) =>
    value === undefined ? undefined : formatAmount(resource, value);
  const parts = [
    values.lowerBound !== undefined && values.upperBound !== undefined
      ? `VPA bounds ${amount(values.lowerBound)} to ${amount(
          values.upperBound,
        )}`
      : 'no VPA recommendation yet',
    values.target !== undefined && `VPA target ${amount(values.target)}`,
    values.request !== undefined
      ? `request ${amount(values.request)}`
      : 'no request set',
    values.usage !== undefined
      ? `usage ${amount(values.usage)}`
      : 'no usage metrics',
  ];
  return `${RESOURCE_LABELS[resource]}: ${parts.filter(Boolean).join(', ')}`;
}

function LegendItem(props: { swatch: JSX.Element; label: string }) {
  return (
    <Flex align="center" gap="1">
      <svg width="14" height="10" aria-hidden="true">
        {props.swatch}
      </svg>
      <Text variant="body-x-small" color="secondary">
        {props.label}
      </Text>
    </Flex>
  );
}

/**
 * One resource of one container on a horizontal scale from zero: the VPA's
 * band from lower to upper bound, its target, the request and the usage.
 * Each mark has its own shape, so colour is not the only cue; the whole
 * picture is one image whose label says the same in words;
 * {@link SizingScaleLegend} names the shapes.
 */
export function SizingScale(props: {
  resource: SizedResource;
  values: ScaleValues;
}) {
  const { resource, values } = props;
  const known = [
    values.request,
    values.usage,
    values.target,
    values.upperBound,
  ].filter((v): v is number => v !== undefined && v > 0);
  if (known.length === 0) {
    return null;
  }
  // Room to the right of the largest mark, so it is not drawn on the edge.
  const max = Math.max(...known) * 1.15;
  const x = (value: number) => (value / max) * WIDTH;
  const label = describeScale(resource, values);
  const hasBand =
    values.lowerBound !== undefined && values.upperBound !== undefined;

  return (
    <div style={{ maxWidth: 480 }}>
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ overflow: 'visible' }}
      >
        <title>{label}</title>
        <rect
          x={0}
          y={TRACK_Y}
          width={WIDTH}
          height={TRACK_HEIGHT}
          rx={2}
          fill="var(--bui-bg-neutral-2)"
        />
        {hasBand && (
          <rect
            data-mark="band"
            x={x(values.lowerBound!)}
            y={TRACK_Y - 4}
            width={Math.max(1, x(values.upperBound!) - x(values.lowerBound!))}
            height={TRACK_HEIGHT + 8}
            fill="var(--bui-positive-bg-subdued)"
            stroke="var(--bui-positive-border)"
          />
        )}
        {values.usage !== undefined && (
          <rect
            data-mark="usage"
            x={0}
            y={TRACK_Y + 2}
            width={x(values.usage)}
            height={TRACK_HEIGHT - 4}
            fill="var(--bui-fg-secondary)"
          />
        )}
        {values.target !== undefined && (
          <polygon
            data-mark="target"
            points={`${x(values.target)},${TRACK_Y - 1} ${
              x(values.target) + 5
            },${TRACK_Y + 4} ${x(values.target)},${TRACK_Y + 9} ${
              x(values.target) - 5
            },${TRACK_Y + 4}`}
            fill="var(--bui-positive-fg-subdued)"
          />
        )}
        {values.request !== undefined && (
          <g data-mark="request">
            <line
              x1={x(values.request)}
              x2={x(values.request)}
              y1={TRACK_Y - 6}
              y2={TRACK_Y + TRACK_HEIGHT + 2}
              stroke="var(--bui-fg-primary)"
              strokeWidth={2}
            />
            <polygon
              points={`${x(values.request) - 4},${HEIGHT} ${
                x(values.request) + 4
              },${HEIGHT} ${x(values.request)},${HEIGHT - 6}`}
              fill="var(--bui-fg-primary)"
            />
          </g>
        )}
      </svg>
    </div>
  );
}

/** What the marks of a {@link SizingScale} mean; shown once under the scales it explains. */
export function SizingScaleLegend() {
  return (
    <Flex gap="3" aria-hidden="true" style={{ flexWrap: 'wrap' }}>
      <LegendItem
        label="usage"
        swatch={
          <rect y={3} width={14} height={4} fill="var(--bui-fg-secondary)" />
        }
      />
      <LegendItem
        label="VPA lower–upper bound"
        swatch={
          <rect
            width={14}
            height={10}
            fill="var(--bui-positive-bg-subdued)"
            stroke="var(--bui-positive-border)"
          />
        }
      />
      <LegendItem
        label="VPA target"
        swatch={
          <polygon
            points="7,0 12,5 7,10 2,5"
            fill="var(--bui-positive-fg-subdued)"
          />
        }
      />
      <LegendItem
        label="request"
        swatch={
          <polygon points="3,10 11,10 7,2" fill="var(--bui-fg-primary)" />
        }
      />
    </Flex>
  );
}
