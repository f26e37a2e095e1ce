import { execFile } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { parse } from 'yaml';

/**
 * The TechDocs sites of the repository build with `mkdocs build --strict` (broken links,
 * missing nav pages and unknown plugins fail): every catalog/techdocs/<name>/ folder, and
 * the go-microservice skeleton's docs as the scaffolder's own fetch:template renders them
 * with example values. mkdocs is the one scripts/techdocs-tools.sh installs (the one the
 * backend's local builder runs).
 */

const root = resolve(__dirname, '../../..');
const mkdocs = join(root, '.tools/bin/mkdocs');
const run = promisify(execFile);
jest.setTimeout(120_000);

async function buildStrict(dir: string) {
  if (!existsSync(mkdocs)) {
    throw new Error(
      `${mkdocs} is missing: run scripts/install.sh (make install), which runs scripts/techdocs-tools.sh`,
    );
  }
  const site = mkdtempSync(join(tmpdir(), 'techdocs-site-'));
  try {
    // no --quiet: mkdocs does not count the warnings it does not print, so strict would pass
    await run(mkdocs, ['build', '--strict', '--site-dir', site], {
      cwd: dir,
    }).catch((error: any) => {
      throw new Error(
        `mkdocs build --strict failed in ${dir}:\n${
          error.stderr || error.message
        }`,
      );
    });
    return readdirSync(site);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}

describe('TechDocs sites', () => {
  const catalogSites = readdirSync(join(root, 'catalog/techdocs'));

  it('one per deployed service and per system', () => {
    expect(catalogSites.sort()).toEqual([
      'inventory-management',
      'inventory-service',
      'ml-platform',
      'ml-prediction-service',
      'order-fulfillment',
      'order-service',
      'shipping-service',
    ]);
  });

  it.each(catalogSites)('catalog/techdocs/%s builds strictly', async name => {
    expect(await buildStrict(join(root, 'catalog/techdocs', name))).toContain(
      'index.html',
    );
  });

  it('a broken link fails the build', async () => {
    const site = mkdtempSync(join(tmpdir(), 'techdocs-broken-'));
    try {
      cpSync(join(root, 'catalog/techdocs/order-service'), site, {
        recursive: true,
      });
      appendFileSync(join(site, 'docs/index.md'), '\n[gone](missing.md)\n');
      await expect(buildStrict(site)).rejects.toThrow(
        /'missing.md', but the target is not found/,
      );
    } finally {
      rmSync(site, { recursive: true, force: true });
    }
  });

  const templateDir = join(root, 'templates/go-microservice');
  const fetchStep = parse(
    readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
  ).spec.steps.find((step: { id: string }) => step.id === 'fetch');

  it.each([
    ['without', false],
    ['with', true],
  ])(
    'the go-microservice skeleton, rendered %s gRPC, builds strictly',
    async (_label, grpc) => {
      const workspacePath = mkdtempSync(join(tmpdir(), 'go-microservice-'));
      try {
        const action = createFetchTemplateAction({
          // a file: template is copied from disk: no URL reader, no SCM integration
          reader: {} as any,
          integrations: {} as any,
        });
        // the context the scaffolder gives a step, reduced to what fetch:template reads
        await action.handler({
          input: {
            url: fetchStep.input.url,
            copyWithoutTemplating: fetchStep.input.copyWithoutTemplating,
            values: {
              name: 'returns-service',
              description:
                'Handles customer returns and refunds of shipped orders',
              owner: 'group:default/fulfillment-team',
              system: 'system:default/order-fulfillment',
              responsibilities: ['Return authorisation', 'Refund coordination'],
              dependencies: ['component:default/order-service'],
              grpc,
              grpcPort: 9090,
              namespace: 'supply-chain',
              repoHost: 'github.com',
              repoOwner: 'supply-chain',
              repoName: 'returns-service',
              goModule: 'github.com/supply-chain/returns-service',
            },
          },
          workspacePath,
          templateInfo: {
            entityRef: 'template:default/go-microservice',
            baseUrl: pathToFileURL(join(templateDir, 'template.yaml')).href,
          },
          logger: { info() {}, debug() {}, warn() {}, error() {} },
          output() {},
          checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
          createTemporaryDirectory: async () =>
            mkdtempSync(join(tmpdir(), 'fetch-template-')),
        } as any);

        expect(
          readFileSync(join(workspacePath, 'mkdocs.yml'), 'utf8'),
        ).toContain('site_name: "returns-service"');
        const index = readFileSync(
          join(workspacePath, 'docs/index.md'),
          'utf8',
        );
        expect(index).toContain('# returns-service');
        expect(index.includes('grpc.health.v1.Health')).toBe(grpc);
        expect(await buildStrict(workspacePath)).toContain('index.html');
      } finally {
        rmSync(workspacePath, { recursive: true, force: true });
      }
    },
  );
});
