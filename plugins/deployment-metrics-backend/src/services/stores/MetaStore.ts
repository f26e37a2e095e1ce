import { Knex } from 'knex';

const META = 'deployment_metrics_meta';

/** `deployment_metrics_meta`: facts about the recording itself. */
export class MetaStore {
  constructor(private readonly db: Knex) {}

  /** When recording began (first start of the plugin on this database); set once. */
  async observedSince(now: number): Promise<string> {
    await this.db(META)
      .insert({ key: 'observed_since', value: new Date(now).toISOString() })
      .onConflict('key')
      .ignore();
    const row = await this.db(META).where({ key: 'observed_since' }).first();
    return row.value;
  }
}
