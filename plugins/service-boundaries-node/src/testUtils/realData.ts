import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterFacts,
  clusterFactsFromObjects,
} from '@supply-chain/plugin-service-boundaries-common';

const repoRoot = resolvePackagePath(
  '@supply-chain/plugin-service-boundaries-node',
  '../..',
);

function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
}

/** The organisation's catalog (catalog/*.yaml), without the Location. */
export function loadRealCatalog(): Entity[] {
  const dir = join(repoRoot, 'catalog');
  return readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f => readYamlDocuments(join(dir, f)))
    .filter((e: Entity) => e.kind !== 'Location');
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

/** The sandbox's seed manifests (base and apps) as Kubernetes objects. */
export function loadSeedObjects(): any[] {
  const manifests = join(repoRoot, 'sandbox', 'manifests');
  return ['base', 'apps']
    .flatMap(sub => yamlFilesUnder(join(manifests, sub)))
    .flatMap(readYamlDocuments);
}

/** The sandbox's seed manifests as the facts of a cluster named `sandbox`. */
export function loadSeedClusterFacts(): ClusterFacts {
  return clusterFactsFromObjects('sandbox', loadSeedObjects());
}
