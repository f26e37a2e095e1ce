import {
  actionResponse,
  applicationQueries,
  emptyReasonOf,
  isApplication,
  operationOf,
  resourcesOf,
  summarizeApplication,
  uniqueApplications,
} from './applications';
import { ArgoCdApplication } from './argoCdRestTypes';

const app = (
  name: string,
  more: Partial<ArgoCdApplication> = {},
  namespace = 'argocd',
): ArgoCdApplication => ({
  metadata: { name, namespace },
  spec: {},
  ...more,
});

const annotations = (more: object = {}) => ({
  appNames: [],
  instanceNames: [],
  projectNames: [],
  ...more,
});

describe('operationOf', () => {
  it('a requested operation the controller has not started yet is Running', () => {
    expect(
      operationOf(
        app('a', {
          operation: { initiatedBy: { username: 'alice' } },
          status: { operationState: { phase: 'Succeeded' } as any },
        }),
      ),
    ).toEqual({
      phase: 'Running',
      message: 'operation requested, waiting for the application controller',
      initiatedBy: 'alice',
    });
  });

  it('an automated sync is named so, an empty message is none', () => {
    expect(
      operationOf(
        app('a', {
          status: {
            operationState: {
              phase: 'Failed',
              message: '',
              startedAt: 's',
              finishedAt: 'f',
              operation: { initiatedBy: { automated: true } },
            } as any,
          },
        }),
      ),
    ).toEqual({
      phase: 'Failed',
      message: undefined,
      startedAt: 's',
      finishedAt: 'f',
      initiatedBy: 'automated sync',
    });
  });

  it('no operation state: none', () => {
    expect(operationOf(app('a'))).toBeUndefined();
  });
});

describe('isApplication', () => {
  it.each([
    [{ name: 'a' }, true],
    [{ name: 'a', appNamespace: 'argocd' }, true],
    [{ name: 'a', appNamespace: 'other' }, false],
    [{ name: 'b' }, false],
  ])('%j', (key, want) => {
    expect(isApplication(app('a'), key)).toBe(want);
  });
});

describe('applicationQueries', () => {
  it('one query per app name and one for the selector, with the projects in each', () => {
    expect(
      applicationQueries(
        annotations({
          appNames: ['a', 'b'],
          appSelector: 'team=x',
          projectNames: ['p'],
          appNamespace: 'apps',
        }),
      ),
    ).toEqual([
      { appNamespace: 'apps', projects: ['p'], name: 'a' },
      { appNamespace: 'apps', projects: ['p'], name: 'b' },
      { appNamespace: 'apps', projects: ['p'], selector: 'team=x' },
    ]);
  });

  it('projects alone: one query for the projects', () => {
    expect(applicationQueries(annotations({ projectNames: ['p'] }))).toEqual([
      { appNamespace: undefined, projects: ['p'] },
    ]);
  });
});

describe('uniqueApplications', () => {
  it('each namespace/name once, sorted by name', () => {
    const apps = uniqueApplications([
      { items: [app('b'), app('a')] },
      { items: [app('a'), app('a', {}, 'other')] },
      { items: null },
    ]);
    expect(apps.map(a => `${a.metadata.namespace}/${a.metadata.name}`)).toEqual(
      ['argocd/a', 'other/a', 'argocd/b'],
    );
  });
});

describe('emptyReasonOf', () => {
  const ok = [
    { name: 'prod', ok: true },
    { name: 'staging', ok: true },
  ];
  it.each([
    [
      annotations({ appNames: ['ghost'] }),
      ok,
      'argocd/app-name "ghost" matched no application on Argo CD instance "prod", "staging"',
    ],
    [
      annotations({ appSelector: 'team=x', appNamespace: 'apps' }),
      ok.slice(0, 1),
      'argocd/app-selector "team=x" matched no application on Argo CD instance "prod" in namespace "apps"',
    ],
    [
      annotations({ appNames: ['a'], projectNames: ['p', 'q'] }),
      ok.slice(0, 1),
      'argocd/app-name "a" and argocd/project-name "p,q" matched no application on Argo CD instance "prod"',
    ],
    [
      annotations({ appNames: ['a'] }),
      [],
      'No Argo CD instance is configured (argocd.appLocatorMethods)',
    ],
    [
      annotations({ appNames: ['a'] }),
      [{ name: 'prod', ok: false }],
      'No Argo CD instance could be asked; see the errors per instance',
    ],
  ])('%j on %j', (a, instances, want) => {
    expect(emptyReasonOf(a, instances)).toBe(want);
  });
});

describe('summarizeApplication', () => {
  const deployed = app('shop', {
    metadata: { name: 'shop', namespace: 'team a' },
    spec: {
      project: 'p',
      source: { repoURL: 'https://git/x', path: 'deploy' },
      destination: { namespace: 'shop' },
      syncPolicy: { automated: {} },
    },
    status: {
      sync: { status: 'OutOfSync' },
      health: { status: 'Degraded', message: '' },
      history: [
        { id: 1, revision: 'a', deployedAt: '2026-01-01T00:00:00Z' },
        { id: 2, revision: 'b', deployedAt: '2026-01-02T00:00:00Z' },
      ] as any,
      resources: [
        { kind: 'Deployment', name: 'x', status: 'OutOfSync' },
        { kind: 'Service', name: 'y', health: { status: 'Missing' } },
        { kind: 'ConfigMap', name: 'z', status: 'Synced' },
      ],
    },
  });

  it('counts, link, sources and the last sync from the newest history entry', () => {
    expect(
      summarizeApplication({
        instance: 'prod',
        app: deployed,
        revisions: [],
        frontendUrl: 'https://argocd.example',
      }),
    ).toEqual({
      instance: 'prod',
      name: 'shop',
      appNamespace: 'team a',
      project: 'p',
      syncStatus: 'OutOfSync',
      healthStatus: 'Degraded',
      healthMessage: undefined,
      operation: undefined,
      revisions: [],
      lastSyncedAt: '2026-01-02T00:00:00Z',
      reconciledAt: undefined,
      sources: [
        {
          repoURL: 'https://git/x',
          path: 'deploy',
          chart: undefined,
          targetRevision: undefined,
          ref: undefined,
        },
      ],
      destination: { server: undefined, name: undefined, namespace: 'shop' },
      uiUrl: 'https://argocd.example/applications/team%20a/shop',
      outOfSyncResources: 1,
      unhealthyResources: 1,
      autoSync: true,
    });
  });

  it('a succeeded operation gives the last sync; no status is Unknown', () => {
    const summary = summarizeApplication({
      instance: 'prod',
      app: app('bare', {
        status: {
          operationState: {
            phase: 'Succeeded',
            finishedAt: '2026-02-01T00:00:00Z',
          } as any,
        },
      }),
      revisions: [],
      frontendUrl: 'https://argocd.example',
    });
    expect(summary).toMatchObject({
      lastSyncedAt: '2026-02-01T00:00:00Z',
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      autoSync: false,
      uiUrl: 'https://argocd.example/applications/argocd/bare',
    });
  });
});

describe('resourcesOf and actionResponse', () => {
  it('shape the application as Argo CD returned it', () => {
    const a = app('shop', {
      status: {
        sync: { status: 'Synced' },
        resources: [
          { kind: 'Deployment', name: 'x', health: { status: 'Healthy' } },
        ],
      },
    });
    expect(resourcesOf('prod', a)).toEqual({
      instance: 'prod',
      name: 'shop',
      syncStatus: 'Synced',
      healthStatus: 'Unknown',
      totalResources: 1,
      resources: [],
    });
    expect(actionResponse('refresh', 'prod', a, 'done')).toEqual({
      action: 'refresh',
      instance: 'prod',
      name: 'shop',
      message: 'done',
      syncStatus: 'Synced',
      healthStatus: 'Unknown',
      operation: undefined,
    });
  });
});
