import { ConfigReader } from '@backstage/config';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import { createArgoCdApplicationAction } from '../actions/argocdApplication';
import { ArgoCdClient } from '../clients/ArgoCdClient';

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

  const action = () => {
    if (!server || !token) {
      throw new Error(
        'ARGOCD_SERVER / ARGOCD_AUTH_TOKEN are not set: run `eval "$(make -s sandbox)"` first',
      );
    }
    return createArgoCdApplicationAction({
      config: new ConfigReader({
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [{ name: 'sandbox', url: server, token }],
            },
          ],
        },
      }),
    });
  };

  async function existing(name: string) {
    const app = await ArgoCdClient.create({
      name: 'sandbox',
      url: server!,
      token,
    }).getApplication(name);
    expect(app).toBeDefined();
    return app!;
  }

  it('leaves an application alone when Argo CD already deploys the same source to the same place', async () => {
    const run = action();
    const current = await existing('inventory-service');
    const ctx = createTestActionContext({
      input: {
        instance: 'sandbox',
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
    const run = action();
    const current = await existing('order-service');
    const ctx = createTestActionContext({
      input: {
        application: {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'order-service', namespace: 'argocd' },
          spec: {
            project: 'default',
            source: {
              repoURL: current.spec.source.repoURL,
              targetRevision: 'HEAD',
              path: 'apps/returns-service/overlays/production',
            },
            destination: {
              server: 'https://kubernetes.default.svc',
              namespace: 'supply-chain',
            },
          },
        },
      },
    });
    await expect(run.handler(ctx)).rejects.toThrow(ConflictError);
  });

  it('a dry run reports what it would create, and a real run needs create permission', async () => {
    const run = action();
    const current = await existing('order-service');
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `scaffolder-it-${Date.now()}`, namespace: 'argocd' },
      spec: {
        project: 'default',
        source: {
          repoURL: current.spec.source.repoURL,
          targetRevision: 'HEAD',
          path: 'apps/order-service',
        },
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: 'supply-chain',
        },
      },
    };
    const dry = createTestActionContext({
      input: { application },
      isDryRun: true,
    });
    await run.handler(dry);
    expect(dry.outputs.status).toBe('would-create');

    const real = createTestActionContext({ input: { application } });
    await expect(run.handler(real)).rejects.toThrow(NotAllowedError);
  });
});
