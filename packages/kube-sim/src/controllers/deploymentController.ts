import { KubeObject } from '../kube/types';
import {
  condition,
  ControllerContext,
  templateHash,
} from './ControllerContext';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';
const REVISION = 'deployment.kubernetes.io/revision';

/**
 * Rolls a Deployment out through ReplicaSets: one per template (named by the
 * template hash), the new one scaled to spec.replicas, old ones scaled to zero
 * once the new one is fully available; status and conditions as kubectl reads them.
 */
export function reconcileDeployment(
  ctx: ControllerContext,
  deployment: KubeObject,
) {
  if (deployment.metadata.deletionTimestamp) return;
  const rsType = ctx.type('apps', 'replicasets');
  const deployType = ctx.type('apps', 'deployments');
  const spec = deployment.spec as Obj;
  const replicas = spec.replicas ?? 1;
  const hash = templateHash(spec.template);
  const owned = ctx.owned(rsType, deployment);
  let current = owned.find(
    rs => rs.metadata.labels?.['pod-template-hash'] === hash,
  );
  const revisions = owned.map(rs =>
    Number(rs.metadata.annotations?.[REVISION] ?? 0),
  );
  const nextRevision = String(Math.max(0, ...revisions) + 1);

  if (!current) {
    const template = clone(spec.template ?? {});
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, 'pod-template-hash': hash },
    };
    current = ctx.create(
      rsType,
      deployment.metadata.namespace,
      {
        metadata: {
          name: `${deployment.metadata.name}-${hash}`,
          labels: template.metadata.labels,
          annotations: {
            [REVISION]: nextRevision,
            'deployment.kubernetes.io/desired-replicas': String(replicas),
            'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          },
          ownerReferences: [ctx.ownerReference(deployment)],
        },
        spec: {
          replicas,
          selector: {
            ...spec.selector,
            matchLabels: {
              ...spec.selector?.matchLabels,
              'pod-template-hash': hash,
            },
          },
          template,
        },
      },
      MANAGER,
    );
    if (!current) return;
    ctx.event(
      deployment,
      'ScalingReplicaSet',
      `Scaled up replica set ${current.metadata.name} from 0 to ${replicas}`,
    );
  } else if ((current.spec as Obj).replicas !== replicas) {
    const from = (current.spec as Obj).replicas;
    const next = clone(current);
    (next.spec as Obj).replicas = replicas;
    next.metadata.annotations = {
      ...next.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(replicas),
    };
    current = ctx.update(rsType, next, MANAGER) ?? current;
    ctx.event(
      deployment,
      'ScalingReplicaSet',
      `Scaled ${from < replicas ? 'up' : 'down'} replica set ${
        current.metadata.name
      } from ${from} to ${replicas}`,
    );
  } else if (
    current.metadata.annotations?.[REVISION] !== nextRevision &&
    revisions.length > 1
  ) {
    // A rollback to an older template makes its ReplicaSet the newest revision.
    const top = Math.max(...revisions);
    if (Number(current.metadata.annotations?.[REVISION]) < top) {
      const next = clone(current);
      next.metadata.annotations = {
        ...next.metadata.annotations,
        [REVISION]: nextRevision,
      };
      current = ctx.update(rsType, next, MANAGER) ?? current;
    }
  }

  const currentStatus = (current.status ?? {}) as Obj;
  const newAvailable = (currentStatus.availableReplicas ?? 0) >= replicas;
  const old = owned.filter(rs => rs.metadata.uid !== current!.metadata.uid);
  for (const rs of old) {
    if (newAvailable && (rs.spec as Obj).replicas !== 0) {
      const next = clone(rs);
      (next.spec as Obj).replicas = 0;
      ctx.update(rsType, next, MANAGER);
      ctx.event(
        deployment,
        'ScalingReplicaSet',
        `Scaled down replica set ${rs.metadata.name} from ${
          (rs.spec as Obj).replicas
        } to 0`,
      );
    }
  }

  const all = [current, ...old].map(rs => (rs.status ?? {}) as Obj);
  const sum = (key: string) => all.reduce((n, s) => n + (s[key] ?? 0), 0);
  const available = sum('availableReplicas');
  const now = ctx.ops.clock.timestamp();
  const previous = ((deployment.status as Obj)?.conditions ?? []) as Obj[];
  const complete =
    newAvailable && old.every(rs => ((rs.status as Obj)?.replicas ?? 0) === 0);
  const status: Obj = {
    observedGeneration: deployment.metadata.generation,
    replicas: sum('replicas'),
    updatedReplicas: currentStatus.replicas ?? 0,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    ...(replicas - available > 0
      ? { unavailableReplicas: replicas - available }
      : {}),
    conditions: [
      available >= replicas
        ? condition(
            'Available',
            true,
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            now,
            previous,
          )
        : condition(
            'Available',
            false,
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            now,
            previous,
          ),
      complete
        ? condition(
            'Progressing',
            true,
            'NewReplicaSetAvailable',
            `ReplicaSet "${current.metadata.name}" has successfully progressed.`,
            now,
            previous,
          )
        : condition(
            'Progressing',
            true,
            'ReplicaSetUpdated',
            `ReplicaSet "${current.metadata.name}" is progressing.`,
            now,
            previous,
          ),
    ],
  };
  for (const key of [
    'readyReplicas',
    'availableReplicas',
    'updatedReplicas',
    'replicas',
  ]) {
    if (status[key] === 0) delete status[key];
  }
  ctx.writeStatus(deployType, deployment, status, MANAGER);
}
