import { parseAllDocuments } from 'yaml';
import { ValidationIssue } from './issues';

/** Limits that keep hostile documents from exhausting memory or time. */
export const DOCUMENT_LIMITS = {
  /** Characters of YAML/JSON text. */
  maxLength: 2_000_000,
  /** Nesting of objects and lists. */
  maxDepth: 64,
  /** YAML aliases (*ref): a few are fine, thousands are a "billion laughs". */
  maxAliases: 100,
};

/** The nesting depth of a value, stopping as soon as it exceeds `limit`. */
function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current as object)) {
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Reads one YAML or JSON document (JSON is YAML), or checks an already-parsed
 * value, refusing what is too large, too deep, or alias-bombed.
 */
export function parseDocument(
  input: string | unknown,
): { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] } {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > DOCUMENT_LIMITS.maxLength) {
      return fail(
        `document is ${input.length} characters long; the limit is ${DOCUMENT_LIMITS.maxLength}`,
      );
    }
    try {
      const documents = parseAllDocuments(input, {
        prettyErrors: true,
        uniqueKeys: true,
      });
      if (!Array.isArray(documents)) {
        return fail('expected one YAML or JSON document');
      }
      const content = documents.filter(d => d.contents !== null);
      if (content.length !== 1) {
        return fail(
          content.length === 0
            ? 'the document is empty'
            : `expected one YAML document, found ${content.length}`,
        );
      }
      const [document] = content;
      if (document.errors.length > 0) {
        return {
          ok: false,
          issues: document.errors.map(e => ({
            path: '',
            message: `invalid YAML: ${e.message.split('\n')[0]}`,
          })),
        };
      }
      value = document.toJS({ maxAliasCount: DOCUMENT_LIMITS.maxAliases });
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (/alias/i.test(message)) {
        return fail(
          `the document uses too many YAML aliases (more than ${DOCUMENT_LIMITS.maxAliases}); refusing it as a resource exhaustion attempt`,
        );
      }
      if (error instanceof RangeError) {
        return fail(
          `the document is nested deeper than ${DOCUMENT_LIMITS.maxDepth} levels`,
        );
      }
      return fail(`invalid YAML or JSON: ${message.split('\n')[0]}`);
    }
  }
  if (exceedsDepth(value, DOCUMENT_LIMITS.maxDepth)) {
    return fail(
      `the document is nested deeper than ${DOCUMENT_LIMITS.maxDepth} levels`,
    );
  }
  return { ok: true, value };
}

function fail(message: string): { ok: false; issues: ValidationIssue[] } {
  return { ok: false, issues: [{ path: '', message }] };
}
