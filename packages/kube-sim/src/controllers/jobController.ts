import { KubeObject } from '../kube/types';
import { condition, ControllerContext } from './ControllerContext';
import { isActive } from './podState';
import { clone } from '../kube/clone';

type Obj = Record<string, any>;
const MANAGER = 'kube-controller-manager';

/** Runs `parallelism` pods at a time until `completions` have succeeded, then Complete. */
export function reconcileJob(ctx: ControllerContext, job: KubeObject) {
  if (job.metadata.deletionTimestamp) return;
  const jobType = ctx.type('batch', 'jobs');
  const spec = job.spec as Obj;
  const status = (job.status ?? {}) as Obj;
  const pods = ctx.owned(ctx.pods, job) as Obj[];
  const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
  const failed = pods.filter(p => p.status?.phase === 'Failed').length;
  const active = pods.filter(isActive).length;
  const completions = spec.completions ?? 1;
  const now = ctx.ops.clock.timestamp();
  const complete = succeeded >= completions;
  if (!complete && !spec.suspend) {
    const wanted =
      Math.min(spec.parallelism ?? 1, completions - succeeded) - active;
    for (let i = 0; i < wanted; i++) {
      const template = spec.template ?? {};
      ctx.create(
        ctx.pods,
        job.metadata.namespace,
        {
          metadata: {
            generateName: `${job.metadata.name}-`,
            labels: {
              ...(template.metadata?.labels ?? {}),
              'batch.kubernetes.io/job-name': job.metadata.name,
              'job-name': job.metadata.name,
            },
            ownerReferences: [ctx.ownerReference(job)],
          },
          spec: {
            restartPolicy: 'Never',
            ...clone(template.spec ?? {}),
          },
        },
        MANAGER,
      );
    }
  }
  const next: Obj = {
    ...status,
    startTime: status.startTime ?? now,
    active: complete ? 0 : active,
    succeeded,
    failed,
    ready: 0,
  };
  if (complete) {
    next.completionTime = status.completionTime ?? now;
    next.conditions = [
      condition(
        'SuccessCriteriaMet',
        true,
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
        status.conditions,
      ),
      condition(
        'Complete',
        true,
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
        status.conditions,
      ),
    ];
    if (!status.completionTime) ctx.event(job, 'Completed', 'Job completed');
  }
  for (const key of ['active', 'failed', 'succeeded'])
    if (!next[key]) delete next[key];
  ctx.writeStatus(jobType, job, next, MANAGER);
}
