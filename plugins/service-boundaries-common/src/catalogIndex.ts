import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ContactLink, EntitySummary, OwnerInfo, OwnerMember } from './types';

/**
 * Normalises an entity ref as written in a spec field (`inventory-db`,
 * `resource:inventory-db`, `Resource:default/inventory-db`) to the full,
 * lower-case form. Returns undefined when it cannot be read (no kind and no
 * default kind, or not a string).
 */
export function normalizeEntityRef(
  ref: unknown,
  context: { defaultKind?: string; defaultNamespace?: string } = {},
): string | undefined {
  if (typeof ref !== 'string' || !ref.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), {
        defaultKind: context.defaultKind,
        defaultNamespace: context.defaultNamespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * What a {@link CatalogIndex} needs from the catalog, for one `getEntities`
 * call: the kinds the family reads, and only the fields it uses (no API
 * definitions, no large specs).
 */
export const CATALOG_INDEX_QUERY = {
  filter: [
    'Component',
    'API',
    'Resource',
    'System',
    'Domain',
    'Group',
    'User',
  ].map(kind => ({ kind })),
  fields: [
    'kind',
    'metadata.name',
    'metadata.namespace',
    'metadata.title',
    'metadata.description',
    'metadata.annotations',
    'metadata.links',
    'spec.type',
    'spec.owner',
    'spec.system',
    'spec.domain',
    'spec.dependsOn',
    'spec.consumesApis',
    'spec.providesApis',
    'spec.responsibilities',
    'spec.profile',
    'spec.memberOf',
    'relations',
  ],
};

/** Ref of an entity, lower case. */
export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}

function asStringList(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return typeof value === 'string' ? [value] : [];
}

/** Spec field and relation type of each kind of declared link. */
const LINKS = {
  dependsOn: {
    field: 'dependsOn',
    relation: 'dependsOn',
    defaultKind: undefined,
  },
  consumesApis: {
    field: 'consumesApis',
    relation: 'consumesApi',
    defaultKind: 'API',
  },
  providesApis: {
    field: 'providesApis',
    relation: 'providesApi',
    defaultKind: 'API',
  },
  memberOf: { field: 'memberOf', relation: 'memberOf', defaultKind: 'Group' },
} as const;

/** A declared link type of an entity. */
export type LinkType = keyof typeof LINKS;

/**
 * An in-memory index over catalog entities, used by every pure computation
 * of the family. Reads the spec fields (as written in catalog files) and, when
 * present, the relations the catalog computed from them.
 */
export class CatalogIndex {
  private readonly byRef = new Map<string, Entity>();
  private readonly byKindCache = new Map<string, Entity[]>();
  private membersCache?: Map<string, Entity[]>;
  private providersCache?: Map<string, Entity[]>;

  static fromEntities(entities: Iterable<Entity>): CatalogIndex {
    return new CatalogIndex(entities);
  }

  private constructor(entities: Iterable<Entity>) {
    for (const entity of entities) {
      if (entity?.kind && entity.metadata?.name) {
        this.byRef.set(entityRefOf(entity), entity);
      }
    }
  }

  get size(): number {
    return this.byRef.size;
  }

  get(ref: string | undefined): Entity | undefined {
    return ref ? this.byRef.get(ref.toLocaleLowerCase('en-US')) : undefined;
  }

  all(): Entity[] {
    return [...this.byRef.values()];
  }

  ofKind(kind: string): Entity[] {
    const key = kind.toLocaleLowerCase('en-US');
    let list = this.byKindCache.get(key);
    if (!list) {
      list = this.all().filter(e => e.kind.toLocaleLowerCase('en-US') === key);
      this.byKindCache.set(key, list);
    }
    return list;
  }

  /** Declared refs of an entity: spec field ∪ relations of that type. */
  links(entity: Entity, type: LinkType): string[] {
    const { field, relation, defaultKind } = LINKS[type];
    const namespace = entity.metadata.namespace ?? 'default';
    const refs = new Set<string>();
    for (const raw of asStringList((entity.spec as any)?.[field])) {
      const ref = normalizeEntityRef(raw, {
        defaultKind,
        defaultNamespace: namespace,
      });
      if (ref) refs.add(ref);
    }
    for (const rel of entity.relations ?? []) {
      if (rel.type === relation && rel.targetRef) {
        refs.add(rel.targetRef.toLocaleLowerCase('en-US'));
      }
    }
    return [...refs];
  }

  ownerRef(entity: Entity): string | undefined {
    const fromSpec = normalizeEntityRef((entity.spec as any)?.owner, {
      defaultKind: 'Group',
      defaultNamespace: entity.metadata.namespace,
    });
    if (fromSpec) return fromSpec;
    return entity.relations
      ?.find(r => r.type === 'ownedBy')
      ?.targetRef?.toLocaleLowerCase('en-US');
  }

  systemRef(entity: Entity): string | undefined {
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'system') {
      return undefined;
    }
    const fromSpec = normalizeEntityRef((entity.spec as any)?.system, {
      defaultKind: 'System',
      defaultNamespace: entity.metadata.namespace,
    });
    if (fromSpec) return fromSpec;
    return entity.relations
      ?.find(
        r =>
          r.type === 'partOf' &&
          r.targetRef?.toLocaleLowerCase('en-US').startsWith('system:'),
      )
      ?.targetRef?.toLocaleLowerCase('en-US');
  }

  domainRef(entity: Entity): string | undefined {
    const fromSpec = normalizeEntityRef((entity.spec as any)?.domain, {
      defaultKind: 'Domain',
      defaultNamespace: entity.metadata.namespace,
    });
    if (fromSpec) return fromSpec;
    return entity.relations
      ?.find(
        r =>
          r.type === 'partOf' &&
          r.targetRef?.toLocaleLowerCase('en-US').startsWith('domain:'),
      )
      ?.targetRef?.toLocaleLowerCase('en-US');
  }

  summary(entity: Entity): EntitySummary {
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    return {
      ref: entityRefOf(entity),
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      title: entity.metadata.title,
      description: entity.metadata.description,
      type: typeof spec.type === 'string' ? spec.type : undefined,
      owner: this.ownerRef(entity),
      system: this.systemRef(entity),
    };
  }

  /** Summary of a ref; a ref naming no visible entity gets a bare summary. */
  summaryOfRef(ref: string): { summary: EntitySummary; missing: boolean } {
    const entity = this.get(ref);
    if (entity) return { summary: this.summary(entity), missing: false };
    const parsed = parseEntityRef(ref);
    return {
      summary: {
        ref,
        kind: parsed.kind,
        namespace: parsed.namespace,
        name: parsed.name,
      },
      missing: true,
    };
  }

  /** Components providing an API. */
  providersOf(apiRef: string): Entity[] {
    if (!this.providersCache) {
      const map = new Map<string, Entity[]>();
      for (const entity of this.all()) {
        for (const api of this.links(entity, 'providesApis')) {
          map.set(api, [...(map.get(api) ?? []), entity]);
        }
      }
      this.providersCache = map;
    }
    return this.providersCache.get(apiRef.toLocaleLowerCase('en-US')) ?? [];
  }

  /** Users that are members of a group. */
  membersOf(groupRef: string): Entity[] {
    if (!this.membersCache) {
      const map = new Map<string, Entity[]>();
      const add = (group: string, user: Entity) => {
        const list = map.get(group) ?? [];
        if (!list.includes(user)) list.push(user);
        map.set(group, list);
      };
      for (const user of this.ofKind('User')) {
        for (const group of this.links(user, 'memberOf')) add(group, user);
      }
      for (const group of this.ofKind('Group')) {
        for (const rel of group.relations ?? []) {
          const user =
            rel.type === 'hasMember' ? this.get(rel.targetRef) : undefined;
          if (user) add(entityRefOf(group), user);
        }
      }
      this.membersCache = map;
    }
    return this.membersCache.get(groupRef.toLocaleLowerCase('en-US')) ?? [];
  }

  /** The owner with its members and contact links. */
  ownerInfo(ownerRef: string | undefined): OwnerInfo | undefined {
    if (!ownerRef) return undefined;
    const owner = this.get(ownerRef);
    if (!owner) {
      const parsed = parseEntityRef(ownerRef);
      return {
        ref: ownerRef,
        kind: parsed.kind,
        name: parsed.name,
        links: [],
        members: [],
        missing: true,
      };
    }
    const profile = ((owner.spec as any)?.profile ?? {}) as {
      displayName?: string;
      email?: string;
    };
    const links: ContactLink[] = (owner.metadata.links ?? []).map(l => ({
      title: l.title,
      url: l.url,
      type: l.type,
    }));
    const isUser = owner.kind.toLocaleLowerCase('en-US') === 'user';
    const members: OwnerMember[] = (isUser ? [owner] : this.membersOf(ownerRef))
      .map(user => {
        const p = ((user.spec as any)?.profile ?? {}) as {
          displayName?: string;
          email?: string;
        };
        return {
          ref: entityRefOf(user),
          name: user.metadata.name,
          displayName: p.displayName ?? user.metadata.title,
          email: p.email,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      ref: entityRefOf(owner),
      kind: owner.kind,
      name: owner.metadata.name,
      title: profile.displayName ?? owner.metadata.title,
      email: profile.email,
      links,
      members,
    };
  }
}
