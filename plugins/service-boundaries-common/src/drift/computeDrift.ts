import { selectorMatches } from '@supply-chain/plugin-rollouts-common';
import { Entity } from '@backstage/catalog-model';
import { CatalogIndex, entityRefOf } from '../catalogIndex';
import { dependentsOf, responsibilitiesOf } from '../boundary/serviceBoundary';
import {
  entitiesClaimingWorkload,
  componentsForServiceAccount,
  isOnKubernetes,
  kubernetesPlacement,
  serviceAccountsOf,
} from '../ownership/kubernetesClaims';
import {
  AllowedCaller,
  AuthorizationPolicyFact,
  ClusterFacts,
  ClusterStatus,
  DriftReport,
  RefusedDependency,
  SharedWorkload,
  ResponsibilitiesDrift,
  ServiceDrift,
} from '../types';
import {
  formatIstioPrincipal,
  parseIstioPrincipal,
  principalPatternMatches,
} from './istioPrincipal';
import { responsibilitiesFromConfigMapText } from './serviceBoundariesConfigMap';

const normalize = (s: string) =>
  s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');

/** Compares `spec.responsibilities` with the ConfigMap's `Responsibilities:` list. */
export function compareResponsibilities(
  catalog: string[],
  cluster: string[] | undefined,
  source?: string,
): ResponsibilitiesDrift {
  if (cluster === undefined) {
    return {
      status: 'not-in-cluster',
      catalog,
      onlyInCluster: [],
      onlyInCatalog: [],
      orderDiffers: false,
    };
  }
  const inCatalog = new Set(catalog.map(normalize));
  const inCluster = new Set(cluster.map(normalize));
  const onlyInCluster = cluster.filter(r => !inCatalog.has(normalize(r)));
  const onlyInCatalog = catalog.filter(r => !inCluster.has(normalize(r)));
  const orderDiffers =
    onlyInCatalog.length === 0 &&
    onlyInCluster.length === 0 &&
    catalog.map(normalize).join('\n') !== cluster.map(normalize).join('\n');
  let status: ResponsibilitiesDrift['status'] = 'same';
  if (catalog.length === 0 && cluster.length > 0) status = 'not-in-catalog';
  else if (onlyInCatalog.length || onlyInCluster.length || orderDiffers) {
    status = 'differs';
  }
  return {
    status,
    catalog,
    cluster,
    onlyInCluster,
    onlyInCatalog,
    orderDiffers,
    source,
  };
}

function isAllowPolicy(policy: AuthorizationPolicyFact) {
  return !policy.action || policy.action.toUpperCase() === 'ALLOW';
}

/** Whether an AuthorizationPolicy selects the workloads of a component. */
export function policyTargets(
  policy: AuthorizationPolicyFact,
  entity: Entity,
  facts: Pick<ClusterFacts, 'workloads'>,
  index: CatalogIndex,
): boolean {
  const p = kubernetesPlacement(entity);
  if (p.cluster && p.cluster !== policy.cluster) return false;
  if (p.namespace && p.namespace !== policy.namespace) return false;
  const selector = policy.selector ?? {};
  if (Object.keys(selector).length === 0) {
    // namespace-wide policy: applies to every service placed in that namespace
    return !!p.namespace && p.namespace === policy.namespace;
  }
  // workloads in the cluster whose pod labels the selector matches
  const selected = facts.workloads.filter(
    w =>
      w.cluster === policy.cluster &&
      w.namespace === policy.namespace &&
      selectorMatches({ matchLabels: selector }, w.podLabels ?? w.labels),
  );
  if (selected.length > 0) {
    return selected.some(w =>
      entitiesClaimingWorkload(w, index).some(c => c.entity === entity),
    );
  }
  // no workload facts: read the selector the way the seed writes it
  if (p.labelSelector) {
    return selectorMatches(p.labelSelector, selector);
  }
  const id = p.id ?? entity.metadata.name;
  return (
    selector.app === id ||
    selector['app.kubernetes.io/name'] === id ||
    selector['backstage.io/kubernetes-id'] === id
  );
}

/** Options of {@link computeDrift}. */
export interface ComputeDriftOptions {
  index: CatalogIndex;
  /** undefined when the clusters could not be read */
  facts?: ClusterFacts;
  cluster: ClusterStatus;
  /** restrict the report to these components (default: every service in a cluster or a ConfigMap) */
  services?: Entity[];
}

/**
 * Compares what the catalog declares with what the mesh enforces and the
 * `service-boundaries` ConfigMap holds, per service:
 *
 * - undeclared callers: principals an ALLOW AuthorizationPolicy of the
 *   service lets in whose component declares neither `dependsOn` the service
 *   nor `consumesApis` one of its APIs (principals resolving to no component
 *   count too);
 * - refused dependencies: components declaring such a dependency while the
 *   service has an ALLOW policy that none of their principals matches;
 * - responsibilities differing between `spec.responsibilities` and the
 *   ConfigMap's `Responsibilities:` list.
 */
export function computeDrift(options: ComputeDriftOptions): DriftReport {
  const { index, facts, cluster } = options;
  const components = index.ofKind('Component');
  const configEntries = (facts?.serviceBoundaries ?? []).flatMap(cm =>
    Object.entries(cm.data).map(([service, text]) => ({
      service,
      text,
      cluster: cm.cluster,
      namespace: cm.namespace,
    })),
  );

  const entryFor = (entity: Entity) => {
    const p = kubernetesPlacement(entity);
    const keys = [p.id, entity.metadata.name].filter(Boolean);
    return configEntries.find(
      e =>
        keys.includes(e.service) &&
        (!p.namespace || p.namespace === e.namespace) &&
        (!p.cluster || p.cluster === e.cluster),
    );
  };

  const services =
    options.services ??
    components.filter(
      c => isOnKubernetes(c) || (facts && entryFor(c) !== undefined),
    );

  const workloads = facts?.workloads ?? [];
  const result: ServiceDrift[] = services.map(entity => {
    const ref = entityRefOf(entity);
    const catalogResponsibilities = responsibilitiesOf(entity);
    if (!facts) {
      return {
        entity: index.summary(entity),
        policies: [],
        meshEnforced: false,
        allowsAnyCaller: false,
        allowedCallers: [],
        undeclaredCallers: [],
        refusedDependencies: [],
        responsibilities: {
          status: 'unavailable',
          catalog: catalogResponsibilities,
          onlyInCluster: [],
          onlyInCatalog: [],
          orderDiffers: false,
        },
        sharedWorkloads: [],
        findings: 0,
      };
    }

    const policies = facts.authorizationPolicies.filter(
      policy =>
        isAllowPolicy(policy) && policyTargets(policy, entity, facts, index),
    );
    const dependents = dependentsOf(entity, index);
    const declaredCallers = new Set(dependents.map(d => d.entity.ref));

    let allowsAnyCaller = false;
    const allowedCallers: AllowedCaller[] = [];
    const patterns: string[] = [];
    for (const policy of policies) {
      for (const rule of policy.rules) {
        if (!rule.principals) {
          allowsAnyCaller = true;
          continue;
        }
        for (const principal of rule.principals) {
          patterns.push(principal);
          if (principal.trim() === '*') {
            allowsAnyCaller = true;
            continue;
          }
          if (allowedCallers.some(c => c.principal === principal)) continue;
          const parsed = parseIstioPrincipal(principal);
          const claim = parsed
            ? componentsForServiceAccount(
                parsed.namespace,
                parsed.serviceAccount,
                index,
                workloads,
              )[0]
            : undefined;
          allowedCallers.push({
            principal,
            policy: `${policy.namespace}/${policy.name}`,
            ...(claim
              ? {
                  component: index.summary(claim.entity),
                  resolvedBy: claim.matchedBy,
                }
              : {}),
          });
        }
      }
    }

    const undeclaredCallers = allowedCallers.filter(
      c =>
        c.component?.ref !== ref &&
        (!c.component || !declaredCallers.has(c.component.ref)),
    );

    const refusedDependencies: RefusedDependency[] = [];
    if (policies.length > 0 && !allowsAnyCaller) {
      for (const dependent of dependents) {
        const dependentEntity = index.get(dependent.entity.ref);
        if (!dependentEntity) continue;
        if (
          allowedCallers.some(c => c.component?.ref === dependent.entity.ref)
        ) {
          continue;
        }
        const accounts = serviceAccountsOf(dependentEntity, index, workloads);
        const principals = accounts.map(a =>
          formatIstioPrincipal(a.namespace ?? '*', a.serviceAccount),
        );
        const allowed = accounts.some(a =>
          patterns.some(pattern => {
            const parsed = parseIstioPrincipal(pattern);
            if (parsed) {
              return (
                parsed.serviceAccount === a.serviceAccount &&
                (!a.namespace || parsed.namespace === a.namespace)
              );
            }
            return (
              !!a.namespace &&
              principalPatternMatches(
                pattern,
                formatIstioPrincipal(a.namespace, a.serviceAccount),
              )
            );
          }),
        );
        if (!allowed) {
          refusedDependencies.push({
            component: dependent.entity,
            relations: dependent.relations,
            viaApis: dependent.viaApis,
            principals,
            message: `${dependent.entity.name} declares a dependency on ${
              entity.metadata.name
            }, but no AuthorizationPolicy of ${entity.metadata.name} (${policies
              .map(p => p.name)
              .join(', ')}) allows ${principals.join(' or ')}`,
          });
        }
      }
    }

    const entry = entryFor(entity);
    const responsibilities = compareResponsibilities(
      catalogResponsibilities,
      entry ? responsibilitiesFromConfigMapText(entry.text) : undefined,
      entry ? `${entry.cluster}/${entry.namespace}` : undefined,
    );
    const sharedWorkloads: SharedWorkload[] = [];
    for (const w of workloads) {
      const claimants = entitiesClaimingWorkload(w, index)
        .map(c => c.entity)
        .sort((a, b) => entityRefOf(a).localeCompare(entityRefOf(b)));
      if (claimants.length < 2 || !claimants.includes(entity)) continue;
      const refs = claimants.map(c => entityRefOf(c));
      const workload = `${w.cluster}/${w.namespace}/${w.kind}/${w.name}`;
      sharedWorkloads.push({
        workload,
        claimants: claimants.map(c => index.summary(c)),
        message: `${workload} is claimed by ${refs.join(
          ' and ',
        )}: portal actions on it are refused until one claim is removed`,
      });
    }
    const findings =
      sharedWorkloads.length +
      undeclaredCallers.length +
      refusedDependencies.length +
      (responsibilities.status === 'differs' ||
      responsibilities.status === 'not-in-catalog'
        ? 1
        : 0);
    return {
      entity: index.summary(entity),
      policies: policies.map(p => `${p.cluster}/${p.namespace}/${p.name}`),
      meshEnforced: policies.length > 0 && !allowsAnyCaller,
      allowsAnyCaller,
      allowedCallers,
      undeclaredCallers,
      refusedDependencies,
      responsibilities,
      sharedWorkloads,
      findings,
    };
  });

  const unknownConfigMapServices = options.services
    ? []
    : configEntries
        .filter(
          e =>
            !components.some(c => {
              const p = kubernetesPlacement(c);
              return (
                (p.id === e.service || c.metadata.name === e.service) &&
                (!p.namespace || p.namespace === e.namespace)
              );
            }),
        )
        .map(e => ({
          service: e.service,
          source: `${e.cluster}/${e.namespace}`,
        }));

  result.sort((a, b) => a.entity.ref.localeCompare(b.entity.ref));
  return {
    cluster,
    services: result,
    unknownConfigMapServices,
    summary: {
      services: result.length,
      servicesWithDrift: result.filter(s => s.findings > 0).length,
      undeclaredCallers: result.reduce(
        (n, s) => n + s.undeclaredCallers.length,
        0,
      ),
      refusedDependencies: result.reduce(
        (n, s) => n + s.refusedDependencies.length,
        0,
      ),
      responsibilitiesDiffer: result.filter(
        s =>
          s.responsibilities.status === 'differs' ||
          s.responsibilities.status === 'not-in-catalog',
      ).length,
      sharedWorkloads: result.reduce((n, s) => n + s.sharedWorkloads.length, 0),
    },
  };
}
