import { Entity } from '@backstage/catalog-model';
import { CatalogIndex, entityRefOf } from '../catalogIndex';
import { BoundaryMap, BoundaryMapEdge, BoundaryMapNode } from '../types';

const NODE_KINDS = ['component', 'resource'];

function isNodeKind(entity: Entity | undefined): entity is Entity {
  return (
    !!entity && NODE_KINDS.includes(entity.kind.toLocaleLowerCase('en-US'))
  );
}

/**
 * The boundary map of a system, a domain, or (no scope) the whole catalog:
 * components and resources grouped by system, each with its owning team, and
 * an edge for each declared dependency (`dependsOn`, and `consumesApi`
 * resolved to the components providing the API). Entities outside the scope
 * that an edge reaches are included and marked `external`.
 */
export function buildBoundaryMap(
  index: CatalogIndex,
  scope?: Entity,
): BoundaryMap {
  const scopeRef = scope ? entityRefOf(scope) : undefined;
  const scopeKind = scope?.kind.toLocaleLowerCase('en-US');
  const systemsInScope = new Set<string>();
  if (scopeKind === 'system' && scopeRef) systemsInScope.add(scopeRef);
  if (scopeKind === 'domain' && scopeRef) {
    for (const system of index.ofKind('System')) {
      if (index.domainRef(system) === scopeRef) {
        systemsInScope.add(entityRefOf(system));
      }
    }
  }
  const inScope = (entity: Entity) => {
    if (!scope) return true;
    const system = index.systemRef(entity);
    return !!system && systemsInScope.has(system);
  };

  const members = index.all().filter(e => isNodeKind(e) && inScope(e));
  const nodeRefs = new Set(members.map(entityRefOf));
  const external = new Set<string>();
  const edges: BoundaryMapEdge[] = [];
  const addNode = (ref: string) => {
    if (!nodeRefs.has(ref)) {
      external.add(ref);
      nodeRefs.add(ref);
    }
  };

  for (const entity of index.all().filter(isNodeKind)) {
    const from = entityRefOf(entity);
    const fromInScope = inScope(entity);
    for (const to of index.links(entity, 'dependsOn')) {
      const target = index.get(to);
      if (!isNodeKind(target)) continue;
      if (!fromInScope && !inScope(target)) continue;
      addNode(from);
      addNode(to);
      edges.push({ from, to, relation: 'dependsOn' });
    }
    const viaProvider = new Map<string, string[]>();
    for (const api of index.links(entity, 'consumesApis')) {
      for (const provider of index.providersOf(api)) {
        const to = entityRefOf(provider);
        if (to === from) continue;
        if (!fromInScope && !inScope(provider)) continue;
        viaProvider.set(to, [...(viaProvider.get(to) ?? []), api]);
      }
    }
    for (const [to, apis] of viaProvider) {
      addNode(from);
      addNode(to);
      edges.push({ from, to, relation: 'consumesApi', apis });
    }
  }

  const teams: BoundaryMap['teams'] = [];
  const teamIndex = (owner: string | undefined) => {
    const ref = owner ?? 'unowned';
    let i = teams.findIndex(t => t.ref === ref);
    if (i < 0) {
      const info = owner ? index.ownerInfo(owner) : undefined;
      teams.push({ ref, title: info?.title ?? info?.name ?? ref });
      i = teams.length - 1;
    }
    return i;
  };

  const nodes: BoundaryMapNode[] = [...nodeRefs].sort().map(ref => {
    const summary = index.summaryOfRef(ref).summary;
    const i = teamIndex(summary.owner);
    return {
      ...summary,
      ownerTitle: teams[i].title,
      teamIndex: i,
      external: external.has(ref),
    };
  });

  const bySystem = new Map<string, string[]>();
  for (const node of nodes) {
    const key = node.system ?? '';
    bySystem.set(key, [...(bySystem.get(key) ?? []), node.ref]);
  }
  const systems = [...bySystem.entries()]
    .sort(([a], [b]) => {
      if (a === '' || b === '') return a === '' ? 1 : -1;
      return a.localeCompare(b);
    })
    .map(([system, refs]) => ({
      system: system ? index.summaryOfRef(system).summary : undefined,
      nodeRefs: refs,
    }));

  return {
    scope: scope ? index.summary(scope) : undefined,
    systems,
    teams,
    nodes,
    edges: edges.sort(
      (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    ),
  };
}
