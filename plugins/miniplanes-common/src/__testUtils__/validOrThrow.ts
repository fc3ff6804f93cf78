import { ParseResult } from '../model/issues';

/** The value of a parse a test's set-up relies on; its issues, thrown, when there is none. */
export function validOrThrow<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
