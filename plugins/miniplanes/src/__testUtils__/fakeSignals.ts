import { SignalApi } from '@backstage/plugin-signals-react';
import { act } from '@testing-library/react';

type OnMessage = Parameters<SignalApi['subscribe']>[1];

/** The app's signals, as the backend would send them to an open page. */
export function fakeSignals() {
  const subscribers = new Map<string, OnMessage>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      subscribers.set(channel, onMessage as OnMessage);
      return { unsubscribe: () => subscribers.delete(channel) };
    },
  };
  const send = (channel: string, message: Parameters<OnMessage>[0]) =>
    act(() => subscribers.get(channel)?.(message));
  return { api, send, channels: () => [...subscribers.keys()] };
}
