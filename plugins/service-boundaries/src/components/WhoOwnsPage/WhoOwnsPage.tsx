import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  Alert,
  Button,
  Container,
  Flex,
  SearchField,
  Text,
} from '@backstage/ui';
import { OwnershipAnswer } from '@supply-chain/plugin-service-boundaries-common';
import { FormEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { serviceBoundariesApiRef } from '../../api';
import { ClusterStatusNotice, LoadError, Loading } from '../common';
import { DriftReportSection } from './DriftReportSection';
import { OwnershipMatchCard } from './OwnershipMatchCard';
import { UnownedSection } from './UnownedSection';

const EXAMPLES = [
  'inventory-service',
  'cluster.local/ns/supply-chain/sa/order-service-sa',
  'your-registry/inventory-service:v1.2.3',
  'sandbox/supply-chain/deployment/shipping-service',
  'namespace:supply-chain',
  'argocd:ml-prediction-service',
  'mlmodel:demand-forecasting-v2',
];

function Answer(props: { answer: OwnershipAnswer }) {
  const { answer } = props;
  return (
    <section aria-label="Lookup result" aria-live="polite">
      <Text
        as="p"
        weight="bold"
        color={answer.status === 'none' ? 'warning' : undefined}
      >
        {answer.message}
      </Text>
      {answer.status === 'ambiguous' && (
        <Text as="p" color="secondary">
          Ambiguous: several candidates, strongest first.
        </Text>
      )}
      {answer.matches.length > 0 && (
        <ClusterStatusNotice cluster={answer.cluster} what="Lookup" />
      )}
      <Flex direction="column" gap="3">
        {answer.matches.map(m => (
          <OwnershipMatchCard key={m.entity.ref} match={m} />
        ))}
      </Flex>
    </section>
  );
}

/** The backend's reason when it refused the caller (403), else undefined. */
function refusal(error: Error): string | undefined {
  return error instanceof ResponseError && error.statusCode === 403
    ? error.cause.message
    : undefined;
}

/**
 * "Who owns…?": look up the owner of an entity, workload, namespace, mesh
 * principal, image, Argo CD application or MLModel; plus the system-wide
 * drift report and the unowned workloads.
 *
 * @public
 */
export function WhoOwnsPage() {
  const api = useApi(serviceBoundariesApiRef);
  const [query, setQuery] = useState('');
  const [lookup, runLookup] = useAsyncFn((q: string) => api.whoOwns(q), [api]);
  const drift = useAsync(() => api.getDrift(), [api]);
  const unowned = useAsync(() => api.getUnowned(), [api]);

  const submit = (value: string) => {
    const q = value.trim();
    if (q) runLookup(q);
  };

  return (
    <Container>
      <Flex direction="column" gap="5">
        <section aria-label="Who owns">
          <Text as="h2" variant="title-small">
            Who owns…?
          </Text>
          <form
            role="search"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              submit(query);
            }}
          >
            <Flex align="end" gap="2">
              <SearchField
                label="Identifier"
                placeholder="entity, workload, namespace:…, principal, image, argocd:…, mlmodel:…"
                value={query}
                onChange={setQuery}
                onSubmit={submit}
              />
              <Button type="submit" variant="primary">
                Look up
              </Button>
            </Flex>
          </form>
          <Text as="p" variant="body-small" color="secondary">
            For example: {EXAMPLES.join(' · ')}
          </Text>
          {lookup.loading && <Loading what="the owner" />}
          {lookup.error && <LoadError what="the owner" error={lookup.error} />}
          {lookup.value && !lookup.loading && <Answer answer={lookup.value} />}
        </section>
        {drift.loading && <Loading what="the drift report" />}
        {drift.error && (
          <LoadError what="the drift report" error={drift.error} />
        )}
        {drift.value && <DriftReportSection report={drift.value} />}
        {unowned.loading && <Loading what="unowned workloads" />}
        {unowned.error && refusal(unowned.error) && (
          <Alert
            status="info"
            icon
            title="Unowned workloads"
            description={refusal(unowned.error)}
          />
        )}
        {unowned.error && !refusal(unowned.error) && (
          <LoadError what="unowned workloads" error={unowned.error} />
        )}
        {unowned.value && <UnownedSection report={unowned.value} />}
      </Flex>
    </Container>
  );
}
