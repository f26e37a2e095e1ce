import { InputError } from '@backstage/errors';
import fs from 'node:fs';
import path from 'node:path';
import { Validator } from 'jsonschema';
import yaml from 'yaml';
import { createTestCatalog } from '../actions/__testUtils__/catalog';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import { startTestTargets } from '../actions/__testUtils__/policy';
import { createMlModelAction } from '../actions/mlModel';
import { createServiceManifestsAction } from '../actions/serviceManifests';
import { QUANTITY_PATTERN } from '@supply-chain/plugin-rollouts-common';
import { validateManifestSet } from '../rendering/manifestValidation';
import { updateModeMeaning } from '@supply-chain/plugin-capacity-common';
import { VPA_UPDATE_MODES } from '../rendering/serviceSpec';
import { parseYamlDocuments } from '../rendering/yamlDocuments';
import {
  loadTemplate,
  renderSkeleton,
  renderStepValue,
  TEMPLATES_DIR,
  unboundStrings,
} from './__testUtils__/templateRendering';

const OUR_ACTIONS = [
  'supply-chain:service:manifests',
  'supply-chain:mlmodel:create',
  'supply-chain:kubernetes:apply',
  'supply-chain:argocd:application:create',
  'supply-chain:gitops:commit',
  'supply-chain:gitea:publish',
];
const BUILTIN_ACTIONS = [
  'fetch:template',
  'publish:github',
  'catalog:register',
];

const environment = {
  parameters: {
    gitopsRepoUrl: 'https://git.example.com/platform/supply-chain-gitops.git',
    argocdInstance: 'sandbox',
    cluster: 'sandbox',
    gitopsCatalogBaseUrl:
      'https://git.example.com/platform/supply-chain-gitops/raw/main',
  },
};

let targets: Awaited<ReturnType<typeof startTestTargets>>;
beforeAll(async () => {
  targets = await startTestTargets();
});
afterAll(() => targets.close());

/** What the form sends for returns-service. */
const goParameters = {
  name: 'returns-service',
  description: 'Handles customer returns and refunds of shipped orders',
  owner: 'group:default/fulfillment-team',
  system: 'system:default/order-fulfillment',
  responsibilities: ['Return authorisation', 'Refund coordination'],
  dependencies: [
    'component:default/order-service',
    'resource:default/returns-db',
  ],
  httpPort: 8080,
  grpc: true,
  grpcPort: 9090,
  database: true,
  replicas: 2,
  repoUrl: 'github.com?owner=supply-chain&repo=returns-service',
};

/** Stand-ins for the outputs of steps that talk to GitHub / the catalog. */
const stepOutputs = {
  publish: {
    output: {
      remoteUrl: 'https://github.com/supply-chain/returns-service',
      repoContentsUrl:
        'https://github.com/supply-chain/returns-service/blob/main',
    },
  },
  argocd: {
    output: {
      url: 'http://127.0.0.1:46080/applications/argocd/returns-service',
    },
  },
  register: { output: { entityRef: 'component:default/returns-service' } },
  mlmodel: {
    output: {
      entityRef: 'resource:default/demand-forecasting-v3',
      owner: 'group:default/ml-team',
    },
  },
};

/** Fills the JSON-schema defaults the form would fill. */
function withDefaults(template: any, values: Record<string, unknown>) {
  const defaults: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [k, p] of Object.entries<any>(page.properties)) {
      if (p.default !== undefined) defaults[k] = p.default;
    }
  }
  return { ...defaults, ...values };
}

/** What the form reports for the values, per field. */
function formErrors(template: any, values: Record<string, unknown>): string[] {
  const validator = new Validator();
  return template.spec.parameters.flatMap((page: any) =>
    validator
      .validate(values, {
        type: 'object',
        properties: page.properties,
        required: page.required ?? [],
      })
      .errors.map(
        e =>
          `${e.property.replace(/^instance\.?/, '') || e.argument}: ${
            e.message
          }`,
      ),
  );
}

describe('templates/all.yaml', () => {
  it('lists every template folder', () => {
    const location = yaml.parse(
      fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8'),
    );
    const folders = fs
      .readdirSync(TEMPLATES_DIR, { withFileTypes: true })
      .filter(e => e.isDirectory())
      .map(e => `./${e.name}/template.yaml`)
      .sort();
    expect(location.kind).toBe('Location');
    expect([...location.spec.targets].sort()).toEqual(folders);
  });
});

describe.each(['go-microservice', 'ml-model'])('template %s', name => {
  const template = loadTemplate(name);

  it('is a v1beta3 Template using only actions this backend has', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    expect(template.metadata.name).toBe(name);
    const actions = template.spec.steps.map((s: any) => s.action);
    expect(
      actions.filter(
        (a: string) => ![...OUR_ACTIONS, ...BUILTIN_ACTIONS].includes(a),
      ),
    ).toEqual([]);
    expect(new Set(template.spec.steps.map((s: any) => s.id)).size).toBe(
      template.spec.steps.length,
    );
  });
});

describe('go-microservice', () => {
  const template = loadTemplate('go-microservice');
  const parameters = withDefaults(template, goParameters);
  const context = {
    parameters,
    environment,
    steps: stepOutputs,
    user: { ref: 'user:default/new-developer' },
  };

  it('the form accepts a good service and names the field of each mistake', () => {
    expect(formErrors(template, parameters)).toEqual([]);
    const errors = formErrors(template, {
      ...parameters,
      name: 'Returns_Service',
      responsibilities: [],
      httpPort: 80,
      replicas: 50,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name: does not match pattern/),
        expect.stringMatching(
          /^responsibilities: does not meet minimum length of 1/,
        ),
        expect.stringMatching(
          /^httpPort: must be greater than or equal to 1024/,
        ),
        expect.stringMatching(/^replicas: must be less than or equal to 20/),
      ]),
    );
  });

  it('renders every step input and output without unbound variables', () => {
    const rendered = renderStepValue(
      { steps: template.spec.steps, output: template.spec.output },
      context,
    );
    expect(unboundStrings(rendered)).toEqual([]);
    const fetch = rendered.steps.find((s: any) => s.id === 'fetch');
    expect(fetch.input.values.goModule).toBe(
      'github.com/supply-chain/returns-service',
    );
    const manifests = rendered.steps.find((s: any) => s.id === 'manifests');
    expect(manifests.input.gitops).toEqual({
      repoUrl: 'https://git.example.com/platform/supply-chain-gitops.git',
      path: 'apps/returns-service',
    });
    expect(manifests.input.grpc).toBe(true);
    expect(manifests.input.httpPort).toBe(8080);
  });

  it('publishes to GitHub for github.com and to Gitea for the sandbox git server', () => {
    const steps = (repoUrl: string) =>
      renderStepValue(template.spec.steps, {
        ...context,
        parameters: { ...parameters, repoUrl },
      });
    const github = steps('github.com?owner=supply-chain&repo=returns-service');
    expect(github.find((s: any) => s.id === 'publish').if).toBe(true);
    expect(github.find((s: any) => s.id === 'publishGitea').if).toBe(false);

    const gitea = steps(
      '127.0.0.1:46418?owner=supply-chain&repo=returns-service',
    );
    expect(unboundStrings(gitea)).toEqual([]);
    expect(gitea.find((s: any) => s.id === 'publish').if).toBe(false);
    const publish = gitea.find((s: any) => s.id === 'publishGitea');
    expect(publish.if).toBe(true);
    expect(publish.action).toBe('supply-chain:gitea:publish');
    expect(publish.input.repoUrl).toBe(
      '127.0.0.1:46418?owner=supply-chain&repo=returns-service',
    );
    // a Go module path has no port
    expect(gitea.find((s: any) => s.id === 'fetch').input.values.goModule).toBe(
      '127.0.0.1/supply-chain/returns-service',
    );
  });

  it.each([
    [
      'github.com?owner=supply-chain&repo=returns-service',
      'publish',
      'https://github.com/supply-chain/returns-service/blob/main',
    ],
    [
      '127.0.0.1:46418?owner=supply-chain&repo=returns-service',
      'publishGitea',
      // what supply-chain:gitea:publish outputs
      'http://127.0.0.1:46418/supply-chain/returns-service/src/branch/main/',
    ],
  ])(
    'registers catalog-info.yaml from the GitOps folder, pointing at the repository published for %s',
    (repoUrl, publishStep, repoContentsUrl) => {
      const steps = renderStepValue(template.spec.steps, {
        ...context,
        parameters: { ...parameters, repoUrl },
        steps: { [publishStep]: { output: { repoContentsUrl } } },
      });
      const { input } = steps.find((s: any) => s.id === 'register');
      expect(input).toEqual({
        catalogInfoUrl: `${environment.parameters.gitopsCatalogBaseUrl}/apps/returns-service/catalog-info.yaml`,
      });
      // the file is rendered into the folder the GitOps step commits to apps/<name>
      const catalogInfo = steps.find((s: any) => s.id === 'catalogInfo');
      const gitops = steps.find((s: any) => s.id === 'gitops');
      expect(catalogInfo.input.targetPath).toBe(gitops.input.sourcePath);
      expect(gitops.input.targetPath).toBe('apps/returns-service');
      expect(catalogInfo.input.values.sourceLocation).toBe(repoContentsUrl);
      const order = steps.map((s: any) => s.id);
      expect(order.indexOf('catalogInfo')).toBeGreaterThan(
        order.indexOf(publishStep),
      );
      expect(order.indexOf('catalogInfo')).toBeLessThan(
        order.indexOf('gitops'),
      );
    },
  );

  it('the unbound-variable check catches what a missing owner produces', () => {
    // what a template concatenating an unbound owner renders (the widely copied bug)
    expect(
      unboundStrings({ url: 'https://github.com//returns-service' }),
    ).toEqual(['url: "https://github.com//returns-service"']);
    expect(
      unboundStrings({
        module: 'github.com/undefined/returns-service',
        path: 'apps/',
      }),
    ).toHaveLength(2);
    // here parseRepoUrl refuses a URL without owner, and the runner leaves the expression unrendered
    const rendered = renderStepValue(template.spec.steps, {
      ...context,
      parameters: { ...parameters, repoUrl: 'github.com?repo=returns-service' },
    });
    expect(unboundStrings(rendered).join('\n')).toContain(
      `[0].input.values.goModule: "\${{ (parameters.repoUrl | parseRepoUrl).host.split(':')[0] }}`,
    );
  });

  it('generates a skeleton whose files are free of unbound variables, and a valid catalog-info.yaml for the GitOps folder', () => {
    const steps = renderStepValue(template.spec.steps, context);
    const fetch = steps.find((s: any) => s.id === 'fetch');
    const dir = renderSkeleton(
      'go-microservice',
      fetch.input.values,
      fetch.input.copyWithoutTemplating,
    );
    const files = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter(e => e.isFile())
      .map(e => path.relative(dir, path.join(e.parentPath, e.name)));
    for (const f of files.filter(x => !x.startsWith('.github/'))) {
      const content = fs.readFileSync(path.join(dir, f), 'utf8');
      expect({
        file: f,
        found: content.match(
          /\bundefined\b|\[object Object\]|\$\{\{|github\.com\/\//g,
        ),
      }).toEqual({ file: f, found: null });
    }
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(
      '## Responsibilities\n\n- Return authorisation\n- Refund coordination\n',
    );
    // the CI workflow keeps its GitHub expressions
    expect(
      fs.readFileSync(path.join(dir, '.github/workflows/ci.yaml'), 'utf8'),
    ).toContain('${{ github.repository }}');
    expect(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8')).toMatch(
      /^module github\.com\/supply-chain\/returns-service$/m,
    );

    // the service's repository holds no catalog-info.yaml: it lives in the GitOps folder
    expect(files).not.toContain('catalog-info.yaml');
    const catalogStep = steps.find((s: any) => s.id === 'catalogInfo');
    const catalogDir = renderSkeleton(
      'go-microservice',
      catalogStep.input.values,
      [],
      undefined,
      'catalog',
    );
    const entity = yaml.parse(
      fs.readFileSync(path.join(catalogDir, 'catalog-info.yaml'), 'utf8'),
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'returns-service',
        description: 'Handles customer returns and refunds of shipped orders',
        annotations: {
          'backstage.io/kubernetes-id': 'returns-service',
          'backstage.io/kubernetes-namespace': 'supply-chain',
          'argocd/app-name': 'returns-service',
          'backstage.io/source-location':
            'url:https://github.com/supply-chain/returns-service/blob/main',
          'backstage.io/techdocs-ref':
            'url:https://github.com/supply-chain/returns-service/blob/main',
          'github.com/project-slug': 'supply-chain/returns-service',
        },
        tags: ['go', 'rest', 'grpc'],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/fulfillment-team',
        system: 'system:default/order-fulfillment',
        responsibilities: ['Return authorisation', 'Refund coordination'],
        dependsOn: [
          'component:default/order-service',
          'resource:default/returns-db',
        ],
      },
    });
  });

  it('its manifests step runs with the rendered input and writes valid manifests', async () => {
    const steps = renderStepValue(template.spec.steps, context);
    const manifests = steps.find((s: any) => s.id === 'manifests');
    const ctx = createTestActionContext({
      input: {
        ...manifests.input,
        // a local bare repository stands in for the environment's GitOps URL
        gitops: { ...manifests.input.gitops, repoUrl: targets.gitops.url },
      },
    });
    await createServiceManifestsAction({
      catalog: createTestCatalog(),
      guard: targets.guard,
    }).handler(ctx);
    const objects = (ctx.outputs.files as string[])
      .filter(f => !f.endsWith('kustomization.yaml'))
      .flatMap(f =>
        parseYamlDocuments(
          fs.readFileSync(path.join(ctx.workspacePath, f), 'utf8'),
        ),
      );
    expect(validateManifestSet(objects)).toEqual([]);
    expect(ctx.outputs.productionPath).toBe('k8s/overlays/production');
    // the steps that follow read what this one wrote
    const argocd = steps.find((s: any) => s.id === 'argocd');
    expect(
      fs.existsSync(path.join(ctx.workspacePath, argocd.input.manifestPath)),
    ).toBe(true);
    const preflight = steps.find((s: any) => s.id === 'preflight');
    expect(
      fs.existsSync(path.join(ctx.workspacePath, preflight.input.path)),
    ).toBe(true);
  });

  describe('the optional VPA', () => {
    const vpaField = template.spec.parameters
      .map((page: any) => page.properties.vpa)
      .find(Boolean);
    const vpaFields = vpaField.properties;

    it("is off by default and offers the action's update modes, each with what it does", () => {
      expect(vpaField.properties.enabled.default).toBe(false);
      expect(vpaFields.updateMode.default).toBe('Off');
      const choices = vpaFields.updateMode.oneOf.map((c: any) => c.const);
      expect(choices).toEqual(VPA_UPDATE_MODES);
      for (const choice of vpaFields.updateMode.oneOf) {
        const meaning = updateModeMeaning(choice.const);
        expect(choice.title).toContain(
          `${choice.const}: ${meaning[0].toLowerCase()}${meaning.slice(1)}`,
        );
      }
    });

    it('checks each bound with the quantity grammar of parseQuantity and names the field', () => {
      for (const bounds of ['minAllowed', 'maxAllowed']) {
        for (const resource of ['cpu', 'memory']) {
          expect(vpaFields[bounds].properties[resource].pattern).toBe(
            QUANTITY_PATTERN.source,
          );
        }
      }
      const formErrorsOf = (value: unknown) =>
        new Validator()
          .validate(value, vpaField)
          .errors.map(e => `${e.property}: ${e.message}`);
      expect(
        formErrorsOf({
          enabled: true,
          updateMode: 'Off',
          minAllowed: { cpu: '100m', memory: '128Mi' },
          maxAllowed: { cpu: '1.5', memory: '2Gi' },
        }),
      ).toEqual([]);
      expect(
        formErrorsOf({ enabled: true, minAllowed: { cpu: 'lots' } }),
      ).toContainEqual(
        expect.stringMatching(/minAllowed\.cpu: does not match pattern/),
      );
    });

    const runManifests = async (values: Record<string, unknown>) => {
      const steps = renderStepValue(template.spec.steps, {
        ...context,
        parameters: { ...parameters, ...values },
      });
      const manifests = steps.find((s: any) => s.id === 'manifests');
      const ctx = createTestActionContext({
        input: {
          ...manifests.input,
          gitops: { ...manifests.input.gitops, repoUrl: targets.gitops.url },
        },
      });
      await createServiceManifestsAction({
        catalog: createTestCatalog(),
        guard: targets.guard,
      }).handler(ctx);
      return ctx;
    };

    it('renders the VPA the form describes, in place of the HPA', async () => {
      const ctx = await runManifests({
        hpa: false,
        vpa: {
          enabled: true,
          updateMode: 'Auto',
          minAllowed: { cpu: '100m' },
          maxAllowed: { cpu: '1', memory: '1Gi' },
        },
      });
      const files = ctx.outputs.files as string[];
      expect(files).toContain('k8s/base/vpa.yaml');
      expect(files).not.toContain('k8s/base/hpa.yaml');
      const [vpa] = parseYamlDocuments(
        fs.readFileSync(
          path.join(ctx.workspacePath, 'k8s/base/vpa.yaml'),
          'utf8',
        ),
      ) as any[];
      expect(vpa.spec.updatePolicy.updateMode).toBe('Auto');
      expect(vpa.spec.resourcePolicy.containerPolicies).toEqual([
        {
          containerName: 'returns-service',
          minAllowed: { cpu: '100m' },
          maxAllowed: { cpu: '1', memory: '1Gi' },
          controlledResources: ['cpu', 'memory'],
        },
      ]);
    });

    it('refuses a VPA that changes pods next to the HPA, and a minimum above the maximum, naming the field', async () => {
      await expect(
        runManifests({ vpa: { enabled: true, updateMode: 'Recreate' } }),
      ).rejects.toThrow(
        /vpa\.updateMode: vpa\.updateMode Recreate changes the pods' cpu and memory requests, which the HPA \(include\.hpa\) scales on/,
      );
      await expect(
        runManifests({
          vpa: {
            enabled: true,
            minAllowed: { memory: '1Gi' },
            maxAllowed: { memory: '512Mi' },
          },
        }),
      ).rejects.toThrow(
        /vpa\.minAllowed\.memory: vpa\.minAllowed\.memory \(1Gi\) must not exceed vpa\.maxAllowed\.memory \(512Mi\)/,
      );
    });

    it("the service's docs say how it is scaled and sized", () => {
      const operations = (values: Record<string, unknown>) => {
        const steps = renderStepValue(template.spec.steps, {
          ...context,
          parameters: { ...parameters, ...values },
        });
        const fetch = steps.find((s: any) => s.id === 'fetch');
        const dir = renderSkeleton(
          'go-microservice',
          fetch.input.values,
          fetch.input.copyWithoutTemplating,
        );
        const docs = fs.readFileSync(path.join(dir, 'docs/index.md'), 'utf8');
        return docs.slice(docs.indexOf('## Operations')).replace(/\s+/g, ' ');
      };
      const byDefault = operations({});
      expect(byDefault).toContain('the HPA scales on CPU and memory.');
      expect(byDefault).not.toContain('VerticalPodAutoscaler');
      const withVpa = operations({
        hpa: false,
        vpa: { enabled: true, updateMode: 'Initial' },
      });
      expect(withVpa).toContain('a fixed number of replicas (no HPA).');
      expect(withVpa).toContain(
        "the VerticalPodAutoscaler `returns-service-vpa` (update mode `Initial`) recommends the container's CPU and memory requests and applies them;",
      );
    });

    it('an unticked VPA renders none, whatever else the form kept', async () => {
      const ctx = await runManifests({
        vpa: { enabled: false, updateMode: 'Auto' },
      });
      expect(ctx.outputs.files).not.toContain('k8s/base/vpa.yaml');
      expect(ctx.outputs.files).toContain('k8s/base/hpa.yaml');
    });
  });

  it('without a configured GitOps repository, the manifests step names the missing field', async () => {
    const steps = renderStepValue(template.spec.steps, {
      ...context,
      environment: { parameters: {} },
    });
    const manifests = steps.find((s: any) => s.id === 'manifests');
    const ctx = createTestActionContext({ input: manifests.input });
    const run = createServiceManifestsAction({
      catalog: createTestCatalog(),
      guard: targets.guard,
    }).handler(ctx);
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(/gitops\.repoUrl: Required/);
  });
});

describe('ml-model', () => {
  const template = loadTemplate('ml-model');
  const parameters = withDefaults(template, {
    servingComponent: 'component:default/ml-prediction-service',
    name: 'demand-forecasting-v3',
    modelName: 'demand-forecasting',
    modelVersion: 'v3.0.0',
    framework: 'tensorflow',
  });
  const context = { parameters, environment, steps: stepOutputs };

  it('the form names the field of each mistake', () => {
    expect(formErrors(template, parameters)).toEqual([]);
    expect(
      formErrors(template, {
        ...parameters,
        framework: 'xgboost',
        replicas: 11,
        memory: '2 GB',
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^framework: is not one of enum values/),
        expect.stringMatching(/^replicas: must be less than or equal to 10/),
        expect.stringMatching(/^memory: does not match pattern/),
      ]),
    );
  });

  it('renders without unbound variables and its MLModel step runs with the rendered input', async () => {
    const rendered = renderStepValue(
      { steps: template.spec.steps, output: template.spec.output },
      context,
    );
    expect(unboundStrings(rendered)).toEqual([]);
    const step = rendered.steps.find((s: any) => s.id === 'mlmodel');
    const ctx = createTestActionContext({ input: step.input });
    await createMlModelAction({ catalog: createTestCatalog() }).handler(ctx);
    const apply = rendered.steps.find((s: any) => s.id === 'apply');
    expect(ctx.outputs.mlModelPath).toBe(apply.input.path);
    // the cluster steps act for the owner the model step checked
    expect(ctx.outputs.owner).toBe('group:default/ml-team');
    expect(apply.input.owner).toBe(stepOutputs.mlmodel.output.owner);
    expect(
      rendered.steps.find((s: any) => s.id === 'preflight').input.owner,
    ).toBe(stepOutputs.mlmodel.output.owner);
    const [model] = parseYamlDocuments(
      fs.readFileSync(path.join(ctx.workspacePath, apply.input.path), 'utf8'),
    );
    expect(validateManifestSet([model])).toEqual([]);
  });
});
