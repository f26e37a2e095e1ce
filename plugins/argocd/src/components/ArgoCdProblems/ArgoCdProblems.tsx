import { Alert, Flex } from '@backstage/ui';
import type { ArgoCdInstanceStatus } from '@supply-chain/plugin-argocd-common';

const reasonTitles: Record<string, string> = {
  unreachable: 'unreachable',
  timeout: 'not answering',
  'credentials-rejected': 'rejected the portal’s credentials',
  forbidden: 'refused the request',
  'bad-response': 'answered with an error',
  'not-configured': 'not configured',
};

/** One labelled alert per Argo CD instance that could not answer. */
export function InstanceProblems(props: { instances: ArgoCdInstanceStatus[] }) {
  const failed = props.instances.filter(i => !i.ok);
  if (failed.length === 0) return null;
  return (
    <Flex direction="column" gap="2">
      {failed.map(i => (
        <Alert
          key={i.name}
          status="warning"
          icon
          role="alert"
          title={`Argo CD instance “${i.name}” is ${
            reasonTitles[i.error?.reason ?? ''] ?? 'unavailable'
          }`}
          description={i.error?.message}
        />
      ))}
    </Flex>
  );
}

/**
 * The whole request failed: says so, with the backend's reason and, for
 * Argo CD faults, which instances and why. Never a blank card.
 */
export function ArgoCdUnavailable(props: { error: Error }) {
  const error = props.error as Error & {
    body?: { error?: { message?: string }; instances?: ArgoCdInstanceStatus[] };
    statusCode?: number;
  };
  const instances = error.body?.instances;
  if (instances && instances.length > 0) {
    return (
      <Flex direction="column" gap="2">
        <Alert
          status="danger"
          icon
          role="alert"
          title="Argo CD is unavailable; sync and health cannot be shown right now"
        />
        <InstanceProblems instances={instances} />
      </Flex>
    );
  }
  return (
    <Alert
      status="danger"
      icon
      role="alert"
      title="Could not load Argo CD applications"
      description={error.body?.error?.message ?? error.message}
    />
  );
}
