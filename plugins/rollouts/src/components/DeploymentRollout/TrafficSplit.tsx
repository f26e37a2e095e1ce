import { Flex, Text } from '@backstage/ui';
import type { TrafficSplitEntry } from '@supply-chain/plugin-rollouts-common';
import { DataTable } from '@supply-chain/portal-react';

const colours = [
  'var(--bui-announcement-bg)',
  'var(--bui-positive-bg)',
  'var(--bui-warning-bg)',
  'var(--bui-negative-bg)',
];

/** How the mesh splits traffic between versions (Istio subsets). */
export function TrafficSplit(props: {
  split: TrafficSplitEntry[];
  virtualService?: string;
}) {
  const { split, virtualService } = props;
  const defaultRoute = split.filter(entry => !entry.condition);
  const label = (entry: TrafficSplitEntry) =>
    `${entry.subset}${entry.version ? ` (${entry.version})` : ''}`;
  return (
    <Flex direction="column" gap="2">
      <Text as="h4" variant="title-x-small">
        Traffic split
        {virtualService ? ` (VirtualService ${virtualService})` : ''}
      </Text>
      {defaultRoute.length > 0 && (
        <div
          role="img"
          aria-label={`Default traffic: ${defaultRoute
            .map(entry => `${entry.weight}% to ${label(entry)}`)
            .join(', ')}`}
          style={{
            display: 'flex',
            height: 10,
            borderRadius: 5,
            overflow: 'hidden',
            background: 'var(--bui-bg-neutral-3)',
          }}
        >
          {defaultRoute.map((entry, index) => (
            <div
              key={`${entry.subset}-${index}`}
              style={{
                width: `${entry.weight}%`,
                background: colours[index % colours.length],
              }}
            />
          ))}
        </div>
      )}
      <DataTable
        caption="Routes"
        hideCaption
        columns={['Subset', 'Version', 'Weight', 'When', 'Revisions']}
        rows={split.map((entry, index) => ({
          key: `${entry.subset}-${entry.condition ?? 'default'}-${index}`,
          cells: [
            <span key="subset">
              {!entry.condition && (
                <span
                  aria-hidden="true"
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    marginRight: 6,
                    borderRadius: 2,
                    background:
                      colours[defaultRoute.indexOf(entry) % colours.length],
                  }}
                />
              )}
              {entry.subset}
            </span>,
            entry.version ?? '—',
            `${entry.weight}%`,
            entry.condition ?? 'default route',
            entry.revisions?.length ? entry.revisions.join(', ') : 'none',
          ],
        }))}
      />
    </Flex>
  );
}
