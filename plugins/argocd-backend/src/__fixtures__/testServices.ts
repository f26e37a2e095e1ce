/*
 * Hand-written stand-ins for the core services the router uses.
 * (@backstage/backend-test-utils has no release matching 1.57.0's
 * backend-defaults on the registry this repository uses; see README.)
 */
import {
  AuditorService,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { AuthenticationError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { WriteOwnershipService } from '@supply-chain/plugin-service-boundaries-node';

/** `Authorization: Bearer user:default/alice` → that user; no header → 401. */
export function fakeHttpAuth(): HttpAuthService {
  return {
    async credentials(req: any, options?: { allow?: string[] }) {
      const header: string | undefined = req.headers.authorization;
      const m = header && /^Bearer (user|service):(.+)$/.exec(header);
      if (!m) throw new AuthenticationError('Missing credentials');
      const principal =
        m[1] === 'user'
          ? { type: 'user', userEntityRef: `user:${m[2]}` }
          : { type: 'service', subject: m[2] };
      if (options?.allow && !options.allow.includes(principal.type)) {
        throw new AuthenticationError(
          `This endpoint does not accept ${principal.type} credentials`,
        );
      }
      return { $$type: '@backstage/BackstageCredentials', principal } as any;
    },
    async issueUserCookie() {
      return { expiresAt: new Date() };
    },
  } as HttpAuthService;
}

/** Allows reads; writes only for `owners` (user refs) — like the app's owner-or-admin policy. */
export function fakePermissions(owners: string[]): PermissionsService & {
  calls: Array<{ permission: string; resourceRef?: string; user?: string }>;
} {
  const calls: Array<{
    permission: string;
    resourceRef?: string;
    user?: string;
  }> = [];
  return {
    calls,
    async authorize(
      requests: any[],
      options: { credentials: BackstageCredentials },
    ) {
      const user = (options.credentials.principal as any).userEntityRef;
      return requests.map(r => {
        calls.push({
          permission: r.permission.name,
          resourceRef: r.resourceRef,
          user,
        });
        const write = r.permission.attributes.action === 'update';
        return {
          result:
            !write || owners.includes(user)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      });
    },
    async authorizeConditional() {
      throw new Error('not used');
    },
  } as any;
}

export function recordingAuditor(): AuditorService & {
  events: Array<{
    eventId: string;
    status: string;
    meta?: object;
    error?: string;
  }>;
} {
  const events: Array<{
    eventId: string;
    status: string;
    meta?: object;
    error?: string;
  }> = [];
  return {
    events,
    async createEvent(options) {
      events.push({
        eventId: options.eventId,
        status: 'initiated',
        meta: options.meta,
      });
      return {
        async success(o) {
          events.push({
            eventId: options.eventId,
            status: 'succeeded',
            meta: o?.meta,
          });
        },
        async fail(o) {
          events.push({
            eventId: options.eventId,
            status: 'failed',
            error: o.error.message,
          });
        },
      };
    },
  };
}

export function fakeCatalog(entities: Entity[]): CatalogService {
  return {
    // every entity: the write-ownership rule does its own matching
    async getEntities() {
      return { items: entities };
    },
    async getEntityByRef(ref: any) {
      const r =
        typeof ref === 'string'
          ? ref
          : `${ref.kind}:${ref.namespace}/${ref.name}`;
      return entities.find(
        e =>
          `${e.kind}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`.toLowerCase() === r.toLowerCase(),
      );
    },
  } as unknown as CatalogService;
}

/** where test entities come from: a trusted location of {@link fakeOwnership} */
export const TRUSTED_ORIGIN = 'url:http://catalog.test/org/catalog-info.yaml';

/** Write ownership over the given entities, trusting {@link TRUSTED_ORIGIN}. */
export function fakeOwnership(entities: Entity[]): WriteOwnershipService {
  return WriteOwnershipService.create({
    catalog: fakeCatalog(entities),
    auth: {
      getOwnServiceCredentials: async () => ({}),
    } as unknown as AuthService,
    config: new ConfigReader({
      supplyChain: {
        ownership: { trustedLocations: ['url:http://catalog.test/org/'] },
      },
    }),
  });
}

export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-origin-location': TRUSTED_ORIGIN,
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/order-team',
    },
  };
}
