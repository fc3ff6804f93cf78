/**
 * One problem with a document, at a path such as `spec.placement.replicas.total`.
 *
 * @public
 */
export interface ValidationIssue {
  path: string;
  message: string;
}

/**
 * The outcome of parsing a document: its value, or every problem found.
 *
 * @public
 */
export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; issues: ValidationIssue[] };

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * A validation path as people write it:
 * `["spec", "resources", 0, "manifest"]` → `spec.resources[0].manifest`.
 *
 * @public
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      if (PLAIN_KEY.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/**
 * One line per issue, `path: message`, for terminals and error responses.
 *
 * @public
 */
export function formatValidationIssues(issues: ValidationIssue[]): string {
  return issues
    .map(issue =>
      issue.path ? `${issue.path}: ${issue.message}` : issue.message,
    )
    .join('\n');
}
