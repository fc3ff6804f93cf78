import {
  FederatedService,
  MINIPLANES_ANNOTATIONS,
  MINIPLANES_LABELS,
  MINIPLANES_MANAGER,
  serviceLabelValue,
} from '@miniplanes/plugin-miniplanes-common';
import { INSTALLATION_LABEL } from '../../cluster/labels';
import { ResourceShape, Role, RolloutShape, ServiceShape } from './scenario';

export const ENTITY_PREFIX = 'component:default/';

export function entityRefOf(shape: Pick<ServiceShape, 'name'>): string {
  return `${ENTITY_PREFIX}${shape.name}`;
}

const small = { cpu: '50m', memory: '32Mi' };

function podTemplate(app: string, image: string) {
  return {
    metadata: { labels: { app } },
    spec: {
      containers: [{ name: 'main', image, resources: { requests: small } }],
    },
  };
}

/**
 * What another miniplanes installation writes on its object of a service:
 * the service's ownership labels, as this one's, and its own name.
 */
export function anotherInstallationsMetadata(
  entityRef: string,
  role: Role,
  installation: string,
) {
  return {
    labels: {
      [MINIPLANES_LABELS.managedBy]: MINIPLANES_MANAGER,
      [MINIPLANES_LABELS.service]: serviceLabelValue(entityRef),
      [MINIPLANES_LABELS.role]: role,
      [INSTALLATION_LABEL]: installation,
    },
    annotations: { [MINIPLANES_ANNOTATIONS.service]: entityRef },
  };
}

/** A StatefulSet's claim per replica, and what is to become of them. */
function claimsOf(claims: NonNullable<ResourceShape['claims']>) {
  return {
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
    ],
    ...(claims === 'Default'
      ? {}
      : {
          persistentVolumeClaimRetentionPolicy: {
            whenScaled: claims === 'DeleteWhenScaled' ? 'Delete' : 'Retain',
            whenDeleted: claims === 'DeleteWhenDeleted' ? 'Delete' : 'Retain',
          },
        }),
  };
}

/** The manifest a resource shape stands for. */
export function manifestOf(
  resource: ResourceShape,
  service: ServiceShape,
): Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
} {
  const metadata = {
    name: resource.name,
    ...(resource.adopt
      ? { annotations: { 'miniplanes.io/adopt': 'true' } }
      : {}),
  };
  switch (resource.kind) {
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          replicas: 1,
          serviceName: resource.name,
          selector: { matchLabels: { app: resource.name } },
          template: podTemplate(resource.name, 'mongo:7'),
          ...(resource.claims ? claimsOf(resource.claims) : {}),
        },
      };
    case 'Deployment':
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata,
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: resource.name } },
          template: podTemplate(
            resource.name,
            `registry.example/${service.name}:${service.imageTag}`,
          ),
        },
      };
    case 'ConfigMap':
      return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata,
        data: { owner: service.name },
      };
    case 'PersistentVolumeClaim':
      return {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata,
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      };
    case 'Namespace':
      return { apiVersion: 'v1', kind: 'Namespace', metadata };
    case 'Service':
      return {
        apiVersion: 'v1',
        kind: 'Service',
        metadata,
        spec: {
          selector: { app: resource.name },
          ports: [{ port: 80, targetPort: 8080 }],
        },
      };
    default:
      throw new Error(`unknown kind ${(resource as ResourceShape).kind}`);
  }
}

/** The FederatedService document of a service shape. */
export function serviceDocument(shape: ServiceShape): FederatedService {
  const data =
    shape.classification || shape.residency?.length || shape.release.length
      ? {
          ...(shape.classification
            ? { classification: shape.classification }
            : {}),
          ...(shape.residency?.length ? { residency: shape.residency } : {}),
          ...(shape.release.length ? { release: shape.release } : {}),
        }
      : undefined;
  return {
    apiVersion: 'miniplanes.io/v1alpha1',
    kind: 'FederatedService',
    metadata: {
      name: shape.name,
      entityRef: entityRefOf(shape),
      namespace: shape.namespace,
    },
    spec: {
      ...(data ? { data } : {}),
      placement: {
        ...(shape.group
          ? { clusterSelector: { matchLabels: { group: shape.group } } }
          : {}),
        ...(shape.requires?.length ? { requires: shape.requires } : {}),
        ...(shape.tolerateSpot
          ? { tolerations: [{ key: 'spot', operator: 'Exists' as const }] }
          : {}),
        ...(shape.spreadMin
          ? { spread: { by: 'region', min: shape.spreadMin } }
          : {}),
        ...(shape.computeOutsideResidency
          ? { computeOutsideResidency: true }
          : {}),
        replicas: replicasOf(shape.replicas),
      },
      resources: shape.resources.map(resource => ({
        role: resource.role,
        manifest: manifestOf(resource, shape),
      })),
      ...(shape.overrides.length
        ? {
            overrides: shape.overrides.map(o => ({
              clusters: {
                matchLabels: {
                  ...(o.group ? { group: o.group } : {}),
                  ...(o.region ? { region: o.region } : {}),
                },
              },
              resource: { kind: 'Deployment' },
              ...(o.env ? { env: [{ name: 'MODE', value: o.env }] } : {}),
              ...(o.image ? { image: o.image } : {}),
              ...(o.badPatch
                ? {
                    patches: [
                      {
                        op: 'replace' as const,
                        path: '/spec/nothing/here',
                        value: 1,
                      },
                    ],
                  }
                : {}),
            })),
          }
        : {}),
      ...(shape.rollout ? { rollout: rolloutOf(shape.rollout) } : {}),
    },
  } as FederatedService;
}

function rolloutOf(rollout: RolloutShape) {
  return {
    stages: [
      {
        name: 'canary',
        clusters: { matchLabels: { group: rollout.canary } },
      },
      {
        name: 'rest',
        ...(rollout.gate ? { approval: true } : {}),
        ...(rollout.maxConcurrency
          ? { maxConcurrency: rollout.maxConcurrency }
          : {}),
      },
    ],
    progressDeadline: `${rollout.progressDeadlineMinutes}m`,
    onFailure: rollout.onFailure,
  };
}

function replicasOf(replicas: ServiceShape['replicas']) {
  if (replicas.mode === 'Duplicated')
    return { total: replicas.total, mode: 'Duplicated' as const };
  if (replicas.weighting === 'Capacity')
    return {
      total: replicas.total,
      mode: 'Divided' as const,
      weighting: 'Capacity' as const,
    };
  return {
    total: replicas.total,
    mode: 'Divided' as const,
    weighting: 'Static' as const,
    weights: replicas.weights.map(w => ({
      clusters: { matchLabels: { group: w.group } },
      weight: w.weight,
    })),
  };
}
