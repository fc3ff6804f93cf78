import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { RequestPosition } from '../store/MiniplanesStore';

const requestAt = z.tuple([
  z.string().datetime({ precision: 3 }),
  z.string().min(1),
]);

/** The opaque `cursor` of `GET /requests`: where the next page starts. */
export function requestCursor(next: RequestPosition): string {
  return Buffer.from(JSON.stringify([next.createdAt, next.id])).toString(
    'base64url',
  );
}

/** A cursor's JSON, or undefined when it holds none. */
function decoded(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The position a `cursor` names; an InputError (400) for any other text. */
export function requestPosition(cursor: string): RequestPosition {
  const parsed = decoded(cursor);
  const result = requestAt.safeParse(parsed);
  if (!result.success) throw notACursor('GET /requests');
  const [createdAt, id] = result.data;
  return { createdAt, id };
}

/** The opaque `cursor` of `GET /services`: the last service of the page before. */
export function serviceCursor(entityRef: string): string {
  return Buffer.from(JSON.stringify({ after: entityRef })).toString(
    'base64url',
  );
}

/** The service a `cursor` says a page starts after; an InputError (400) for any other text. */
export function serviceAfter(cursor: string): string {
  const result = z
    .object({ after: z.string().min(1) })
    .strict()
    .safeParse(decoded(cursor));
  if (!result.success) throw notACursor('GET /services');
  return result.data.after;
}

function notACursor(route: string) {
  return new InputError(
    `cursor: not a cursor ${route} answered with; list again from the first page, without it`,
  );
}
