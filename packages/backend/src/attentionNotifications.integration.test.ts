/*
 * What an owner receives when something breaks: the real backend (every
 * plugin: attention, notifications, signals, catalog with catalog/org.yaml),
 * the sandbox's real cluster, signed in as diego.alvarez of fulfillment-team
 * (the owner of order-service). The stalled-rollout scenario must give them
 * exactly one notification, whose link opens order-service's Rollouts tab, and
 * `reset` must turn that same notification into "Resolved: …".
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  PortalUnderAttack,
  ROOT,
  startPortalUnderAttack,
} from './__testUtils__/portalUnderAttack';

jest.setTimeout(900_000);

const execFileAsync = promisify(execFile);
let portal: PortalUnderAttack;

async function scenario(name: string) {
  await execFileAsync(join(ROOT, 'sandbox', 'bin', 'scenario.sh'), [name], {
    cwd: ROOT,
    env: {
      ...process.env,
      SANDBOX_STATE: portal.sb.stateDir,
      KUBECONFIG: portal.sb.kubeconfigPath,
    },
    timeout: 300_000,
  });
}

interface Notification {
  id: string;
  read?: string | null;
  payload: { title: string; link?: string; topic?: string; scope?: string };
}

async function stalledNotifications(): Promise<Notification[]> {
  const res = await portal.call(
    'GET',
    '/api/notifications/notifications?limit=100',
  );
  expect(res.status).toBe(200);
  return (res.json.notifications as Notification[]).filter(
    n =>
      n.payload.topic === 'rollout-stalled' &&
      n.payload.link === '/catalog/default/component/order-service/rollouts',
  );
}

/** What a timeout reports: the model, the Deployment, the backend's attention log. */
async function whatTheBackendSaw(): Promise<string> {
  const problems = await portal.call('GET', '/api/attention/problems');
  const deployment = portal.kubeGet('deployment', 'order-service');
  const log = portal.backend.output
    .split('\n')
    .filter(line => /attention|problem|notification|restart|error/i.test(line))
    .slice(-40)
    .join('\n');
  return [
    `GET /api/attention/problems: ${problems.status} ${problems.text.slice(
      0,
      3000,
    )}`,
    `order-service conditions: ${JSON.stringify(
      deployment?.status?.conditions,
    )}`,
    `backend log (attention, restarts, errors; last 40 lines):\n${log}`,
  ].join('\n');
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (t: T) => boolean,
  ms = 240_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}\n${await whatTheBackendSaw()}`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

beforeAll(async () => {
  portal = await startPortalUnderAttack({
    name: 'attention-notifications',
    extraConfig: [
      'auth:',
      '  providers:',
      '    guest:',
      '      userEntityRef: user:default/diego.alvarez',
      'attention:',
      '  evaluateEverySeconds: 3',
      '  resolveAfterSeconds: 5',
      '',
    ].join('\n'),
  });
  await portal.waitForEntities([
    'user/default/diego.alvarez',
    'group/default/fulfillment-team',
  ]);
  // a group's notification reaches the members its relations name at send
  // time: wait until the catalog has stitched diego into fulfillment-team
  await until(
    'the catalog to list diego.alvarez as a member of fulfillment-team',
    () =>
      portal.call(
        'GET',
        '/api/catalog/entities/by-name/group/default/fulfillment-team',
      ),
    group =>
      (group.json?.relations ?? []).some(
        (r: { type: string; targetRef: string }) =>
          r.type === 'hasMember' &&
          r.targetRef === 'user:default/diego.alvarez',
      ),
    180_000,
  );
  await scenario('reset');
});

afterAll(async () => {
  if (portal) {
    await scenario('reset').catch(() => undefined);
    await portal.stop();
  }
});

describe('the owner is told once when a rollout stalls, and again when it is fixed', () => {
  it('one notification for the stalled rollout, linking the Rollouts tab, and the problem is theirs', async () => {
    expect(await stalledNotifications()).toEqual([]);
    await scenario('stalled-rollout');
    const [notification] = await until(
      'the stalled-rollout notification',
      stalledNotifications,
      n => n.length > 0,
    );
    expect(notification.payload.title).toBe('order-service: rollout stalled');

    const problems = await portal.call('GET', '/api/attention/problems');
    expect(problems.status).toBe(200);
    const stalled = problems.json.problems.find(
      (p: any) => p.kind === 'rollout-stalled',
    );
    expect(stalled).toMatchObject({
      entityRef: 'component:default/order-service',
      ownerRef: 'group:default/fulfillment-team',
      mine: true,
    });
    expect(notification.payload.scope).toBe(`attention:${stalled.id}`);

    // later evaluations (every 3 s) send nothing more
    await new Promise(r => setTimeout(r, 12_000));
    expect(await stalledNotifications()).toHaveLength(1);
  });

  it('reset turns that same notification into "Resolved", still one', async () => {
    const [before] = await stalledNotifications();
    await scenario('reset');
    const after = await until(
      'the notification to say Resolved',
      stalledNotifications,
      n => n.length === 1 && n[0].payload.title.startsWith('Resolved: '),
    );
    expect(after[0].id).toBe(before.id);
    expect(after[0].payload.title).toBe(
      'Resolved: order-service: rollout stalled',
    );
    const problems = await portal.call('GET', '/api/attention/problems');
    expect(
      problems.json.problems.filter((p: any) => p.kind === 'rollout-stalled'),
    ).toEqual([]);
  });
});
