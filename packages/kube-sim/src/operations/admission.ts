import { randomBytes } from 'node:crypto';
import { deepEqual } from '../patch/deepEqual';
import { KubeObject } from '../kube/types';
import { ResourceType } from '../resources/ResourceType';
import { labelSelectorMatcher } from './selectors';
import { errors } from '../kube/StatusError';
import { immutableFieldChanges } from './immutableFields';

type Obj = Record<string, any>;
type Cause = { field: string; message: string; reason?: string };

const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAMES = new Set(['Namespace', 'Service']);

/** Five lower-case alphanumerics, as the API server appends to generateName. */
export function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = randomBytes(5);
  return [...bytes].map(b => alphabet[b % alphabet.length]).join('');
}

/**
 * The spec defaults the real API server fills in on every write, create
 * and update alike: an update that drops a defaulted field (a server-side
 * apply no longer setting a field it owned) gets it back, and so does not
 * change the spec, nor bump the generation.
 */
export function defaultSpec(type: ResourceType, object: KubeObject) {
  if (!object.spec || typeof object.spec !== 'object') return;
  const spec = object.spec as Obj;
  switch (type.kind) {
    case 'Pod':
      spec.restartPolicy ??= 'Always';
      spec.schedulerName ??= 'default-scheduler';
      spec.dnsPolicy ??= 'ClusterFirst';
      spec.terminationGracePeriodSeconds ??= 30;
      for (const c of (spec.containers ?? []) as Obj[]) {
        c.imagePullPolicy ??= String(c.image ?? '').endsWith(':latest')
          ? 'Always'
          : 'IfNotPresent';
        c.terminationMessagePath ??= '/dev/termination-log';
      }
      break;
    case 'Deployment': {
      spec.replicas ??= 1;
      const strategy = (spec.strategy ??= {}) as Obj;
      strategy.type ??= 'RollingUpdate';
      if (strategy.type === 'RollingUpdate') {
        const rollingUpdate = (strategy.rollingUpdate ??= {}) as Obj;
        rollingUpdate.maxSurge ??= '25%';
        rollingUpdate.maxUnavailable ??= '25%';
      }
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      break;
    }
    case 'ReplicaSet':
    case 'StatefulSet':
      spec.replicas ??= 1;
      break;
    case 'Job':
      spec.completions ??= 1;
      spec.parallelism ??= 1;
      spec.backoffLimit ??= 6;
      break;
    case 'Service':
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      for (const p of (spec.ports ?? []) as Obj[]) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      break;
    default:
      // The other kinds' specs have no defaults the simulator fills in.
      break;
  }
}

/** Applies the defaults the real API server fills in on create. */
export function defaultOnCreate(
  type: ResourceType,
  object: KubeObject,
  clusterIp: () => string,
) {
  const spec = (object.spec ??= {}) as Obj;
  defaultSpec(type, object);
  switch (type.kind) {
    case 'Pod':
      object.status = { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case 'Deployment':
      object.status = {};
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
      object.status = { replicas: 0 };
      break;
    case 'Job':
      object.status = {};
      break;
    case 'Service':
      if (spec.clusterIP === undefined) spec.clusterIP = clusterIp();
      spec.clusterIPs ??=
        spec.clusterIP === 'None' ? ['None'] : [spec.clusterIP];
      object.status = { loadBalancer: {} };
      break;
    case 'Namespace':
      spec.finalizers ??= ['kubernetes'];
      object.status = { phase: 'Active' };
      object.metadata.labels = {
        ...object.metadata.labels,
        'kubernetes.io/metadata.name': object.metadata.name!,
      };
      break;
    case 'Secret':
      object.type ??= 'Opaque';
      break;
    default:
      if (type.subresources.status && type.kind !== 'Node')
        delete object.status;
  }
  if (Object.keys(spec).length === 0 && !hasSpec(type.kind)) delete object.spec;
  if (type.kind === 'Secret' && object.stringData) {
    const data = (object.data ??= {}) as Obj;
    for (const [k, v] of Object.entries(object.stringData as Obj)) {
      data[k] = Buffer.from(String(v)).toString('base64');
    }
    delete object.stringData;
  }
}

function hasSpec(kind: string) {
  return ![
    'ConfigMap',
    'Secret',
    'Event',
    'ServiceAccount',
    'Endpoints',
    'EndpointSlice',
    'Role',
    'ClusterRole',
    'RoleBinding',
    'ClusterRoleBinding',
  ].includes(kind);
}

/**
 * The structural checks the real server answers with 422 Invalid; on an
 * update (`previous` given), also the fields it may not change.
 */
export function validate(
  type: ResourceType,
  object: KubeObject,
  previous?: KubeObject,
) {
  const causes: Cause[] = [];
  const name = object.metadata.name ?? '';
  const nameRule = LABEL_NAMES.has(type.kind) ? DNS_LABEL : DNS_SUBDOMAIN;
  if (!name) {
    causes.push({
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
      reason: 'FieldValueRequired',
    });
  } else if (
    !type.custom &&
    type.kind !== 'Node' &&
    (!nameRule.test(name) || name.length > 253)
  ) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${
        nameRule === DNS_LABEL ? 'label' : 'subdomain'
      } must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  }
  const spec = (object.spec ?? {}) as Obj;
  if (type.kind === 'Pod') checkContainers(spec, 'spec', causes);
  if (
    ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(type.kind)
  ) {
    if (!spec.selector) {
      causes.push({
        field: 'spec.selector',
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    } else {
      const labels = spec.template?.metadata?.labels ?? {};
      if (!labelSelectorMatcher(spec.selector)({ metadata: { labels } })) {
        causes.push({
          field: 'spec.template.metadata.labels',
          message: `Invalid value: ${JSON.stringify(
            labels,
          )}: \`selector\` does not match template \`labels\``,
        });
      }
    }
    if (
      spec.replicas !== undefined &&
      (!Number.isInteger(spec.replicas) || spec.replicas < 0)
    ) {
      causes.push({
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(
          spec.replicas,
        )}: must be greater than or equal to 0`,
      });
    }
    checkContainers(spec.template?.spec ?? {}, 'spec.template.spec', causes);
  }
  if (previous) causes.push(...immutableFieldChanges(type, previous, object));
  if (causes.length) {
    throw errors.invalid(type.kind, type.group, name, causes);
  }
}

function checkContainers(podSpec: Obj, path: string, causes: Cause[]) {
  const containers = podSpec.containers as Obj[] | undefined;
  if (!containers?.length) {
    causes.push({
      field: `${path}.containers`,
      message: 'Required value',
      reason: 'FieldValueRequired',
    });
    return;
  }
  containers.forEach((c, i) => {
    if (!c.name)
      causes.push({
        field: `${path}.containers[${i}].name`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
    if (!c.image)
      causes.push({
        field: `${path}.containers[${i}].image`,
        message: 'Required value',
        reason: 'FieldValueRequired',
      });
  });
}

/** Whether a write changed anything generation counts: all but metadata and status. */
export function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata, status, ...rest } = o;
    return rest;
  };
  return !deepEqual(strip(before), strip(after));
}
