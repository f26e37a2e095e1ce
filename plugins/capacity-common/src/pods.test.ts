import { podRequests } from './pods';

const container = (cpu?: string, memory?: string) => ({
  resources: {
    requests: {
      ...(cpu ? { cpu } : {}),
      ...(memory ? { memory } : {}),
    },
  },
});
const Mi = 1024 ** 2;

describe('podRequests', () => {
  it('sums the containers when there are no init containers', () => {
    expect(
      podRequests({
        containers: [container('250m', '256Mi'), container('50m', '64Mi')],
      }),
    ).toEqual({ cpu: 0.3, memory: 320 * Mi });
  });

  it('counts the largest init container when it asks for more than the containers together', () => {
    // a model download: 1 core and 1Gi once, then a 200m / 128Mi server
    expect(
      podRequests({
        initContainers: [container('1', '1Gi'), container('500m', '2Gi')],
        containers: [container('200m', '128Mi')],
      }),
    ).toEqual({ cpu: 1, memory: 2048 * Mi });
  });

  it('counts the containers when they ask for more than any init container, per resource', () => {
    expect(
      podRequests({
        initContainers: [container('100m', '1Gi')],
        containers: [container('300m', '128Mi'), container('200m', '128Mi')],
      }),
    ).toEqual({ cpu: 0.5, memory: 1024 * Mi });
  });

  it('adds a sidecar (restartPolicy Always) to the containers and to the init containers started after it', () => {
    expect(
      podRequests({
        initContainers: [
          container('400m', '64Mi'), // before the sidecar: alone
          { restartPolicy: 'Always', ...container('100m', '64Mi') },
          container('600m', '64Mi'), // after it: 600m + 100m
        ],
        containers: [container('200m', '128Mi')],
      }),
    ).toEqual({ cpu: 0.7, memory: 192 * Mi });
  });

  it('adds the pod overhead', () => {
    expect(
      podRequests({
        containers: [container('250m', '256Mi')],
        initContainers: [container('1', '64Mi')],
        overhead: { cpu: '50m', memory: '32Mi' },
      }),
    ).toEqual({ cpu: 1.05, memory: 288 * Mi });
  });

  it('leaves out a resource nothing requests, and answers {} for a pod without requests', () => {
    expect(
      podRequests({
        initContainers: [container('1')],
        containers: [container('100m')],
      }),
    ).toEqual({ cpu: 1 });
    expect(podRequests({ containers: [{}] })).toEqual({});
    expect(podRequests(undefined)).toEqual({});
  });
});
