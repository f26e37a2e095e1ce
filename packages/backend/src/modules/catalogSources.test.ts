import { ConfigReader } from '@backstage/config';
import { Readable } from 'node:stream';
import { checkTarget, createCatalogSourcesGuard } from './catalogSources';

const GIT = 'https://git.example.com';
const PREFIXES = [`${GIT}/supply-chain/`];
const OWN = `${GIT}/supply-chain/returns-service/src/branch/main/catalog-info.yaml`;

describe('checkTarget', () => {
  it.each([
    [OWN, undefined],
    [
      `${GIT}/supply-chain/gitops/src/branch/main/models/x/catalog-info.yaml`,
      undefined,
    ],
    [`${GIT}/someone/repo/src/branch/main/catalog-info.yaml`, 403],
    [`${GIT}/supply-chain-evil/repo/catalog-info.yaml`, 403],
    [`${GIT}/supply-chain/gitops/src/branch/main/../../../x/y.yaml`, 400],
    [`${GIT}/supply-chain/gitops/src/branch/main/%2e%2e/x.yaml`, 400],
    [`${GIT}/supply-chain/gitops/src/branch/main/a%2fb.yaml`, 400],
    [`${GIT}/supply-chain/repo/catalog-info.yaml?ref=x`, 400],
    [`${GIT}/supply-chain/repo/catalog-info.yaml#x`, 400],
    [`https://user:pw@git.example.com/supply-chain/repo/c.yaml`, 400],
    [`HTTPS://GIT.EXAMPLE.COM/supply-chain/repo/c.yaml`, 400],
    ['file:///etc/passwd', 400],
    ['not a url', 400],
  ])('%s: %s', (target, status) => {
    expect(checkTarget(target, PREFIXES)?.status).toBe(status);
  });
});

type Principal = 'user' | 'admin' | 'service';

function setup(catalog: Record<string, { status: number; json: unknown }>) {
  const config = new ConfigReader({
    supplyChain: {
      permission: {
        adminGroups: ['group:default/platform-team'],
        registrableLocations: [`${GIT}/supply-chain`],
      },
    },
  });
  const calls: string[] = [];
  const fetchCatalog = async (path: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${path}`;
    calls.push(key);
    const answer = catalog[key] ?? { status: 404, json: {} };
    return new Response(JSON.stringify(answer.json), {
      status: answer.status,
    });
  };
  let principal: Principal = 'user';
  const guard = createCatalogSourcesGuard({
    config,
    httpAuth: {
      credentials: async () => ({ principal } as any),
    } as any,
    auth: {
      isPrincipal: (c: any, type: string) =>
        type === 'user' ? c.principal !== 'service' : c.principal === type,
    } as any,
    userInfo: {
      getUserInfo: async (c: any) => ({
        userEntityRef: 'user:default/aisha.bello',
        ownershipEntityRefs:
          c.principal === 'admin'
            ? ['user:default/fernando', 'group:default/Platform-Team']
            : ['user:default/aisha.bello', 'group:default/inventory-team'],
      }),
    } as any,
    discovery: {} as any,
    logger: { info: jest.fn() } as any,
    fetchCatalog,
  });

  async function send(
    method: string,
    path: string,
    body?: unknown,
    as: Principal = 'user',
  ) {
    principal = as;
    const text = body === undefined ? '' : JSON.stringify(body);
    const req: any = Readable.from(text ? [Buffer.from(text)] : []);
    Object.assign(req, {
      method,
      path,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });
    const res: any = {
      statusCode: 200,
      setHeader: jest.fn(),
      end: jest.fn(),
    };
    const next = jest.fn();
    await (guard as any)(req, res, next);
    const answer = res.end.mock.calls[0]?.[0];
    return {
      passed: next.mock.calls.length === 1 && next.mock.calls[0].length === 0,
      status: res.end.mock.calls.length ? res.statusCode : undefined,
      error: answer ? JSON.parse(answer).error : undefined,
      req,
    };
  }
  return { send, calls };
}

const ownedBy = (group: string) => [
  { type: 'ownedBy', targetRef: `group:default/${group}` },
];

describe('catalog sources guard', () => {
  const dryRunOk = {
    status: 201,
    json: {
      entities: [
        { kind: 'Location', metadata: { name: 'generated-x' } },
        { kind: 'Component', metadata: { name: 'returns-service' } },
      ],
    },
  };

  it('passes a registration of an own service under the prefix, handing on the parsed body', async () => {
    const { send } = setup({ 'POST /locations?dryRun=true': dryRunOk });
    const result = await send('POST', '/locations', {
      type: 'url',
      target: OWN,
    });
    expect(result).toMatchObject({ passed: true, status: undefined });
    expect(result.req.body).toEqual({ type: 'url', target: OWN });
    expect(result.req._body).toBe(true);
  });

  it('refuses a target outside the prefixes, and a file location', async () => {
    const { send, calls } = setup({});
    expect(
      await send('POST', '/locations', {
        type: 'url',
        target: `${GIT}/elsewhere/r/c.yaml`,
      }),
    ).toMatchObject({
      passed: false,
      status: 403,
      error: {
        name: 'NotAllowedError',
        message: expect.stringMatching(/not under a registrable location/),
      },
    });
    expect(
      await send('POST', '/analyze-location', {
        location: { type: 'url', target: `${GIT}/elsewhere/r/c.yaml` },
      }),
    ).toMatchObject({ status: 403 });
    expect(
      await send('POST', '/locations', { type: 'file', target: '/etc/x.yaml' }),
    ).toMatchObject({ status: 400, error: { name: 'InputError' } });
    // only the caller's groups were looked up: nothing was read or registered
    expect(calls.filter(c => !c.includes('/entities/by-name/user/'))).toEqual(
      [],
    );
  });

  it('refuses what the catalog’s dry run refuses, with its message', async () => {
    const { send } = setup({
      'POST /locations?dryRun=true': {
        status: 400,
        json: {
          error: {
            message:
              'Entity group:default/platform-team ... is not of an allowed kind for that location',
          },
        },
      },
    });
    expect(
      await send('POST', '/locations', { type: 'url', target: OWN }),
    ).toMatchObject({
      status: 400,
      error: { message: expect.stringMatching(/not of an allowed kind/) },
    });
  });

  it('refuses taking over a name that exists from another source', async () => {
    const { send } = setup({
      'POST /locations?dryRun=true': dryRunOk,
      'GET /entities/by-name/component/default/returns-service': {
        status: 200,
        json: {
          metadata: {
            annotations: {
              'backstage.io/managed-by-origin-location':
                'file:/catalog/all.yaml',
            },
          },
          spec: { owner: 'group:default/fulfillment-team' },
        },
      },
    });
    expect(
      await send('POST', '/locations', { type: 'url', target: OWN }),
    ).toMatchObject({
      status: 409,
      error: {
        name: 'ConflictError',
        message: expect.stringMatching(
          /component:default\/returns-service already exists .*fulfillment-team/,
        ),
      },
    });
  });

  it('lets a re-registration of the same source through', async () => {
    const { send } = setup({
      'POST /locations?dryRun=true': dryRunOk,
      'GET /entities/by-name/component/default/returns-service': {
        status: 200,
        json: {
          metadata: {
            annotations: {
              'backstage.io/managed-by-origin-location': `url:${OWN}`,
            },
          },
        },
      },
    });
    expect(
      await send('POST', '/locations', { type: 'url', target: OWN }),
    ).toMatchObject({ passed: true });
  });

  it('leaves moving a location to admins', async () => {
    const { send } = setup({});
    const body = { type: 'url', target: OWN };
    expect(await send('PUT', '/locations/1', body)).toMatchObject({
      status: 403,
      error: { message: expect.stringMatching(/for admins/) },
    });
    expect(await send('PUT', '/locations/1', body, 'admin')).toMatchObject({
      passed: true,
    });
  });

  describe('deleting a location', () => {
    const location = {
      'GET /locations/1': { status: 200, json: { type: 'url', target: OWN } },
    };
    const entities = (json: unknown[]) => ({
      [`GET /entities?filter=${encodeURIComponent(
        `metadata.annotations.backstage.io/managed-by-origin-location=url:${OWN}`,
      )}&fields=kind,metadata.namespace,metadata.name,relations`]: {
        status: 200,
        json,
      },
    });

    it('is the owners’ of every entity it holds', async () => {
      const { send } = setup({
        ...location,
        ...entities([
          { kind: 'Location', metadata: { name: 'generated-x' } },
          {
            kind: 'Component',
            metadata: { name: 'a' },
            relations: ownedBy('inventory-team'),
          },
        ]),
      });
      expect(await send('DELETE', '/locations/1')).toMatchObject({
        passed: true,
      });
    });

    it('is refused, naming the owners, when one entity is another team’s', async () => {
      const { send } = setup({
        ...location,
        ...entities([
          {
            kind: 'Component',
            metadata: { name: 'a' },
            relations: ownedBy('inventory-team'),
          },
          {
            kind: 'Component',
            metadata: { name: 'b' },
            relations: ownedBy('fulfillment-team'),
          },
        ]),
      });
      expect(await send('DELETE', '/locations/1')).toMatchObject({
        status: 403,
        error: {
          message: expect.stringMatching(
            /owned by group:default\/fulfillment-team; only their owners or admins/,
          ),
        },
      });
      expect(
        await send('DELETE', '/locations/1', undefined, 'admin'),
      ).toMatchObject({ passed: true });
      expect(
        await send('DELETE', '/locations/1', undefined, 'service'),
      ).toMatchObject({ passed: true });
    });

    it('is the admins’ when it holds no entity (nothing shows whose it is)', async () => {
      const { send } = setup({ ...location, ...entities([]) });
      expect(await send('DELETE', '/locations/1')).toMatchObject({
        status: 403,
        error: { message: expect.stringMatching(/holds no entity you own/) },
      });
    });

    it('leaves an unknown id to the catalog (404)', async () => {
      const { send } = setup({});
      expect(await send('DELETE', '/locations/2')).toMatchObject({
        passed: true,
      });
    });
  });

  it('refuses unregistering another team’s entity, naming its owner', async () => {
    const { send } = setup({
      'GET /entities/by-uid/u1': {
        status: 200,
        json: {
          kind: 'Component',
          metadata: { name: 'order-service' },
          relations: ownedBy('fulfillment-team'),
        },
      },
      'GET /entities/by-uid/u2': {
        status: 200,
        json: {
          kind: 'Component',
          metadata: { name: 'inventory-service' },
          relations: ownedBy('inventory-team'),
        },
      },
    });
    expect(await send('DELETE', '/entities/by-uid/u1')).toMatchObject({
      status: 403,
      error: {
        message:
          'component:default/order-service is owned by group:default/fulfillment-team; only its owners or admins (group:default/platform-team) may unregister it',
      },
    });
    expect(await send('DELETE', '/entities/by-uid/u2')).toMatchObject({
      passed: true,
    });
  });

  it('does not touch other routes', async () => {
    const { send, calls } = setup({});
    expect(await send('GET', '/entities')).toMatchObject({ passed: true });
    expect(await send('POST', '/refresh', {})).toMatchObject({ passed: true });
    expect(calls).toEqual([]);
  });
});
