/**
 * The countries a list of jurisdictions stands for, expanding named groups
 * (EU → FR, DE, …), groups of groups included. Unknown names are returned
 * apart so the caller can explain them.
 *
 * @public
 */
export function expandJurisdictions(
  names: string[],
  groups: Record<string, string[]>,
): { countries: Set<string>; unknown: string[] } {
  const countries = new Set<string>();
  const unknown: string[] = [];
  const visit = (name: string, seen: Set<string>) => {
    const members = groups[name];
    if (!members) {
      // Two-letter codes are ISO 3166 countries; longer names must be groups.
      if (/^[A-Z]{2}$/.test(name)) countries.add(name);
      else unknown.push(name);
      return;
    }
    if (seen.has(name)) return;
    seen.add(name);
    members.forEach(member => visit(member, seen));
  };
  names.forEach(name => visit(name, new Set()));
  return { countries, unknown };
}
