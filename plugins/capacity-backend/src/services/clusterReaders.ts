import type {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import {
  CapacityPrices,
  parseCapacityPrices,
} from '@supply-chain/plugin-capacity-common';
import {
  defaultAuthStrategies,
  KubernetesHttpClient,
  readClusterLocatorMethods,
} from '@supply-chain/plugin-rollouts-node';

/** The cluster reads capacity needs (one KubernetesHttpClient per cluster in production). */
export interface SizingClusterReader {
  name: string;
  get<T>(path: string): Promise<T>;
}

export type List<T> = { items?: T[] };

export function errorWords(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A reader per `kubernetes.clusterLocatorMethods` cluster (config and
 * localKubectlProxy), with its configured read credential through
 * rollouts-node's cluster connection; a cluster whose client cannot be built
 * answers every read with that error.
 */
export async function createClusterReaders(
  config: RootConfigService,
  logger: LoggerService,
): Promise<SizingClusterReader[]> {
  const readers: SizingClusterReader[] = [];
  for (const details of readClusterLocatorMethods(config).clusters) {
    readers.push(await reader(details, logger));
  }
  return readers;
}

async function reader(
  details: ClusterDetails,
  logger: LoggerService,
): Promise<SizingClusterReader> {
  let client: KubernetesHttpClient | undefined;
  let failure: string | undefined;
  try {
    client = await KubernetesHttpClient.create(details, defaultAuthStrategies);
  } catch (e) {
    failure = errorWords(e);
    logger.error(`capacity: cluster ${details.name}: ${failure}`);
  }
  return {
    name: details.name,
    get: async <T>(path: string) => {
      if (!client) throw new Error(failure);
      return client.request<T>('GET', path);
    },
  };
}

/** `capacity.prices` and `capacity.currency`; bad config fails the start, naming the field. */
export function readCapacityPrices(config: RootConfigService): CapacityPrices {
  return parseCapacityPrices(
    config.getOptional('capacity.prices'),
    config.getOptional('capacity.currency'),
  );
}

/** Default of `capacity.pollIntervalSeconds`. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 30;

/** `capacity.pollIntervalSeconds` (how often nodes, metrics and VPAs are read), default 30. */
export function readPollIntervalMs(config: RootConfigService): number {
  const seconds =
    config.getOptionalNumber('capacity.pollIntervalSeconds') ??
    DEFAULT_POLL_INTERVAL_SECONDS;
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new Error(
      `capacity.pollIntervalSeconds must be a number of seconds of at least 1, got ${seconds}`,
    );
  }
  return seconds * 1000;
}
