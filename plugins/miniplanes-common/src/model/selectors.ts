import { LabelSelector } from './types';

/**
 * Kubernetes label-selector semantics: every matchLabels pair and every
 * expression must hold; an empty selector matches everything.
 *
 * @public
 */
export function matchesSelector(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): boolean {
  return explainSelectorMismatch(selector, labels) === undefined;
}

/** Why labels do not match a selector, or undefined when they do. @public */
export function explainSelectorMismatch(
  selector: LabelSelector | undefined,
  labels: Record<string, string>,
): string | undefined {
  if (!selector) return undefined;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) {
      return labels[key] === undefined
        ? `label ${key} missing (selector wants ${key}=${value})`
        : `label ${key}=${labels[key]} (selector wants ${value})`;
    }
  }
  for (const req of selector.matchExpressions ?? []) {
    const value = labels[req.key];
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) {
          return `label ${req.key}=${value ?? '(none)'} not in [${values.join(
            ', ',
          )}]`;
        }
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) {
          return `label ${req.key}=${value} is excluded by the selector`;
        }
        break;
      case 'Exists':
        if (value === undefined) return `label ${req.key} missing`;
        break;
      case 'DoesNotExist':
        if (value !== undefined)
          return `label ${req.key} present (selector excludes it)`;
        break;
      default:
        return `unsupported operator ${String(req.operator)}`;
    }
  }
  return undefined;
}
