import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeArgoCd } from './__testUtils__/fakeArgoCd';
import { createBareRepo } from './__testUtils__/gitRepository';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import {
  configWithPolicy,
  FULFILLMENT_USER,
  INVENTORY_USER,
} from './__testUtils__/policy';
import { createArgoCdApplicationAction } from './argocdApplication';

const gitops = createBareRepo();
const OWNER = 'group:default/fulfillment-team';

function renderApplication(
  workspace: string,
  options: { repoUrl?: string; namespace?: string; project?: string } = {},
) {
  const rendered = renderServiceManifests(
    parseServiceSpec({
      name: 'returns-service',
      owner: OWNER,
      namespace: options.namespace ?? 'supply-chain',
      gitops: {
        repoUrl: options.repoUrl ?? gitops.url,
        project: options.project ?? 'default',
      },
    }),
  );
  const file = rendered.files.find(f => f.path === 'argocd/application.yaml')!;
  fs.mkdirSync(path.join(workspace, 'k8s/argocd'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'k8s', file.path), file.content);
}

describe('supply-chain:argocd:application:create', () => {
  let argocd: Awaited<ReturnType<typeof startFakeArgoCd>>;
  const config = (password = 'secret') =>
    configWithPolicy(
      {
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [
                {
                  name: 'sandbox',
                  url: argocd.url,
                  username: 'admin',
                  password,
                },
              ],
            },
          ],
        },
      },
      { gitopsRepoUrl: gitops.url },
    );
  beforeEach(async () => {
    argocd = await startFakeArgoCd({ username: 'admin', password: 'secret' });
  });
  afterEach(() => argocd.close());

  it('creates the application once; running again leaves it alone', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const first = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
    });
    renderApplication(first.workspacePath);
    await action.handler(first);
    expect(first.outputs).toMatchObject({
      name: 'returns-service',
      instance: 'sandbox',
      status: 'created',
      url: `${argocd.url}/applications/argocd/returns-service`,
    });
    expect(argocd.apps.get('returns-service').spec.source.path).toBe(
      'apps/returns-service/overlays/production',
    );

    const again = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
      workspacePath: first.workspacePath,
    });
    await action.handler(again);
    expect(again.outputs.status).toBe('unchanged');
    expect(
      argocd.requests.filter(
        r => r.method === 'POST' && r.path.startsWith('/api/v1/applications'),
      ),
    ).toHaveLength(1);
  });

  it('a retried task does not post again after its checkpoint', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const first = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
    });
    renderApplication(first.workspacePath);
    await action.handler(first);
    argocd.apps.clear(); // even if Argo CD lost it, the checkpoint says it was done
    const retry = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
      workspacePath: first.workspacePath,
      checkpoints: first.checkpoints,
    });
    await action.handler(retry);
    expect(
      argocd.requests.filter(
        r => r.method === 'POST' && r.path.startsWith('/api/v1/applications'),
      ),
    ).toHaveLength(1);
  });

  it('refuses to replace a different application unless upsert is set', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const ctx = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
    });
    renderApplication(ctx.workspacePath);
    await action.handler(ctx);
    renderApplication(ctx.workspacePath, { namespace: 'staging' });
    await expect(action.handler(ctx)).rejects.toThrow(ConflictError);
    await expect(action.handler(ctx)).rejects.toThrow(
      /already exists on sandbox and deploys file:.* apps\/returns-service\/overlays\/production to supply-chain/,
    );
    const upsert = createTestActionContext({
      input: {
        manifestPath: 'k8s/argocd/application.yaml',
        owner: OWNER,
        upsert: true,
      },
      workspacePath: ctx.workspacePath,
    });
    await action.handler(upsert);
    expect(upsert.outputs.status).toBe('updated');
    expect(argocd.apps.get('returns-service').spec.destination.namespace).toBe(
      'staging',
    );
  });

  it('only reads in a dry run', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const ctx = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
      isDryRun: true,
    });
    renderApplication(ctx.workspacePath);
    await action.handler(ctx);
    expect(ctx.outputs.status).toBe('would-create');
    expect(argocd.apps.size).toBe(0);
  });

  const refused: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'an unknown instance',
      { instance: 'prod', manifestPath: 'a.yaml', owner: OWNER },
      /instance: 'prod' is not configured \(known: sandbox\)/,
    ],
    [
      'neither file nor object',
      { owner: OWNER },
      /manifestPath: give exactly one of manifestPath or application/,
    ],
    [
      'a missing file',
      { manifestPath: 'k8s/none.yaml', owner: OWNER },
      /manifestPath: k8s\/none.yaml does not exist/,
    ],
    [
      'an application with an unbound repo URL',
      {
        application: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'x', namespace: 'argocd' },
          spec: {
            project: 'default',
            source: {
              repoURL: 'https://github.com//x',
              targetRevision: 'HEAD',
              path: 'apps/x',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'x',
            },
          },
        },
        owner: OWNER,
      },
      /application: not a valid Argo CD Application: spec.source.repoURL: repoURL has an empty segment/,
    ],
  ];
  it.each(refused)(
    'refuses %s with an InputError',
    async (_, input, message) => {
      const action = createArgoCdApplicationAction({ config: config() });
      const ctx = createTestActionContext({ input });
      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(argocd.apps.size).toBe(0);
    },
  );

  it('reports a refused login as NotAllowedError', async () => {
    const action = createArgoCdApplicationAction({ config: config('wrong') });
    const ctx = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', owner: OWNER },
    });
    renderApplication(ctx.workspacePath);
    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
  });

  const app = (
    overrides: {
      project?: string;
      repoURL?: string;
      path?: string;
      server?: string;
      namespace?: string;
      source?: Record<string, unknown>;
    } = {},
  ) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'returns-service', namespace: 'argocd' },
    spec: {
      project: overrides.project ?? 'default',
      source: {
        repoURL: overrides.repoURL ?? gitops.url,
        targetRevision: 'HEAD',
        path: overrides.path ?? 'apps/returns-service/overlays/production',
        ...overrides.source,
      },
      destination: {
        server: overrides.server ?? 'https://kubernetes.default.svc',
        namespace: overrides.namespace ?? 'supply-chain',
      },
    },
  });
  const targets: Array<[string, object, RegExp]> = [
    [
      'another project',
      app({ project: 'platform' }),
      /spec.project must be default/,
    ],
    [
      'another repository',
      app({ repoURL: 'https://git.example.com/other.git' }),
      /spec.source.repoURL: https:\/\/git.example.com\/other.git is not the GitOps repository/,
    ],
    [
      "another application's folder",
      app({ path: 'apps/order-service' }),
      /spec.source.path must be under apps\/returns-service/,
    ],
    [
      'a path outside apps/ and models/',
      app({ path: 'clusters/prod' }),
      /spec.source.path: 'clusters\/prod' is not a folder the scaffolder may write/,
    ],
    [
      'a config management plugin',
      app({ source: { plugin: { name: 'sh' } } }),
      /spec.source.plugin is not allowed/,
    ],
    [
      'another cluster',
      app({ server: 'https://10.0.0.1:6443' }),
      /spec.destination: https:\/\/10.0.0.1:6443 is not the Argo CD destination/,
    ],
    [
      'a namespace not allowed',
      app({ namespace: 'kube-system' }),
      /may not deploy to namespace kube-system of cluster sandbox/,
    ],
  ];
  it.each(targets)(
    'refuses an application into %s before asking Argo CD',
    async (_, application, message) => {
      const action = createArgoCdApplicationAction({ config: config() });
      const ctx = createTestActionContext({
        input: { application, owner: OWNER },
      });
      await expect(action.handler(ctx)).rejects.toThrow(InputError);
      await expect(action.handler(ctx)).rejects.toThrow(message);
      expect(argocd.requests).toEqual([]);
    },
  );

  it("never replaces another team's application, even with upsert; its own team may", async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const created = createTestActionContext({
      input: { application: app(), owner: OWNER },
      user: FULFILLMENT_USER,
    });
    await action.handler(created);
    expect(argocd.apps.get('returns-service').metadata.annotations).toEqual({
      'supply-chain.io/owner': OWNER,
    });

    const takeOver = createTestActionContext({
      input: {
        application: app({ namespace: 'staging' }),
        owner: 'group:default/inventory-team',
        upsert: true,
      },
      user: INVENTORY_USER,
    });
    const refusal = action.handler(takeOver);
    await expect(refusal).rejects.toThrow(NotAllowedError);
    await expect(refusal).rejects.toThrow(
      'name: returns-service is held by group:default/fulfillment-team (Argo CD application returns-service)',
    );
    const asOwnerForOthers = createTestActionContext({
      input: { application: app(), owner: OWNER },
      user: INVENTORY_USER,
    });
    await expect(action.handler(asOwnerForOthers)).rejects.toThrow(
      /owner: user:default\/ivan is not a member of group:default\/fulfillment-team/,
    );
    const sameTeam = createTestActionContext({
      input: {
        application: app({ namespace: 'staging' }),
        owner: OWNER,
        upsert: true,
      },
      user: FULFILLMENT_USER,
    });
    await action.handler(sameTeam);
    expect(sameTeam.outputs.status).toBe('updated');
  });

  it('sends the checked application, not the raw input', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const raw = app();
    const ctx = createTestActionContext({
      input: {
        application: {
          ...raw,
          metadata: {
            ...raw.metadata,
            annotations: { 'supply-chain.io/owner': 'group:default/ml-team' },
            finalizers: ['resources-finalizer.argocd.argoproj.io', 'other/x'],
          },
          operation: { sync: { revision: 'HEAD' } },
        },
        owner: OWNER,
      },
    });
    await action.handler(ctx);
    const sent = argocd.apps.get('returns-service');
    expect(sent.operation).toBeUndefined();
    const { uid: _uid, ...metadata } = sent.metadata;
    expect(metadata).toEqual({
      name: 'returns-service',
      namespace: 'argocd',
      labels: { 'backstage.io/kubernetes-id': 'returns-service' },
      annotations: { 'supply-chain.io/owner': OWNER },
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    });
  });

  it('refuses every application when no project is configured (a fresh install)', async () => {
    const action = createArgoCdApplicationAction({
      config: configWithPolicy(
        {
          argocd: {
            appLocatorMethods: [
              {
                type: 'config',
                instances: [{ name: 'sandbox', url: argocd.url, token: 't' }],
              },
            ],
          },
          supplyChain: { scaffolder: { argocd: { project: null } } } as any,
        },
        { gitopsRepoUrl: gitops.url },
      ),
    });
    const ctx = createTestActionContext({
      input: { application: app(), owner: OWNER },
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /supplyChain.scaffolder.argocd.project is not configured/,
    );
  });
});
