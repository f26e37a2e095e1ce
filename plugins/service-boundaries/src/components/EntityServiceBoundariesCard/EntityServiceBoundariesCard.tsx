import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import {
  BoundaryDependency,
  DriftReport,
  ServiceBoundary,
} from '@supply-chain/plugin-service-boundaries-common';
import useAsync from 'react-use/esm/useAsync';
import { serviceBoundariesApiRef } from '../../api';
import { EntityLink } from '@supply-chain/portal-react';
import {
  ClusterStatusNotice,
  LoadError,
  Loading,
  OwnerLink,
  ServiceDriftFindings,
} from '../common';

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={props.title}>
      <Text as="h3" variant="title-x-small">
        {props.title}
      </Text>
      {props.children}
    </section>
  );
}

function DependencyLine(props: { dependency: BoundaryDependency }) {
  const { dependency: d } = props;
  return (
    <li>
      <EntityLink entity={d.entity} />{' '}
      <Text variant="body-small" color="secondary">
        (
        {d.relation === 'consumesApi'
          ? 'consumed API'
          : d.entity.kind.toLocaleLowerCase('en-US')}
        {d.missing ? ', not in the catalog' : ''})
      </Text>{' '}
      — owner <OwnerLink ownerRef={d.entity.owner} />
      {d.providers && d.providers.length > 0 && (
        <>
          {' '}
          — provided by{' '}
          {d.providers.map((p, i) => (
            <span key={p.ref}>
              {i > 0 && ', '}
              <EntityLink entity={p} />
            </span>
          ))}
        </>
      )}
    </li>
  );
}

/** The boundary of a component, without loading anything. */
export function ServiceBoundaryView(props: {
  boundary: ServiceBoundary;
  drift?: DriftReport | Error;
}) {
  const { boundary, drift } = props;
  const serviceDrift =
    drift && !(drift instanceof Error)
      ? drift.services.find(s => s.entity.ref === boundary.entity.ref)
      : undefined;
  return (
    <Flex direction="column" gap="3">
      <Section title="Responsibilities">
        {boundary.responsibilities.length > 0 ? (
          <ul>
            {boundary.responsibilities.map(r => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <Text as="p" color="secondary">
            No responsibilities declared (spec.responsibilities).
          </Text>
        )}
      </Section>
      <Section title="Depends on">
        {boundary.dependencies.length > 0 ? (
          <ul>
            {boundary.dependencies.map(d => (
              <DependencyLine
                key={`${d.relation}-${d.entity.ref}`}
                dependency={d}
              />
            ))}
          </ul>
        ) : (
          <Text as="p" color="secondary">
            No declared dependencies.
          </Text>
        )}
      </Section>
      <Section title="Dependents">
        {boundary.dependents.length > 0 ? (
          <ul>
            {boundary.dependents.map(d => (
              <li key={d.entity.ref}>
                <EntityLink entity={d.entity} />{' '}
                <Text variant="body-small" color="secondary">
                  (
                  {[
                    d.relations.includes('dependsOn')
                      ? 'depends on it'
                      : undefined,
                    d.viaApis.length > 0
                      ? `consumes ${d.viaApis
                          .map(a => a.split('/').pop())
                          .join(', ')}`
                      : undefined,
                  ]
                    .filter(Boolean)
                    .join('; ')}
                  )
                </Text>{' '}
                — owner <OwnerLink ownerRef={d.entity.owner} />
              </li>
            ))}
          </ul>
        ) : (
          <Text as="p" color="secondary">
            Nothing declares a dependency on this component.
          </Text>
        )}
      </Section>
      <Section title="Provided APIs">
        {boundary.providedApis.length > 0 ? (
          <ul>
            {boundary.providedApis.map(a => (
              <li key={a.ref}>
                <EntityLink entity={a} />
              </li>
            ))}
          </ul>
        ) : (
          <Text as="p" color="secondary">
            No provided APIs.
          </Text>
        )}
      </Section>
      <Section title="Drift">
        {drift instanceof Error && <LoadError what="drift" error={drift} />}
        {drift && !(drift instanceof Error) && (
          <>
            <ClusterStatusNotice cluster={drift.cluster} what="Drift" />
            {drift.cluster.status === 'available' && serviceDrift && (
              <ServiceDriftFindings drift={serviceDrift} />
            )}
            {drift.cluster.status === 'available' && !serviceDrift && (
              <Text as="p" color="secondary">
                This component does not run in a cluster: no drift to compare.
              </Text>
            )}
          </>
        )}
      </Section>
    </Flex>
  );
}

/**
 * The "Service boundaries" card of a component: responsibilities,
 * dependencies with owners, dependents, provided APIs and drift warnings.
 *
 * @public
 */
export function EntityServiceBoundariesCard() {
  const { entity } = useEntity();
  const api = useApi(serviceBoundariesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const state = useAsync(async () => {
    const [boundary, drift] = await Promise.all([
      api.getBoundary(entityRef),
      api.getDrift(entityRef).catch((e: Error) => e),
    ]);
    return { boundary, drift };
  }, [api, entityRef]);

  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          Service boundaries
        </Text>
      </CardHeader>
      <CardBody>
        {state.loading && <Loading what="service boundaries" />}
        {state.error && (
          <LoadError what="service boundaries" error={state.error} />
        )}
        {state.value && (
          <ServiceBoundaryView
            boundary={state.value.boundary}
            drift={state.value.drift}
          />
        )}
      </CardBody>
    </Card>
  );
}
