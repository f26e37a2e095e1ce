import { useEffect, useState } from 'react';

/** Runs `load` when `key` changes; keeps the last value while reloading. */
export function useArgoCdCall<T>(load: () => Promise<T>, key: string) {
  const [state, setState] = useState<{
    loading: boolean;
    value?: T;
    error?: Error;
  }>({
    loading: true,
  });
  useEffect(() => {
    let cancelled = false;
    setState(s => ({ ...s, loading: true }));
    load().then(
      value => !cancelled && setState({ loading: false, value }),
      error => !cancelled && setState({ loading: false, error }),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
