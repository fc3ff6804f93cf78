import { z } from 'zod';
import { describeValue } from './describeValue';
import { formatPath, ParseResult, ValidationIssue } from './issues';
import { parseDocument } from './parseDocument';
import {
  federatedServiceSchema,
  fleetFileSchema,
  patchedManifestSchema,
} from './schemas';
import { FederatedService, FleetFile } from './types';

const ARTICLE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** Messages in the project's words: what was expected, and what came instead. */
function issueMessage(issue: z.core.$ZodIssue & { input?: unknown }): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ARTICLE[issue.expected] ?? issue.expected;
      return issue.input === undefined
        ? `required: expected ${expected}`
        : `expected ${expected}, got ${describeValue(issue.input)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values
        .map(v => JSON.stringify(v))
        .join(', ')}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return boundMessage(`at least ${issue.minimum}`, issue);
    case 'too_big':
      return boundMessage(`at most ${issue.maximum}`, issue);
    default:
      return issue.message;
  }
}

/** A list is bounded in its number of items, anything else in its value. */
function boundMessage(
  bound: string,
  issue: { origin: string; input?: unknown },
): string {
  return issue.origin === 'array'
    ? `expected ${bound} item(s)`
    : `expected ${bound}, got ${describeValue(issue.input)}`;
}

function toIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown field, at the field's own path.
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...issue.path, key]),
          message: 'unknown field',
        });
      }
    } else {
      issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return issues;
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  const document = parseDocument(input);
  if (!document.ok) return document;
  const result = schema.safeParse(document.value, {
    reportInput: true,
    error: issue =>
      issueMessage(issue as z.core.$ZodIssue & { input?: unknown }),
  });
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, issues: toIssues(result.error) };
}

/**
 * Validates a FederatedService document (YAML or JSON text, or a parsed
 * value). Reports every problem at once, each at its exact path; unknown
 * fields are problems too.
 *
 * @public
 */
export function parseFederatedService(
  input: string | unknown,
): ParseResult<FederatedService> {
  return parseWith(federatedServiceSchema, input);
}

/**
 * Validates a fleet file: jurisdiction groups, governance policies and the
 * clusters with their labels, capabilities, taints and nodes.
 *
 * @public
 */
export function parseFleetFile(
  input: string | unknown,
): ParseResult<FleetFile> {
  return parseWith(fleetFileSchema, input);
}

/**
 * What is wrong with a manifest as an override's patches leave it (see
 * `patchedManifestSchema`), each at its path in the manifest.
 */
export function patchedManifestIssues(manifest: unknown): ValidationIssue[] {
  const result = parseWith(patchedManifestSchema, manifest);
  return result.ok ? [] : result.issues;
}
