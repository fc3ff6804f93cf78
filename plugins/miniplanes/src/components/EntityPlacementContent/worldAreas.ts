/** The parts of the world the placement map lays jurisdictions out in. */
export const WORLD_AREAS = [
  'Americas',
  'Europe',
  'Asia-Pacific',
  'Elsewhere',
] as const;

export type WorldArea = (typeof WORLD_AREAS)[number];

// Jurisdictions are ISO 3166 country codes, or groups such as EU; the map
// only needs a rough area, so a small table beats a geography dependency.
const JURISDICTIONS_BY_AREA: Record<Exclude<WorldArea, 'Elsewhere'>, string> = {
  Americas: 'US CA MX BR AR CL CO PE',
  Europe:
    'EU IE GB UK FR DE NL BE LU ES PT IT AT CH DK SE NO FI IS PL CZ SK HU RO BG GR HR SI EE LV LT CY MT',
  'Asia-Pacific': 'JP SG AU NZ IN KR CN HK TW ID MY',
};

const AREA_BY_JURISDICTION = new Map<string, WorldArea>(
  Object.entries(JURISDICTIONS_BY_AREA).flatMap(([area, codes]) =>
    codes.split(' ').map(code => [code, area as WorldArea] as const),
  ),
);

/** The world area of a jurisdiction label; "Elsewhere" when unknown or absent. */
export function worldAreaOf(jurisdiction: string | undefined): WorldArea {
  return (
    AREA_BY_JURISDICTION.get(jurisdiction?.toUpperCase() ?? '') ?? 'Elsewhere'
  );
}
