import { ConfigReader } from '@backstage/config';
import {
  FakeArgoCd,
  SHA,
  STATIC_TOKEN,
  makeApp,
  recordingLogger,
  startFakeArgoCd,
} from '@supply-chain/plugin-argocd-node/testUtils';
import { DefaultArgoCdInstances } from '@supply-chain/plugin-argocd-node';
import { ArgoCdApplications } from './ArgoCdApplications';

describe('ArgoCdApplications', () => {
  let fake: FakeArgoCd;
  let service: ArgoCdApplications;

  beforeEach(async () => {
    fake = await startFakeArgoCd();
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    fake.apps.set(
      'order-service',
      makeApp('order-service', { historyIds: ids }),
    );
    fake.apps.set('chart-app', makeApp('chart-app', { helm: true }));
    fake.apps.set(
      'team-app',
      makeApp('team-app', { project: 'team-a', labels: { team: 'a' } }),
    );
    for (const id of ids) {
      fake.metadata.set(SHA(id), {
        author: 'Dev',
        message: `change ${id}`,
        date: '2026-01-01T00:00:00Z',
      });
    }
    fake.options.metadataDelayMs = 20;
    const logger = recordingLogger();
    const instances = DefaultArgoCdInstances.fromConfig({
      logger,
      config: new ConfigReader({
        argocd: {
          metadataConcurrency: 4,
          appLocatorMethods: [
            {
              type: 'config',
              instances: [
                { name: 'sandbox', url: fake.url, token: STATIC_TOKEN },
              ],
            },
          ],
        },
      }),
    });
    service = new ArgoCdApplications(instances, logger);
  });
  afterEach(() => fake.close());

  const locate = async (appNames: string[], more: object = {}) =>
    (
      await service.findApplications({
        appNames,
        instanceNames: [],
        projectNames: [],
        ...more,
      })
    ).applications;

  it('history of 20 entries, limit 20: metadata fetched at most 4 at a time, then served from the cache', async () => {
    const [located] = await locate(['order-service']);
    const first = await service.history(located, 20);
    expect(first.entries.map(e => e.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => 20 - i),
    );
    expect(
      first.entries.every(
        e => e.revisions[0].details?.message === `change ${e.id}`,
      ),
    ).toBe(true);
    expect(
      fake.count('GET', '/api/v1/applications/order-service/revisions/'),
    ).toBe(20);
    expect(fake.maxInFlightMetadata).toBeLessThanOrEqual(4);
    expect(fake.maxInFlightMetadata).toBeGreaterThan(1);

    await service.history(located, 20);
    expect(
      fake.count('GET', '/api/v1/applications/order-service/revisions/'),
    ).toBe(20);
  });

  it('a failed metadata lookup is retried next time, not cached', async () => {
    fake.metadata.set(SHA(20), 'fail');
    const [located] = await locate(['order-service']);
    const first = await service.history(located, 1);
    expect(first.entries[0].revisions[0].detailsStatus).toBe('unavailable');
    fake.metadata.set(SHA(20), { message: 'back again' });
    const second = await service.history(located, 1);
    expect(second.entries[0].revisions[0]).toMatchObject({
      detailsStatus: 'ok',
      details: { message: 'back again' },
    });
  });

  it('history passes versionId so Argo CD picks the source of that deployment', async () => {
    const [located] = await locate(['order-service']);
    await service.history(located, 1);
    const call = fake.requests.find(r =>
      r.path.endsWith(`/revisions/${SHA(20)}/metadata`),
    );
    expect(call?.query).toContain('versionId=20');
    expect(call?.query).toContain('appNamespace=argocd');
  });

  it('Helm revisions ask for chart details, never git metadata', async () => {
    const [located] = await locate(['chart-app']);
    const history = await service.history(located, 3);
    expect(history.entries[0].revisions[0]).toMatchObject({
      kind: 'helm',
      revision: '1.3.0',
      detailsStatus: 'ok',
      details: { description: 'chart 1.3.0' },
    });
    expect(
      fake.count(
        'GET',
        '/api/v1/applications/chart-app/revisions/1.3.0/chartdetails',
      ),
    ).toBe(1);
    expect(
      fake.requests.some(
        r =>
          r.path.startsWith('/api/v1/applications/chart-app') &&
          r.path.endsWith('/metadata'),
      ),
    ).toBe(false);
  });

  it.each([
    [{ appNames: ['team-app'] }, ['team-app']],
    [{ appNames: [], appSelector: 'team=a' }, ['team-app']],
    [{ appNames: [], projectNames: ['team-a'] }, ['team-app']],
    [
      { appNames: ['order-service', 'team-app'] },
      ['order-service', 'team-app'],
    ],
    [{ appNames: ['order-service'], projectNames: ['team-a'] }, []],
    [{ appNames: ['order-service'], appNamespace: 'elsewhere' }, []],
  ])('annotations %j find %j', async (annotations, names) => {
    const apps = await locate(annotations.appNames, annotations);
    expect(apps.map(a => a.app.metadata.name)).toEqual(names);
  });

  it('an instance-name that is not configured is reported, not thrown', async () => {
    const found = await service.findApplications({
      appNames: ['order-service'],
      instanceNames: ['prod-eu', 'sandbox'],
      projectNames: [],
    });
    expect(found.instances).toEqual([
      {
        name: 'prod-eu',
        ok: false,
        error: {
          reason: 'not-configured',
          message:
            'No Argo CD instance named "prod-eu" is configured (argocd.appLocatorMethods); check the argocd/instance-name annotation',
        },
      },
      { name: 'sandbox', ok: true },
    ]);
    expect(found.applications).toHaveLength(1);
  });

  it('a selector Argo CD refuses is a labelled instance error, not a crash', async () => {
    const found = await service.findApplications({
      appNames: [],
      appSelector: 'team!!a',
      instanceNames: [],
      projectNames: [],
    });
    expect(found.instances).toEqual([
      {
        name: 'sandbox',
        ok: false,
        error: {
          reason: 'bad-response',
          status: 400,
          message:
            'Argo CD instance "sandbox" refused the application lookup (HTTP 400): error parsing selector: unable to parse requirement: team!!a',
        },
      },
    ]);
    expect(found.emptyReason).toBe(
      'No Argo CD instance could be asked; see the errors per instance',
    );
  });
});
