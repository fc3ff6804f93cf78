import {
  podRequirements,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';

/**
 * A custom kind miniplanes does not know: the tests teach it RayCluster
 * through this interpreter. One replica of a RayCluster is one worker pod.
 */
export const rayInterpreter: ResourceInterpreter = {
  name: 'ray.io/RayCluster',
  matches: ({ apiVersion, kind }) =>
    apiVersion === 'ray.io/v1' && kind === 'RayCluster',
  replicaRequirements: manifest =>
    podRequirements(manifest.spec?.workerGroupSpecs?.[0]?.template?.spec),
};

/** The trainer service, as filed: a RayCluster whose workers need two GPUs each. */
export const rayTrainer = {
  apiVersion: 'miniplanes.io/v1alpha1',
  kind: 'FederatedService',
  metadata: { name: 'trainer', entityRef: 'component:default/trainer' },
  spec: {
    placement: { replicas: { total: 1, mode: 'Duplicated' } },
    resources: [
      {
        role: 'compute',
        manifest: {
          apiVersion: 'ray.io/v1',
          kind: 'RayCluster',
          metadata: { name: 'trainer' },
          spec: {
            workerGroupSpecs: [
              {
                replicas: 1,
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'worker',
                        resources: { requests: { 'nvidia.com/gpu': '2' } },
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      },
    ],
  },
};
