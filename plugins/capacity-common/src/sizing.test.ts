import {
  formatAmount,
  hpaHeadroom,
  meanUsage,
  parseRecommendation,
  resourceAmounts,
  shareOfRequests,
  sizingVerdict,
  updateModeMeaning,
} from './sizing';

const rec = parseRecommendation({
  target: { cpu: '300m', memory: '400Mi' },
  lowerBound: { cpu: '200m', memory: '300Mi' },
  upperBound: { cpu: '500m', memory: '600Mi' },
  uncappedTarget: { cpu: '300m', memory: '400Mi' },
});

describe('resourceAmounts', () => {
  it('reads cpu in cores and memory in bytes with the shared parser', () => {
    expect(resourceAmounts({ cpu: '250m', memory: '512Mi' })).toEqual({
      cpu: 0.25,
      memory: 512 * 1024 ** 2,
    });
    expect(resourceAmounts({ cpu: 'lots' })).toEqual({});
    expect(resourceAmounts(undefined)).toEqual({});
  });
});

describe('sizingVerdict', () => {
  it('over-provisioned when the request is above the upper bound', () => {
    const v = sizingVerdict('cpu', 1, rec);
    expect(v.verdict).toBe('over-provisioned');
    expect(v.message).toBe(
      "Requests 1 cpu, above the VPA's upper bound 500m; the VPA suggests 300m",
    );
  });
  it('under-provisioned when the request is below the lower bound', () => {
    const v = sizingVerdict('memory', 128 * 1024 ** 2, rec);
    expect(v.verdict).toBe('under-provisioned');
    expect(v.message).toBe(
      "Requests 128Mi memory, below the VPA's lower bound 300Mi; the VPA suggests 400Mi",
    );
  });
  it('under-provisioned when no request is set at all', () => {
    expect(sizingVerdict('cpu', undefined, rec).verdict).toBe(
      'under-provisioned',
    );
  });
  it('within bounds on and between the bounds', () => {
    expect(sizingVerdict('cpu', 0.2, rec).verdict).toBe('within bounds');
    expect(sizingVerdict('cpu', 0.5, rec).verdict).toBe('within bounds');
    expect(sizingVerdict('cpu', 0.35, rec).message).toBe(
      "Requests 350m cpu, within the VPA's bounds 200m–500m",
    );
  });
  it('no recommendation yet without a VPA or without bounds for the resource', () => {
    expect(sizingVerdict('cpu', 0.25, undefined).verdict).toBe(
      'no recommendation yet',
    );
    const cpuOnly = parseRecommendation({
      lowerBound: { cpu: '1' },
      upperBound: { cpu: '2' },
    });
    expect(sizingVerdict('memory', 1e9, cpuOnly)).toEqual({
      verdict: 'no recommendation yet',
      message: 'The VPA has no memory recommendation yet',
    });
  });
});

describe('updateModeMeaning', () => {
  it('Auto and Recreate evict pods to apply', () => {
    expect(updateModeMeaning('Auto')).toMatch(/evicting pods/);
    expect(updateModeMeaning('Recreate')).toMatch(/evicting pods/);
  });
  it('an unset mode is Auto', () => {
    expect(updateModeMeaning(undefined)).toBe(updateModeMeaning('Auto'));
  });
  it('Initial applies only at pod creation', () => {
    expect(updateModeMeaning('Initial')).toBe(
      'Applies its recommendation only when a pod is created; running pods keep their requests',
    );
  });
  it('Off only recommends', () => {
    expect(updateModeMeaning('Off')).toBe(
      'Only recommends; it never changes pods',
    );
  });
  it('InPlaceOrRecreate resizes in place, else evicts', () => {
    expect(updateModeMeaning('InPlaceOrRecreate')).toMatch(/in place/);
  });
  it('names an unknown mode', () => {
    expect(updateModeMeaning('Sometimes')).toMatch(
      /Unknown update mode Sometimes/,
    );
  });
});

describe('usage', () => {
  it('means over pods and divides by requests', () => {
    const mean = meanUsage([
      { cpu: 0.1, memory: 100 },
      { cpu: 0.3, memory: 300 },
    ]);
    expect(mean).toEqual({ cpu: 0.2, memory: 200 });
    expect(shareOfRequests(mean!, { cpu: 0.4 })).toEqual({ cpu: 0.5 });
    expect(meanUsage([])).toBeUndefined();
  });
});

describe('hpaHeadroom', () => {
  const hpa = (current: number | undefined, max: number, min?: number) => ({
    metadata: { name: 'web' },
    spec: { minReplicas: min, maxReplicas: max },
    status: current === undefined ? undefined : { currentReplicas: current },
  });
  it('counts the replicas left', () => {
    expect(hpaHeadroom(hpa(3, 10, 2))).toEqual({
      name: 'web',
      currentReplicas: 3,
      minReplicas: 2,
      maxReplicas: 10,
      headroom: 7,
      capped: false,
      message: 'Runs 3 of at most 10 replicas; can add 7 more',
    });
  });
  it('is capped at maxReplicas', () => {
    const h = hpaHeadroom(hpa(5, 5));
    expect(h.capped).toBe(true);
    expect(h.headroom).toBe(0);
    expect(h.minReplicas).toBe(1);
    expect(h.message).toBe(
      'Capped: runs 5 of at most 5 replicas and cannot scale out further',
    );
  });
  it('without status it has all of maxReplicas left', () => {
    expect(hpaHeadroom(hpa(undefined, 4)).headroom).toBe(4);
  });
});

describe('formatAmount', () => {
  it('prints like kubectl', () => {
    expect(formatAmount('cpu', 0.25)).toBe('250m');
    expect(formatAmount('cpu', 2)).toBe('2');
    expect(formatAmount('memory', 1.5 * 1024 ** 3)).toBe('1.5Gi');
  });
});
