import { createHash } from 'node:crypto';
import { KubeObject } from '../kube/types';
import { ControllerContext } from './ControllerContext';

type Obj = Record<string, any>;
const MANAGER = 'kubelet';

/** Image names that make the simulated kubelet fail the way real images do. */
export function imageFault(
  image: string,
): 'CrashLoopBackOff' | 'ImagePullBackOff' | undefined {
  if (/crashloop/i.test(image)) return 'CrashLoopBackOff';
  if (/imagepullbackoff|does-not-exist|nonexistent/i.test(image))
    return 'ImagePullBackOff';
  return undefined;
}

function podIp(pod: Obj) {
  const h = createHash('sha1')
    .update(pod.metadata.uid ?? pod.metadata.name)
    .digest();
  return `10.244.${h[0]}.${(h[1] % 250) + 2}`;
}

const runsToCompletion = (pod: Obj) =>
  ['Never', 'OnFailure'].includes(pod.spec?.restartPolicy);

/**
 * A kwok-style kubelet: a pod bound to a node starts (Running and Ready, or
 * Succeeded for run-to-completion pods), unless its image names a failure.
 */
export function startPod(
  ctx: ControllerContext,
  pod: KubeObject,
  node: KubeObject | undefined,
) {
  const p = pod as Obj;
  const now = ctx.ops.clock.timestamp();
  const containers = (p.spec?.containers ?? []) as Obj[];
  const faults = containers.map(c => imageFault(String(c.image ?? '')));
  const failing = faults.some(Boolean);
  const done = !failing && runsToCompletion(p);
  const hostIP =
    ((node?.status as Obj)?.addresses ?? []).find(
      (a: Obj) => a.type === 'InternalIP',
    )?.address ?? '10.0.0.1';
  const ready = !failing && !done;
  const conditionList = [
    ['PodReadyToStartContainers', true],
    ['Initialized', true],
    ['Ready', ready],
    ['ContainersReady', ready],
    ['PodScheduled', true],
  ].map(([type, ok]) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
    ...(ok ? {} : { reason: done ? 'PodCompleted' : 'ContainersNotReady' }),
  }));
  const status = {
    phase: podPhase(done, faults),
    conditions: conditionList,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: podIp(p),
    podIPs: [{ ip: podIp(p) }],
    startTime: now,
    qosClass: p.status?.qosClass ?? 'BestEffort',
    containerStatuses: containers.map((c, i) =>
      containerStatus(c, faults[i], done, now),
    ),
  };
  const started = ctx.writeStatus(ctx.pods, pod, status, MANAGER);
  if (!started) return;
  for (const [i, c] of containers.entries()) {
    if (faults[i] === 'ImagePullBackOff') {
      ctx.event(
        started,
        'Failed',
        `Failed to pull image "${c.image}": not found`,
        'Warning',
        'kubelet',
      );
    } else if (faults[i] === 'CrashLoopBackOff') {
      ctx.event(
        started,
        'BackOff',
        `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}`,
        'Warning',
        'kubelet',
      );
    } else {
      ctx.event(
        started,
        'Started',
        `Started container ${c.name}`,
        'Normal',
        'kubelet',
      );
    }
  }
}

function podPhase(done: boolean, faults: (string | undefined)[]) {
  if (done) return 'Succeeded';
  return faults.includes('ImagePullBackOff') ? 'Pending' : 'Running';
}

function containerStatus(
  c: Obj,
  fault: string | undefined,
  done: boolean,
  now: string,
) {
  const base = {
    name: c.name,
    image: c.image,
    imageID:
      fault === 'ImagePullBackOff'
        ? ''
        : `docker.io/library/${c.image}@sha256:${createHash('sha256')
            .update(String(c.image))
            .digest('hex')}`,
    containerID:
      fault === 'ImagePullBackOff'
        ? undefined
        : `containerd://${createHash('sha256')
            .update(`${c.name}${now}`)
            .digest('hex')}`,
  };
  // A container that is not running is neither ready nor started.
  const notRunning = (
    restartCount: number,
    state: Obj,
    lastState: Obj = {},
  ) => ({
    ...base,
    ready: false,
    started: false,
    restartCount,
    state,
    lastState,
  });
  const terminated = (exitCode: number, reason: string) => ({
    terminated: { exitCode, reason, startedAt: now, finishedAt: now },
  });
  if (fault === 'ImagePullBackOff') {
    return notRunning(0, {
      waiting: {
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${c.image}"`,
      },
    });
  }
  if (fault === 'CrashLoopBackOff') {
    return notRunning(
      3,
      {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off 40s restarting failed container=${c.name}`,
        },
      },
      terminated(1, 'Error'),
    );
  }
  if (done) return notRunning(0, terminated(0, 'Completed'));
  return {
    ...base,
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt: now } },
    lastState: {},
  };
}

/** A NotReady node's pods lose readiness, as the node lifecycle controller marks them. */
export function markPodsNotReady(ctx: ControllerContext, nodeName: string) {
  for (const pod of ctx.ops.select(ctx.pods, undefined, {
    fieldSelector: `spec.nodeName=${nodeName}`,
  }) as Obj[]) {
    const conditions = (pod.status?.conditions ?? []).map((c: Obj) =>
      c.type === 'Ready' || c.type === 'ContainersReady'
        ? { ...c, status: 'False', reason: 'NodeNotReady' }
        : c,
    );
    ctx.writeStatus(
      ctx.pods,
      pod as KubeObject,
      { ...pod.status, conditions },
      'node-controller',
    );
  }
}
