/** A governance policy as `GET /api/miniplanes/governance` lists it. */
export type GovernancePolicy = {
  classification: string;
  allowedJurisdictions: string[];
  description?: string;
};

/** A place backups may be kept, as `GET /api/miniplanes/governance` lists it. */
export type StorageLocation = {
  name: string;
  provider: string;
  region?: string;
  jurisdiction: string;
};

/** The fleet's data rules, as `GET /api/miniplanes/governance` serves them. */
export type Governance = {
  items: GovernancePolicy[];
  jurisdictions: Record<string, string[]>;
  storageLocations: StorageLocation[];
};

/** Reads the fleet's data rules, or throws an Error a form can show. */
export async function fetchGovernance(
  baseUrl: Promise<string>,
  fetch: typeof window.fetch,
): Promise<Governance> {
  const response = await fetch(`${await baseUrl}/governance`);
  if (!response.ok) {
    throw new Error(
      `could not read the fleet's governance policies (${response.status} ${response.statusText})`,
    );
  }
  return (await response.json()) as Governance;
}
