import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Card, CardBody, CardHeader, Text } from '@backstage/ui';
import useAsync from 'react-use/esm/useAsync';
import { serviceBoundariesApiRef } from '../../api';
import { LoadError, Loading } from '../common';
import { BoundaryMapView } from './BoundaryMapView';

/**
 * The "Boundary map" tab of a system or domain: services grouped by system,
 * coloured by owning team, with an edge per declared dependency.
 *
 * @public
 */
export function EntityBoundaryMapContent() {
  const { entity } = useEntity();
  const api = useApi(serviceBoundariesApiRef);
  const entityRef = stringifyEntityRef(entity);
  const state = useAsync(() => api.getBoundaryMap(entityRef), [api, entityRef]);
  return (
    <Card>
      <CardHeader>
        <Text as="h2" variant="title-small">
          Boundary map of {entity.metadata.title ?? entity.metadata.name}
        </Text>
      </CardHeader>
      <CardBody>
        {state.loading && <Loading what="the boundary map" />}
        {state.error && (
          <LoadError what="the boundary map" error={state.error} />
        )}
        {state.value && <BoundaryMapView map={state.value} />}
      </CardBody>
    </Card>
  );
}
