import fs from 'node:fs';
import { createTestActionContext } from '../actions/__testUtils__/mockActionContext';
import { configWithPolicy } from '../actions/__testUtils__/policy';
import { createKubernetesApplyAction } from '../actions/kubernetesApply';
import { renderServiceManifests } from '../rendering/serviceManifests';
import { parseServiceSpec } from '../rendering/serviceSpec';
import { sandboxCluster } from './sandboxConnection';

jest.setTimeout(120_000);

/*
 * The value checks manifestSchemas.ts leaves to Kubernetes (names, port
 * ranges, protocols, quantities, HPA behavior ranges): a rendered object
 * broken in each of these ways is refused by the preflight step of the
 * template (supply-chain:kubernetes:apply with dryRun), naming the field.
 */

const rendered = renderServiceManifests(
  parseServiceSpec({
    name: 'returns-service',
    owner: 'group:default/inventory-team',
    grpc: true,
    database: true,
    include: { argocdApplication: false },
  }),
);
const objectOf = (kind: string): any =>
  structuredClone(rendered.objects.find(o => o.object.kind === kind)!.object);
const container = (d: any) => d.spec.template.spec.containers[0];

const cases: Array<[string, string, (o: any) => void, RegExp]> = [
  [
    'container name not a DNS label',
    'Deployment',
    d => {
      container(d).name = 'Returns_Service';
    },
    /spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Returns_Service"/,
  ],
  [
    'port name longer than 15 characters',
    'Deployment',
    d => {
      container(d).ports[1].name = 'grpc-port-name-too-long';
    },
    /containers\[0\]\.ports\[1\]\.name: Invalid value: "grpc-port-name-too-long"/,
  ],
  [
    'containerPort out of range',
    'Deployment',
    d => {
      container(d).ports[1].containerPort = 70000;
    },
    /containers\[0\]\.ports\[1\]\.containerPort: Invalid value: 70000/,
  ],
  [
    'unknown protocol',
    'Deployment',
    d => {
      container(d).ports[0].protocol = 'HTTP';
    },
    /containers\[0\]\.ports\[0\]\.protocol: Unsupported value: "HTTP"/,
  ],
  [
    'Secret name not a DNS subdomain',
    'Deployment',
    d => {
      container(d).env.find(
        (e: any) => e.valueFrom,
      ).valueFrom.secretKeyRef.name = 'Database_Credentials';
    },
    /valueFrom\.secretKeyRef\.name: Invalid value: "Database_Credentials"/,
  ],
  [
    'resource request not a quantity',
    'Deployment',
    d => {
      container(d).resources.requests.cpu = 'lots';
    },
    /quantities must match the regular expression/,
  ],
  [
    'negative replicas',
    'Deployment',
    d => {
      d.spec.replicas = -1;
    },
    /spec\.replicas: Invalid value: -1/,
  ],
  [
    'service account name not a DNS subdomain',
    'Deployment',
    d => {
      d.spec.template.spec.serviceAccountName = 'Returns_SA';
    },
    /spec\.template\.spec\.serviceAccountName: Invalid value: "Returns_SA"/,
  ],
  [
    'probe port out of range',
    'Deployment',
    d => {
      container(d).livenessProbe.httpGet.port = 70000;
    },
    /livenessProbe\.httpGet\.port: Invalid value: 70000/,
  ],
  [
    'probe port name not a port name',
    'Deployment',
    d => {
      container(d).readinessProbe.httpGet.port = 'Ready_Port';
    },
    /readinessProbe\.httpGet\.port: Invalid value: "Ready_Port"/,
  ],
  [
    'containerPort 0',
    'Deployment',
    d => {
      container(d).ports[0].containerPort = 0;
    },
    /containers\[0\]\.ports\[0\]\.containerPort: (Required value|Invalid value: 0)/,
  ],
  [
    'Service port 0',
    'Service',
    s => {
      s.spec.ports[0].port = 0;
    },
    /spec\.ports\[0\]\.port: (Required value|Invalid value: 0)/,
  ],
  [
    'Service port out of range',
    'Service',
    s => {
      s.spec.ports[0].port = 70000;
    },
    /spec\.ports\[0\]\.port: Invalid value: 70000/,
  ],
  [
    'Service port name not a DNS label',
    'Service',
    s => {
      s.spec.ports[1].name = 'gRPC_Port';
    },
    /spec\.ports\[1\]\.name: Invalid value: "gRPC_Port"/,
  ],
  [
    'Service targetPort not a port name',
    'Service',
    s => {
      s.spec.ports[1].targetPort = 'grpc_port';
    },
    /spec\.ports\[1\]\.targetPort: Invalid value: "grpc_port"/,
  ],
  [
    'HPA policy period above 1800 s',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleUp.policies[0].periodSeconds = 1801;
    },
    /spec\.behavior\.scaleUp\.policies\[0\]\.periodSeconds: Invalid value: 1801/,
  ],
  [
    'HPA policy value 0',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleDown.policies[0].value = 0;
    },
    /spec\.behavior\.scaleDown\.policies\[0\]\.value: Invalid value: 0/,
  ],
  [
    'HPA stabilization window above an hour',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleDown.stabilizationWindowSeconds = 3601;
    },
    /spec\.behavior\.scaleDown\.stabilizationWindowSeconds: Invalid value: 3601/,
  ],
  [
    'HPA policy period 0',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleUp.policies[1].periodSeconds = 0;
    },
    /spec\.behavior\.scaleUp\.policies\[1\]\.periodSeconds: Invalid value: 0/,
  ],
  [
    'negative HPA stabilization window',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleUp.stabilizationWindowSeconds = -1;
    },
    /spec\.behavior\.scaleUp\.stabilizationWindowSeconds: Invalid value: -1/,
  ],
  [
    'unknown HPA select policy',
    'HorizontalPodAutoscaler',
    h => {
      h.spec.behavior.scaleUp.selectPolicy = 'Most';
    },
    /spec\.behavior\.scaleUp\.selectPolicy: Unsupported value: "Most"/,
  ],
];

describe('value checks left to the apiserver reach the user through the preflight dry run', () => {
  const cluster = sandboxCluster();
  const action = createKubernetesApplyAction({
    config: configWithPolicy(
      {},
      {
        clusters: [
          {
            name: 'sandbox',
            url: cluster.url,
            token: cluster.token,
            caData: Buffer.from(
              cluster.caData ?? fs.readFileSync(cluster.caFile!, 'utf8'),
            ).toString('base64'),
          },
        ],
      },
    ),
  });

  it.each(cases)('%s', async (_, kind, breakIt, message) => {
    const object = objectOf(kind);
    breakIt(object);
    const ctx = createTestActionContext({
      input: {
        cluster: 'sandbox',
        owner: 'group:default/inventory-team',
        namespace: 'supply-chain',
        manifests: [object],
        dryRun: true,
      },
    });
    const error = await action.handler(ctx).catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(
      'The cluster sandbox rejected 1 of 1 objects (nothing was applied)',
    );
    expect(error.message).toMatch(message);
  });
});
