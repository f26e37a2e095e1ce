import type {
  ArgoCdApplicationSource,
  ArgoCdRevisionHistory,
} from './argoCdRestTypes';

/**
 * What a revision string is:
 * `git`: a commit sha (commit metadata can be looked up);
 * `helm`: a Helm chart version (chart details, no commit);
 * `oci`: an OCI digest;
 * `symbolic`: a branch, tag or `HEAD` that is not resolved (nothing to look up).
 * @public
 */
export type RevisionKind = 'git' | 'helm' | 'oci' | 'symbolic';

const GIT_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Detects the kind of a deployed revision. The source decides first (a Helm
 * repository source has `chart`), then the revision's shape.
 * @public
 */
export function detectRevisionKind(
  revision: string,
  source?: Pick<ArgoCdApplicationSource, 'chart' | 'repoURL'>,
): RevisionKind {
  if (source?.chart) return 'helm';
  if (revision.startsWith('sha256:')) return 'oci';
  if (GIT_SHA.test(revision)) return 'git';
  // a chart version of a source we do not know; a git source's tags are
  // resolved to shas by Argo CD before they reach the history
  if (SEMVER.test(revision) && !source) return 'helm';
  return 'symbolic';
}

/** One (source, revision) pair of a history entry or a sync status. @public */
export interface SourcedRevision {
  sourceIndex: number;
  revision: string;
  kind: RevisionKind;
  source?: ArgoCdApplicationSource;
}

/**
 * The revisions of a deployment: multi-source entries carry `revisions[]`
 * (one per source, same order as `sources[]`), single-source ones `revision`.
 * `fallbackSources` (the app's current spec) is used when the entry does not
 * record its sources (older Argo CD versions).
 * @public
 */
export function revisionsOf(
  entry: Pick<
    ArgoCdRevisionHistory,
    'revision' | 'revisions' | 'source' | 'sources'
  >,
  fallbackSources: ArgoCdApplicationSource[] = [],
): SourcedRevision[] {
  if (entry.revisions && entry.revisions.length > 0) {
    const sources = entry.sources?.length ? entry.sources : fallbackSources;
    return entry.revisions
      .map((revision, sourceIndex) => {
        const source = sources[sourceIndex];
        return {
          sourceIndex,
          revision,
          kind: detectRevisionKind(revision, source),
          source,
        };
      })
      .filter(r => r.revision !== '');
  }
  if (!entry.revision) return [];
  const source = entry.source ?? fallbackSources[0];
  return [
    {
      sourceIndex: 0,
      revision: entry.revision,
      kind: detectRevisionKind(entry.revision, source),
      source,
    },
  ];
}

/** Sources of an application spec: `sources[]` (multi-source) or `[source]`. @public */
export function sourcesOf(spec: {
  source?: ArgoCdApplicationSource;
  sources?: ArgoCdApplicationSource[];
}): ArgoCdApplicationSource[] {
  if (spec.sources && spec.sources.length > 0) return spec.sources;
  return spec.source ? [spec.source] : [];
}

/** Short form for display: 7 characters of a sha, anything else as is. @public */
export function shortRevision(revision: string): string {
  return GIT_SHA.test(revision) ? revision.slice(0, 7) : revision;
}
