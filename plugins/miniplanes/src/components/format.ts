import { SyncedObjectRef } from '../api';
/** Memory in bytes, as people read it: 192 GiB. */
export function formatMemory(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return gib >= 1024
    ? `${(gib / 1024).toFixed(1)} TiB`
    : `${Math.round(gib)} GiB`;
}

/** A time as the reader's locale writes it (the ISO time is for titles). */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function formatCpu(cores: number): string {
  return `${Math.round(cores * 10) / 10} cores`;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** How long ago an ISO time was, as people say it: "5 minutes ago". */
export function formatRelativeTime(iso: string, now = Date.now()): string {
  const elapsed = Date.parse(iso) - now;
  const [unit, size] =
    RELATIVE_UNITS.find(([, ms]) => Math.abs(elapsed) >= ms) ??
    RELATIVE_UNITS[RELATIVE_UNITS.length - 1];
  return new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(
    Math.round(elapsed / size),
    unit,
  );
}

/** A managed object as people read it: kind, then namespace/name. */
export const describeObjectRef = (o: SyncedObjectRef) =>
  `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
