import { DependencyGraph } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { Flex, Text } from '@backstage/ui';
import {
  BoundaryMap,
  BoundaryMapNode,
} from '@supply-chain/plugin-service-boundaries-common';
import { EntityLink } from '@supply-chain/portal-react';
import { teamColour } from './teamColours';

type GraphNode = { id: string; node: BoundaryMapNode };

function edgeLabel(relation: string, apis?: string[]) {
  if (relation === 'consumesApi') {
    return `calls ${(apis ?? []).map(a => a.split('/').pop()).join(', ')}`;
  }
  return 'depends on';
}

/** Boundary map: a graph coloured by team, and the same content as text. */
export function BoundaryMapView(props: { map: BoundaryMap }) {
  const { map } = props;
  const entityRoute = useRouteRef(entityRouteRef);
  const byRef = new Map(map.nodes.map(n => [n.ref, n]));
  const nameOf = (ref: string) => byRef.get(ref)?.name ?? ref;

  const renderNode = ({ node: { node } }: { node: GraphNode }) => {
    const label = `${node.title ?? node.name}${
      node.external ? ' (external)' : ''
    }`;
    const width = Math.max(120, label.length * 7 + 24);
    return (
      <a
        href={entityRoute({
          kind: node.kind.toLocaleLowerCase('en-US'),
          namespace: node.namespace,
          name: node.name,
        })}
        tabIndex={-1}
        aria-label={`${label}, owned by ${node.ownerTitle ?? 'nobody'}`}
      >
        <rect
          width={width}
          height={44}
          rx={6}
          fill={teamColour(node.teamIndex)}
          opacity={node.external ? 0.6 : 1}
          strokeDasharray={node.external ? '4 2' : undefined}
          stroke="#222"
        />
        <text x={10} y={18} fill="#fff" fontSize={13} fontWeight="bold">
          {label}
        </text>
        <text x={10} y={34} fill="#fff" fontSize={11}>
          {node.kind} · {node.ownerTitle ?? 'no owner'}
        </text>
      </a>
    );
  };

  return (
    <Flex direction="column" gap="4">
      <section aria-label="Teams">
        <Text as="h3" variant="title-x-small">
          Teams (node colour)
        </Text>
        <ul
          style={{
            listStyle: 'none',
            padding: 0,
            display: 'flex',
            gap: 16,
            flexWrap: 'wrap',
          }}
        >
          {map.teams.map((team, i) => (
            <li key={team.ref}>
              <span
                aria-hidden
                style={{
                  display: 'inline-block',
                  width: 12,
                  height: 12,
                  marginRight: 6,
                  background: teamColour(i),
                }}
              />
              {team.title ?? team.ref}
            </li>
          ))}
        </ul>
      </section>
      <div aria-hidden data-testid="boundary-map-graph">
        <DependencyGraph<GraphNode, { label: string }>
          nodes={map.nodes.map(node => ({ id: node.ref, node }))}
          edges={map.edges.map(e => ({
            from: e.from,
            to: e.to,
            label: edgeLabel(e.relation, e.apis),
          }))}
          renderNode={renderNode as any}
          direction="LR"
          rankMargin={80}
          paddingX={20}
          paddingY={20}
          zoom="enable-on-click"
          showArrowHeads
        />
      </div>
      {map.systems.map(group => (
        <section
          key={group.system?.ref ?? 'none'}
          aria-label={
            group.system ? `System ${group.system.name}` : 'No system'
          }
        >
          <Text as="h3" variant="title-x-small">
            {group.system
              ? `System: ${group.system.title ?? group.system.name}`
              : 'Not in a system'}
          </Text>
          <ul>
            {group.nodeRefs.map(ref => {
              const node = byRef.get(ref)!;
              const outgoing = map.edges.filter(e => e.from === ref);
              return (
                <li key={ref}>
                  <EntityLink entity={node} /> —{' '}
                  {node.kind.toLocaleLowerCase('en-US')}, owned by{' '}
                  {node.ownerTitle ?? 'nobody'}
                  {node.external ? ' (outside this scope)' : ''}
                  {outgoing.length > 0 && (
                    <>
                      {'; '}
                      {outgoing
                        .map(
                          e =>
                            `${edgeLabel(e.relation, e.apis)} ${nameOf(e.to)}`,
                        )
                        .join('; ')}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </Flex>
  );
}
