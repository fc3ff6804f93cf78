/** One requirement of a label selector, as the API server reads it. */
type Requirement = (labels: Record<string, string>) => boolean;

/**
 * Whether labels satisfy a label selector in its string form (what a list
 * or watch is asked with): `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k` and `!k`, all of them required. A copy kept through
 * a watch must judge the objects it writes itself as the server would.
 */
export function labelSelectorMatches(
  labels: Record<string, string> | undefined,
  selector: string,
): boolean {
  return parsed(selector).every(requirement => requirement(labels ?? {}));
}

const cache = new Map<string, Requirement[]>();
/** A client's watched selectors are few (its kinds times its shards); bounded all the same. */
const MAX_CACHED_SELECTORS = 1_000;

function parsed(selector: string): Requirement[] {
  let requirements = cache.get(selector);
  if (!requirements) {
    requirements = terms(selector).map(requirementOf);
    if (cache.size >= MAX_CACHED_SELECTORS) cache.clear();
    cache.set(selector, requirements);
  }
  return requirements;
}

/** The selector's terms: split at the commas outside a set's parentheses. */
function terms(selector: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= selector.length; i += 1) {
    const c = selector[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if ((c === ',' && depth === 0) || i === selector.length) {
      const term = selector.slice(start, i).trim();
      if (term) found.push(term);
      start = i + 1;
    }
  }
  return found;
}

function requirementOf(term: string): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term);
  if (set) {
    const [, key, op, list] = set;
    const values = new Set(list.split(',').map(v => v.trim()));
    return labels =>
      op === 'in'
        ? key in labels && values.has(labels[key])
        : !(key in labels) || !values.has(labels[key]);
  }
  const equality = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
  if (equality) {
    const [, key, op, value] = equality;
    return labels =>
      op === '!=' ? labels[key] !== value : labels[key] === value;
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    return labels => !(key in labels);
  }
  return labels => term in labels;
}
