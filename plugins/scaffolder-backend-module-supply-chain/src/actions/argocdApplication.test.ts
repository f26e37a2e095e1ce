import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { startFakeArgoCd } from './__testUtils__/fakeArgoCd';
import { createTestActionContext } from './__testUtils__/mockActionContext';
import { createArgoCdApplicationAction } from './argocdApplication';

function renderApplication(
  workspace: string,
  repoUrl = 'https://git.example.com/platform/gitops.git',
) {
  const rendered = renderServiceManifests(
    parseServiceSpec({
      name: 'returns-service',
      owner: 'group:default/x',
      gitops: { repoUrl },
    }),
  );
  const file = rendered.files.find(f => f.path === 'argocd/application.yaml')!;
  fs.mkdirSync(path.join(workspace, 'k8s/argocd'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'k8s', file.path), file.content);
}

describe('supply-chain:argocd:application:create', () => {
  let argocd: Awaited<ReturnType<typeof startFakeArgoCd>>;
  const config = (password = 'secret') =>
    new ConfigReader({
      argocd: {
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              { name: 'sandbox', url: argocd.url, username: 'admin', password },
            ],
          },
        ],
      },
    });
  beforeEach(async () => {
    argocd = await startFakeArgoCd({ username: 'admin', password: 'secret' });
  });
  afterEach(() => argocd.close());

  it('creates the application once; running again leaves it alone', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const first = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml' },
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
      input: { manifestPath: 'k8s/argocd/application.yaml' },
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
      input: { manifestPath: 'k8s/argocd/application.yaml' },
    });
    renderApplication(first.workspacePath);
    await action.handler(first);
    argocd.apps.clear(); // even if Argo CD lost it, the checkpoint says it was done
    const retry = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml' },
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
      input: { manifestPath: 'k8s/argocd/application.yaml' },
    });
    renderApplication(ctx.workspacePath);
    await action.handler(ctx);
    renderApplication(
      ctx.workspacePath,
      'https://git.example.com/other/gitops.git',
    );
    await expect(action.handler(ctx)).rejects.toThrow(ConflictError);
    await expect(action.handler(ctx)).rejects.toThrow(
      /already exists on sandbox and deploys https:\/\/git.example.com\/platform\/gitops.git/,
    );
    const upsert = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml', upsert: true },
      workspacePath: ctx.workspacePath,
    });
    await action.handler(upsert);
    expect(upsert.outputs.status).toBe('updated');
    expect(argocd.apps.get('returns-service').spec.source.repoURL).toBe(
      'https://git.example.com/other/gitops.git',
    );
  });

  it('only reads in a dry run', async () => {
    const action = createArgoCdApplicationAction({ config: config() });
    const ctx = createTestActionContext({
      input: { manifestPath: 'k8s/argocd/application.yaml' },
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
      { instance: 'prod', manifestPath: 'a.yaml' },
      /instance: 'prod' is not configured \(known: sandbox\)/,
    ],
    [
      'neither file nor object',
      {},
      /manifestPath: give exactly one of manifestPath or application/,
    ],
    [
      'a missing file',
      { manifestPath: 'k8s/none.yaml' },
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
      input: { manifestPath: 'k8s/argocd/application.yaml' },
    });
    renderApplication(ctx.workspacePath);
    await expect(action.handler(ctx)).rejects.toThrow(NotAllowedError);
  });
});
