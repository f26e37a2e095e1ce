import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A stand-in apiserver for unit tests (the integration tests use the
 * sandbox's real one): discovery for a few groups, server-side apply that
 * records what it received, and a hook to reject objects by name.
 */
export async function startFakeApiserver(options: {
  token: string;
  rejectNames?: string[];
}) {
  const groups: Record<
    string,
    { name: string; kind: string; namespaced: boolean }[]
  > = {
    '/api/v1': [
      { name: 'services', kind: 'Service', namespaced: true },
      { name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
      { name: 'namespaces', kind: 'Namespace', namespaced: false },
    ],
    '/apis/apps/v1': [
      { name: 'deployments', kind: 'Deployment', namespaced: true },
    ],
    '/apis/autoscaling/v2': [
      {
        name: 'horizontalpodautoscalers',
        kind: 'HorizontalPodAutoscaler',
        namespaced: true,
      },
    ],
    '/apis/policy/v1': [
      {
        name: 'poddisruptionbudgets',
        kind: 'PodDisruptionBudget',
        namespaced: true,
      },
    ],
    '/apis/networking.istio.io/v1beta1': [
      { name: 'virtualservices', kind: 'VirtualService', namespaced: true },
      { name: 'destinationrules', kind: 'DestinationRule', namespaced: true },
    ],
    '/apis/security.istio.io/v1beta1': [
      {
        name: 'authorizationpolicies',
        kind: 'AuthorizationPolicy',
        namespaced: true,
      },
    ],
    '/apis/monitoring.coreos.com/v1': [
      { name: 'servicemonitors', kind: 'ServiceMonitor', namespaced: true },
    ],
    '/apis/ml.supplychain.io/v1': [
      { name: 'mlmodels', kind: 'MLModel', namespaced: true },
    ],
  };
  const requests: {
    method: string;
    path: string;
    query: URLSearchParams;
    body?: any;
  }[] = [];
  const stored = new Map<string, any>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://localhost');
      const body = chunks.length
        ? JSON.parse(Buffer.concat(chunks).toString())
        : undefined;
      requests.push({
        method: req.method!,
        path: url.pathname,
        query: url.searchParams,
        body,
      });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        send(401, {
          kind: 'Status',
          message: 'Unauthorized',
          reason: 'Unauthorized',
        });
        return;
      }
      if (req.method === 'GET' && groups[url.pathname]) {
        send(200, { resources: groups[url.pathname] });
        return;
      }
      if (req.method === 'GET' && stored.has(url.pathname)) {
        send(200, stored.get(url.pathname));
        return;
      }
      if (req.method === 'PATCH') {
        if (
          req.headers['content-type'] !== 'application/apply-patch+yaml' ||
          !url.searchParams.get('fieldManager')
        ) {
          send(400, { message: 'not a server-side apply request' });
          return;
        }
        if (options.rejectNames?.includes(body.metadata.name)) {
          send(422, {
            kind: 'Status',
            reason: 'Invalid',
            message: `${body.kind} "${body.metadata.name}" is invalid: spec: Required value`,
          });
          return;
        }
        const answer = {
          ...body,
          metadata: { ...body.metadata, uid: `uid-${body.metadata.name}` },
        };
        if (url.searchParams.get('dryRun') !== 'All') {
          stored.set(url.pathname, answer);
        }
        send(200, answer);
        return;
      }
      send(404, { kind: 'Status', reason: 'NotFound', message: 'not found' });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stored,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
