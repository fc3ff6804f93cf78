import {
  eachStoreDatabase,
  onFreshDatabase,
} from '../__testUtils__/storeDatabases';
import { RolloutState } from '@miniplanes/plugin-miniplanes-common';
import { DatabaseRolloutStore } from './DatabaseRolloutStore';

jest.setTimeout(60_000);

const UI = 'component:default/ui';

const state = (phase: RolloutState['phase'], approvedBy?: string) =>
  ({
    specVersion: 2,
    phase,
    stages: [
      { name: 'canary', state: 'Completed' },
      {
        name: 'rest',
        state: approvedBy ? 'Progressing' : 'WaitingApproval',
        ...(approvedBy ? { approvedBy } : {}),
      },
    ],
    clusters: {},
  } as RolloutState);

describe('DatabaseRolloutStore', () => {
  it.each(eachStoreDatabase())(
    'never lets one writer overwrite what another wrote since it read (%p)',
    onFreshDatabase(async ({ database }) => {
      const store = await DatabaseRolloutStore.create({ database });
      const waiting = state('WaitingApproval');
      expect(await store.put(UI, waiting, undefined)).toBe(true);
      // A second start of the same rollout loses.
      expect(await store.put(UI, state('Progressing'), undefined)).toBe(false);

      // The approver opens the gate; the sync, which read the waiting state
      // before, cannot write its own next state over the approval.
      const opened = state('Progressing', 'user:default/pat');
      expect(await store.put(UI, opened, waiting)).toBe(true);
      expect(await store.put(UI, state('Paused'), waiting)).toBe(false);
      expect((await store.list([UI])).get(UI)).toEqual(opened);

      // Taken again from what it reads now, it writes.
      const read = (await store.list()).get(UI);
      expect(await store.put(UI, state('Completed'), read)).toBe(true);
      expect((await store.list([UI])).get(UI)?.phase).toBe('Completed');
    }),
  );
});
