import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { HistoryEvent } from '@miniplanes/plugin-miniplanes-common';
import { useMemo, useState } from 'react';
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

/**
 * The placement history, newest first, grouped by day, filtered by kind of
 * entry and shown a page at a time: a service collects hundreds of entries
 * in a few days.
 */
export function PlacementHistory(props: { history: HistoryEvent[] }) {
  const [kind, setKind] = useState<string | undefined>();
  const [shown, setShown] = useState(HISTORY_PAGE);
  const entries = useMemo(() => {
    const filter = HISTORY_KINDS.find(k => k.label === kind);
    return props.history
      .filter(e => !filter || filter.matches(e.type))
      .sort((a, b) => b.id - a.id);
  }, [props.history, kind]);
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
    </InfoCard>
  );
}
