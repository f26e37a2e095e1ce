import {
  healthStatusTone,
  isProblemResource,
  operationPhaseTone,
  problemResources,
  syncStatusTone,
} from './resourceStatus';

const r = (kind: string, name: string, status?: string, health?: string) => ({
  kind,
  name,
  status,
  health: health ? { status: health } : undefined,
});

describe('isProblemResource', () => {
  it.each([
    [r('Deployment', 'a', 'Synced', 'Healthy'), false],
    [r('ConfigMap', 'a', 'Synced'), false],
    [r('ConfigMap', 'a', 'OutOfSync'), true],
    [r('Deployment', 'a', 'Synced', 'Progressing'), true],
    [r('Deployment', 'a', 'Synced', 'Degraded'), true],
    [r('Service', 'a', 'Synced', 'Missing'), true],
    [r('Deployment', 'a', 'OutOfSync', 'Healthy'), true],
    [r('Deployment', 'a', 'Unknown', 'Healthy'), false],
  ])('%j → %s', (resource, expected) => {
    expect(isProblemResource(resource)).toBe(expected);
  });
});

describe('problemResources', () => {
  it('keeps only the problems, OutOfSync first, then by severity', () => {
    const list = problemResources([
      r('Deployment', 'healthy', 'Synced', 'Healthy'),
      r('Deployment', 'progressing', 'Synced', 'Progressing'),
      r('Deployment', 'degraded', 'Synced', 'Degraded'),
      r('ConfigMap', 'drifted', 'OutOfSync'),
      {
        ...r('Service', 'gone', 'OutOfSync', 'Missing'),
        requiresPruning: true,
      },
    ]);
    expect(list.map(p => `${p.kind}/${p.name}`)).toEqual([
      'Service/gone',
      'ConfigMap/drifted',
      'Deployment/degraded',
      'Deployment/progressing',
    ]);
    expect(list[0]).toEqual({
      kind: 'Service',
      name: 'gone',
      syncStatus: 'OutOfSync',
      healthStatus: 'Missing',
      requiresPruning: true,
      group: undefined,
      version: undefined,
      namespace: undefined,
      healthMessage: undefined,
    });
  });

  it.each([[undefined], [null], [[]]])('%j → none', resources => {
    expect(problemResources(resources)).toEqual([]);
  });
});

describe('tones', () => {
  it.each([
    ['Synced', 'success'],
    ['OutOfSync', 'warning'],
    ['Unknown', 'neutral'],
    [undefined, 'neutral'],
  ])('sync %s → %s', (status, tone) => {
    expect(syncStatusTone(status)).toBe(tone);
  });

  it.each([
    ['Healthy', 'success'],
    ['Progressing', 'info'],
    ['Suspended', 'info'],
    ['Degraded', 'danger'],
    ['Missing', 'warning'],
    ['Unknown', 'neutral'],
  ])('health %s → %s', (status, tone) => {
    expect(healthStatusTone(status)).toBe(tone);
  });

  it.each([
    ['Succeeded', 'success'],
    ['Running', 'info'],
    ['Failed', 'danger'],
    ['Error', 'danger'],
    [undefined, 'neutral'],
  ])('operation %s → %s', (phase, tone) => {
    expect(operationPhaseTone(phase)).toBe(tone);
  });
});
