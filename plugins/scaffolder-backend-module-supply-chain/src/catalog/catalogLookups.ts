import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@supply-chain/plugin-rollouts-common';
import { ServiceCaller } from '../rendering/serviceManifests';

/** Parses a ref (`group:default/x`, `group:x`, `x` with a default kind) or throws an InputError naming the field. */
export function parseRefField(
  value: string,
  field: string,
  defaultKind: string,
): CompoundEntityRef {
  try {
    return parseEntityRef(value, { defaultKind, defaultNamespace: 'default' });
  } catch (e) {
    throw new InputError(
      `${field}: '${value}' is not an entity reference (${
        (e as Error).message
      })`,
    );
  }
}

/**
 * Loads the entities behind `refs` in one call; throws an InputError naming
 * every field whose entity is not in the catalog.
 */
export async function requireEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  refs: { field: string; ref: CompoundEntityRef; kinds?: string[] }[],
): Promise<Entity[]> {
  if (refs.length === 0) {
    return [];
  }
  const entityRefs = refs.map(r => stringifyEntityRef(r.ref));
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs },
    { credentials },
  );
  const problems: string[] = [];
  items.forEach((entity, i) => {
    const { field, ref, kinds } = refs[i];
    if (!entity) {
      problems.push(`${field}: ${entityRefs[i]} is not in the catalog`);
    } else if (
      kinds &&
      !kinds.includes(entity.kind.toLocaleLowerCase('en-US'))
    ) {
      problems.push(
        `${field}: ${stringifyEntityRef(ref)} is a ${
          entity.kind
        }, expected ${kinds.join(' or ')}`,
      );
    }
  });
  if (problems.length > 0) {
    throw new InputError(problems.join('; '));
  }
  return items as Entity[];
}

/** The service account a component's pods run as: `<kubernetes-id or name>-sa`. */
export function callerOf(
  entity: Entity,
  defaultNamespace: string,
): ServiceCaller {
  const id =
    entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID] ??
    entity.metadata.name;
  return {
    serviceAccount: `${id}-sa`,
    namespace:
      entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE] ??
      defaultNamespace,
  };
}

/**
 * The components that declare a dependency on `service` (their
 * `spec.dependsOn`, which the catalog turns into `dependsOn` relations),
 * resolved to their service accounts, sorted by principal.
 */
export async function findCallers(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  service: CompoundEntityRef,
  defaultNamespace: string,
): Promise<{ callers: ServiceCaller[]; callerRefs: string[] }> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        'relations.dependsOn': stringifyEntityRef(service),
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const sorted = [...items].sort((a, b) =>
    stringifyEntityRef(a).localeCompare(stringifyEntityRef(b)),
  );
  return {
    callers: sorted.map(e => callerOf(e, defaultNamespace)),
    callerRefs: sorted.map(e => stringifyEntityRef(e)),
  };
}
