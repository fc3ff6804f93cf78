import { errors } from '../kube/StatusError';

/**
 * Decodes the protobuf bodies kubectl sends for `create namespace`,
 * `create configmap`, `create secret generic` and `create deployment`
 * (`k8s\0` + runtime.Unknown), using the field numbers of Kubernetes' generated.proto.
 */
type Field = {
  name: string;
  type: 'string' | 'int' | 'bool' | 'bytes' | 'message' | 'map' | 'quantity';
  repeated?: boolean;
  schema?: Schema;
  /** Map values that are bytes are served base64-encoded, as JSON does. */
  mapBytes?: boolean;
};
type Schema = Record<number, Field>;

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

const objectMeta: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: 'map' },
  12: { name: 'annotations', type: 'map' },
  14: { name: 'finalizers', type: 'string', repeated: true },
};
const containerPort: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'hostPort', type: 'int' },
  3: { name: 'containerPort', type: 'int' },
  4: { name: 'protocol', type: 'string' },
};
const resources: Schema = {
  1: { name: 'limits', type: 'map', schema: {} },
  2: { name: 'requests', type: 'map', schema: {} },
};
const envVar: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'value', type: 'string' },
};
const container: Schema = {
  1: { name: 'name', type: 'string' },
  2: { name: 'image', type: 'string' },
  3: { name: 'command', type: 'string', repeated: true },
  4: { name: 'args', type: 'string', repeated: true },
  5: { name: 'workingDir', type: 'string' },
  6: { name: 'ports', type: 'message', repeated: true, schema: containerPort },
  7: { name: 'env', type: 'message', repeated: true, schema: envVar },
  8: { name: 'resources', type: 'message', schema: resources },
  14: { name: 'imagePullPolicy', type: 'string' },
};
const podSpec: Schema = {
  2: { name: 'containers', type: 'message', repeated: true, schema: container },
  3: { name: 'restartPolicy', type: 'string' },
};
const labelSelector: Schema = { 1: { name: 'matchLabels', type: 'map' } };
const deploymentSpec: Schema = {
  1: { name: 'replicas', type: 'int' },
  2: { name: 'selector', type: 'message', schema: labelSelector },
  3: {
    name: 'template',
    type: 'message',
    schema: {
      1: { name: 'metadata', type: 'message', schema: objectMeta },
      2: { name: 'spec', type: 'message', schema: podSpec },
    },
  },
  4: {
    name: 'strategy',
    type: 'message',
    schema: { 1: { name: 'type', type: 'string' } },
  },
};

const KINDS: Record<string, Schema> = {
  Namespace: {
    1: { name: 'metadata', type: 'message', schema: objectMeta },
    2: {
      name: 'spec',
      type: 'message',
      schema: { 1: { name: 'finalizers', type: 'string', repeated: true } },
    },
  },
  ConfigMap: {
    1: { name: 'metadata', type: 'message', schema: objectMeta },
    2: { name: 'data', type: 'map' },
    3: { name: 'binaryData', type: 'map', mapBytes: true },
    4: { name: 'immutable', type: 'bool' },
  },
  Secret: {
    1: { name: 'metadata', type: 'message', schema: objectMeta },
    2: { name: 'data', type: 'map', mapBytes: true },
    3: { name: 'type', type: 'string' },
    4: { name: 'stringData', type: 'map' },
    5: { name: 'immutable', type: 'bool' },
  },
  Deployment: {
    1: { name: 'metadata', type: 'message', schema: objectMeta },
    2: { name: 'spec', type: 'message', schema: deploymentSpec },
  },
};

const typeMeta: Schema = {
  1: { name: 'apiVersion', type: 'string' },
  2: { name: 'kind', type: 'string' },
};
const unknownEnvelope: Schema = {
  1: { name: 'typeMeta', type: 'message', schema: typeMeta },
  2: { name: 'raw', type: 'bytes' },
};

export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) {
    throw errors.badRequest(
      'protobuf body does not start with the k8s magic number',
    );
  }
  const envelope = decodeMessage(body.subarray(4), unknownEnvelope);
  const meta = (envelope.typeMeta ?? {}) as {
    apiVersion?: string;
    kind?: string;
  };
  const schema = meta.kind ? KINDS[meta.kind] : undefined;
  if (!schema || !Buffer.isBuffer(envelope.raw)) {
    throw errors.unsupportedMediaType(
      `application/vnd.kubernetes.protobuf (${meta.kind ?? 'unknown kind'})`,
    );
  }
  return {
    apiVersion: meta.apiVersion,
    kind: meta.kind,
    ...decodeMessage(envelope.raw, schema),
  };
}

function decodeMessage(buf: Buffer, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let pos = 0;
  const varint = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined)
        throw errors.badRequest('truncated protobuf body');
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const fieldNo = Math.floor(key / 8);
    const wire = key & 7;
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else if (wire === 1) {
      pos += 8;
      continue;
    } else if (wire === 5) {
      pos += 4;
      continue;
    } else throw errors.badRequest(`unsupported protobuf wire type ${wire}`);
    const field = schema[fieldNo];
    if (!field) continue;
    const decoded = decodeField(field, value);
    if (field.type === 'map') {
      const [k, v] = decoded as [string, unknown];
      out[field.name] = { ...(out[field.name] as object), [k]: v };
    } else if (field.repeated) {
      out[field.name] = [...((out[field.name] as unknown[]) ?? []), decoded];
    } else out[field.name] = decoded;
  }
  return out;
}

function decodeField(field: Field, value: number | Buffer): unknown {
  switch (field.type) {
    case 'int':
      return value as number;
    case 'bool':
      return value === 1;
    case 'string':
      return (value as Buffer).toString('utf8');
    case 'bytes':
      return value;
    case 'message':
      return decodeMessage(value as Buffer, field.schema!);
    case 'map': {
      const entry = decodeMessage(value as Buffer, {
        1: { name: 'key', type: 'string' },
        2: field.schema
          ? {
              name: 'value',
              type: 'message',
              schema: { 1: { name: 'string', type: 'string' } },
            }
          : { name: 'value', type: field.mapBytes ? 'bytes' : 'string' },
      });
      let v = entry.value;
      if (field.schema) v = (v as { string?: string })?.string;
      else if (field.mapBytes)
        v = Buffer.isBuffer(v) ? v.toString('base64') : '';
      return [entry.key as string, v ?? ''];
    }
    default:
      return undefined;
  }
}
