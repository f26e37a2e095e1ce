import { Knex } from 'knex';

const DEPLOYMENTS = 'deployment_metrics_deployments';

/** A Deployment seen by the recorder (for mapping to catalog entities). */
export interface KnownDeployment {
  cluster: string;
  deploymentUid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/** `deployment_metrics_deployments`: every Deployment the recorder has seen. */
export class DeploymentStore {
  constructor(private readonly db: Knex) {}

  async remember(d: KnownDeployment, now: number): Promise<void> {
    await this.db(DEPLOYMENTS)
      .insert({
        cluster: d.cluster,
        deployment_uid: d.deploymentUid,
        namespace: d.namespace,
        name: d.name,
        labels: JSON.stringify(d.labels),
        last_seen: now,
      })
      .onConflict(['cluster', 'deployment_uid'])
      .merge(['labels', 'last_seen', 'namespace', 'name']);
  }

  async list(): Promise<KnownDeployment[]> {
    const rows = await this.db(DEPLOYMENTS).select();
    return rows.map(r => ({
      cluster: r.cluster,
      deploymentUid: r.deployment_uid,
      namespace: r.namespace,
      name: r.name,
      labels: JSON.parse(r.labels),
    }));
  }
}
