import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { HistoryEvent } from '@miniplanes/plugin-miniplanes-common';
import { useMemo, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { miniplanesApiRef } from '../../api';
import { ActorName } from '../ActorName';

/** Kinds of history entry an owner filters by, from the event types. */
export const HISTORY_KINDS = [
  { label: 'Requests', matches: (type: string) => type.startsWith('request.') },
  { label: 'Versions', matches: (type: string) => type === 'spec.changed' },
  {
    label: 'Placement',
    matches: (type: string) =>
      type === 'decision.changed' || type === 'placement.failover',
  },
  { label: 'Sync', matches: (type: string) => type.startsWith('sync.') },
] as const;

/** Entries shown at first, and added by each "Show older". */
export const HISTORY_PAGE = 20;

/** Entries read from the API each time the ones read run out. */
const OLDER_READ = 200;

/**
 * The placement history, newest first, grouped by day, filtered by kind of
 * entry and shown a page at a time: a service collects hundreds of entries
 * in a few days. The service comes with its newest entries (`history`);
 * older ones (`olderHistory`) are read when "Show older" reaches their end.
 */
export function PlacementHistory(props: {
  entityRef: string;
  history: HistoryEvent[];
  olderHistory?: boolean;
}) {
  const api = useApi(miniplanesApiRef);
  const [kind, setKind] = useState<string | undefined>();
  const [shown, setShown] = useState(HISTORY_PAGE);
  // Entries are never edited: those read stay valid as newer ones arrive.
  const [older, setOlder] = useState<{
    events: HistoryEvent[];
    more: boolean;
  }>();
  const oldestRead = Math.min(
    ...props.history.map(e => e.id),
    ...(older?.events ?? []).map(e => e.id),
  );
  const [reading, readOlder] = useAsyncFn(async () => {
    const page = await api.getServiceHistory(props.entityRef, {
      before: Number.isFinite(oldestRead) ? oldestRead : undefined,
      limit: OLDER_READ,
    });
    setOlder({
      events: [...page.items, ...(older?.events ?? [])],
      more: page.more,
    });
  }, [api, props.entityRef, oldestRead, older]);
  const moreOnServer = older ? older.more : props.olderHistory === true;
  const entries = useMemo(() => {
    const filter = HISTORY_KINDS.find(k => k.label === kind);
    const byId = new Map<number, HistoryEvent>();
    for (const e of [...(older?.events ?? []), ...props.history])
      byId.set(e.id, e);
    return [...byId.values()]
      .filter(e => !filter || filter.matches(e.type))
      .sort((a, b) => b.id - a.id);
  }, [props.history, older, kind]);
  const days = new Map<string, HistoryEvent[]>();
  for (const event of entries.slice(0, shown)) {
    const day = new Date(event.createdAt).toLocaleDateString();
    days.set(day, [...(days.get(day) ?? []), event]);
  }
  return (
    <InfoCard title="Placement history">
      <div role="group" aria-label="Show entries of kind">
        {[undefined, ...HISTORY_KINDS.map(k => k.label)].map(label => (
          <Chip
            key={label ?? 'all'}
            label={label ?? 'All'}
            size="small"
            clickable
            color={kind === label ? 'primary' : 'default'}
            aria-pressed={kind === label}
            onClick={() => {
              setKind(label);
              setShown(HISTORY_PAGE);
            }}
            style={{ marginRight: 4, marginBottom: 8 }}
          />
        ))}
      </div>
      {entries.length === 0 && (
        <Typography variant="body2">Nothing recorded yet.</Typography>
      )}
      {[...days.entries()].map(([day, events]) => (
        <div key={day} style={{ marginBottom: 8 }}>
          <Typography variant="subtitle2">{day}</Typography>
          {events.map(event => (
            <Typography variant="body2" key={event.id}>
              {new Date(event.createdAt).toLocaleTimeString()} — {event.message}
              {event.actor && (
                <>
                  {' '}
                  (<ActorName actor={event.actor} />)
                </>
              )}
            </Typography>
          ))}
        </div>
      ))}
      {entries.length > shown && (
        <Button size="small" onClick={() => setShown(n => n + HISTORY_PAGE)}>
          Show older ({entries.length - shown} more)
        </Button>
      )}
      {entries.length <= shown && moreOnServer && (
        <Button
          size="small"
          disabled={reading.loading}
          onClick={async () => {
            await readOlder();
            setShown(n => n + HISTORY_PAGE);
          }}
        >
          Show older
        </Button>
      )}
      {reading.error && <ResponseErrorPanel error={reading.error} />}
    </InfoCard>
  );
}
