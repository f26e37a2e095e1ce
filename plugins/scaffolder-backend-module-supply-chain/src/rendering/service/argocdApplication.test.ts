import { renderArgoCdApplication } from './argocdApplication';
import { testGitops, testServiceSpec } from './__testUtils__/testSpec';

const render = (spec: ReturnType<typeof testServiceSpec>) =>
  renderArgoCdApplication(spec, spec.gitops!) as any;

describe('renderArgoCdApplication', () => {
  it('points the Argo CD Application at the production overlay in the GitOps repository', () => {
    const app = render(
      testServiceSpec({ gitops: { ...testGitops, path: 'services/returns' } }),
    );
    expect(app.metadata).toMatchObject({
      name: 'returns-service',
      namespace: 'argocd',
    });
    expect(app.spec.source).toEqual({
      repoURL: 'https://git.example.com/platform/gitops.git',
      targetRevision: 'HEAD',
      path: 'services/returns/overlays/production',
    });
    expect(app.spec.destination).toEqual({
      server: 'https://kubernetes.default.svc',
      namespace: 'supply-chain',
    });
    expect(app.spec.syncPolicy.automated).toEqual({
      prune: true,
      selfHeal: true,
      allowEmpty: false,
    });
    expect(app.spec.ignoreDifferences[0].jsonPointers).toEqual([
      '/spec/replicas',
    ]);
    expect(render(testServiceSpec()).spec).toMatchObject({
      source: { path: 'apps/returns-service/overlays/production' },
    });
  });
});
