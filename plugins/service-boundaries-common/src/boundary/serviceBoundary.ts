import { Entity } from '@backstage/catalog-model';
import { CatalogIndex, entityRefOf } from '../catalogIndex';
import {
  BoundaryDependency,
  BoundaryDependent,
  DependencyRelation,
  ServiceBoundary,
} from '../types';

/** `spec.responsibilities` as a list of strings (a lone string counts as one). */
export function responsibilitiesOf(entity: Entity): string[] {
  const value = (entity.spec as any)?.responsibilities;
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list
    .filter((v: unknown): v is string => typeof v === 'string')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * Components that declare a dependency on `target`: through `dependsOn`, or
 * by consuming an API `target` provides.
 */
export function dependentsOf(
  target: Entity,
  index: CatalogIndex,
): BoundaryDependent[] {
  const targetRef = entityRefOf(target);
  const provided = new Set(index.links(target, 'providesApis'));
  const dependents: BoundaryDependent[] = [];
  for (const candidate of index.ofKind('Component')) {
    const ref = entityRefOf(candidate);
    if (ref === targetRef) continue;
    const relations: DependencyRelation[] = [];
    if (index.links(candidate, 'dependsOn').includes(targetRef)) {
      relations.push('dependsOn');
    }
    const viaApis = index
      .links(candidate, 'consumesApis')
      .filter(api => provided.has(api));
    if (viaApis.length > 0) relations.push('consumesApi');
    if (relations.length > 0) {
      dependents.push({ entity: index.summary(candidate), relations, viaApis });
    }
  }
  return dependents.sort((a, b) => a.entity.ref.localeCompare(b.entity.ref));
}

/**
 * The service boundary of a component: responsibilities, declared
 * dependencies (components, resources, consumed APIs) each with its owner,
 * dependents and provided APIs.
 */
export function buildServiceBoundary(
  entity: Entity,
  index: CatalogIndex,
): ServiceBoundary {
  const dependencies: BoundaryDependency[] = [];
  for (const ref of index.links(entity, 'dependsOn')) {
    const { summary, missing } = index.summaryOfRef(ref);
    dependencies.push({
      relation: 'dependsOn',
      entity: summary,
      ...(missing ? { missing } : {}),
    });
  }
  for (const ref of index.links(entity, 'consumesApis')) {
    const { summary, missing } = index.summaryOfRef(ref);
    dependencies.push({
      relation: 'consumesApi',
      entity: summary,
      ...(missing ? { missing } : {}),
      providers: index.providersOf(ref).map(p => index.summary(p)),
    });
  }
  return {
    entity: index.summary(entity),
    responsibilities: responsibilitiesOf(entity),
    dependencies,
    dependents: dependentsOf(entity, index),
    providedApis: index
      .links(entity, 'providesApis')
      .map(ref => index.summaryOfRef(ref).summary),
  };
}
