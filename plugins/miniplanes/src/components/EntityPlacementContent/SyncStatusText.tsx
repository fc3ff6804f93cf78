import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import { ReactNode } from 'react';
import { SyncTone } from './syncStates';

const STATUS_BY_TONE = {
  ok: StatusOK,
  running: StatusRunning,
  pending: StatusPending,
  warning: StatusWarning,
  error: StatusError,
};

/** Text with the Backstage status icon of its tone. */
export function SyncStatusText(props: { tone: SyncTone; children: ReactNode }) {
  const Status = STATUS_BY_TONE[props.tone];
  return <Status>{props.children}</Status>;
}
