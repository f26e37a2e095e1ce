import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import { useCallback } from 'react';

/** The catalog fields the overview pages read. */
const fields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/** Loads every catalog entity that names its workloads with Kubernetes annotations. */
export function useLoadAnnotatedEntities(): () => Promise<Entity[]> {
  const catalogApi = useApi(catalogApiRef);
  return useCallback(async () => {
    const response = await catalogApi.getEntities({
      filter: [
        {
          [`metadata.annotations.${KUBERNETES_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields,
    });
    return response.items;
  }, [catalogApi]);
}

/** Runs `task` over `items` with at most `limit` in flight, keeping order. */
export async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/** "inventory-team" for "group:default/inventory-team". */
export function shortRef(ref: string | undefined): string | undefined {
  if (!ref) {
    return undefined;
  }
  const name = ref.split('/').pop() ?? ref;
  return name.includes(':') ? name.split(':').pop() : name;
}
