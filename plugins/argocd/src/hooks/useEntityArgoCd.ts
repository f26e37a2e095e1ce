import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ArgoCdEntityApplicationsResponse } from '@supply-chain/plugin-argocd-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { argocdApiRef } from '../api';

/** While an operation runs, look again this often. */
const POLL_MS = 3000;

interface State {
  loading: boolean;
  value?: ArgoCdEntityApplicationsResponse;
  error?: Error;
}

/**
 * The entity's Argo CD applications. `reload()` fetches again (after an
 * action); while a sync or rollback runs it refetches every few seconds, so
 * the result shows up live. The last answer stays on screen while reloading.
 */
export function useEntityArgoCd() {
  const { entity } = useEntity();
  const api = useApi(argocdApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const [state, setState] = useState<State>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration(g => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    setState(s => ({ ...s, loading: true }));
    api.getApplications(entityRef).then(
      value => !cancelled && setState({ loading: false, value }),
      error => !cancelled && setState({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, entityRef, generation]);

  const running = state.value?.applications.some(
    a =>
      a.operation?.phase === 'Running' || a.operation?.phase === 'Terminating',
  );
  useEffect(() => {
    if (!running || state.loading) return undefined;
    const timer = setTimeout(reload, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, state.loading, reload]);

  return { ...state, reload, entity, entityRef };
}
