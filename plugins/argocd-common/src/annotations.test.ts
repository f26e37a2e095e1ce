import { hasArgoCdAnnotations, parseArgoCdAnnotations } from './annotations';

describe('parseArgoCdAnnotations', () => {
  it.each([
    ['no annotations', undefined],
    ['unrelated annotations', { 'backstage.io/kubernetes-id': 'x' }],
    ['blank app-name', { 'argocd/app-name': '  ' }],
    ['instance-name alone', { 'argocd/instance-name': 'sandbox' }],
  ])('%s: not annotated', (_, annotations) => {
    expect(parseArgoCdAnnotations(annotations)).toEqual({
      ok: true,
      annotated: false,
    });
  });

  it.each([
    [
      'one app name',
      { 'argocd/app-name': 'order-service' },
      { appNames: ['order-service'], instanceNames: [], projectNames: [] },
    ],
    [
      'comma-separated names, spaces and duplicates',
      {
        'argocd/app-name': 'order-service, order-service-canary,,order-service',
      },
      {
        appNames: ['order-service', 'order-service-canary'],
        instanceNames: [],
        projectNames: [],
      },
    ],
    [
      'selector keeps its commas',
      { 'argocd/app-selector': 'app in (a,b),tier=backend' },
      {
        appNames: [],
        appSelector: 'app in (a,b),tier=backend',
        instanceNames: [],
        projectNames: [],
      },
    ],
    [
      'several instances in order, namespace and project',
      {
        'argocd/app-name': 'inventory-service',
        'argocd/instance-name': 'prod-eu, sandbox',
        'argocd/app-namespace': 'team-apps',
        'argocd/project-name': 'supply-chain',
      },
      {
        appNames: ['inventory-service'],
        instanceNames: ['prod-eu', 'sandbox'],
        appNamespace: 'team-apps',
        projectNames: ['supply-chain'],
      },
    ],
    [
      'project only (Roadie compatibility)',
      { 'argocd/project-name': 'supply-chain' },
      { appNames: [], instanceNames: [], projectNames: ['supply-chain'] },
    ],
  ])('%s', (_, annotations, value) => {
    expect(parseArgoCdAnnotations(annotations)).toEqual({
      ok: true,
      annotated: true,
      value,
    });
  });

  it.each([
    [{ 'argocd/app-name': 'Order_Service' }, 'argocd/app-name'],
    [{ 'argocd/app-name': 'ok, bad/name' }, 'argocd/app-name'],
    [{ 'argocd/app-selector': 'app=a;rm -rf' }, 'argocd/app-selector'],
    [
      { 'argocd/app-name': 'a', 'argocd/instance-name': 'bad name' },
      'argocd/instance-name',
    ],
    [
      { 'argocd/app-name': 'a', 'argocd/app-namespace': 'Not_A_Namespace' },
      'argocd/app-namespace',
    ],
    [{ 'argocd/project-name': 'UPPER' }, 'argocd/project-name'],
  ])('%j is refused naming %s', (annotations, annotation) => {
    const result = parseArgoCdAnnotations(annotations);
    expect(result).toMatchObject({ ok: false, annotation });
  });
});

describe('hasArgoCdAnnotations', () => {
  it.each([
    [{ 'argocd/app-name': 'a' }, true],
    [{ 'argocd/app-selector': 'app=a' }, true],
    [{ 'argocd/project-name': 'p' }, true],
    [{ 'argocd/instance-name': 'sandbox' }, false],
    [{}, false],
  ])('%j → %s', (annotations, expected) => {
    expect(hasArgoCdAnnotations({ metadata: { annotations } })).toBe(expected);
  });
});
