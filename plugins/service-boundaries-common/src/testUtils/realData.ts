import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Entity } from '@backstage/catalog-model';
import {
  clusterFactsFromObjects,
  KubernetesObjectLike,
} from '../drift/clusterFactsFromObjects';
import { ClusterFacts } from '../types';

const repoRoot = resolve(__dirname, '../../../..');

function readYamlDocuments(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(d => d.toJS())
    .filter(Boolean);
}

/** The organisation's catalog (catalog/*.yaml) as the catalog would hold it, without the Location. */
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

/** The sandbox's seed manifests (sandbox/manifests/base and apps) as Kubernetes objects. */
export function loadSeedObjects(): KubernetesObjectLike[] {
  const manifests = join(repoRoot, 'sandbox', 'manifests');
  return ['base', 'apps']
    .flatMap(sub => yamlFilesUnder(join(manifests, sub)))
    .flatMap(readYamlDocuments);
}

/**
 * The seed manifests (the seed's ConfigMap, AuthorizationPolicy, Deployments,
 * MLModels) as cluster facts of a cluster named `sandbox`.
 */
export function loadSeedClusterFacts(): ClusterFacts {
  return clusterFactsFromObjects('sandbox', loadSeedObjects());
}

/** A Resource of ml-team claiming inventory-service's workload too (a contested claim). */
export const inventoryShadow: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'inventory-shadow',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'inventory-service' },
  },
  spec: { type: 'ml-model', owner: 'group:default/ml-team' },
};
