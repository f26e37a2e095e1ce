#!/usr/bin/env node
// What a deployment's CI does for TechDocs (app-config.production.yaml: builder 'external'):
// for every catalog entity with a `backstage.io/techdocs-ref: dir:...` annotation, generate
// its site with mkdocs (techdocs-node's generator, as `techdocs-cli generate --no-docker`
// does) and publish it with techdocs-node's local publisher into the folder the production
// backend serves. Used by scripts/production.sh; needs mkdocs with mkdocs-techdocs-core on
// PATH (scripts/toolchain.sh puts the project's .tools/mkdocs there).
//
// Usage: node scripts/techdocs-publish.mjs <publishDirectory>
import { ConfigReader } from '@backstage/config';
import { Publisher, TechdocsGenerator } from '@backstage/plugin-techdocs-node';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import winston from 'winston';
import { parseAllDocuments } from 'yaml';

const publishDirectory = process.argv[2];
if (!publishDirectory) {
  console.error('usage: techdocs-publish.mjs <publishDirectory>');
  process.exit(2);
}
const catalogDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../catalog',
);
const config = new ConfigReader({
  techdocs: {
    generator: { runIn: 'local' },
    publisher: { type: 'local', local: { publishDirectory } },
  },
});
const logger = winston.createLogger({
  level: 'warn',
  transports: [new winston.transports.Console()],
});
// the local publisher asks discovery only for the URL it reports back
const discovery = {
  getBaseUrl: async () => 'http://localhost/api/techdocs',
  getExternalBaseUrl: async () => 'http://localhost/api/techdocs',
};
const generator = TechdocsGenerator.fromConfig(config, { logger });
const publisher = await Publisher.fromConfig(config, { logger, discovery });

const entities = readdirSync(catalogDir)
  .filter(f => f.endsWith('.yaml'))
  .flatMap(file =>
    parseAllDocuments(readFileSync(join(catalogDir, file), 'utf8'))
      .map(doc => doc.toJS())
      .filter(e => e?.metadata?.annotations?.['backstage.io/techdocs-ref'])
      .map(entity => ({ entity, file })),
  );

let published = 0;
for (const { entity } of entities) {
  const ref = entity.metadata.annotations['backstage.io/techdocs-ref'];
  const name = `${entity.kind.toLowerCase()}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
  if (!ref.startsWith('dir:')) {
    throw new Error(
      `${name}: backstage.io/techdocs-ref ${ref} is not a dir: reference`,
    );
  }
  const inputDir = resolve(catalogDir, ref.slice('dir:'.length));
  const outputDir = mkdtempSync(join(tmpdir(), 'techdocs-site-'));
  try {
    await generator.run({
      inputDir,
      outputDir,
      parsedLocationAnnotation: { type: 'dir', target: inputDir },
      etag: `seed-${Date.now()}`,
      logger,
      siteOptions: { name: entity.metadata.title ?? entity.metadata.name },
    });
    await publisher.publish({
      entity: {
        ...entity,
        metadata: { namespace: 'default', ...entity.metadata },
      },
      directory: outputDir,
    });
    published++;
    console.log(`techdocs: ${name} generated from ${ref} and published`);
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
console.log(`techdocs: ${published} sites published into ${publishDirectory}`);
