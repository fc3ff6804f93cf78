import { DataOperations, FederatedService, Fleet } from '../model/types';
import { dataJurisdictionRefusals } from '../placement/dataRules';
import { PlacementDecision, Reason } from '../placement/types';
import { builtinOperatorProfiles } from './builtinProfiles';
import {
  DataOperationDecision,
  DecisionWithOperations,
  OperatorProfile,
} from './types';

type Backup = NonNullable<DataOperations['backups']>[number];
type Replication = NonNullable<DataOperations['replication']>;

function dataClusters(decision: PlacementDecision): string[] {
  return decision.clusters
    .filter(c => c.roles.includes('data'))
    .map(c => c.name);
}

/** The profile a cluster uses for an operation: the one asked for, else the first it runs that can. */
function operatorFor(
  fleet: Fleet,
  cluster: string,
  profiles: OperatorProfile[],
  can: (p: OperatorProfile) => boolean,
  asked?: string,
): OperatorProfile | undefined {
  const runs = fleet.clusters.find(c => c.name === cluster)?.operators ?? [];
  return profiles.find(
    p => runs.includes(p.name) && can(p) && (!asked || p.name === asked),
  );
}

function backupDecision(
  service: FederatedService,
  fleet: Fleet,
  decision: PlacementDecision,
  backup: Backup,
  profiles: OperatorProfile[],
): DataOperationDecision {
  const name = `backup:${backup.name}`;
  const reasons: Reason[] = [];
  const location = fleet.storageLocations?.find(
    l => l.name === backup.storageLocation,
  );
  if (!location) {
    reasons.push({
      code: 'Capability',
      message: `${name}: the fleet has no storage location ${backup.storageLocation}`,
    });
  } else {
    // A backup is data: its location's jurisdiction must allow the data.
    const refusals = dataJurisdictionRefusals(service, fleet, {
      name: location.name,
      labels: { jurisdiction: location.jurisdiction },
      capabilities: [],
      taints: [],
      capacity: { cpu: 0, memory: 0, gpu: 0 },
      health: { healthy: true },
    });
    for (const refusal of refusals) {
      reasons.push({
        code: refusal.code,
        message: `${name}: storage location ${location.name} is in jurisdiction ${location.jurisdiction}: ${refusal.message}`,
      });
    }
  }
  const clusters = dataClusters(decision).map(cluster => {
    const operator = operatorFor(
      fleet,
      cluster,
      profiles,
      p => !!p.renderBackup,
      backup.operator,
    );
    if (!operator) {
      reasons.push({
        code: 'Capability',
        message: `${name}: data cluster ${cluster} runs no operator that takes backups${
          backup.operator ? ` with ${backup.operator}` : ''
        }`,
      });
    }
    return { name: cluster, ...(operator ? { operator: operator.name } : {}) };
  });
  return {
    name,
    allowed: reasons.length === 0,
    ...(location
      ? {
          location: {
            name: location.name,
            jurisdiction: location.jurisdiction,
          },
        }
      : {}),
    clusters,
    reasons,
  };
}

function replicationDecision(
  service: FederatedService,
  fleet: Fleet,
  decision: PlacementDecision,
  replication: Replication,
  profiles: OperatorProfile[],
): DataOperationDecision {
  const reasons: Reason[] = [];
  const placed = dataClusters(decision);
  if (!placed.includes(replication.primary)) {
    reasons.push({
      code: 'Capability',
      message: `replication: the primary ${
        replication.primary
      } holds no data of this service (data clusters: ${
        placed.join(', ') || 'none'
      })`,
    });
  }
  const kinds = service.spec.resources
    .filter(
      r =>
        r.role === 'data' &&
        replication.resources.includes(r.manifest.metadata.name),
    )
    .map(r => `${r.manifest.apiVersion}/${r.manifest.kind}`);
  const clusters = placed.map(cluster => {
    const operator = operatorFor(
      fleet,
      cluster,
      profiles,
      p =>
        !!p.renderReplication &&
        kinds.every(kind => (p.replicates ?? []).includes(kind)),
      replication.operator,
    );
    if (!operator) {
      reasons.push({
        code: 'Capability',
        message: `replication: data cluster ${cluster} runs no operator that replicates ${kinds.join(
          ', ',
        )}`,
      });
    }
    return {
      name: cluster,
      ...(operator ? { operator: operator.name } : {}),
      role:
        cluster === replication.primary
          ? ('primary' as const)
          : ('replica' as const),
    };
  });
  return {
    name: 'replication',
    allowed: reasons.length === 0,
    clusters,
    reasons,
  };
}

/**
 * What the placement makes of a service's data operations: each backup's
 * location must be allowed for the data (a backup is data: a residency or
 * governance refusal names the location and its jurisdiction), each data
 * cluster must run an operator that can carry the operation out, and the
 * replication primary must be a data cluster.
 *
 * @public
 */
export function evaluateDataOperations(input: {
  service: FederatedService;
  fleet: Fleet;
  decision: PlacementDecision;
  profiles?: OperatorProfile[];
}): DataOperationDecision[] {
  const { service, fleet, decision } = input;
  const profiles = input.profiles ?? builtinOperatorProfiles;
  const operations = service.spec.dataOperations;
  if (!operations) return [];
  return [
    ...(operations.backups ?? []).map(backup =>
      backupDecision(service, fleet, decision, backup, profiles),
    ),
    ...(operations.replication
      ? [
          replicationDecision(
            service,
            fleet,
            decision,
            operations.replication,
            profiles,
          ),
        ]
      : []),
  ];
}

/**
 * The decision with its data operations: an operation that cannot be
 * carried out makes the placement unsatisfiable, with its reasons, so a
 * request asking for it cannot be approved.
 *
 * @public
 */
export function withDataOperations(input: {
  service: FederatedService;
  fleet: Fleet;
  decision: PlacementDecision;
  profiles?: OperatorProfile[];
}): DecisionWithOperations {
  const dataOperations = evaluateDataOperations(input);
  if (dataOperations.length === 0) return input.decision;
  const refused = dataOperations.flatMap(o => o.reasons);
  return {
    ...input.decision,
    satisfiable: input.decision.satisfiable && refused.length === 0,
    unsatisfied: [...input.decision.unsatisfied, ...refused],
    dataOperations,
  };
}
