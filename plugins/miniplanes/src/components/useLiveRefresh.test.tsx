import { TestApiProvider } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderHook } from '@testing-library/react';
import { PropsWithChildren } from 'react';
import { LIVE_REFRESH_POLL_MS, useLiveRefresh } from './useLiveRefresh';

describe('useLiveRefresh', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('polls in an app without the signals plugin, and stops when the page goes', () => {
    const reload = jest.fn();
    const { unmount } = renderHook(
      () => useLiveRefresh('miniplanes:requests', reload),
      {
        wrapper: ({ children }: PropsWithChildren) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    jest.advanceTimersByTime(LIVE_REFRESH_POLL_MS * 2);
    expect(reload).toHaveBeenCalledTimes(2);

    unmount();
    jest.advanceTimersByTime(LIVE_REFRESH_POLL_MS * 2);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('does not poll when signals tell it when to reload', () => {
    const reload = jest.fn();
    const signals = {
      subscribe: jest.fn(() => ({ unsubscribe: jest.fn() })),
    };
    renderHook(() => useLiveRefresh('miniplanes:requests', reload), {
      wrapper: ({ children }: PropsWithChildren) => (
        <TestApiProvider apis={[[signalApiRef, signals]]}>
          {children}
        </TestApiProvider>
      ),
    });
    jest.advanceTimersByTime(LIVE_REFRESH_POLL_MS * 2);
    expect(reload).not.toHaveBeenCalled();
    expect(signals.subscribe).toHaveBeenCalledWith(
      'miniplanes:requests',
      expect.any(Function),
    );
  });
});
