/*
 * Attack suite, classes 3 and 1 of docs/SECURITY.md, against the real backend
 * (every plugin) and the sandbox's real cluster and Gitea, signed in as
 * aisha.bello of inventory-team:
 * - class 3, catalog sources anyone can add: registering a location (from the
 *   organisation's Gitea, from elsewhere, by a crafted URL, from a file) that
 *   holds a Group, a User, a Template or another team's service name; moving,
 *   deleting or unregistering what another team registered; reading what the
 *   portal's git credentials can read (analyze-location, validate-entity);
 * - class 1, the policy part: the official Kubernetes plugin's proxy, which
 *   forwards any method with the cluster's service-account token.
 * Each attack asserts the refusal (status and a message naming why) and reads
 * back, as admin, that nothing changed. Fails, never skips, without the sandbox.
 */
import { randomBytes } from 'node:crypto';
import {
  deploymentFingerprint,
  FOREIGN,
  PortalUnderAttack,
  ROOT,
  startPortalUnderAttack,
} from '../__testUtils__/portalUnderAttack';

jest.setTimeout(900_000);

const SUFFIX = randomBytes(3).toString('hex');
/** an admin-held service credential (backend.auth.externalAccess static token) */
const ADMIN_TOKEN = randomBytes(24).toString('hex');
const ADMIN = `Bearer ${ADMIN_TOKEN}`;
const ORG = 'supply-chain';
/** stands in for a repository of the organisation a developer can push to */
const ATTACK_REPO = `catalog-attack-${SUFFIX}`;
/** a repository outside the organisation (the git server's admin user) */
const OUTSIDE_REPO = `catalog-outside-${SUFFIX}`;
const MALLORY = `mallory-${SUFFIX}`;
const TEMPLATE = `attack-template-${SUFFIX}`;
const VICTIM = `victim-service-${SUFFIX}`;
const MARK = 'attack.supplychain.io/patched';
const CLUSTER = { 'Backstage-Kubernetes-Cluster': 'sandbox' };
const DEPLOYMENT_PATH =
  '/api/kubernetes/proxy/apis/apps/v1/namespaces/supply-chain/deployments/order-service';

let portal: PortalUnderAttack;
let gitUrl: string;
let gitUser: string;
/** what each attack did, printed at the end (the before/after table) */
const outcome: Record<string, string> = {};

const doc = (o: object) => JSON.stringify(o);
const canary = (name: string) =>
  doc({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: `attack-canary-${name}-${SUFFIX}` },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'inventory-team',
    },
  });

/** the attacker's files: each holds one forbidden entity plus a harmless canary */
const FILES: Record<string, string> = {
  'group.yaml': [
    doc({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform-team' },
      spec: { type: 'team', children: [], members: ['aisha.bello'] },
    }),
    canary('group'),
  ].join('\n---\n'),
  'user.yaml': [
    doc({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: MALLORY },
      spec: { memberOf: ['platform-team'] },
    }),
    canary('user'),
  ].join('\n---\n'),
  'template.yaml': [
    doc({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: TEMPLATE },
      spec: {
        type: 'service',
        owner: 'inventory-team',
        parameters: [],
        steps: [
          { id: 'log', action: 'debug:log', input: { message: 'attack' } },
        ],
      },
    }),
    canary('template'),
  ].join('\n---\n'),
  'takeover.yaml': [
    doc({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'order-service' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'inventory-team',
      },
    }),
    canary('takeover'),
  ].join('\n---\n'),
  'move.yaml': canary('move'),
  'owned.yaml': canary('owned'),
  'victim.yaml': doc({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: VICTIM },
    spec: {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'fulfillment-team',
    },
  }),
};

const fileUrl = (owner: string, repo: string, file: string) =>
  `${gitUrl}/${owner}/${repo}/src/branch/main/${file}`;

async function gitea(path: string, init: RequestInit = {}) {
  const res = await portal.giteaAdmin(path, init);
  if (!res.ok && res.status !== 404) {
    throw new Error(
      `gitea ${init.method ?? 'GET'} ${path}: ${
        res.status
      } ${await res.text()}`,
    );
  }
  return res;
}

async function createRepo(owner: string | null, repo: string) {
  await gitea(owner ? `/orgs/${owner}/repos` : '/user/repos', {
    method: 'POST',
    body: JSON.stringify({
      name: repo,
      private: true,
      auto_init: true,
      default_branch: 'main',
    }),
  });
  for (const [file, content] of Object.entries(FILES)) {
    await gitea(`/repos/${owner ?? gitUser}/${repo}/contents/${file}`, {
      method: 'POST',
      body: JSON.stringify({
        branch: 'main',
        message: file,
        content: Buffer.from(content).toString('base64'),
      }),
    });
  }
}

const entity = async (ref: string) => {
  const res = await portal.call('GET', `/api/catalog/entities/by-name/${ref}`, {
    auth: ADMIN,
  });
  return res.status === 200 ? res.json : undefined;
};

async function locations(): Promise<{ id: string; target: string }[]> {
  const res = await portal.call('GET', '/api/catalog/locations', {
    auth: ADMIN,
  });
  return res.json.map((l: any) => l.data);
}

const templateNames = async () =>
  (
    await portal.call('GET', '/api/catalog/entities?filter=kind=template', {
      auth: ADMIN,
    })
  ).json
    .map((e: any) => e.metadata.name)
    .sort();

const platformTeamMembers = async () =>
  ((await entity('group/default/platform-team'))?.relations ?? [])
    .filter((r: any) => r.type === 'hasMember')
    .map((r: any) => r.targetRef)
    .sort();

const orderService = async () => {
  const e = await entity(FOREIGN);
  return {
    uid: e?.metadata.uid,
    owner: e?.spec.owner,
    origin: e?.metadata.annotations['backstage.io/managed-by-origin-location'],
  };
};

async function until(check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise(r => setTimeout(r, 2000));
  }
  return true;
}

/**
 * Registers a location as the signed-in developer; when the catalog took it,
 * waits until it has processed the file (its canary appears), so the read-backs
 * after it see what ingestion did.
 */
async function register(
  target: string,
  type = 'url',
  canaryName?: string,
  query = '',
) {
  const res = await portal.call('POST', `/api/catalog/locations${query}`, {
    body: { type, target },
  });
  if (res.status < 300 && canaryName && !query) {
    const seen = await until(
      async () =>
        (await entity(
          `component/default/attack-canary-${canaryName}-${SUFFIX}`,
        )) !== undefined,
      120_000,
    );
    // the other entities of the file are processed in the same pass
    if (seen) await new Promise(r => setTimeout(r, 5000));
  }
  return res;
}

/** the catalog's refusal: 403 NotAllowedError or 400 InputError, with a reason */
function expectRefused(
  res: { status: number; json: any; text: string },
  status: number,
  reason: RegExp,
) {
  expect({ status: res.status, message: res.json?.error?.message }).toEqual({
    status,
    message: expect.stringMatching(reason),
  });
}

function note(
  attack: string,
  res: { status: number; text: string; json: any },
  readBack = '',
) {
  const message =
    res.json?.error?.message ?? res.json?.message ?? res.text.slice(0, 100);
  outcome[attack] = `${res.status} ${String(message).slice(0, 160)}${
    readBack ? ` | ${readBack}` : ''
  }`;
}

const locationIds = async () => (await locations()).map(l => l.id).sort();

let before: {
  order: Awaited<ReturnType<typeof orderService>>;
  templates: string[];
  members: string[];
  deployment: ReturnType<typeof deploymentFingerprint>;
  locationIds: string[];
};
let victimLocation: { id: string; target: string };

beforeAll(async () => {
  portal = await startPortalUnderAttack({
    name: 'attack-catalog',
    extraConfig: [
      'backend:',
      '  auth:',
      '    externalAccess:',
      '      - type: static',
      '        options:',
      `          token: ${ADMIN_TOKEN}`,
      '          subject: attack-suite-admin',
      '',
    ].join('\n'),
  });
  gitUrl = process.env.SANDBOX_GIT_URL!;
  gitUser = process.env.SANDBOX_GIT_USER!;
  await createRepo(ORG, ATTACK_REPO);
  await createRepo(null, OUTSIDE_REPO);
  // another team's registered service (an admin registers it)
  const victim = await portal.call('POST', '/api/catalog/locations', {
    auth: ADMIN,
    body: { type: 'url', target: fileUrl(ORG, ATTACK_REPO, 'victim.yaml') },
  });
  if (victim.status !== 201) {
    throw new Error(`admin could not register the victim: ${victim.text}`);
  }
  victimLocation = victim.json.location;
  // the trusted sources still load, nested files included (catalog.rules match
  // the origin): templates from templates/, Users and Groups from catalog/
  await portal.waitForEntities([
    `component/default/${VICTIM}`,
    'template/default/go-microservice',
    'template/default/ml-model',
    'user/default/aisha.bello',
    'group/default/platform-team',
  ]);
  before = {
    order: await orderService(),
    templates: await templateNames(),
    members: await platformTeamMembers(),
    deployment: deploymentFingerprint(
      portal.kubeGet('deployment', 'order-service'),
    ),
    locationIds: (await locations()).map(l => l.id),
  };
  if (!/fulfillment-team$/.test(before.order.owner) || !before.members.length) {
    throw new Error(`unexpected catalog: ${JSON.stringify(before)}`);
  }
});

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(
    `attack outcomes:\n${Object.entries(outcome)
      .map(([attack, result]) => `  ${attack}: ${result}`)
      .join('\n')}`,
  );
  if (!portal) return;
  try {
    for (const l of await locations()) {
      if (!before?.locationIds.includes(l.id) || l.id === victimLocation?.id) {
        await portal.call('DELETE', `/api/catalog/locations/${l.id}`, {
          auth: ADMIN,
        });
      }
    }
    const deployment = portal.kubeGet('deployment', 'order-service');
    if (deployment?.metadata?.annotations?.[MARK]) {
      portal.kubectl(
        '-n',
        'supply-chain',
        'annotate',
        'deployment',
        'order-service',
        `${MARK}-`,
      );
    }
    await gitea(`/repos/${ORG}/${ATTACK_REPO}`, { method: 'DELETE' });
    await gitea(`/repos/${gitUser}/${OUTSIDE_REPO}`, { method: 'DELETE' });
  } finally {
    await portal.stop();
  }
});

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

describe('class 3: catalog sources anyone can add', () => {
  it('refuses a location that adds the developer to the admin group', async () => {
    const ids = await locationIds();
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'group.yaml'),
      'url',
      'group',
    );
    const members = await platformTeamMembers();
    note(
      'register Group platform-team (member: the developer)',
      res,
      `platform-team members changed: ${yesNo(
        JSON.stringify(members) !== JSON.stringify(before.members),
      )}`,
    );
    expectRefused(
      res,
      400,
      /Group:default\/platform-team.*not of an allowed kind/i,
    );
    expect(members).toEqual(before.members);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a location that adds a User to the admin group', async () => {
    const ids = await locationIds();
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'user.yaml'),
      'url',
      'user',
    );
    const mallory = await entity(`user/default/${MALLORY}`);
    const members = await platformTeamMembers();
    note(
      'register User memberOf platform-team',
      res,
      `User ingested: ${yesNo(
        !!mallory,
      )}, platform-team gained a member: ${yesNo(
        members.length > before.members.length,
      )}`,
    );
    expectRefused(res, 400, /User:default\/mallory.*not of an allowed kind/i);
    expect(mallory).toBeUndefined();
    expect(members).toEqual(before.members);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a location that publishes a Template', async () => {
    const ids = await locationIds();
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'template.yaml'),
      'url',
      'template',
    );
    const templates = await templateNames();
    note(
      'register a Template',
      res,
      `Template ingested: ${yesNo(templates.includes(TEMPLATE))}`,
    );
    expectRefused(
      res,
      400,
      /Template:default\/attack-template.*not of an allowed kind/i,
    );
    expect(templates).toEqual(before.templates);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a location that claims another team’s service name', async () => {
    const ids = await locationIds();
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'takeover.yaml'),
      'url',
      'takeover',
    );
    const order = await orderService();
    note(
      'register Component order-service',
      res,
      `location kept (waits for the name): ${yesNo(
        (await locationIds()).length > ids.length,
      )}, order-service changed: ${yesNo(
        JSON.stringify(order) !== JSON.stringify(before.order),
      )}`,
    );
    expectRefused(res, 409, /component:default\/order-service.*already/i);
    expect(order).toEqual(before.order);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a dry run that reads a Template from any location', async () => {
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'template.yaml'),
      'url',
      undefined,
      '?dryRun=true',
    );
    note('dry-run register a Template', res);
    expectRefused(res, 400, /not of an allowed kind/i);
    expect(await templateNames()).toEqual(before.templates);
  });

  it('refuses a location outside the registrable prefixes', async () => {
    const ids = await locationIds();
    const res = await register(
      fileUrl(gitUser, OUTSIDE_REPO, 'template.yaml'),
      'url',
      'template',
    );
    note(
      'register a location outside the organisation',
      res,
      `location kept: ${yesNo((await locationIds()).length > ids.length)}`,
    );
    expectRefused(res, 403, /not under a registrable location/i);
    expect(await templateNames()).toEqual(before.templates);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a crafted URL that reads elsewhere than it seems to', async () => {
    const ids = await locationIds();
    const results = [];
    for (const [name, target] of [
      [
        '../ out of the GitOps repository',
        `${gitUrl}/${ORG}/gitops/src/branch/main/../../../../${gitUser}/${OUTSIDE_REPO}/src/branch/main/template.yaml`,
      ],
      [
        '%2e%2e out of the GitOps repository',
        `${gitUrl}/${ORG}/gitops/src/branch/main/%2e%2e/%2e%2e/%2e%2e/%2e%2e/${gitUser}/${OUTSIDE_REPO}/src/branch/main/template.yaml`,
      ],
      [
        'a query string',
        `${gitUrl}/${ORG}/${ATTACK_REPO}/src/branch/main/template.yaml?ref=x`,
      ],
    ]) {
      const res = await register(target, 'url');
      note(`register a crafted URL (${name})`, res);
      results.push({ name, status: res.status });
    }
    expect(results).toEqual(results.map(({ name }) => ({ name, status: 400 })));
    expect(await templateNames()).toEqual(before.templates);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses a file location (reading the backend’s disk)', async () => {
    const ids = await locationIds();
    const res = await register(`${ROOT}/catalog/org.yaml`, 'file');
    note('register a file: location', res);
    expectRefused(res, 400, /allowed type/i);
    expect(await locationIds()).toEqual(ids);
  });

  it('refuses moving another team’s location to the developer’s file', async () => {
    const res = await portal.call(
      'PUT',
      `/api/catalog/locations/${victimLocation.id}`,
      {
        body: {
          type: 'url',
          target: fileUrl(ORG, ATTACK_REPO, 'move.yaml'),
        },
      },
    );
    const target = (await locations()).find(
      l => l.id === victimLocation.id,
    )?.target;
    note(
      'PUT /locations/:id (move another team’s location)',
      res,
      `target changed: ${yesNo(target !== victimLocation.target)}`,
    );
    expectRefused(res, 403, /admin/i);
    expect(target).toBe(victimLocation.target);
  });

  it('refuses deleting another team’s registered location', async () => {
    const res = await portal.call(
      'DELETE',
      `/api/catalog/locations/${victimLocation.id}`,
    );
    const ids = await locationIds();
    const victim = await until(
      async () => !(await entity(`component/default/${VICTIM}`)),
      res.status < 300 ? 30_000 : 0,
    );
    note(
      'DELETE /locations/:id of another team’s location',
      res,
      `location deleted: ${yesNo(
        !ids.includes(victimLocation.id),
      )}, its entity deleted: ${yesNo(victim)}`,
    );
    expectRefused(res, 403, /fulfillment-team/);
    expect(ids).toContain(victimLocation.id);
    expect(await entity(`component/default/${VICTIM}`)).toBeDefined();
  });

  it('offers no way to delete the organisation’s catalog location', async () => {
    // config locations are not registered locations: not listed, not deletable
    expect(
      (await locations()).filter(l => /catalog\/all\.yaml$/.test(l.target)),
    ).toEqual([]);
    const byEntity = await portal.call(
      'GET',
      `/api/catalog/locations/by-entity/${FOREIGN}`,
    );
    note('find the org catalog’s registered location', byEntity);
    expect(byEntity.status).toBe(404);
    // its Location entity cannot be unregistered either
    const root = await entity('location/default/supply-chain-catalog');
    const res = await portal.call(
      'DELETE',
      `/api/catalog/entities/by-uid/${root.metadata.uid}`,
    );
    note('DELETE /entities/by-uid of the org catalog’s Location entity', res);
    expectRefused(res, 403, /only its owners or admins/);
    expect(await entity('location/default/supply-chain-catalog')).toBeDefined();
    expect(await orderService()).toEqual(before.order);
  });

  it('refuses unregistering another team’s entities', async () => {
    for (const ref of [FOREIGN, `component/default/${VICTIM}`]) {
      const uid = (await entity(ref)).metadata.uid;
      const res = await portal.call(
        'DELETE',
        `/api/catalog/entities/by-uid/${uid}`,
      );
      note(`DELETE /entities/by-uid of ${ref}`, res);
      expectRefused(res, 403, /owned by group:default\/fulfillment-team/);
      expect((await entity(ref))?.metadata.uid).toBe(uid);
    }
    expect(await orderService()).toEqual(before.order);
  });

  it('lets a refresh re-read order-service from its source, unchanged', async () => {
    const res = await portal.call('POST', '/api/catalog/refresh', {
      body: { entityRef: 'component:default/order-service' },
    });
    note('POST /refresh of order-service (allowed, harmless)', res);
    expect(res.status).toBe(200);
    expect(await orderService()).toEqual(before.order);
  });

  it('refuses analyzing a location outside the registrable prefixes', async () => {
    const res = await portal.call('POST', '/api/catalog/analyze-location', {
      body: {
        location: {
          type: 'url',
          target: fileUrl(gitUser, OUTSIDE_REPO, 'victim.yaml'),
        },
      },
    });
    note(
      'POST /analyze-location of a private repository outside',
      res,
      `content returned: ${yesNo(res.text.includes(VICTIM))}`,
    );
    expectRefused(res, 403, /not under a registrable location/i);
    expect(res.text).not.toContain(VICTIM);
  });

  it('refuses validating entities (the git credentials read Location targets)', async () => {
    const res = await portal.call('POST', '/api/catalog/validate-entity', {
      body: {
        location: `url:${fileUrl(ORG, ATTACK_REPO, 'x.yaml')}`,
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Location',
          metadata: { name: `attack-validate-${SUFFIX}` },
          spec: {
            type: 'url',
            target: fileUrl(gitUser, OUTSIDE_REPO, 'victim.yaml'),
          },
        },
      },
    });
    note('POST /validate-entity (Location into a private repository)', res);
    expect(res.status).toBe(403);
  });

  it('leaves the catalog as it was', async () => {
    expect(await orderService()).toEqual(before.order);
    expect(await platformTeamMembers()).toEqual(before.members);
    expect(await templateNames()).toEqual(before.templates);
    expect(await entity(`user/default/${MALLORY}`)).toBeUndefined();
    expect(await locationIds()).toEqual([...before.locationIds].sort());
  });
});

describe('what a team member still may do', () => {
  it('registers, then unregisters, a service of their own (as catalog:register does)', async () => {
    const ref = `component/default/attack-canary-owned-${SUFFIX}`;
    const res = await register(
      fileUrl(ORG, ATTACK_REPO, 'owned.yaml'),
      'url',
      'owned',
    );
    expect(res.status).toBe(201);
    expect((await entity(ref))?.spec.owner).toBe('inventory-team');
    const removed = await portal.call(
      'DELETE',
      `/api/catalog/locations/${res.json.location.id}`,
    );
    expect(`${removed.status} ${removed.text}`).toBe('204 ');
    expect(await until(async () => !(await entity(ref)), 60_000)).toBe(true);
  });
});

describe('class 1: the official Kubernetes plugin’s proxy', () => {
  /** Backstage's own refusal (NotAllowedError), not the cluster's (a Status object) */
  function expectPolicyRefusal(res: { status: number; json: any }) {
    expect({
      status: res.status,
      name: res.json?.error?.name,
      message: res.json?.error?.message,
    }).toEqual({
      status: 403,
      name: 'NotAllowedError',
      message: expect.stringMatching(/admin/i),
    });
  }

  it('refuses a PATCH of another team’s Deployment', async () => {
    const res = await portal.call('PATCH', DEPLOYMENT_PATH, {
      headers: {
        ...CLUSTER,
        'content-type': 'application/merge-patch+json',
      },
      body: { metadata: { annotations: { [MARK]: 'yes' } } },
    });
    const after = portal.kubeGet('deployment', 'order-service');
    note(
      'PATCH Deployment order-service through /api/kubernetes/proxy',
      res,
      `Deployment changed: ${yesNo(!!after.metadata.annotations?.[MARK])}`,
    );
    expectPolicyRefusal(res);
    expect(after.metadata.annotations?.[MARK]).toBeUndefined();
    expect(deploymentFingerprint(after)).toEqual(before.deployment);
  });

  it('refuses a GET through the proxy (the token is the cluster’s)', async () => {
    const res = await portal.call('GET', DEPLOYMENT_PATH, { headers: CLUSTER });
    note(
      'GET Deployment order-service through /api/kubernetes/proxy',
      res,
      `object returned: ${yesNo(res.text.includes('"kind":"Deployment"'))}`,
    );
    expectPolicyRefusal(res);
    expect(res.text).not.toContain('"kind":"Deployment"');
  });

  it('refuses deleting and exec-ing into a pod through the proxy', async () => {
    const pod =
      JSON.parse(
        portal.kubectl(
          '-n',
          'supply-chain',
          'get',
          'pods',
          '-l',
          'app=order-service',
          '-o',
          'json',
        ),
      ).items[0]?.metadata.name ?? 'order-service-0';
    const podPath = `/api/kubernetes/proxy/api/v1/namespaces/supply-chain/pods/${pod}`;
    // dryRun=All: had the proxy and the cluster let it through, nothing is deleted
    const del = await portal.call('DELETE', `${podPath}?dryRun=All`, {
      headers: CLUSTER,
    });
    note('DELETE pod (dryRun=All) through the proxy', del);
    const exec = await portal.call(
      'POST',
      `${podPath}/exec?command=id&stdout=true`,
      { headers: CLUSTER },
    );
    note('POST pod exec through the proxy', exec);
    expectPolicyRefusal(del);
    expectPolicyRefusal(exec);
    expect(
      deploymentFingerprint(portal.kubeGet('deployment', 'order-service')),
    ).toEqual(before.deployment);
  });
});
