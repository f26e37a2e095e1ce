import { test, expect } from '@playwright/test';
import {
  formatAmount,
  formatShare,
  parseRecommendation,
  resourceAmounts,
  sizingVerdict,
  type NodeGroupsResponse,
  type NodeGroupUtilisation,
  type SizedResource,
} from '@supply-chain/plugin-capacity-common';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { backendUrl, guestToken, kubectl, signIn } from './portal';

/**
 * The Capacity tab of ml-prediction-service in Chromium against the sandbox:
 * the VPA recommendation and the verdict the page shows are the ones that
 * follow from what kubectl reads at the same moment (the VPA object of the
 * real recommender, the Deployment's requests).
 */

test.describe.configure({ timeout: 5 * 60_000 });

const SERVICE = 'ml-prediction-service';
const NAMESPACE = 'supply-chain';
const VPA = 'ml-prediction-service-vpa';
const screenshotDir = resolve(
  __dirname,
  '../../../e2e-test-results/screenshots',
);
const LABELS: Record<SizedResource, string> = { cpu: 'CPU', memory: 'Memory' };

async function readCluster() {
  const vpa = JSON.parse(
    await kubectl(['-n', NAMESPACE, 'get', 'vpa', VPA, '-o', 'json']),
  );
  const deployment = JSON.parse(
    await kubectl([
      '-n',
      NAMESPACE,
      'get',
      'deployment',
      SERVICE,
      '-o',
      'json',
    ]),
  );
  const rec = vpa.status?.recommendation?.containerRecommendations?.find(
    (c: { containerName: string }) => c.containerName === SERVICE,
  );
  const container = deployment.spec.template.spec.containers.find(
    (c: { name: string }) => c.name === SERVICE,
  );
  return {
    updateMode: vpa.spec.updatePolicy?.updateMode ?? 'Auto',
    recommendation: rec ? parseRecommendation(rec) : undefined,
    requests: resourceAmounts(container.resources?.requests),
  };
}

type Cluster = Awaited<ReturnType<typeof readCluster>>;

function equal(a: Cluster, b: Cluster): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', error => {
    throw new Error(`Uncaught exception on page: ${error}`);
  });
  await signIn(page);
});

test('the Capacity tab shows the VPA recommendation of ml-prediction-service and its verdict in words', async ({
  page,
}) => {
  // The recommender needs a few cycles after the sandbox starts.
  await expect
    .poll(async () => Boolean((await readCluster()).recommendation), {
      message: `the VPA ${VPA} has a recommendation for ${SERVICE}`,
      timeout: 180_000,
      intervals: [5_000],
    })
    .toBe(true);

  // The recommender keeps moving the bounds: read the cluster right before and
  // right after the portal's own read (the page's request, held here), and
  // compare the page with that reading when both agree.
  let reading: { before: Cluster; after: Cluster } | undefined;
  await page.route('**/api/capacity/entity?**', async route => {
    const before = await readCluster();
    const response = await route.fetch();
    const after = await readCluster();
    reading = { before, after };
    await route.fulfill({ response });
  });
  // as a user gets there: the entity page, its Deployment group, Capacity
  await page.goto(`/catalog/default/component/${SERVICE}`);
  await page.getByRole('button', { name: 'Deployment', exact: true }).click();
  await page.getByRole('menuitemradio', { name: 'Capacity' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${SERVICE}/capacity$`),
  );

  // The portal answers from its last poll of the VPAs and metrics
  // (capacity.pollIntervalSeconds: 1 in the e2e configs), so an answer can
  // predate the reading around it: every attempt after the first reads anew.
  let attempt = 0;
  await expect(async () => {
    if (attempt++ > 0 || !reading || !equal(reading.before, reading.after)) {
      reading = undefined;
      await page.reload();
    }
    const card = page.getByRole('article', {
      name: `Deployment ${NAMESPACE}/${SERVICE}`,
    });
    await expect(card).toBeVisible({ timeout: 60_000 });
    expect(reading, 'the page read the sizing').toBeDefined();
    expect(reading!.after, 'the cluster did not change meanwhile').toEqual(
      reading!.before,
    );
    const before = reading!.before;
    await expect(
      card.getByRole('heading', { name: `VPA ${VPA}` }),
    ).toBeVisible();
    await expect(
      card.getByLabel(`Update mode: ${before.updateMode}`),
    ).toBeVisible();

    const shown: Record<string, string[]> = {};
    for (const resource of ['cpu', 'memory'] as const) {
      const row = card.getByRole('row').filter({
        has: page.getByRole('rowheader', {
          name: LABELS[resource],
          exact: true,
        }),
      });
      shown[resource] = await row.getByRole('cell').allInnerTexts();
    }

    const rec = before.recommendation!;
    for (const resource of ['cpu', 'memory'] as const) {
      const amount = (value: number | undefined) =>
        formatAmount(resource, value!);
      const verdict = sizingVerdict(resource, before.requests[resource], rec);
      // cells after the row header: requests, limits, usage, target, bounds, verdict
      const [requests, , , target, bounds, chip] = shown[resource];
      expect(requests).toBe(amount(before.requests[resource]));
      expect(target).toBe(amount(rec.target[resource]));
      expect(bounds).toBe(
        `${amount(rec.lowerBound[resource])} – ${amount(
          rec.upperBound[resource],
        )}`,
      );
      expect(chip).toContain(verdict.verdict);
      await expect(
        card.getByLabel(
          `${LABELS[resource]} of ${SERVICE}: ${verdict.verdict}`,
        ),
      ).toBeVisible();
      await expect(card.getByText(verdict.message)).toBeVisible();
      await expect(
        card.getByRole('img', {
          name: new RegExp(
            `^${LABELS[resource]}: VPA bounds ${amount(
              rec.lowerBound[resource],
            )} to ${amount(rec.upperBound[resource])}, VPA target ${amount(
              rec.target[resource],
            )}`,
          ),
        }),
      ).toBeVisible();
    }
  }).toPass({ timeout: 180_000 });

  mkdirSync(screenshotDir, { recursive: true });
  await page
    .getByRole('article', { name: `Deployment ${NAMESPACE}/${SERVICE}` })
    .screenshot({
      path: resolve(screenshotDir, 'capacity-ml-prediction-service.png'),
    });
  await expect(page.getByText(/Could not load the sizing/)).toHaveCount(0);
  await expect(page.getByText(/could not be read completely/)).toHaveCount(0);
});

test('the Capacity page lists ml-prediction-service under ml-team and node group ml-workload at the monthly cost its Capacity tab shows', async ({
  page,
}) => {
  // as a user gets there: the sidebar's Capacity item
  await page.goto('/');
  await page.getByRole('link', { name: 'Capacity', exact: true }).click();
  await expect(page).toHaveURL(/\/capacity$/);
  await expect(
    page.getByText(/Prices come from config \(capacity\.prices/),
  ).toBeVisible({ timeout: 60_000 });

  /** the service's row in the section of one group, as cell texts */
  const serviceRow = async (region: string) => {
    const section = page.getByRole('region', { name: region });
    const row = section.getByRole('row').filter({
      has: page.getByRole('link', { name: 'ML Prediction Service' }),
    });
    await expect(row).toBeVisible({ timeout: 60_000 });
    // Service, System/Team, Node groups, From requests, From usage, Waste, VPA
    return row.locator('th, td').allInnerTexts();
  };

  // The VPA (updateMode Auto) may resize the pods between two reads: compare
  // the page and the tab read right after each other, again until they agree.
  await expect(async () => {
    await page.goto('/capacity');
    const byTeam = await serviceRow('Team ml-team');
    expect(byTeam[2]).toBe('ml-workload');
    const cost = byTeam[3];
    expect(cost).toMatch(/^\$\d/);
    expect(byTeam[6]).toContain('VPA ml-prediction-service-vpa');

    await page.getByRole('button', { name: /Group by/ }).click();
    await page.getByRole('option', { name: 'Node group' }).click();
    const byNodeGroup = await serviceRow('Node group ml-workload');
    expect(byNodeGroup[3], 'its cost on ml-workload is all of it').toBe(cost);
    await expect(
      page.getByRole('table', { name: /Monthly cost per node group/ }),
    ).toBeVisible();

    // the link opens its Capacity tab, whose service total (all its
    // Deployments: its own and the MLModels' serving ones) is the same cost
    await page
      .getByRole('region', { name: 'Node group ml-workload' })
      .getByRole('link', { name: 'ML Prediction Service' })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${SERVICE}/capacity$`),
    );
    await expect(
      page.getByRole('region', {
        name: 'Monthly cost of the service ML Prediction Service',
      }),
    ).toContainText(`: ${cost} a month from requests`, { timeout: 60_000 });
  }).toPass({ timeout: 180_000 });

  await page.goto('/capacity');
  await expect(page.getByRole('region', { name: 'Team ml-team' })).toBeVisible({
    timeout: 60_000,
  });
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: resolve(screenshotDir, 'capacity-page.png'),
    fullPage: true,
  });
  await expect(page.getByText(/could not be read completely/)).toHaveCount(0);
});

test('the Capacity page shows the utilisation of node group ml-workload that /api/capacity/node-groups answers', async ({
  page,
}) => {
  /** the backend's answer, asked with the signed-in page's own guest session */
  const nodeGroups = async () => {
    const res = await page.request.get(
      `${backendUrl}/api/capacity/node-groups`,
      {
        headers: { authorization: `Bearer ${await guestToken(page.request)}` },
      },
    );
    expect(res.ok(), `node-groups: HTTP ${res.status()}`).toBe(true);
    const body = (await res.json()) as NodeGroupsResponse;
    for (const cluster of body.clusters) {
      const ml = cluster.nodeGroups.find(g => g.nodeGroup === 'ml-workload');
      if (ml) return { cluster: cluster.name, status: cluster.status, ml };
    }
    throw new Error(
      `no cluster has node group ml-workload: ${JSON.stringify(body)}`,
    );
  };
  const requestedCell = (ml: NodeGroupUtilisation, resource: SizedResource) =>
    `${formatShare(ml.requestedShare![resource]!)} (${formatAmount(
      resource,
      ml.requested![resource]!,
    )} of ${formatAmount(resource, ml.allocatable[resource]!)})`;

  await page.goto('/');
  await page.getByRole('link', { name: 'Capacity', exact: true }).click();
  await expect(page).toHaveURL(/\/capacity$/);

  // Pods come and go on ml-workload (the VPA in Auto evicts, the MLModels'
  // serving pods roll): compare the page with the API read right before and
  // right after it, again until both reads agree.
  await expect(async () => {
    const before = await nodeGroups();
    await page.goto('/capacity');
    const section = page.getByRole('region', { name: 'Node groups' });
    const table = section.getByRole('table', {
      name: `Node groups of cluster ${before.cluster}: requested and used as shares of the allocatable`,
    });
    const row = table.getByRole('row').filter({
      has: page.getByRole('rowheader', { name: /^ml-workload/ }),
    });
    await expect(row).toBeVisible({ timeout: 60_000 });
    // Node group, Nodes, CPU requested, CPU used, Memory requested, Memory used, Picture, Monthly price
    const cells = await row.locator('th, td').allInnerTexts();
    const after = await nodeGroups();
    expect(after.ml.requested, 'ml-workload did not change meanwhile').toEqual(
      before.ml.requested,
    );
    expect(before.status).toBe('ok');
    expect(cells[2]).toBe(requestedCell(before.ml, 'cpu'));
    expect(cells[4]).toBe(requestedCell(before.ml, 'memory'));
    expect(cells[2]).toMatch(/^\d+% \(/);
    await expect(
      row.getByRole('img', {
        name: new RegExp(
          `^ml-workload of its allocatable: CPU ${formatShare(
            before.ml.requestedShare!.cpu!,
          )} requested, `,
        ),
      }),
    ).toBeVisible();
    if (before.ml.monthlyPrice !== undefined) expect(cells[7]).toMatch(/^\$\d/);
  }).toPass({ timeout: 180_000 });

  mkdirSync(screenshotDir, { recursive: true });
  await page
    .getByRole('region', { name: 'Node groups' })
    .screenshot({ path: resolve(screenshotDir, 'capacity-node-groups.png') });
  await expect(
    page.getByText(/Node-group utilisation is unavailable/),
  ).toHaveCount(0);
});
