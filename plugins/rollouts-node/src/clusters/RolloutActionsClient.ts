import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { RolloutsClusterClientService } from '../types';
import {
  readClusterLocatorMethods,
  ServiceAccountTokenStrategy,
} from './ClusterConnection';
import { KubernetesHttpClient } from './KubernetesHttpClient';

/**
 * The rollout actions' own write credential per cluster
 * (`rollouts.actions.clusters`), never the read-only token of the shared
 * cluster block (which the official Kubernetes plugin's proxy also holds) and
 * never the token mounted into the portal's pod. URL and CA come from the
 * cluster's `type: config` entry; catalog-located clusters never get one.
 * A cluster without a configured action credential refuses every action.
 * @public
 */
export class RolloutActionsClient implements RolloutsClusterClientService {
  private readonly clients = new Map<string, Promise<KubernetesHttpClient>>();

  private constructor(
    private readonly clusters: Map<string, ClusterDetails>,
    private readonly configured: string[],
  ) {}

  static fromConfig(config: Config): RolloutActionsClient {
    const located = new Map(
      readClusterLocatorMethods(config).clusters.map(c => [c.name, c]),
    );
    const clusters = new Map<string, ClusterDetails>();
    for (const entry of config.getOptionalConfigArray(
      'rollouts.actions.clusters',
    ) ?? []) {
      const name = entry.getString('name');
      const base = located.get(name);
      if (!base) {
        throw new Error(
          `rollouts.actions.clusters: cluster '${name}' is not a type: config cluster of kubernetes.clusterLocatorMethods`,
        );
      }
      const serviceAccountToken = entry.getString('serviceAccountToken');
      clusters.set(name, {
        ...base,
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken,
        },
      });
    }
    return new RolloutActionsClient(clusters, [...located.keys()]);
  }

  clusterNames(): string[] {
    return [...this.clusters.keys()];
  }

  private client(cluster: string): Promise<KubernetesHttpClient> {
    const details = this.clusters.get(cluster);
    if (!details) {
      throw new NotAllowedError(
        this.configured.includes(cluster)
          ? `cluster ${cluster} has no write credential for the rollout actions (rollouts.actions.clusters); the portal does not change it`
          : `unknown cluster ${cluster}`,
      );
    }
    let client = this.clients.get(cluster);
    if (!client) {
      client = KubernetesHttpClient.create(details, {
        serviceAccount: new ServiceAccountTokenStrategy(),
      });
      this.clients.set(cluster, client);
    }
    return client;
  }

  async request<T = any>(
    cluster: string,
    method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const client = await this.client(cluster);
    return client.request<T>(method, path, body, contentType);
  }
}
