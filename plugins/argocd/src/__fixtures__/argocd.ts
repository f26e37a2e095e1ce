import type { Entity } from '@backstage/catalog-model';
import type {
  ArgoCdApplicationSummary,
  ArgoCdEntityApplicationsResponse,
  ArgoCdHistoryResponse,
  ArgoCdResourcesResponse,
} from '@supply-chain/plugin-argocd-common';

export const SHA = '4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39';

export const orderEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'order-service',
    namespace: 'default',
    annotations: { 'argocd/app-name': 'order-service' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/order-team',
  },
};

export function application(
  overrides: Partial<ArgoCdApplicationSummary> = {},
): ArgoCdApplicationSummary {
  return {
    instance: 'sandbox',
    name: 'order-service',
    appNamespace: 'argocd',
    project: 'default',
    syncStatus: 'Synced',
    healthStatus: 'Healthy',
    operation: {
      phase: 'Succeeded',
      finishedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
    revisions: [
      {
        sourceIndex: 0,
        revision: SHA,
        kind: 'git',
        repoURL: 'file:///gitops.git',
        path: 'apps/order-service',
        detailsStatus: 'ok',
        details: {
          author: 'Dana Dev <dana@example.com>',
          message: 'order-service: 2 replicas\n\nlonger text',
          date: '2026-01-01T00:00:00Z',
        },
      },
    ],
    lastSyncedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    sources: [
      {
        repoURL: 'file:///gitops.git',
        path: 'apps/order-service',
        targetRevision: 'HEAD',
      },
    ],
    destination: {
      server: 'https://kubernetes.default.svc',
      namespace: 'supply-chain',
    },
    uiUrl: 'http://argocd.example.com/applications/argocd/order-service',
    outOfSyncResources: 0,
    unhealthyResources: 0,
    autoSync: false,
    ...overrides,
  };
}

export function entityApplications(
  applications: ArgoCdApplicationSummary[] = [application()],
  more: Partial<ArgoCdEntityApplicationsResponse> = {},
): ArgoCdEntityApplicationsResponse {
  return {
    entityRef: 'component:default/order-service',
    annotated: true,
    instances: [{ name: 'sandbox', ok: true }],
    applications,
    ...more,
  };
}

export const history: ArgoCdHistoryResponse = {
  instance: 'sandbox',
  name: 'order-service',
  total: 12,
  limit: 10,
  entries: [
    {
      id: 12,
      deployedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      initiatedBy: 'admin',
      revisions: [
        {
          sourceIndex: 0,
          revision: SHA,
          kind: 'git',
          detailsStatus: 'ok',
          details: { author: 'Dana Dev', message: 'order-service: 4 replicas' },
        },
      ],
    },
    {
      id: 11,
      deployedAt: new Date(Date.now() - 26 * 3600_000).toISOString(),
      initiatedBy: 'automated sync',
      revisions: [
        {
          sourceIndex: 0,
          revision: 'b'.repeat(40),
          kind: 'git',
          detailsStatus: 'unavailable',
          detailsError: 'metadata unavailable: repository not reachable',
        },
      ],
    },
  ],
};

export const resources: ArgoCdResourcesResponse = {
  instance: 'sandbox',
  name: 'order-service',
  syncStatus: 'OutOfSync',
  healthStatus: 'Healthy',
  totalResources: 2,
  resources: [
    {
      group: 'apps',
      kind: 'Deployment',
      namespace: 'supply-chain',
      name: 'order-service',
      syncStatus: 'OutOfSync',
      healthStatus: 'Healthy',
    },
  ],
};

/** A ResponseError-like error as the client throws for a 503 from the backend. */
export function unavailableError() {
  return Object.assign(
    new Error('Request failed with 503 Service Unavailable'),
    {
      name: 'ResponseError',
      statusCode: 503,
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message:
            'Argo CD instance "sandbox" is unreachable at http://127.0.0.1:46080: ECONNREFUSED',
        },
        response: { statusCode: 503 },
        instances: [
          {
            name: 'sandbox',
            ok: false,
            error: {
              reason: 'unreachable',
              message:
                'Argo CD instance "sandbox" is unreachable at http://127.0.0.1:46080: ECONNREFUSED',
            },
          },
        ],
      },
    },
  );
}
