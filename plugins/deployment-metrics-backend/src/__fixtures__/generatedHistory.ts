import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';

const DAY = 86_400_000;

function finishedAt(
  outcome: string,
  started: number,
  skew: boolean,
  seconds: number,
) {
  if (outcome === 'in-progress' || outcome === 'stalled') return null;
  return skew ? started - 2000 : started + seconds * 1000 + 333;
}

function completedSeconds(outcome: string, skew: boolean, seconds: number) {
  if (outcome !== 'completed') return null;
  return skew ? 0 : seconds;
}

/**
 * Writes a generated history of rollouts (every outcome, rollbacks, stalls,
 * capacity drops, clock skew, rollouts still in progress) for `services`
 * components into the plugin's tables; returns their catalog entities.
 * Deterministic (seeded).
 */
export async function writeGeneratedHistory(
  knex: Knex,
  options: { services: number; days: number; now: number; perDay?: number },
): Promise<{ entities: Entity[]; rollouts: number }> {
  const { services, days, now } = options;
  const start = now - days * DAY;
  const gap = DAY / (options.perDay ?? 1);
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const entities: Entity[] = [];
  const deployments: any[] = [];
  const rows: any[] = [];
  for (let s = 0; s < services; s++) {
    const name = `service-${s}`;
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name, namespace: 'default' },
      spec: {
        owner: `group:default/team-${s % 5}`,
        system: `system-${s % 3}`,
      },
    });
    deployments.push({
      cluster: 'prod',
      deployment_uid: `uid-${s}`,
      namespace: 'shop',
      name,
      labels: JSON.stringify({ 'backstage.io/kubernetes-id': name }),
      last_seen: now,
    });
    let revision = 1;
    for (let t = start + random() * gap; t < now; t += random() * 2 * gap) {
      revision += 1;
      const started = Math.floor(t);
      const duration = Math.floor(random() * 400);
      const roll = random();
      let outcome = 'completed';
      if (t > now - 2 * gap && roll < 0.3) outcome = 'in-progress';
      else if (roll < 0.06) outcome = 'stalled';
      else if (roll < 0.12) outcome = 'rolled-back';
      else if (roll < 0.15) outcome = 'superseded';
      const stalled =
        outcome === 'stalled' ||
        (outcome === 'rolled-back' && random() < 0.5) ||
        (outcome === 'completed' && random() < 0.04);
      const skew = outcome === 'completed' && random() < 0.02;
      rows.push({
        cluster: 'prod',
        namespace: 'shop',
        deployment: name,
        deployment_uid: `uid-${s}`,
        from_revision: revision - 1,
        to_revision: revision,
        version: `v${revision}`,
        images: JSON.stringify([`${name}:${revision}`]),
        started_at: started,
        finished_at: finishedAt(outcome, started, skew, duration),
        stalled_at: stalled ? started + 300_000 : null,
        outcome,
        duration_seconds: completedSeconds(outcome, skew, duration),
        clock_skew: skew,
        rollback: random() < 0.05,
        desired_replicas: random() < 0.02 ? 0 : 3,
        min_available_replicas: random() < 0.1 ? 2 : 3,
        recorded_at: now,
      });
    }
  }
  await knex.batchInsert('deployment_metrics_deployments', deployments, 200);
  await knex.batchInsert('deployment_metrics_rollouts', rows, 500);
  return { entities, rollouts: rows.length };
}
