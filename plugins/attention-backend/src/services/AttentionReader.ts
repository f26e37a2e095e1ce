import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AttentionProblem,
  AttentionResponse,
} from '@supply-chain/plugin-attention-common';
import { mayReadUnclaimed } from '@supply-chain/plugin-service-boundaries-node';
import { EvaluationState } from './AttentionEvaluator';
import { ProblemStore, StoredProblem } from './ProblemStore';

/** Narrows the list to one entity or one owner. */
export interface AttentionQuery {
  entityRef?: string;
  ownerRef?: string;
}

const SEVERITY_ORDER = { error: 0, warning: 1 } as const;

/**
 * Serves the open problems to one caller: only those whose entity the caller
 * can read in the catalog (with the caller's own credentials), and problems of
 * no entity (unowned workloads) only to callers who may read unclaimed objects
 * (`service-boundaries.unclaimed.read`, as the Unowned workloads report);
 * marked `mine` when the caller is or belongs to the owner, the caller's first.
 */
export class AttentionReader {
  constructor(
    private readonly deps: {
      store: ProblemStore;
      catalog: CatalogService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      lastEvaluation: () => EvaluationState;
    },
  ) {}

  async read(
    credentials: BackstageCredentials,
    query: AttentionQuery = {},
  ): Promise<AttentionResponse> {
    const lower = (s: string) => s.toLocaleLowerCase('en-US');
    const open = (await this.deps.store.listOpen()).filter(
      p =>
        (!query.entityRef ||
          (p.entityRef && lower(p.entityRef) === lower(query.entityRef))) &&
        (!query.ownerRef ||
          (p.ownerRef && lower(p.ownerRef) === lower(query.ownerRef))),
    );
    const visible = await this.visibleEntityRefs(open, credentials);
    const unclaimedReadable =
      open.some(p => !p.entityRef) &&
      (await mayReadUnclaimed(this.deps.permissions, credentials));
    const ownership = await this.ownershipOf(credentials);
    const problems: AttentionProblem[] = open
      .filter(p =>
        p.entityRef ? visible.has(lower(p.entityRef)) : unclaimedReadable,
      )
      .map(p => toResponse(p, !!p.ownerRef && ownership.has(lower(p.ownerRef))))
      .sort(
        (a, b) =>
          Number(b.mine) - Number(a.mine) ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          a.since.localeCompare(b.since) ||
          a.id.localeCompare(b.id),
      );
    const { sources, evaluatedAt } = this.deps.lastEvaluation();
    return { problems, sources, ...(evaluatedAt ? { evaluatedAt } : {}) };
  }

  private async visibleEntityRefs(
    problems: StoredProblem[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const refs = [
      ...new Set(problems.flatMap(p => (p.entityRef ? [p.entityRef] : []))),
    ];
    if (refs.length === 0) return new Set();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: ['kind', 'metadata.name'] },
      { credentials },
    );
    // items are in the order of refs, null where the caller may not read it
    return new Set(
      refs
        .filter((_, i) => items[i] !== undefined && items[i] !== null)
        .map(r => r.toLocaleLowerCase('en-US')),
    );
  }

  private async ownershipOf(
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    if ((credentials.principal as { type?: string }).type !== 'user') {
      return new Set();
    }
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return new Set(
      info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
    );
  }
}

function toResponse(p: StoredProblem, mine: boolean): AttentionProblem {
  return {
    id: p.id,
    kind: p.kind,
    severity: p.severity,
    since: new Date(p.openedAt).toISOString(),
    ...(p.entityRef ? { entityRef: p.entityRef } : {}),
    ...(p.ownerRef ? { ownerRef: p.ownerRef } : {}),
    subject: p.subject,
    title: p.title,
    reason: p.reason,
    link: p.link,
    mine,
  };
}
