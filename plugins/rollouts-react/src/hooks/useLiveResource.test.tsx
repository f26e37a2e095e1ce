import { act, render, screen } from '@testing-library/react';
import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useLiveResource } from './useLiveResource';

function Probe(props: { fetcher: () => Promise<string> }) {
  const state = useLiveResource('key', props.fetcher, { channel: 'c' });
  return (
    <div>
      <span>value: {state.value ?? 'none'}</span>
      <span>error: {state.error ? String(state.error) : 'none'}</span>
      <span>live: {String(state.live)}</span>
    </div>
  );
}

describe('useLiveResource', () => {
  it('refetches on a signal and keeps the last value when a refetch fails', async () => {
    let send: (m: object) => void = () => {};
    const signals = {
      subscribe: jest.fn((_c: string, cb: (m: object) => void) => {
        send = cb;
        return { unsubscribe: jest.fn() };
      }),
    };
    const fetcher = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockResolvedValueOnce('second')
      .mockRejectedValueOnce(new Error('down'));
    render(
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        <Probe fetcher={fetcher} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('value: first')).toBeInTheDocument();
    expect(screen.getByText('live: true')).toBeInTheDocument();
    act(() => send({ type: 'changed' }));
    expect(await screen.findByText('value: second')).toBeInTheDocument();
    act(() => send({ type: 'changed' }));
    expect(await screen.findByText('error: Error: down')).toBeInTheDocument();
    expect(screen.getByText('value: second')).toBeInTheDocument();
  });

  it('polls when signals are unavailable', async () => {
    jest.useFakeTimers();
    try {
      const fetcher = jest.fn().mockResolvedValue('v');
      render(
        <TestApiProvider apis={[]}>
          <Probe fetcher={fetcher} />
        </TestApiProvider>,
      );
      await act(async () => {});
      expect(screen.getByText('live: false')).toBeInTheDocument();
      expect(fetcher).toHaveBeenCalledTimes(1);
      await act(async () => {
        jest.advanceTimersByTime(30_000);
      });
      expect(fetcher).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
