import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import yaml from 'yaml';
import { createBareRepo } from '../actions/__testUtils__/gitRepository';
import { startFakeApiserver } from '../actions/__testUtils__/fakeApiserver';
import { startFakeArgoCd } from '../actions/__testUtils__/fakeArgoCd';
import { scaffolderModuleSupplyChain } from '../module';
import { TEMPLATES_DIR } from './__testUtils__/templateRendering';

/*
 * The scaffolder's own dry run (/api/scaffolder/v2/dry-run) of the templates,
 * in a real in-process backend: scaffolder + catalog (loading catalog/*.yaml)
 * + the GitHub module + this module. Argo CD is the in-test stand-in API, the
 * GitOps repository a real local bare repository.
 */
jest.setTimeout(180_000);

const TOKEN = 'supply-chain-dry-run-test-token';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function directoryContents(templateName: string) {
  const root = path.join(TEMPLATES_DIR, templateName);
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile() && e.name !== 'template.yaml')
    .map(e => {
      const file = path.join(e.parentPath, e.name);
      return {
        path: path.relative(root, file).split(path.sep).join('/'),
        base64Content: fs.readFileSync(file).toString('base64'),
      };
    });
}

describe('templates in the scaffolder dry run', () => {
  let baseUrl: string;
  let backend: ReturnType<typeof createBackend>;
  let argocd: Awaited<ReturnType<typeof startFakeArgoCd>>;
  let apiserver: Awaited<ReturnType<typeof startFakeApiserver>>;

  const call = (method: string, route: string, body?: unknown) =>
    fetch(`${baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    argocd = await startFakeArgoCd({ username: 'admin', password: 'pw' });
    apiserver = await startFakeApiserver({ token: 'cluster-token' });
    const gitops = createBareRepo();
    const config = new ConfigReader({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        database: { client: 'better-sqlite3', connection: ':memory:' },
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: TOKEN, subject: 'dry-run-test' },
            },
          ],
        },
      },
      permission: { enabled: false },
      integrations: { github: [{ host: 'github.com' }] },
      catalog: {
        rules: [
          {
            allow: [
              'Component',
              'System',
              'Domain',
              'API',
              'Resource',
              'Location',
              'Group',
              'User',
            ],
          },
        ],
        locations: [
          {
            type: 'file',
            target: path.resolve(TEMPLATES_DIR, '../catalog/all.yaml'),
          },
        ],
        processingInterval: { seconds: 1 },
      },
      scaffolder: {
        defaultEnvironment: {
          parameters: {
            gitopsRepoUrl: gitops.url,
            argocdInstance: 'test',
            cluster: 'test',
          },
        },
      },
      supplyChain: {
        scaffolder: {
          clusters: [
            { name: 'test', url: apiserver.url, token: 'cluster-token' },
          ],
        },
      },
      argocd: {
        appLocatorMethods: [
          {
            type: 'config',
            instances: [
              {
                name: 'test',
                url: argocd.url,
                username: 'admin',
                password: 'pw',
              },
            ],
          },
        ],
      },
    });
    backend = createBackend();
    backend.add(
      createServiceFactory({
        service: coreServices.rootConfig,
        deps: {},
        factory: () => config,
      }),
    );
    backend.add(catalogPlugin);
    backend.add(scaffolderPlugin);
    backend.add(githubModule);
    backend.add(scaffolderModuleSupplyChain);
    await backend.start();

    // wait until the catalog has processed the organisation's entities
    for (let i = 0; ; i++) {
      const res = await call(
        'GET',
        '/api/catalog/entities/by-name/component/default/order-service',
      );
      if (res.status === 200) break;
      if (i > 120)
        throw new Error(
          `catalog did not load catalog/all.yaml (last status ${res.status})`,
        );
      await new Promise(r => setTimeout(r, 500));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    await argocd?.close();
    await apiserver?.close();
  });

  const template = (name: string) =>
    yaml.parse(
      fs.readFileSync(path.join(TEMPLATES_DIR, name, 'template.yaml'), 'utf8'),
    );

  // This backend has no sign-in: its callers are a static-token service, and a
  // task without a signed-in user may write nowhere. The owner's own dry runs
  // and tasks (a user of a team) run in packages/backend's attack suite.
  it('go-microservice: a dry run without a signed-in user renders the skeleton, then the first supply-chain step refuses', async () => {
    const res = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('go-microservice'),
      values: {
        name: 'returns-service',
        description: 'Handles customer returns and refunds of shipped orders',
        owner: 'group:default/fulfillment-team',
        system: 'system:default/order-fulfillment',
        responsibilities: ['Return authorisation', 'Refund coordination'],
        dependencies: ['component:default/order-service'],
        database: true,
        repoUrl: 'github.com?owner=supply-chain&repo=returns-service',
      },
      secrets: {},
      directoryContents: directoryContents('go-microservice'),
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(
      /supply-chain actions run only for a signed-in user/,
    );
    // nothing reached Argo CD or the cluster
    expect(argocd.apps.size).toBe(0);
    expect(apiserver.requests.filter(r => r.method === 'PATCH')).toEqual([]);
  });

  it('go-microservice: the form and the action each name the wrong field', async () => {
    const formRes = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('go-microservice'),
      values: {
        name: 'Returns Service',
        description: 'x',
        owner: 'group:default/fulfillment-team',
        responsibilities: [],
      },
      secrets: {},
      directoryContents: directoryContents('go-microservice'),
    });
    expect(formRes.status).toBe(400);
    const formErrors = JSON.stringify((await formRes.json()).errors);
    expect(formErrors).toMatch(/name/);
    expect(formErrors).toMatch(/does not match pattern/);

    // passes the form, refused by the action: the name is taken in the catalog
    const actionRes = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('go-microservice'),
      values: {
        name: 'order-service',
        description: 'A second order service that must be refused',
        owner: 'group:default/fulfillment-team',
        system: 'system:default/order-fulfillment',
        responsibilities: ['Nothing'],
        repoUrl: 'github.com?owner=supply-chain&repo=order-service-2',
      },
      secrets: {},
      directoryContents: directoryContents('go-microservice'),
    });
    // past the form, the actions refuse a caller that is no signed-in user
    expect(actionRes.status).toBe(403);
  });

  it("go-microservice: the scaffolder's own parameter check accepts the VPA the form offers and refuses a bound that is no quantity", async () => {
    const values = (vpa: Record<string, unknown>) => ({
      name: 'route-optimizer',
      description: 'Plans delivery routes for shipped orders',
      owner: 'group:default/fulfillment-team',
      responsibilities: ['Route planning'],
      hpa: false,
      vpa,
      repoUrl: 'github.com?owner=supply-chain&repo=route-optimizer',
    });
    const accepted = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('go-microservice'),
      values: values({
        enabled: true,
        updateMode: 'Auto',
        minAllowed: { cpu: '100m', memory: '128Mi' },
        maxAllowed: { cpu: '2', memory: '2Gi' },
      }),
      secrets: {},
      directoryContents: directoryContents('go-microservice'),
    });
    // past the form: refused only by the first supply-chain step (no signed-in user)
    expect(accepted.status).toBe(403);

    const refused = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('go-microservice'),
      values: values({ enabled: true, maxAllowed: { memory: '2 GB' } }),
      secrets: {},
      directoryContents: directoryContents('go-microservice'),
    });
    expect(refused.status).toBe(400);
    const { errors } = await refused.json();
    expect(errors.map((e: any) => `${e.property}: ${e.message}`)).toEqual([
      expect.stringMatching(
        /^instance\.vpa\.maxAllowed\.memory: does not match pattern/,
      ),
    ]);
  });

  it('ml-model: a dry run without a signed-in user is refused before the cluster is asked', async () => {
    const res = await call('POST', '/api/scaffolder/v2/dry-run', {
      template: template('ml-model'),
      values: {
        servingComponent: 'component:default/ml-prediction-service',
        name: 'demand-forecasting-v3',
        modelName: 'demand-forecasting',
        modelVersion: 'v3.0.0',
        framework: 'tensorflow',
      },
      secrets: {},
      directoryContents: directoryContents('ml-model'),
    });
    expect(res.status).toBe(403);
    expect(apiserver.requests).toEqual([]);
    expect(apiserver.stored.size).toBe(0);
  });
});
