import { validateManifestSet } from './manifestValidation';
import { renderServiceManifests, ServiceCaller } from './serviceManifests';
import { ServiceSpecInput } from './serviceSpec';
import {
  mlCaller,
  orderCaller,
  testServiceSpec,
} from './service/__testUtils__/testSpec';
import { parseYamlDocuments } from './yamlDocuments';

function render(
  overrides: Partial<ServiceSpecInput> = {},
  callers: ServiceCaller[] = [],
) {
  return renderServiceManifests(testServiceSpec(overrides), callers);
}

const objectOf = (rendered: ReturnType<typeof render>, kind: string) =>
  rendered.objects.find(o => o.object.kind === kind)?.object;

describe('renderServiceManifests', () => {
  const allOff = {
    serviceAccount: false,
    hpa: false,
    pdb: false,
    istio: false,
    authorizationPolicy: false,
    serviceMonitor: false,
    kustomize: false,
    argocdApplication: false,
  };
  const matrix: Array<[string, Partial<ServiceSpecInput>, string[]]> = [
    [
      'defaults (http only, no database)',
      {},
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'grpc + database',
      { grpc: true, database: true },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/externalsecret.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'a VPA instead of the HPA',
      {
        vpa: { enabled: true, updateMode: 'Auto' },
        include: { hpa: false, argocdApplication: false },
        gitops: undefined,
      },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/vpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
      ],
    ],
    [
      'only the Deployment and Service',
      { include: allOff, gitops: undefined },
      ['base/deployment.yaml', 'base/service.yaml'],
    ],
    [
      'no mesh, no autoscaling, database',
      {
        database: true,
        include: {
          istio: false,
          authorizationPolicy: false,
          hpa: false,
          pdb: false,
        },
      },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/servicemonitor.yaml',
        'base/externalsecret.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
        'argocd/application.yaml',
      ],
    ],
    [
      'kustomize without Argo CD, pods metric, admin account',
      {
        include: { argocdApplication: false },
        gitops: undefined,
        requestsPerSecondTarget: 100,
        adminServiceAccount: 'admin-sa',
      },
      [
        'base/deployment.yaml',
        'base/service.yaml',
        'base/serviceaccount.yaml',
        'base/hpa.yaml',
        'base/pdb.yaml',
        'base/virtualservice.yaml',
        'base/destinationrule.yaml',
        'base/authorizationpolicy.yaml',
        'base/servicemonitor.yaml',
        'base/kustomization.yaml',
        'overlays/staging/kustomization.yaml',
        'overlays/production/kustomization.yaml',
      ],
    ],
  ];

  it.each(matrix)(
    '%s: emits exactly the expected files, every object valid',
    (_, overrides, expectedFiles) => {
      const rendered = render(overrides, [orderCaller]);
      expect(rendered.files.map(f => f.path)).toEqual(expectedFiles);
      // every file parses back to the objects the renderer built
      const parsedObjects = rendered.files
        .filter(f => !f.path.endsWith('kustomization.yaml'))
        .flatMap(f => parseYamlDocuments(f.content));
      expect(parsedObjects).toEqual(rendered.objects.map(o => o.object));
      expect(validateManifestSet(parsedObjects)).toEqual([]);
      // the base kustomization lists exactly the base files
      const kustomization = rendered.files.find(
        f => f.path === 'base/kustomization.yaml',
      );
      const listed = kustomization
        ? (parseYamlDocuments(kustomization.content)[0] as any).resources.map(
            (r: string) => `base/${r}`,
          )
        : [];
      expect(listed).toEqual(
        expectedFiles.includes('base/kustomization.yaml')
          ? expectedFiles.filter(
              f => f.startsWith('base/') && f !== 'base/kustomization.yaml',
            )
          : [],
      );
      for (const f of rendered.files) {
        expect(f.content).not.toMatch(/undefined|\[object Object\]|: null$/m);
      }
    },
  );

  it('renders an ExternalSecret only when there is a database', () => {
    expect(objectOf(render(), 'ExternalSecret')).toBeUndefined();
    expect(
      objectOf(render({ database: true }), 'ExternalSecret'),
    ).toBeDefined();
  });

  it('is deterministic: same values give the same bytes, whatever the order of callers', () => {
    const a = render({ grpc: true, database: true }, [orderCaller, mlCaller]);
    const b = render({ database: true, grpc: true }, [
      mlCaller,
      orderCaller,
      mlCaller,
    ]);
    expect(b.files).toEqual(a.files);
    expect(
      Buffer.from(b.files.map(f => f.content).join('')).equals(
        Buffer.from(a.files.map(f => f.content).join('')),
      ),
    ).toBe(true);
  });
});
