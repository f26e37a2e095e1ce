import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import path from 'node:path';

/**
 * Which catalog sources the portal trusts to say what an entity owns in a
 * cluster or in Argo CD. Trusted: the `catalog.locations` of the config (the
 * organisation's catalog, written by whoever deploys the portal) and the
 * location prefixes of `supplyChain.ownership.trustedLocations` (the GitOps
 * repository, which only the scaffolder writes). Every other location (one a
 * user registered) may describe entities, but their claims never grant a write.
 * The catalog itself writes `backstage.io/managed-by-origin-location`; an entity
 * cannot set it.
 * @public
 */
export class TrustedSources {
  private constructor(
    private readonly exact: ReadonlySet<string>,
    private readonly prefixes: readonly string[],
  ) {}

  static fromConfig(config: Config): TrustedSources {
    const exact = new Set<string>();
    for (const location of config.getOptionalConfigArray('catalog.locations') ??
      []) {
      const type = location.getString('type');
      const target = location.getString('target');
      // as the catalog's ConfigLocationEntityProvider writes the origin
      exact.add(
        `${type}:${type === 'file' ? path.resolve(target) : normalize(target)}`,
      );
    }
    const prefixes = (
      config.getOptionalStringArray('supplyChain.ownership.trustedLocations') ??
      []
    ).map(prefix => {
      const m = /^(url|file):(.+)$/.exec(prefix);
      if (!m) {
        throw new Error(
          `supplyChain.ownership.trustedLocations: '${prefix}' must start with url: or file:`,
        );
      }
      return `${m[1]}:${
        m[1] === 'file' ? path.resolve(m[2]) : normalize(m[2])
      }`;
    });
    return new TrustedSources(exact, prefixes);
  }

  /** The entity's origin location, as the catalog recorded it. */
  originOf(entity: Entity): string | undefined {
    return entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  }

  isTrusted(entity: Entity): boolean {
    const origin = this.originOf(entity);
    if (!origin) return false;
    const m = /^(url|file):(.+)$/.exec(origin);
    if (!m) return false;
    const location = `${m[1]}:${
      m[1] === 'file' ? path.resolve(m[2]) : normalize(m[2])
    }`;
    return (
      this.exact.has(location) ||
      this.prefixes.some(prefix => location.startsWith(prefix))
    );
  }
}

/** Resolves `..`, `%2e%2e` and case of scheme/host, so a prefix cannot be escaped. */
function normalize(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    // not a URL: compared as written, and never matches a URL prefix
    return `invalid:${url}`;
  }
}
