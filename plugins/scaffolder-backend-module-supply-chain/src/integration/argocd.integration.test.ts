import { ConflictError, NotAllowedError } from '@backstage/errors';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import {
  configWithPolicy,
  INVENTORY_USER,
} from '../actions/__testUtils__/policy';
import { createArgoCdApplicationAction } from '../actions/argocdApplication';
import { ConfigReader } from '@backstage/config';
import { DefaultArgoCdInstances } from '@supply-chain/plugin-argocd-node';
import { recordingLogger } from '@supply-chain/plugin-argocd-node/testUtils';
import { getApplication } from '../clients/argocdApplications';

jest.setTimeout(60_000);

/**
 * Against the sandbox's real Argo CD, with the token `make sandbox` exports
 * (the read-only `backstage` account): the idempotency checks run for real;
 * creating needs an account allowed to create applications, so here it must
 * be refused as a permission error, not as anything else.
 */
describe('supply-chain:argocd:application:create on the sandbox Argo CD', () => {
  const server = process.env.ARGOCD_SERVER;
  const token = process.env.ARGOCD_AUTH_TOKEN;

  const OWNER = 'group:default/inventory-team';
  // the seeded applications deploy from the sandbox's file:// GitOps
  // repository: it stands in for the configured one
  const action = async () => {
    if (!server || !token) {
      throw new Error(
        'ARGOCD_SERVER / ARGOCD_AUTH_TOKEN are not set: run `eval "$(make -s sandbox)"` first',
      );
    }
    const gitopsRepoUrl = (await existing('inventory-service')).spec.source
      .repoURL;
    return createArgoCdApplicationAction({
      config: configWithPolicy(
        {
          argocd: {
            appLocatorMethods: [
              {
                type: 'config',
                instances: [{ name: 'sandbox', url: server, token }],
              },
            ],
          },
        },
        { gitopsRepoUrl },
      ),
    });
  };

  async function existing(name: string) {
    const sandbox = DefaultArgoCdInstances.fromConfig({
      config: new ConfigReader({
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [{ name: 'sandbox', url: server!, token }],
            },
          ],
        },
      }),
      logger: recordingLogger(),
    }).client('sandbox')!;
    const app = await getApplication(sandbox, name);
    expect(app).toBeDefined();
    return app!;
  }

  it('leaves an application alone when Argo CD already deploys the same source to the same place', async () => {
    const run = await action();
    const current = await existing('inventory-service');
    const ctx = createTestActionContext({
      input: {
        instance: 'sandbox',
        owner: OWNER,
        application: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'inventory-service', namespace: 'argocd' },
          spec: {
            project: current.spec.project,
            source: {
              repoURL: current.spec.source.repoURL,
              targetRevision: current.spec.source.targetRevision,
              path: current.spec.source.path,
            },
            destination: {
              server: current.spec.destination.server,
              namespace: current.spec.destination.namespace,
            },
          },
        },
      },
    });
    await run.handler(ctx);
    expect(ctx.outputs).toMatchObject({
      status: 'unchanged',
      url: `${server}/applications/argocd/inventory-service`,
    });
  });

  it('refuses to take over an existing application that deploys something else', async () => {
    const run = await action();
    const current = await existing('order-service');
    const takeOver = (user?: typeof INVENTORY_USER, upsert = false) =>
      createTestActionContext({
        user,
        input: {
          owner: OWNER,
          upsert,
          application: {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            metadata: { name: 'order-service', namespace: 'argocd' },
            spec: {
              project: 'default',
              source: {
                repoURL: current.spec.source.repoURL,
                targetRevision: 'release',
                path: 'apps/order-service',
              },
              destination: {
                server: 'https://kubernetes.default.svc',
                namespace: 'supply-chain',
              },
            },
          },
        },
      });
    // an admin is told it exists; a team member may not replace it, even with upsert
    await expect(run.handler(takeOver())).rejects.toThrow(ConflictError);
    await expect(run.handler(takeOver(INVENTORY_USER, true))).rejects.toThrow(
      /name: order-service is held by Argo CD application order-service, which names no owner/,
    );
  });

  it('a dry run reports what it would create, and a real run needs create permission', async () => {
    const run = await action();
    const current = await existing('order-service');
    const name = `scaffolder-it-${Date.now()}`;
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace: 'argocd' },
      spec: {
        project: 'default',
        source: {
          repoURL: current.spec.source.repoURL,
          targetRevision: 'HEAD',
          path: `apps/${name}`,
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'supply-chain',
        },
      },
    };
    const dry = createTestActionContext({
      input: { application, owner: OWNER },
      isDryRun: true,
    });
    await run.handler(dry);
    expect(dry.outputs.status).toBe('would-create');

    const real = createTestActionContext({
      input: { application, owner: OWNER },
    });
    await expect(run.handler(real)).rejects.toThrow(NotAllowedError);
  });
});
