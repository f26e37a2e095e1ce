import type {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  DeploymentTarget,
  hpaTargetsDeployment,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  RolloutActionResponse,
  rolloutsPausePermission,
  rolloutsRestartPermission,
  rolloutsScalePermission,
  rolloutsUndoPermission,
} from '@supply-chain/plugin-rollouts-common';
import type {
  RolloutsClusterCacheService,
  RolloutsClusterClientService,
} from '@supply-chain/plugin-rollouts-node';
import {
  assertWriter,
  WriteOwnershipService,
} from '@supply-chain/plugin-service-boundaries-node';
import type { Request } from 'express';
import { EntityName, EntityRolloutsService } from './EntityRolloutsService';

/** The rollout actions. */
export type RolloutAction = RolloutActionResponse['action'];

const PERMISSIONS: Record<
  RolloutAction,
  ResourcePermission<'catalog-entity'>
> = {
  restart: rolloutsRestartPermission,
  pause: rolloutsPausePermission,
  resume: rolloutsPausePermission,
  undo: rolloutsUndoPermission,
  scale: rolloutsScalePermission,
};

/** kubectl's `annotationsToSkip` in rollback.go: never copied from a ReplicaSet on undo. */
const UNDO_SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const STRATEGIC_MERGE = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

export interface ActionRequest {
  action: RolloutAction;
  entity: EntityName;
  target: DeploymentTarget;
  toRevision?: number;
  replicas?: number;
  credentials: BackstageCredentials;
  request: Request<any, any, any, any, any>;
}

/**
 * Restart, pause/resume, undo and scale, each audited, permission-checked
 * against the entity, and allowed only on a Deployment the platform assigns to
 * that entity (write ownership, docs/SECURITY.md).
 */
export class RolloutActionsService {
  private constructor(
    private readonly cache: RolloutsClusterCacheService,
    private readonly client: RolloutsClusterClientService,
    private readonly entities: EntityRolloutsService,
    private readonly permissions: PermissionsService,
    private readonly auditor: AuditorService,
    private readonly ownership: WriteOwnershipService,
  ) {}

  static create(deps: {
    cache: RolloutsClusterCacheService;
    client: RolloutsClusterClientService;
    entities: EntityRolloutsService;
    permissions: PermissionsService;
    auditor: AuditorService;
    ownership: WriteOwnershipService;
  }): RolloutActionsService {
    return new RolloutActionsService(
      deps.cache,
      deps.client,
      deps.entities,
      deps.permissions,
      deps.auditor,
      deps.ownership,
    );
  }

  async perform(req: ActionRequest): Promise<RolloutActionResponse> {
    const entityRef = stringifyEntityRef(req.entity);
    const { cluster, namespace, name } = req.target;
    const event = await this.auditor.createEvent({
      eventId: `rollout-${req.action}`,
      severityLevel: 'medium',
      request: req.request,
      meta: {
        action: req.action,
        entityRef,
        cluster,
        namespace,
        deployment: name,
        ...(req.toRevision !== undefined ? { toRevision: req.toRevision } : {}),
        ...(req.replicas !== undefined ? { replicas: req.replicas } : {}),
      },
    });
    try {
      const [decision] = await this.permissions.authorize(
        [{ permission: PERMISSIONS[req.action], resourceRef: entityRef }],
        { credentials: req.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You may not ${req.action} the rollouts of ${entityRef} (permission ${
            PERMISSIONS[req.action].name
          })`,
        );
      }
      const entity = await this.entities.getEntity(req.entity, req.credentials);
      const deployment = this.entities.ownedDeployment(
        entity,
        cluster,
        namespace,
        name,
      );
      assertWriter(
        await this.ownership.forWorkload({
          cluster,
          namespace,
          name,
          kind: 'Deployment',
          labels: deployment.metadata.labels,
        }),
        entityRef,
      );
      const message = await this.execute(req);
      await event.success({ meta: { message } });
      return {
        action: req.action,
        target: { cluster, namespace, name },
        message,
      };
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  private path(t: DeploymentTarget, sub = ''): string {
    return `/apis/apps/v1/namespaces/${encodeURIComponent(
      t.namespace,
    )}/deployments/${encodeURIComponent(t.name)}${sub}`;
  }

  private async call<T = any>(
    t: DeploymentTarget,
    method: 'GET' | 'PATCH',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    try {
      return await this.client.request<T>(
        t.cluster,
        method,
        path,
        body,
        contentType,
      );
    } catch (e) {
      const status = (e as { statusCode?: number }).statusCode;
      const message = (e as Error).message;
      if (status === 404) throw new NotFoundError(message);
      if (status === 409)
        throw new ConflictError(
          `${message} (the Deployment changed meanwhile; try again)`,
        );
      if (status === 422 || status === 400) throw new InputError(message);
      if (status === undefined) throw new ServiceUnavailableError(message);
      throw new Error(message);
    }
  }

  private async execute(req: ActionRequest): Promise<string> {
    const t = req.target;
    const live = await this.call(t, 'GET', this.path(t));
    const paused = !!live.spec?.paused;
    switch (req.action) {
      case 'restart': {
        if (paused) {
          throw new ConflictError(
            `can't restart paused deployment "${t.name}" (resume it first)`,
          );
        }
        const restartedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
        await this.call(
          t,
          'PATCH',
          this.path(t),
          {
            spec: {
              template: {
                metadata: {
                  annotations: {
                    'kubectl.kubernetes.io/restartedAt': restartedAt,
                  },
                },
              },
            },
          },
          STRATEGIC_MERGE,
        );
        return `deployment "${t.name}" restarted (kubectl.kubernetes.io/restartedAt=${restartedAt})`;
      }
      case 'pause':
      case 'resume': {
        const want = req.action === 'pause';
        if (paused === want) {
          return `deployment "${t.name}" is already ${
            want ? 'paused' : 'running (not paused)'
          }`;
        }
        await this.call(
          t,
          'PATCH',
          this.path(t),
          { spec: { paused: want } },
          MERGE,
        );
        return `deployment "${t.name}" ${want ? 'paused' : 'resumed'}`;
      }
      case 'scale': {
        const hpa = this.cache
          .listHorizontalPodAutoscalers(t.cluster, { namespace: t.namespace })
          .find(h =>
            hpaTargetsDeployment(h, {
              metadata: { name: t.name, namespace: t.namespace },
              spec: { selector: {}, template: {} },
            }),
          );
        if (hpa) {
          throw new ConflictError(
            `deployment "${t.name}" is scaled by HorizontalPodAutoscaler "${
              hpa.metadata.name
            }" (min ${hpa.spec.minReplicas ?? 1}, max ${
              hpa.spec.maxReplicas
            }); change the HPA's minReplicas/maxReplicas instead`,
          );
        }
        await this.call(
          t,
          'PATCH',
          this.path(t, '/scale'),
          { spec: { replicas: req.replicas } },
          MERGE,
        );
        return `deployment "${t.name}" scaled from ${
          live.spec?.replicas ?? 1
        } to ${req.replicas} replicas`;
      }
      case 'undo':
        return this.undo(t, live, req.toRevision!);
      default:
        throw new InputError(`unknown action ${req.action}`);
    }
  }

  /** `kubectl rollout undo --to-revision=N` (k8s.io/kubectl/pkg/polymorphichelpers/rollback.go). */
  private async undo(
    t: DeploymentTarget,
    live: any,
    toRevision: number,
  ): Promise<string> {
    if (live.spec?.paused) {
      throw new ConflictError(
        `you cannot roll back a paused deployment; resume "${t.name}" first and try again`,
      );
    }
    const list = await this.call<{ items: any[] }>(
      t,
      'GET',
      `/apis/apps/v1/namespaces/${encodeURIComponent(t.namespace)}/replicasets`,
    );
    const owned = (list.items ?? []).filter(rs =>
      rs.metadata?.ownerReferences?.some(
        (o: any) =>
          o.controller &&
          o.kind === 'Deployment' &&
          o.uid === live.metadata?.uid,
      ),
    );
    const revisionOf = (rs: any) =>
      Number(rs.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
    const target = owned.find(rs => revisionOf(rs) === toRevision);
    if (!target) {
      const known = owned
        .map(revisionOf)
        .filter(r => r > 0)
        .sort((a, b) => a - b);
      throw new InputError(
        `toRevision: deployment "${
          t.name
        }" has no revision ${toRevision} (revisions: ${
          known.join(', ') || 'none'
        })`,
      );
    }
    const template = JSON.parse(JSON.stringify(target.spec.template));
    if (template.metadata?.labels)
      delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    const currentTemplate = JSON.parse(JSON.stringify(live.spec.template));
    if (
      JSON.stringify(sortKeys(currentTemplate)) ===
      JSON.stringify(sortKeys(template))
    ) {
      return `skipped rollback (current template already matches revision ${toRevision})`;
    }
    const annotations: Record<string, string> = {
      ...(live.metadata?.annotations ?? {}),
    };
    for (const [k, v] of Object.entries<string>(
      target.metadata?.annotations ?? {},
    )) {
      if (!UNDO_SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
    }
    await this.call(
      t,
      'PATCH',
      this.path(t),
      [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ],
      JSON_PATCH,
    );
    return `deployment "${t.name}" rolled back to revision ${toRevision}`;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(k => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
