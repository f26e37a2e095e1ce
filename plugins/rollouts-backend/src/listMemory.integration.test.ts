/*
 * Against the sandbox's real kube-apiserver (TLS, keep-alive): a finished list
 * request must not keep its response reachable once a watch takes over the
 * connection, which is exactly what the watch cache does after every list. It
 * once did, through the request's listeners, and held every raw list response
 * (~40 MB for 5,000 pods) next to the slim cache. A unit test on a plain HTTP
 * server does not show it.
 */
import {
  defaultAuthStrategies,
  KubernetesHttpClient,
} from '@supply-chain/plugin-rollouts-node';
import { ensureSandbox } from '@supply-chain/sandbox-harness';
import v8 from 'node:v8';
import vm from 'node:vm';

jest.setTimeout(120_000);

it('does not keep a finished list response in memory once the watch starts', async () => {
  const sb = await ensureSandbox();
  const client = await KubernetesHttpClient.create(
    {
      name: 'sandbox',
      url: sb.server,
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: sb.portalToken,
      },
      caFile: sb.caFile,
    },
    defaultAuthStrategies,
  );
  // in its own function, so no stack slot of the test holds the list
  const listOnce = async () => {
    const list = await client.request('GET', '/api/v1/pods');
    return {
      count: list.items.length,
      resourceVersion: list.metadata.resourceVersion as string,
      items: new WeakRef(list.items),
    };
  };
  const { count, resourceVersion, items } = await listOnce();
  expect(count).toBeGreaterThan(0);
  const watch = await client.watch(
    '/api/v1/pods',
    { resourceVersion, timeoutSeconds: '60' },
    () => {},
    90_000,
  );
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as (options?: object) => void;
    // deref() keeps its target alive until the current job ends: collect in later ones
    for (let i = 0; i < 4; i++) {
      await new Promise(r => setTimeout(r, 50));
      gc({ type: 'major', execution: 'sync' });
    }
    await new Promise(r => setTimeout(r, 50));
    expect(items.deref()).toBeUndefined();
  } finally {
    watch.abort();
    await watch.done;
  }
});
