/*
 * Catalog sources (docs/SECURITY.md, "Catalog sources"): which locations a
 * signed-in user may register, move or delete. The catalog's permissions for
 * locations are basic permissions (the policy never sees the target or the
 * location's entities), so this module of the catalog plugin checks them in
 * front of the catalog's own routes:
 * - POST /locations, POST /analyze-location: only `url` targets in canonical
 *   form under `supplyChain.permission.registrableLocations`; a registration
 *   is dry-run first and refused when the catalog would refuse a kind
 *   (`catalog.rules`) or when an entity it holds already exists from another
 *   source (a name cannot be taken over);
 * - PUT /locations/:id (moving a location): admins only;
 * - DELETE /locations/:id: admins, or a user who owns every entity the location
 *   produced (deleting a location deletes its entities);
 * - DELETE /entities/by-uid/:uid: refused up front, naming the owners, when the
 *   user owns it not (the policy's isEntityOwner stays the enforcement).
 * Service principals (backend plugins, admin-held static tokens) pass: the
 * permission framework allows them everything anyway. The catalog's rules stay
 * the enforcement at ingestion; this module gives the clear refusal up front.
 */
import {
  AuthService,
  BackstageCredentials,
  coreServices,
  createBackendModule,
  DiscoveryService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readAdminGroups } from './adminGroups';

type Handler = Parameters<HttpRouterService['use']>[0];
type Request = Parameters<Handler>[0];

const ORIGIN = 'backstage.io/managed-by-origin-location';
const MAX_BODY = 1024 * 1024;

class Refusal extends Error {
  constructor(
    readonly status: 400 | 403 | 409,
    readonly errorName: 'InputError' | 'NotAllowedError' | 'ConflictError',
    message: string,
  ) {
    super(message);
  }
}
const input = (message: string) => new Refusal(400, 'InputError', message);
const notAllowed = (message: string) =>
  new Refusal(403, 'NotAllowedError', message);

/** The registrable prefixes from config, each ending with `/`. */
export function readRegistrableLocations(config: Config): string[] {
  return (
    config.getOptionalStringArray(
      'supplyChain.permission.registrableLocations',
    ) ?? []
  ).map(prefix => {
    const url = new URL(prefix);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(
        `supplyChain.permission.registrableLocations: ${prefix} is not an http(s) URL`,
      );
    }
    return prefix.endsWith('/') ? prefix : `${prefix}/`;
  });
}

/**
 * Why a `url` target may not be registered by a non-admin, or undefined when
 * it may: it must be an http(s) URL in canonical form (what the catalog stores
 * and matches rules and trust on is what it reads: no `..`, no escapes, no
 * query or fragment, no credentials) under one of the registrable prefixes.
 */
export function checkTarget(
  target: string,
  prefixes: readonly string[],
): Refusal | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return input(`Location target ${target} is not a URL`);
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.href !== target ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    /%|\\|\/\.\.?(\/|$)/.test(target)
  ) {
    return input(
      `Location target ${target} is not in canonical form (an http(s) URL without '..', escapes, query or fragment)`,
    );
  }
  if (!prefixes.some(prefix => target.startsWith(prefix))) {
    return notAllowed(
      `Location target ${target} is not under a registrable location (supplyChain.permission.registrableLocations); ask an admin to register it`,
    );
  }
  return undefined;
}

async function readJsonBody(req: Request): Promise<any> {
  const incoming = req as unknown as IncomingMessage & {
    body?: unknown;
    _body?: boolean;
  };
  if (incoming._body) return incoming.body;
  if (!/json/.test(String(req.headers['content-type'] ?? ''))) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw input('Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw input('Request body is not valid JSON');
  }
  // hand the parsed body on: the catalog's own JSON parser skips a parsed body
  incoming.body = body;
  incoming._body = true;
  return body;
}

function send(res: ServerResponse, refusal: Refusal) {
  res.statusCode = refusal.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify({
      error: { name: refusal.errorName, message: refusal.message },
      response: { statusCode: refusal.status },
    }),
  );
}

export interface CatalogSourcesGuardOptions {
  config: Config;
  httpAuth: HttpAuthService;
  auth: AuthService;
  userInfo: UserInfoService;
  discovery: DiscoveryService;
  logger: LoggerService;
  /** for tests: the catalog's API (defaults to fetch against discovery) */
  fetchCatalog?: (path: string, init?: RequestInit) => Promise<Response>;
}

/** Which guarded route a request is, or undefined when it is not guarded. */
function routeOf(method: string, path: string) {
  if (method === 'POST' && /^\/locations\/?$/.test(path)) return 'create';
  if (method === 'POST' && /^\/analyze-location\/?$/.test(path)) {
    return 'analyze';
  }
  if (method === 'PUT' && /^\/locations\/[^/]+\/?$/.test(path)) return 'move';
  if (method === 'DELETE' && /^\/locations\/[^/]+\/?$/.test(path)) {
    return 'delete';
  }
  if (method === 'DELETE' && /^\/entities\/by-uid\/[^/]+\/?$/.test(path)) {
    return 'unregister';
  }
  return undefined;
}

/** The middleware in front of the catalog's location routes. */
export function createCatalogSourcesGuard(
  options: CatalogSourcesGuardOptions,
): Handler {
  const { config, httpAuth, auth, userInfo, discovery, logger } = options;
  const prefixes = readRegistrableLocations(config);
  const adminGroups = readAdminGroups(config);
  const adminsText = [...adminGroups].join(', ');

  const fetchCatalog =
    options.fetchCatalog ??
    (async (path: string, init: RequestInit = {}) => {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'catalog',
      });
      return fetch(`${await discovery.getBaseUrl('catalog')}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      });
    });

  const catalogJson = async (path: string, init?: RequestInit) => {
    const res = await fetchCatalog(path, init);
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json };
  };

  /** Entities whose origin is the location, with the refs of their owners. */
  const entitiesOf = async (type: string, target: string) => {
    const filter = `metadata.annotations.${ORIGIN}=${type}:${target}`;
    const { status, json } = await catalogJson(
      `/entities?filter=${encodeURIComponent(
        filter,
      )}&fields=kind,metadata.namespace,metadata.name,relations`,
    );
    if (status !== 200 || !Array.isArray(json)) {
      throw new Error(
        `catalog answered ${status} listing a location's entities`,
      );
    }
    return json as Array<{
      kind: string;
      metadata: { name: string; namespace?: string };
      relations?: Array<{ type: string; targetRef: string }>;
    }>;
  };

  /**
   * A dry run of the registration (the catalog's own processing and rules):
   * refused with the catalog's message when it would refuse the content, and
   * when an entity in it already exists from another source.
   */
  const dryRun = async (type: string, target: string) => {
    const { status, json } = await catalogJson('/locations?dryRun=true', {
      method: 'POST',
      body: JSON.stringify({ type, target }),
    });
    if (status >= 400) {
      const message = String(json?.error?.message ?? `HTTP ${status}`);
      throw status === 409
        ? new Refusal(409, 'ConflictError', message)
        : input(message);
    }
    for (const e of (json?.entities ?? []) as any[]) {
      if (e.kind === 'Location') continue;
      const ref = `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLocaleLowerCase('en-US');
      const [kind, rest] = ref.split(':');
      const existing = await catalogJson(
        `/entities/by-name/${kind}/${rest
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`,
      );
      if (existing.status !== 200) continue;
      const origin = existing.json?.metadata?.annotations?.[ORIGIN];
      if (origin === `${type}:${target}`) continue;
      const owner = existing.json?.spec?.owner;
      throw new Refusal(
        409,
        'ConflictError',
        `${ref} already exists (from another source${
          owner ? `, owned by ${owner}` : ''
        }); a registered location cannot take over its name`,
      );
    }
  };

  /**
   * The user's ownership claims: those of their token, plus their User
   * entity's memberOf groups from the organisation's catalog (a token may
   * carry only the user's own ref).
   */
  const isAdmin = async (credentials: BackstageCredentials) => {
    const { userEntityRef, ownershipEntityRefs } = await userInfo.getUserInfo(
      credentials,
    );
    const refs = new Set(
      [userEntityRef, ...ownershipEntityRefs].map(r =>
        r.toLocaleLowerCase('en-US'),
      ),
    );
    const [kind, rest] = userEntityRef.split(':');
    const user = await catalogJson(
      `/entities/by-name/${kind}/${rest
        .split('/')
        .map(encodeURIComponent)
        .join('/')}`,
    );
    for (const r of user.json?.relations ?? []) {
      if (r.type === 'memberOf') {
        refs.add(String(r.targetRef).toLocaleLowerCase('en-US'));
      }
    }
    const claims = [...refs];
    return { admin: claims.some(c => adminGroups.has(c)), claims };
  };

  return (async (req, res, next) => {
    const path = req.path;
    const route = routeOf(req.method, path);
    if (!route) {
      next();
      return;
    }
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service', 'none'],
      });
      if (!auth.isPrincipal(credentials, 'user')) {
        // services are allowed everything; no principal: the catalog refuses
        next();
        return;
      }
      const { admin, claims } = await isAdmin(credentials);
      if (admin) {
        next();
        return;
      }
      if (route === 'move') {
        throw notAllowed(
          `Moving a registered location is for admins (${adminsText}); unregister it and register the new target`,
        );
      }
      if (route === 'unregister') {
        const uid = decodeURIComponent(path.split('/')[3]);
        const found = await catalogJson(
          `/entities/by-uid/${encodeURIComponent(uid)}`,
        );
        if (found.status !== 200) {
          next(); // the catalog answers 404
          return;
        }
        const e = found.json;
        const owners: string[] = (e.relations ?? [])
          .filter((r: any) => r.type === 'ownedBy')
          .map((r: any) => String(r.targetRef).toLocaleLowerCase('en-US'));
        if (!owners.some(o => claims.includes(o))) {
          const ref = `${e.kind}:${e.metadata.namespace ?? 'default'}/${
            e.metadata.name
          }`.toLocaleLowerCase('en-US');
          throw notAllowed(
            `${ref} is owned by ${
              owners.join(', ') || 'no one'
            }; only its owners or admins (${adminsText}) may unregister it`,
          );
        }
        next();
        return;
      }
      if (route === 'delete') {
        const id = decodeURIComponent(path.split('/')[2]);
        const found = await catalogJson(`/locations/${encodeURIComponent(id)}`);
        if (found.status !== 200) {
          next(); // the catalog answers 404
          return;
        }
        const { type, target } = found.json;
        const entities = (await entitiesOf(type, target)).filter(
          e => e.kind !== 'Location',
        );
        const owners = new Set(
          entities.flatMap(e =>
            (e.relations ?? [])
              .filter(r => r.type === 'ownedBy')
              .map(r => r.targetRef.toLocaleLowerCase('en-US')),
          ),
        );
        const unowned = entities.filter(
          e =>
            !(e.relations ?? []).some(
              r =>
                r.type === 'ownedBy' &&
                claims.includes(r.targetRef.toLocaleLowerCase('en-US')),
            ),
        );
        if (entities.length === 0 || unowned.length > 0) {
          const foreign = [...owners].filter(o => !claims.includes(o));
          throw notAllowed(
            entities.length === 0
              ? `Location ${type}:${target} holds no entity you own; only admins (${adminsText}) may unregister it`
              : `Location ${type}:${target} holds entities owned by ${
                  foreign.join(', ') || 'no one'
                }; only their owners or admins (${adminsText}) may unregister it`,
          );
        }
        next();
        return;
      }
      const body = await readJsonBody(req);
      const location = route === 'analyze' ? body?.location : body;
      const type = location?.type;
      const target = location?.target;
      if (typeof type !== 'string' || typeof target !== 'string') {
        next(); // the catalog's validation names the missing field
        return;
      }
      if (type !== 'url') {
        throw input(
          `Registered locations must be of an allowed type ["url"]; ${type} locations are configured by admins`,
        );
      }
      const refusal = checkTarget(target, prefixes);
      if (refusal) throw refusal;
      if (route === 'create') await dryRun(type, target);
      next();
    } catch (error) {
      if (error instanceof Refusal) {
        logger.info(
          `catalog sources: refused ${route} of a location: ${error.message}`,
        );
        send(res, error);
        return;
      }
      next(error);
    }
  }) as Handler;
}

/** The catalog module that installs the guard in front of the catalog's routes. */
export const catalogSourcesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'supply-chain-sources',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        discovery: coreServices.discovery,
        logger: coreServices.logger,
      },
      async init({ httpRouter, ...deps }) {
        // Modules initialise before their plugin: this runs before the catalog's router.
        httpRouter.use(createCatalogSourcesGuard(deps));
      },
    });
  },
});
