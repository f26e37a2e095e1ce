import { Entity } from '@backstage/catalog-model';
import { ANNOTATION_ARGOCD_APP_NAME, ANNOTATION_IMAGE } from '../annotations';
import { CatalogIndex, entityRefOf } from '../catalogIndex';
import {
  ClusterFacts,
  ClusterStatus,
  IdentifierKind,
  MatchedBy,
  OwnershipAnswer,
  OwnershipMatch,
  ParsedIdentifier,
} from '../types';
import { classifyIdentifier } from './classifyIdentifier';
import {
  Claim,
  entitiesClaimingWorkload,
  componentsForServiceAccount,
  kubernetesPlacement,
} from './kubernetesClaims';

/** Strength of each way of matching; lower is stronger. */
const STRENGTH: Record<MatchedBy, number> = {
  'entity-ref': 1,
  'entity-name': 1,
  'service-account-annotation': 1,
  'image-annotation': 1,
  'workload-label': 1,
  'mlmodel-label': 1,
  'argocd-app-name-annotation': 1,
  'service-account-of-workload': 1,
  'image-of-workload': 1,
  'kubernetes-label-selector': 2,
  'kubernetes-id-annotation': 2,
  'service-account-convention': 2,
  'namespace-annotation': 3,
  'image-name-convention': 3,
};

const KIND_LABEL: Record<IdentifierKind, string> = {
  'entity-ref': 'entity ref',
  'entity-name': 'entity name',
  workload: 'Kubernetes workload',
  namespace: 'namespace',
  'istio-principal': 'Istio principal',
  image: 'container image',
  'argocd-app': 'Argo CD application',
  mlmodel: 'MLModel',
};

const NEEDS_CLUSTER: IdentifierKind[] = ['mlmodel'];

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

function stripTag(image: string): string {
  return image.replace(/@sha256:[a-f0-9]+$/, '').replace(/:[\w][\w.-]*$/, '');
}

function dropRegistry(repository: string): string {
  const segments = repository.split('/');
  return segments.length > 1 &&
    (segments[0].includes('.') ||
      segments[0].includes(':') ||
      segments[0] === 'localhost')
    ? segments.slice(1).join('/')
    : repository;
}

interface RawMatch extends Claim {
  interpretedAs: IdentifierKind;
  order: number;
}

function matchesFor(
  id: ParsedIdentifier,
  index: CatalogIndex,
  facts: ClusterFacts | undefined,
): Claim[] {
  const components = index.ofKind('Component');
  switch (id.kind) {
    case 'entity-ref': {
      const candidates = index
        .all()
        .filter(
          e =>
            e.metadata.name.toLocaleLowerCase('en-US') ===
              id.name.toLocaleLowerCase('en-US') &&
            (!id.entityKind ||
              e.kind.toLocaleLowerCase('en-US') === id.entityKind) &&
            (e.metadata.namespace ?? 'default') === (id.namespace ?? 'default'),
        );
      return candidates.map(entity => ({
        entity,
        matchedBy: 'entity-ref',
        explanation: `${entityRefOf(entity)} is in the catalog`,
      }));
    }
    case 'entity-name': {
      const order = [
        'component',
        'api',
        'resource',
        'system',
        'domain',
        'group',
        'user',
      ];
      return index
        .all()
        .filter(
          e =>
            e.metadata.name.toLocaleLowerCase('en-US') ===
            id.name.toLocaleLowerCase('en-US'),
        )
        .filter(e => e.kind.toLocaleLowerCase('en-US') !== 'location')
        .sort(
          (a, b) =>
            order.indexOf(a.kind.toLocaleLowerCase('en-US')) -
            order.indexOf(b.kind.toLocaleLowerCase('en-US')),
        )
        .map(entity => ({
          entity,
          matchedBy: 'entity-name',
          explanation: `the catalog has a ${entity.kind} named ${entity.metadata.name}`,
        }));
    }
    case 'argocd-app':
      return components
        .filter(e => {
          const a = e.metadata.annotations ?? {};
          if (!splitList(a[ANNOTATION_ARGOCD_APP_NAME]).includes(id.name)) {
            return false;
          }
          const instance = a['argocd/instance-name'];
          return !id.instance || !instance || instance === id.instance;
        })
        .map(entity => ({
          entity,
          matchedBy: 'argocd-app-name-annotation',
          explanation: `${entity.metadata.name} names Argo CD application ${id.name} in its ${ANNOTATION_ARGOCD_APP_NAME} annotation`,
        }));
    case 'workload': {
      const claims: Claim[] = [];
      const found = (facts?.workloads ?? []).filter(
        w =>
          w.name === id.name &&
          (id.workloadKind === '*' ||
            w.kind.toLocaleLowerCase('en-US') ===
              id.workloadKind.toLocaleLowerCase('en-US')) &&
          (!id.cluster || w.cluster === id.cluster) &&
          (!id.namespace || w.namespace === id.namespace),
      );
      for (const w of found) claims.push(...entitiesClaimingWorkload(w, index));
      if (claims.length === 0) {
        // no cluster facts (or the workload is not there): the annotations alone
        for (const entity of components) {
          const p = kubernetesPlacement(entity);
          if (
            p.id === id.name &&
            (!id.namespace || !p.namespace || p.namespace === id.namespace) &&
            (!id.cluster || !p.cluster || p.cluster === id.cluster)
          ) {
            claims.push({
              entity,
              matchedBy: 'kubernetes-id-annotation',
              explanation: `${
                entity.metadata.name
              } has backstage.io/kubernetes-id ${id.name}${
                p.namespace ? ` in namespace ${p.namespace}` : ''
              }`,
            });
          }
        }
      }
      return claims;
    }
    case 'namespace': {
      const claims: Claim[] = [];
      for (const entity of components) {
        const p = kubernetesPlacement(entity);
        if (
          p.namespace === id.namespace &&
          (!id.cluster || !p.cluster || p.cluster === id.cluster)
        ) {
          claims.push({
            entity,
            matchedBy: 'namespace-annotation',
            explanation: `${entity.metadata.name} runs in namespace ${id.namespace} (backstage.io/kubernetes-namespace)`,
          });
        }
      }
      return claims;
    }
    case 'istio-principal':
      return componentsForServiceAccount(
        id.namespace,
        id.serviceAccount,
        index,
        facts?.workloads,
      );
    case 'image': {
      const claims: Claim[] = [];
      const wanted = [id.repository, stripTag(id.image)];
      for (const entity of components) {
        const declared = splitList(
          entity.metadata.annotations?.[ANNOTATION_IMAGE],
        );
        if (
          declared.some(
            d => wanted.includes(d) || dropRegistry(d) === id.repository,
          )
        ) {
          claims.push({
            entity,
            matchedBy: 'image-annotation',
            explanation: `${entity.metadata.name} lists ${stripTag(
              id.image,
            )} in its ${ANNOTATION_IMAGE} annotation`,
          });
        }
      }
      for (const w of facts?.workloads ?? []) {
        if (!(w.images ?? []).some(i => stripTag(i) === stripTag(id.image))) {
          continue;
        }
        for (const claim of entitiesClaimingWorkload(w, index)) {
          claims.push({
            entity: claim.entity,
            matchedBy: 'image-of-workload',
            explanation: `${w.kind} ${w.namespace}/${w.name} in cluster ${
              w.cluster
            } runs ${stripTag(id.image)} and belongs to ${
              claim.entity.metadata.name
            }`,
          });
        }
      }
      for (const entity of components) {
        const p = kubernetesPlacement(entity);
        if (p.id === id.shortName || entity.metadata.name === id.shortName) {
          claims.push({
            entity,
            matchedBy: 'image-name-convention',
            explanation: `image repository ${id.repository} ends in ${
              id.shortName
            }, the ${p.id === id.shortName ? 'kubernetes-id' : 'name'} of ${
              entity.metadata.name
            }`,
          });
        }
      }
      return claims;
    }
    case 'mlmodel': {
      const claims: Claim[] = [];
      for (const model of facts?.mlModels ?? []) {
        if (
          model.name !== id.name ||
          (id.namespace && model.namespace !== id.namespace) ||
          (id.cluster && model.cluster !== id.cluster)
        ) {
          continue;
        }
        const label = model.labels?.['backstage.io/kubernetes-id'];
        for (const entity of components) {
          const p = kubernetesPlacement(entity);
          if (
            label &&
            p.id === label &&
            (!p.namespace || p.namespace === model.namespace)
          ) {
            claims.push({
              entity,
              matchedBy: 'mlmodel-label',
              explanation: `MLModel ${model.namespace}/${model.name} in cluster ${model.cluster} carries backstage.io/kubernetes-id=${label}, the kubernetes-id of ${entity.metadata.name}`,
            });
          }
        }
      }
      return claims;
    }
    default:
      return [];
  }
}

function ownerRefFor(entity: Entity, index: CatalogIndex): string | undefined {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'group') return entityRefOf(entity);
  if (kind === 'user') return index.links(entity, 'memberOf')[0];
  return index.ownerRef(entity);
}

function statusOf(count: number): OwnershipAnswer['status'] {
  if (count === 0) return 'none';
  return count === 1 ? 'matched' : 'ambiguous';
}

/**
 * Answers "who owns <query>?" from the catalog (and cluster facts when
 * given): every interpretation of the identifier is tried, matches are
 * de-duplicated per entity (keeping the strongest) and ranked.
 */
export function resolveOwnership(
  query: string,
  index: CatalogIndex,
  facts: ClusterFacts | undefined,
  cluster: ClusterStatus,
): OwnershipAnswer {
  const interpretations = classifyIdentifier(query);
  const tried = interpretations.map(i => i.kind);
  if (interpretations.length === 0) {
    return {
      query,
      status: 'none',
      message: `"${query}" is not an identifier this lookup understands (entity ref or name, cluster/namespace/kind/name, namespace:<ns>, Istio principal, image, argocd:<app>, mlmodel:<name>)`,
      tried,
      matches: [],
      cluster,
    };
  }

  const raw: RawMatch[] = [];
  interpretations.forEach((id, order) => {
    for (const claim of matchesFor(id, index, facts)) {
      raw.push({ ...claim, interpretedAs: id.kind, order });
    }
  });
  raw.sort(
    (a, b) =>
      STRENGTH[a.matchedBy] - STRENGTH[b.matchedBy] || a.order - b.order,
  );
  const seen = new Set<string>();
  const matches: OwnershipMatch[] = [];
  for (const m of raw) {
    const ref = entityRefOf(m.entity);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const system = index.systemRef(m.entity);
    matches.push({
      matchedBy: m.matchedBy,
      explanation: m.explanation,
      interpretedAs: m.interpretedAs,
      rank: matches.length + 1,
      entity: index.summary(m.entity),
      system: system ? index.summaryOfRef(system).summary : undefined,
      owner: index.ownerInfo(ownerRefFor(m.entity, index)),
    });
  }

  const triedText = [...new Set(tried)].map(k => KIND_LABEL[k]).join(', ');
  let message: string;
  if (matches.length === 0) {
    const clusterNote =
      cluster.status === 'unavailable' &&
      tried.some(k => NEEDS_CLUSTER.includes(k) || k === 'workload')
        ? ` The clusters are unavailable${
            cluster.message ? ` (${cluster.message})` : ''
          }, so workloads and MLModels were matched from catalog annotations only.`
        : '';
    message = `Nothing matched "${query}". Tried: ${triedText}.${clusterNote}`;
  } else if (matches.length === 1) {
    const m = matches[0];
    message = `${m.entity.ref} is owned by ${
      m.owner?.title ?? m.owner?.ref ?? 'nobody (no owner declared)'
    }`;
  } else {
    message = `${matches.length} candidates for "${query}", strongest first`;
  }
  return {
    query,
    status: statusOf(matches.length),
    message,
    tried,
    matches,
    cluster,
  };
}
