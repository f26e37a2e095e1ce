import { useCallback, useMemo } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Alert, Button, Flex, Link, Text } from '@backstage/ui';
import {
  ATTENTION_SIGNAL_CHANNEL,
  type AttentionKind,
  type AttentionProblem,
  type AttentionResponse,
  type AttentionSource,
} from '@supply-chain/plugin-attention-common';
import { useLiveResource } from '@supply-chain/plugin-rollouts-react';
import {
  EntityLink,
  RelativeTime,
  StatusChip,
} from '@supply-chain/portal-react';
import { attentionApiRef } from '../../api';

/** The words of each kind's link: the tab (or page) it opens. */
const linkWordsOfKind: Record<AttentionKind, string> = {
  'rollout-stalled': 'Open the Rollouts tab',
  'rollout-failing': 'Open the Rollouts tab',
  'crash-loop': 'Open the Rollouts tab',
  // the ML models card is on the entity's overview
  'mlmodel-failed': 'Open the Overview tab',
  'argocd-out-of-sync': 'Open the Argo CD tab',
  'argocd-degraded': 'Open the Argo CD tab',
  'argocd-sync-failed': 'Open the Argo CD tab',
  // the Service boundaries card is on the entity's overview
  'boundary-drift': 'Open the Overview tab',
  'unowned-workload': 'Open the Who owns page',
};

const sourceNames: Record<AttentionSource['name'], string> = {
  catalog: 'The catalog',
  clusters: 'The clusters',
  argocd: 'Argo CD',
};

/** Titles of the problems' entities and owning teams, from the catalog. */
type Titles = Map<string, string>;

interface Loaded {
  response: AttentionResponse;
  titles: Titles;
}

/** Entity and team titles are a nicety: without the catalog the names stand in. */
function useTitlesFetcher() {
  const attentionApi = useApi(attentionApiRef);
  const catalogApi = useApi(catalogApiRef);
  return useCallback(async (): Promise<Loaded> => {
    const response = await attentionApi.getProblems();
    const refs = [
      ...new Set(
        response.problems.flatMap(p =>
          [p.entityRef, p.ownerRef].filter((r): r is string => !!r),
        ),
      ),
    ];
    const titles: Titles = new Map();
    if (refs.length > 0) {
      try {
        const { items } = await catalogApi.getEntitiesByRefs({
          entityRefs: refs,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.title',
          ],
        });
        items.forEach((entity, i) => {
          if (entity?.metadata.title) {
            titles.set(refs[i], entity.metadata.title);
          }
        });
      } catch {
        // names are shown instead
      }
    }
    return { response, titles };
  }, [attentionApi, catalogApi]);
}

/** The backend's own words for a failed request, else the error's. */
function describeError(error: unknown): string {
  if (error instanceof ResponseError) {
    return `${error.cause.message} (HTTP ${error.response.status})`;
  }
  return error instanceof Error ? error.message : String(error);
}

function linkTarget(ref: string, titles: Titles) {
  const { kind, namespace, name } = parseEntityRef(ref);
  return { kind, namespace, name, title: titles.get(ref) };
}

function ProblemItem(props: { problem: AttentionProblem; titles: Titles }) {
  const { problem, titles } = props;
  const linkWords = linkWordsOfKind[problem.kind] ?? 'Open the details';
  return (
    <li aria-label={problem.title} style={{ listStyle: 'none' }}>
      <Flex direction="column" gap="1">
        <Flex align="center" gap="2">
          <StatusChip
            tone={problem.severity === 'error' ? 'danger' : 'warning'}
            label="Severity"
          >
            {problem.severity}
          </StatusChip>
          <Text variant="body-medium" weight="bold">
            {problem.title}
          </Text>
        </Flex>
        <Text variant="body-medium">{problem.reason}</Text>
        <Flex align="center" gap="2" style={{ flexWrap: 'wrap' }}>
          <Text variant="body-small" color="secondary">
            {problem.entityRef && (
              <>
                <EntityLink entity={linkTarget(problem.entityRef, titles)} /> ·{' '}
              </>
            )}
            {problem.subject} · since <RelativeTime iso={problem.since} />
          </Text>
          <Link href={problem.link} variant="body-small">
            {linkWords}
          </Link>
        </Flex>
      </Flex>
    </li>
  );
}

/** Problems grouped by owning team, in the order the backend sorted them. */
function byTeam(problems: AttentionProblem[]) {
  const groups = new Map<string | undefined, AttentionProblem[]>();
  for (const problem of problems) {
    const group = groups.get(problem.ownerRef) ?? [];
    group.push(problem);
    groups.set(problem.ownerRef, group);
  }
  return [...groups.entries()];
}

function TeamProblems(props: {
  ownerRef?: string;
  problems: AttentionProblem[];
  titles: Titles;
}) {
  const { ownerRef, problems, titles } = props;
  const team = ownerRef ? linkTarget(ownerRef, titles) : undefined;
  const teamName = team ? team.title ?? team.name : 'No owner';
  return (
    <section aria-label={`Team ${teamName}`}>
      <Text as="h4" variant="title-x-small" weight="bold">
        {team ? <EntityLink entity={team} /> : teamName} ({problems.length})
      </Text>
      <ul style={{ margin: 0, padding: 0 }}>
        <Flex direction="column" gap="3">
          {problems.map(problem => (
            <ProblemItem key={problem.id} problem={problem} titles={titles} />
          ))}
        </Flex>
      </ul>
    </section>
  );
}

function ProblemSection(props: {
  title: string;
  empty: string;
  problems: AttentionProblem[];
  titles: Titles;
}) {
  const { title, empty, problems, titles } = props;
  return (
    <section aria-label={title}>
      <Flex direction="column" gap="3">
        <Text as="h3" variant="title-small">
          {title}
        </Text>
        {problems.length === 0 ? (
          <Text variant="body-medium">{empty}</Text>
        ) : (
          byTeam(problems).map(([ownerRef, teamProblems]) => (
            <TeamProblems
              key={ownerRef ?? 'no owner'}
              ownerRef={ownerRef}
              problems={teamProblems}
              titles={titles}
            />
          ))
        )}
      </Flex>
    </section>
  );
}

/**
 * What needs attention in the company's system right now, computed by the
 * attention backend: the signed-in user's teams' problems first, then every
 * other team's, each with its severity, since when, the entity, the reason and
 * a link to the tab that explains it. Updates live on the attention signal.
 *
 * @public
 */
export function NeedsAttention() {
  const fetcher = useTitlesFetcher();
  const { value, error, loading, retry } = useLiveResource(
    'problems',
    fetcher,
    { channel: ATTENTION_SIGNAL_CHANNEL },
  );

  const [mine, others] = useMemo(() => {
    const problems = value?.response.problems ?? [];
    return [problems.filter(p => p.mine), problems.filter(p => !p.mine)];
  }, [value]);

  if (loading) {
    return <Text variant="body-medium">Loading what needs attention…</Text>;
  }

  const failure = error ? (
    <Alert
      status="danger"
      title={`Could not load what needs attention: ${describeError(error)}${
        value ? ' (showing the last answer)' : ''
      }`}
      customActions={
        <Button size="small" variant="secondary" onPress={retry}>
          Retry
        </Button>
      }
    />
  ) : undefined;
  if (!value) {
    return <>{failure}</>;
  }

  const { response, titles } = value;
  const degraded = response.sources.filter(s => !s.healthy);
  return (
    <Flex direction="column" gap="4" aria-live="polite">
      {failure}
      {degraded.map(source => (
        <div
          key={source.name}
          role="status"
          aria-label={`Degraded: ${source.name}`}
        >
          <Alert
            status="warning"
            title={`${
              sourceNames[source.name] ?? source.name
            } could not be read${
              source.message ? `: ${source.message}` : ''
            }. Problems from it may be missing.`}
          />
        </div>
      ))}
      {response.evaluatedAt === undefined ? (
        <Text variant="body-medium">
          The portal has not evaluated the system yet.
        </Text>
      ) : (
        <>
          <ProblemSection
            title="Your teams"
            empty="Nothing needs your teams' attention."
            problems={mine}
            titles={titles}
          />
          <ProblemSection
            title="Other teams"
            empty="Nothing needs other teams' attention."
            problems={others}
            titles={titles}
          />
          <Text variant="body-small" color="secondary">
            Checked <RelativeTime iso={response.evaluatedAt} />
          </Text>
        </>
      )}
    </Flex>
  );
}
