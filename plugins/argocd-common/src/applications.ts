/*
 * Pure shaping of Argo CD applications into the portal's answers, and the
 * wording of the portal's own messages about them.
 */
import {
  ARGOCD_ANNOTATION_APP_NAME,
  ARGOCD_ANNOTATION_APP_SELECTOR,
  ARGOCD_ANNOTATION_PROJECT_NAME,
  ArgoCdEntityAnnotations,
} from './annotations';
import type {
  ArgoCdApplication,
  ArgoCdApplicationList,
  ArgoCdOperationInitiator,
} from './argoCdRestTypes';
import { orderHistory } from './history';
import type {
  ArgoCdAction,
  ArgoCdActionResponse,
  ArgoCdApplicationSummary,
  ArgoCdInstanceStatus,
  ArgoCdOperationSummary,
  ArgoCdResourcesResponse,
  ArgoCdRevision,
} from './portalApiTypes';
import { problemResources } from './resourceStatus';
import { sourcesOf } from './revisions';

/** Which application a per-app request is about. @public */
export interface ArgoCdAppKey {
  instance: string;
  name: string;
  appNamespace?: string;
}

/** Who started an operation or a deployment, as the portal shows it. @public */
export function initiatorOf(
  by: ArgoCdOperationInitiator | undefined,
): string | undefined {
  return by?.automated ? 'automated sync' : by?.username;
}

/** The application's operation, a requested one not yet started included. @public */
export function operationOf(
  app: ArgoCdApplication,
): ArgoCdOperationSummary | undefined {
  const op = app.status?.operationState;
  const requested = app.operation;
  if (requested && op?.phase !== 'Running') {
    // accepted by Argo CD, not yet started by the application controller
    return {
      phase: 'Running',
      message: 'operation requested, waiting for the application controller',
      initiatedBy: requested.initiatedBy?.username,
    };
  }
  if (!op?.phase) return undefined;
  return {
    phase: op.phase,
    message: op.message || undefined,
    startedAt: op.startedAt,
    finishedAt: op.finishedAt,
    initiatedBy: initiatorOf(op.operation?.initiatedBy),
  };
}

/** Whether `app` is the application `key` names (any namespace when the key has none). @public */
export function isApplication(
  app: ArgoCdApplication,
  key: Pick<ArgoCdAppKey, 'name' | 'appNamespace'>,
): boolean {
  return (
    app.metadata.name === key.name &&
    (key.appNamespace === undefined ||
      app.metadata.namespace === key.appNamespace)
  );
}

/**
 * The `GET /api/v1/applications` queries that find the applications the
 * annotations name: one per app name, one for the selector, or the
 * projects alone.
 * @public
 */
export function applicationQueries(
  annotations: ArgoCdEntityAnnotations,
): Array<Record<string, string | string[] | undefined>> {
  const common = {
    appNamespace: annotations.appNamespace,
    projects:
      annotations.projectNames.length > 0
        ? annotations.projectNames
        : undefined,
  };
  const queries: Array<Record<string, string | string[] | undefined>> =
    annotations.appNames.map(name => ({ ...common, name }));
  if (annotations.appSelector) {
    queries.push({ ...common, selector: annotations.appSelector });
  }
  if (queries.length === 0) queries.push(common);
  return queries;
}

/** The applications of several lists, each once (by namespace and name), sorted by name. @public */
export function uniqueApplications(
  lists: ArgoCdApplicationList[],
): ArgoCdApplication[] {
  const byKey = new Map<string, ArgoCdApplication>();
  for (const app of lists.flatMap(list => list.items ?? [])) {
    const key = `${app.metadata.namespace}/${app.metadata.name}`;
    if (!byKey.has(key)) byKey.set(key, app);
  }
  return [...byKey.values()].sort((x, y) =>
    x.metadata.name.localeCompare(y.metadata.name),
  );
}

/** The status of an instance the annotations name but the configuration does not. @public */
export function notConfiguredInstance(name: string): ArgoCdInstanceStatus {
  return {
    name,
    ok: false,
    error: {
      reason: 'not-configured',
      message: `No Argo CD instance named "${name}" is configured (argocd.appLocatorMethods); check the argocd/instance-name annotation`,
    },
  };
}

/** The status of an instance that refused the application lookup (e.g. a selector it cannot parse). @public */
export function refusedLookupInstance(
  name: string,
  status: number,
  message: string,
): ArgoCdInstanceStatus {
  return {
    name,
    ok: false,
    error: {
      reason: 'bad-response',
      message: `Argo CD instance "${name}" refused the application lookup (HTTP ${status}): ${message}`,
      status,
    },
  };
}

/** Why an entity's annotations found no application: which annotation, on which instances. @public */
export function emptyReasonOf(
  annotations: ArgoCdEntityAnnotations,
  instances: ArgoCdInstanceStatus[],
): string {
  const asked = instances.filter(i => i.ok).map(i => `"${i.name}"`);
  if (asked.length === 0) {
    return instances.length === 0
      ? 'No Argo CD instance is configured (argocd.appLocatorMethods)'
      : 'No Argo CD instance could be asked; see the errors per instance';
  }
  const what: string[] = [];
  if (annotations.appNames.length > 0) {
    what.push(
      `${ARGOCD_ANNOTATION_APP_NAME} "${annotations.appNames.join(',')}"`,
    );
  }
  if (annotations.appSelector) {
    what.push(`${ARGOCD_ANNOTATION_APP_SELECTOR} "${annotations.appSelector}"`);
  }
  if (what.length === 0 || annotations.projectNames.length > 0) {
    what.push(
      `${ARGOCD_ANNOTATION_PROJECT_NAME} "${annotations.projectNames.join(
        ',',
      )}"`,
    );
  }
  const where = annotations.appNamespace
    ? ` in namespace "${annotations.appNamespace}"`
    : '';
  return `${what.join(
    ' and ',
  )} matched no application on Argo CD instance ${asked.join(', ')}${where}`;
}

/**
 * What the overview card shows of an application, given the details of its
 * current revisions and the instance's UI address.
 * @public
 */
export function summarizeApplication(options: {
  instance: string;
  app: ArgoCdApplication;
  revisions: ArgoCdRevision[];
  frontendUrl: string;
}): ArgoCdApplicationSummary {
  const { instance, app, revisions, frontendUrl } = options;
  const spec = app.spec ?? {};
  const status = app.status ?? {};
  const op = status.operationState;
  const lastSyncedAt =
    (op?.phase === 'Succeeded' ? op.finishedAt : undefined) ??
    orderHistory(status.history, 1)[0]?.deployedAt;
  const resources = status.resources ?? [];
  return {
    instance,
    name: app.metadata.name,
    appNamespace: app.metadata.namespace,
    project: spec.project,
    syncStatus: status.sync?.status ?? 'Unknown',
    healthStatus: status.health?.status ?? 'Unknown',
    healthMessage: status.health?.message || undefined,
    operation: operationOf(app),
    revisions,
    lastSyncedAt,
    reconciledAt: status.reconciledAt,
    sources: sourcesOf(spec).map(s => ({
      repoURL: s.repoURL,
      path: s.path,
      chart: s.chart,
      targetRevision: s.targetRevision,
      ref: s.ref,
    })),
    destination: {
      server: spec.destination?.server,
      name: spec.destination?.name,
      namespace: spec.destination?.namespace,
    },
    uiUrl: `${frontendUrl}/applications/${encodeURIComponent(
      app.metadata.namespace ?? 'argocd',
    )}/${encodeURIComponent(app.metadata.name)}`,
    outOfSyncResources: resources.filter(r => r.status === 'OutOfSync').length,
    unhealthyResources: resources.filter(
      r => r.health?.status && r.health.status !== 'Healthy',
    ).length,
    autoSync: Boolean(spec.syncPolicy?.automated),
  };
}

/** The application's resources that are OutOfSync or not Healthy. @public */
export function resourcesOf(
  instance: string,
  app: ArgoCdApplication,
): ArgoCdResourcesResponse {
  return {
    instance,
    name: app.metadata.name,
    syncStatus: app.status?.sync?.status ?? 'Unknown',
    healthStatus: app.status?.health?.status ?? 'Unknown',
    totalResources: app.status?.resources?.length ?? 0,
    resources: problemResources(app.status?.resources),
  };
}

/** The answer to an action, from the application as Argo CD returned it. @public */
export function actionResponse(
  action: ArgoCdAction,
  instance: string,
  app: ArgoCdApplication,
  message: string,
): ArgoCdActionResponse {
  return {
    action,
    instance,
    name: app.metadata.name,
    message,
    syncStatus: app.status?.sync?.status ?? 'Unknown',
    healthStatus: app.status?.health?.status ?? 'Unknown',
    operation: operationOf(app),
  };
}
