/*
 * The portal's actions as an agent meets them: the real backend (every
 * plugin, app-config.yaml + the sandbox), the MCP actions server at
 * /api/mcp-actions/v1 (streamable HTTP, JSON-RPC), called as the signed-in
 * guest (aisha.bello of inventory-team) with their Backstage token.
 */
import {
  PortalUnderAttack,
  startPortalUnderAttack,
} from './__testUtils__/portalUnderAttack';

jest.setTimeout(900_000);

let portal: PortalUnderAttack;
let nextId = 1;

/** One JSON-RPC request; the answer may come as JSON or as one SSE event. */
async function mcp(method: string, params?: object, auth?: string | null) {
  const res = await portal.call('POST', '/api/mcp-actions/v1', {
    auth,
    headers: { accept: 'application/json, text/event-stream' },
    body: { jsonrpc: '2.0', id: nextId++, method, params },
  });
  const data = res.text
    .split('\n')
    .find(line => line.startsWith('data: '))
    ?.slice('data: '.length);
  return { status: res.status, body: data ? JSON.parse(data) : res.json };
}

async function callTool(name: string, args: object) {
  const { status, body } = await mcp('tools/call', { name, arguments: args });
  expect(status).toBe(200);
  expect(body.error).toBeUndefined();
  return body.result as {
    isError?: boolean;
    content: Array<{ type: string; text: string }>;
    structuredContent?: any;
  };
}

/** the action's output, from structuredContent or the JSON text content */
function outputOf(result: Awaited<ReturnType<typeof callTool>>) {
  if (result.structuredContent) return result.structuredContent;
  return JSON.parse(result.content.find(c => c.type === 'text')!.text);
}

beforeAll(async () => {
  portal = await startPortalUnderAttack({ name: 'mcp' });
});

afterAll(async () => {
  await portal?.stop();
});

describe('the portal actions through MCP', () => {
  let tools: Array<{ name: string; description: string }>;

  it('lists who-owns, deployment metrics, rollout status and what needs attention as tools', async () => {
    const { status, body } = await mcp('tools/list');
    expect(status).toBe(200);
    tools = body.result.tools;
    const names = tools.map(t => t.name);
    for (const action of [
      'who-owns',
      'get-deployment-metrics',
      'get-rollout-status',
      'what-needs-attention',
    ]) {
      expect(names.some(n => n === action || n.endsWith(action))).toBe(true);
    }
  });

  const tool = (action: string) =>
    tools.find(t => t.name === action || t.name.endsWith(action))!.name;

  it('who-owns answers the team of an Argo CD application', async () => {
    const result = await callTool(tool('who-owns'), {
      identifiers: ['argocd:order-service'],
    });
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(outputOf(result))).toContain('fulfillment-team');
  });

  it('get-rollout-status answers the phase of each Deployment in kubectl words', async () => {
    const result = await callTool(tool('get-rollout-status'), {
      entityRef: 'component:default/inventory-service',
    });
    expect(result.isError).toBeFalsy();
    const output = outputOf(result);
    const deployment = output.clusters[0].deployments.find(
      (d: any) => d.name === 'inventory-service',
    );
    const cluster = portal.kubeGet('deployment', 'inventory-service');
    expect(deployment.revision).toBe(
      Number(cluster.metadata.annotations['deployment.kubernetes.io/revision']),
    );
    expect(deployment.readyReplicas).toBe(cluster.status.readyReplicas);
    expect(deployment.message).toMatch(/inventory-service/);
  });

  it('get-deployment-metrics answers the numbers of a service', async () => {
    const result = await callTool(tool('get-deployment-metrics'), {
      entityRef: 'component:default/inventory-service',
    });
    expect(result.isError).toBeFalsy();
    expect(outputOf(result).metrics).toBeDefined();
  });

  it('what-needs-attention answers the list with its sources', async () => {
    const result = await callTool(tool('what-needs-attention'), {});
    expect(result.isError).toBeFalsy();
    const output = outputOf(result);
    expect(Array.isArray(output.problems)).toBe(true);
    expect(output.sources.map((s: any) => s.name)).toContain('clusters');
  });

  it('refuses an anonymous caller', async () => {
    const { status } = await mcp('tools/list', undefined, null);
    expect(status).toBe(401);
  });
});
