import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { DeploymentStore } from './DeploymentStore';
import { MetaStore } from './MetaStore';
import { RolloutAggregateQuery } from './RolloutAggregateQuery';
import { RolloutStore } from './RolloutStore';
import { SyncStore } from './SyncStore';

export type { KnownDeployment } from './DeploymentStore';
export type { NewRollout, OpenRollout } from './RolloutStore';
export type {
  RolloutAggregates,
  RolloutBucketCounts,
} from './RolloutAggregateQuery';
export type { NewSync } from './SyncStore';
export {
  DeploymentStore,
  MetaStore,
  RolloutAggregateQuery,
  RolloutStore,
  SyncStore,
};

/** The plugin's tables, one store each (knex; SQLite in development, PostgreSQL in production). */
export interface MetricsStores {
  meta: MetaStore;
  deployments: DeploymentStore;
  rollouts: RolloutStore;
  rolloutAggregates: RolloutAggregateQuery;
  syncs: SyncStore;
}

/** Migrates the plugin's database (unless told not to) and opens its stores. */
export async function openMetricsStores(options: {
  database: DatabaseService;
  skipMigrations?: boolean;
}): Promise<MetricsStores> {
  const db = await options.database.getClient();
  if (!options.skipMigrations && !options.database.migrations?.skip) {
    await db.migrate.latest({
      directory: resolvePackagePath(
        '@supply-chain/plugin-deployment-metrics-backend',
        'migrations',
      ),
      tableName: 'deployment_metrics_knex_migrations',
    });
  }
  return {
    meta: new MetaStore(db),
    deployments: new DeploymentStore(db),
    rollouts: new RolloutStore(db),
    rolloutAggregates: new RolloutAggregateQuery(db),
    syncs: new SyncStore(db),
  };
}

/** Deletes the rollouts and syncs that started before `before`; returns how many of each. */
export async function pruneEvents(
  stores: Pick<MetricsStores, 'rollouts' | 'syncs'>,
  before: number,
): Promise<{ rollouts: number; syncs: number }> {
  return {
    rollouts: await stores.rollouts.prune(before),
    syncs: await stores.syncs.prune(before),
  };
}
