import { slimDeployment, slimPod } from './slim';

describe('slim objects', () => {
  const container = {
    name: 'app',
    image: 'registry.example/app:1',
    env: [{ name: 'PASSWORD', value: 'not-a-secret' }],
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
    readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
    resources: {
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
  };

  it("keeps a pod's container and init container resources, overhead, node and tolerations, and drops env, volumes and probes", () => {
    const pod = slimPod({
      metadata: { name: 'web-a', namespace: 'shop', managedFields: [{}] },
      spec: {
        nodeName: 'general-1',
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [container],
        initContainers: [
          {
            name: 'proxy',
            restartPolicy: 'Always',
            env: [{ name: 'X', value: 'y' }],
            resources: { requests: { cpu: '100m' } },
          },
          { name: 'migrate', resources: { limits: { memory: '1Gi' } } },
        ],
        overhead: { cpu: '250m', memory: '120Mi' },
        tolerations: [
          {
            key: 'workload',
            operator: 'Equal',
            value: 'ml',
            effect: 'NoSchedule',
          },
        ],
      },
    });
    expect(pod.spec).toEqual({
      nodeName: 'general-1',
      containers: [
        {
          name: 'app',
          resources: {
            requests: { cpu: '500m', memory: '256Mi' },
            limits: { cpu: '1', memory: '512Mi' },
          },
        },
      ],
      initContainers: [
        {
          name: 'proxy',
          restartPolicy: 'Always',
          resources: { requests: { cpu: '100m' } },
        },
        {
          name: 'migrate',
          restartPolicy: undefined,
          resources: { limits: { memory: '1Gi' } },
        },
      ],
      overhead: { cpu: '250m', memory: '120Mi' },
      tolerations: [
        {
          key: 'workload',
          operator: 'Equal',
          value: 'ml',
          effect: 'NoSchedule',
          tolerationSeconds: undefined,
        },
      ],
    });
    const text = JSON.stringify(pod);
    for (const dropped of [
      'PASSWORD',
      'volume',
      'Probe',
      'managedFields',
      'image',
    ]) {
      expect(text).not.toContain(dropped);
    }
  });

  it("keeps a Deployment template's container resources beside name and image, without env or probes", () => {
    const deployment = slimDeployment({
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [container] } },
      },
    });
    expect(deployment.spec.template.spec?.containers).toEqual([
      {
        name: 'app',
        image: 'registry.example/app:1',
        resources: {
          requests: { cpu: '500m', memory: '256Mi' },
          limits: { cpu: '1', memory: '512Mi' },
        },
      },
    ]);
    const text = JSON.stringify(deployment);
    expect(text).not.toContain('PASSWORD');
    expect(text).not.toContain('readinessProbe');
  });

  it('keeps no resources field for a container without requests or limits', () => {
    const pod = slimPod({
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', resources: {} }] },
    });
    expect(pod.spec?.containers).toEqual([
      { name: 'app', resources: undefined },
    ]);
  });
});
