import { KubeObject } from '../kube/types';
import { ResourceType } from '../resources/ResourceType';
import { errors } from '../kube/StatusError';

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export type Matcher = (object: KubeObject) => boolean;

const matchAll: Matcher = () => true;

/** Splits on commas outside parentheses: `a in (x,y),b` → [`a in (x,y)`, `b`]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += ch;
  }
  terms.push(current);
  return terms.map(t => t.trim()).filter(Boolean);
}

function parseRequirement(term: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    return {
      key: m[1],
      op: m[2] as 'in' | 'notin',
      values: m[3].split(',').map(v => v.trim()),
    };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (m) {
    return { key: m[1], op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]] };
  }
  m = /^!\s*(\S+)$/.exec(term);
  if (m) return { key: m[1], op: '!exists' };
  if (/^[A-Za-z0-9._/-]+$/.test(term)) return { key: term, op: 'exists' };
  throw errors.badRequest(`unable to parse requirement: ${term}`);
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    default:
      return false;
  }
}

/** Kubernetes label selector syntax: `=`, `==`, `!=`, `in`, `notin`, `key`, `!key`. */
export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector) return matchAll;
  const reqs = splitTerms(selector).map(parseRequirement);
  return object => {
    const labels = object.metadata.labels ?? {};
    return reqs.every(r => matches(r, labels[r.key]));
  };
}

/** Field selectors: metadata.name/namespace everywhere, plus the type's own fields. */
export function parseFieldSelector(
  selector: string | undefined,
  type: ResourceType,
): Matcher {
  if (!selector) return matchAll;
  const checks = splitTerms(selector).map(term => {
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw errors.badRequest(`invalid selector: '${selector}'`);
    const [, field, op, value] = m;
    const read = fieldReader(field, type);
    if (!read) {
      throw errors.badRequest(`field label not supported: ${field}`);
    }
    return (o: KubeObject) => (read(o) === value) === (op !== '!=');
  });
  return object => checks.every(check => check(object));
}

function fieldReader(
  field: string,
  type: ResourceType,
): ((o: KubeObject) => string | undefined) | undefined {
  if (field === 'metadata.name') return o => o.metadata.name;
  if (field === 'metadata.namespace') return o => o.metadata.namespace ?? '';
  return type.fieldSelectors?.[field];
}

/** A matchLabels/matchExpressions selector object, as controllers use them. */
export function labelSelectorMatcher(selector: any): Matcher {
  if (!selector) return () => false;
  const reqs: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    reqs.push({ key, op: 'in', values: [String(value)] });
  }
  for (const e of selector.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'in' || op === 'notin') {
      reqs.push({ key: e.key, op, values: e.values ?? [] });
    } else if (op === 'exists') reqs.push({ key: e.key, op: 'exists' });
    else reqs.push({ key: e.key, op: '!exists' });
  }
  return o => reqs.every(r => matches(r, (o.metadata.labels ?? {})[r.key]));
}

/** `app=web,tier=db`: the form Scale status uses for its selector. */
export function selectorToString(selector: any): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(
    ([k, v]) => `${k}=${v}`,
  );
  for (const e of selector?.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
