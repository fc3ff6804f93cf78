import { Change, ServiceShape } from './scenario';

/**
 * A service's next shape under a change. `release` picks among the given
 * candidates (the clusters the run saw the service's data leave), so that a
 * release names a cluster that holds retained data when there is one.
 */
export function applyChange(
  shape: ServiceShape,
  change: Change,
  releaseCandidates: string[],
): ServiceShape {
  const next: ServiceShape = structuredClone(shape);
  const pick = <T>(list: T[], n: number): T | undefined =>
    list.length ? list[n % list.length] : undefined;
  switch (change.kind) {
    case 'group':
      next.group = change.group ?? undefined;
      break;
    case 'residency':
      next.residency = change.residency ?? undefined;
      break;
    case 'addResource':
      if (!next.resources.some(r => sameObject(r, change.resource)))
        next.resources.push({ ...change.resource });
      break;
    case 'removeResource':
      if (next.resources.length > 1)
        next.resources.splice(change.pick % next.resources.length, 1);
      break;
    case 'role': {
      const resource = pick(next.resources, change.pick);
      // A Namespace holds no data of its own; it stays config.
      if (resource && resource.kind !== 'Namespace')
        resource.role = change.role;
      break;
    }
    case 'release': {
      const cluster = pick(releaseCandidates, change.pick);
      if (cluster && !next.release.includes(cluster))
        next.release.push(cluster);
      break;
    }
    case 'unrelease':
      next.release = [];
      break;
    case 'computeOutsideResidency':
      next.computeOutsideResidency = change.allowed;
      break;
    case 'adopt': {
      const resource = pick(next.resources, change.pick);
      if (resource) resource.adopt = true;
      break;
    }
    case 'override':
      next.overrides.push({ ...change.override });
      break;
    case 'replicas':
      next.replicas = structuredClone(change.replicas);
      break;
    case 'image':
      next.imageTag = change.tag;
      break;
    case 'tolerateSpot':
      next.tolerateSpot = change.tolerate;
      break;
    case 'requires':
      next.requires = [...change.requires];
      break;
    case 'rollout':
      next.rollout = change.rollout ? { ...change.rollout } : undefined;
      break;
    default:
      throw new Error(`unknown change ${(change as Change).kind}`);
  }
  return next;
}

function sameObject(
  a: { kind: string; name: string },
  b: { kind: string; name: string },
) {
  return a.kind === b.kind && a.name === b.name;
}
