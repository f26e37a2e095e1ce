import { useCallback, useEffect, useRef, useState } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';

/** How often to refetch when the signals API is not available. */
const POLL_INTERVAL_MS = 30_000;

/**
 * The state of a resource that is kept live by signals.
 *
 * @public
 */
export interface LiveResource<T> {
  /** The last value the backend returned; kept when a later refresh fails. */
  value?: T;
  /** The error of the last fetch, if it failed. */
  error?: unknown;
  /** True until the first answer (value or error) arrives. */
  loading: boolean;
  /** True while a refresh is in flight. */
  refreshing: boolean;
  /** When the value was fetched. */
  fetchedAt?: Date;
  /** True when updates arrive by signals; false when the view falls back to polling. */
  live: boolean;
  /** Fetch again now. */
  retry: () => void;
}

/**
 * Fetches a resource, then refetches whenever a signal arrives on `channel`
 * (or every 30 seconds when signals are unavailable). A refetch that fails keeps
 * the previous value so the view can show it as stale next to the error.
 *
 * @param key - changes of the key restart from scratch (e.g. another entity);
 *   undefined fetches nothing
 * @param fetcher - loads the resource
 * @param options - `channel`: signal channel announcing changes;
 *   `pollIntervalMs`: also refetch on this interval even when signals work
 * @public
 */
export function useLiveResource<T>(
  key: string | undefined,
  fetcher: () => Promise<T>,
  options: { channel: string; pollIntervalMs?: number },
): LiveResource<T> {
  const { channel, pollIntervalMs } = options;
  const [state, setState] = useState<{
    key?: string;
    value?: T;
    error?: unknown;
    loading: boolean;
    refreshing: boolean;
    fetchedAt?: Date;
  }>({ key, loading: true, refreshing: false });

  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const requestId = useRef(0);
  const inFlight = useRef(false);
  const queued = useRef(false);

  const load = useCallback(() => {
    if (key === undefined) {
      return;
    }
    if (inFlight.current) {
      // Signals can arrive in bursts during a rollout: coalesce them into one more fetch.
      queued.current = true;
      return;
    }
    inFlight.current = true;
    const id = ++requestId.current;
    setState(s => (s.key === key ? { ...s, refreshing: true } : s));
    fetcherRef
      .current()
      .then(
        value =>
          id === requestId.current &&
          setState({
            key,
            value,
            error: undefined,
            loading: false,
            refreshing: false,
            fetchedAt: new Date(),
          }),
        error =>
          id === requestId.current &&
          setState(s => ({
            key,
            value: s.key === key ? s.value : undefined,
            fetchedAt: s.key === key ? s.fetchedAt : undefined,
            error,
            loading: false,
            refreshing: false,
          })),
      )
      .finally(() => {
        if (id !== requestId.current) {
          return;
        }
        inFlight.current = false;
        if (queued.current) {
          queued.current = false;
          load();
        }
      });
  }, [key]);

  // A new key starts from scratch.
  useEffect(() => {
    requestId.current++;
    inFlight.current = false;
    queued.current = false;
    setState({ key, loading: key !== undefined, refreshing: false });
    load();
  }, [key, load]);

  const { lastSignal, isSignalsAvailable } = useSignal(channel);
  const live = isSignalsAvailable;

  useEffect(() => {
    if (lastSignal) {
      load();
    }
  }, [lastSignal, load]);

  const interval = pollIntervalMs ?? (live ? undefined : POLL_INTERVAL_MS);
  useEffect(() => {
    if (interval === undefined || key === undefined) {
      return undefined;
    }
    const timer = setInterval(load, interval);
    return () => clearInterval(timer);
  }, [interval, key, load]);

  const current = state.key === key ? state : { loading: true };
  return {
    value: 'value' in current ? current.value : undefined,
    error: 'error' in current ? current.error : undefined,
    loading: current.loading,
    refreshing: 'refreshing' in current ? current.refreshing : false,
    fetchedAt: 'fetchedAt' in current ? current.fetchedAt : undefined,
    live,
    retry: load,
  };
}
