import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  KindValidator,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * The organisation's catalog (catalog/) checked with the catalog's own policies and
 * kind validators, as the catalog backend applies them, plus a check the catalog only
 * makes at runtime (as an orphan or a dangling relation): every ref names an entity
 * that exists.
 */

const catalogRoot = resolve(__dirname, '../../../catalog');

// The same policies the catalog backend runs on every entity it ingests.
const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/** Loads the entry Location and every file it targets, recursively. */
function loadCatalog(file: string, seen = new Set<string>()): Entity[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const entities: Entity[] = [];
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (document.errors.length) {
      throw new Error(`${file}: ${document.errors[0].message}`);
    }
    const entity = document.toJS() as Entity;
    if (!entity) continue;
    entities.push(entity);
    if (entity.kind === 'Location') {
      const targets = (entity.spec?.targets ?? [
        entity.spec?.target,
      ]) as string[];
      for (const target of targets.filter(Boolean)) {
        entities.push(...loadCatalog(resolve(dirname(file), target), seen));
      }
    }
  }
  return entities;
}

async function validate(entity: Entity): Promise<string[]> {
  const name = `${entity.kind}:${entity.metadata?.name}`;
  try {
    await policy.enforce(entity);
  } catch (error) {
    return [`${name}: ${(error as Error).message}`];
  }
  for (const validator of kindValidators) {
    try {
      if (await validator.check(entity)) return [];
    } catch (error) {
      return [`${name}: ${(error as Error).message}`];
    }
  }
  return [`${name}: no validator accepts kind ${entity.kind}`];
}

/** Spec fields that hold refs, with the kind a bare name means there. */
const relationFields: Record<string, string | undefined> = {
  owner: 'Group',
  system: 'System',
  domain: 'Domain',
  subcomponentOf: 'Component',
  dependsOn: undefined,
  dependencyOf: undefined,
  providesApis: 'API',
  consumesApis: 'API',
  memberOf: 'Group',
  parent: 'Group',
  children: 'Group',
};

function danglingRefs(entities: Entity[]): string[] {
  const known = new Set(entities.map(e => stringifyEntityRef(e)));
  const problems: string[] = [];
  for (const entity of entities) {
    for (const [field, defaultKind] of Object.entries(relationFields)) {
      const value = entity.spec?.[field];
      const refs = (Array.isArray(value) ? value : [value]).filter(
        (v): v is string => typeof v === 'string',
      );
      for (const ref of refs) {
        const target = stringifyEntityRef(parseEntityRef(ref, { defaultKind }));
        if (!known.has(target)) {
          problems.push(
            `${stringifyEntityRef(
              entity,
            )} spec.${field} -> ${target} does not exist`,
          );
        }
      }
    }
  }
  return problems;
}

describe('catalog files', () => {
  const entities = loadCatalog(resolve(catalogRoot, 'all.yaml'));

  it('holds the four deployed services with Kubernetes and Argo CD annotations', () => {
    for (const name of [
      'inventory-service',
      'order-service',
      'shipping-service',
      'ml-prediction-service',
    ]) {
      const component = entities.find(
        e => e.kind === 'Component' && e.metadata.name === name,
      );
      expect(component?.metadata.annotations).toMatchObject({
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': 'supply-chain',
        'argocd/app-name': name,
      });
      expect(
        (component?.spec?.responsibilities as string[]).length,
      ).toBeGreaterThan(0);
    }
  });

  it('passes the catalog policies and kind validators', async () => {
    const problems = (await Promise.all(entities.map(validate))).flat();
    expect(problems).toEqual([]);
  });

  it('has no relation pointing to a missing entity', () => {
    expect(danglingRefs(entities)).toEqual([]);
  });

  it('would report a broken entity and a dangling ref', async () => {
    const broken: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'Not A Valid Name!' },
      spec: { type: 'service', lifecycle: 'production', owner: 'no-such-team' },
    };
    expect(await validate(broken)).toEqual([
      expect.stringContaining('metadata.name'),
    ]);
    expect(danglingRefs([broken])).toEqual([
      expect.stringContaining('group:default/no-such-team does not exist'),
    ]);
  });
});
