import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { RequestPosition } from '../store/MiniplanesStore';

const position = z.tuple([
  z.string().datetime({ precision: 3 }),
  z.string().min(1),
]);

/** The opaque `cursor` of `GET /requests`: where the next page starts. */
export function requestCursor(next: RequestPosition): string {
  return Buffer.from(JSON.stringify([next.createdAt, next.id])).toString(
    'base64url',
  );
}

/** The position a `cursor` names; an InputError (400) for any other text. */
export function requestPosition(cursor: string): RequestPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = position.safeParse(parsed);
  if (!result.success) {
    throw new InputError(
      'cursor: not a cursor GET /requests answered with; list again from the first page, without it',
    );
  }
  const [createdAt, id] = result.data;
  return { createdAt, id };
}
