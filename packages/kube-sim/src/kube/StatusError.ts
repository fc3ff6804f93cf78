/** A Kubernetes `Status` failure: thrown anywhere, rendered by the server as JSON. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: {
      name?: string;
      group?: string;
      kind?: string;
      causes?: { reason: string; message: string; field?: string }[];
      retryAfterSeconds?: number;
    },
  ) {
    super(message);
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

type Target = { group: string; resource: string };
const qualified = (t: Target) =>
  t.group ? `${t.resource}.${t.group}` : t.resource;

export const errors = {
  notFound: (t: Target, name: string) =>
    new StatusError(404, 'NotFound', `${qualified(t)} "${name}" not found`, {
      name,
      group: t.group || undefined,
      kind: t.resource,
    }),
  pathNotFound: () =>
    new StatusError(
      404,
      'NotFound',
      'the server could not find the requested resource',
    ),
  alreadyExists: (t: Target, name: string) =>
    new StatusError(
      409,
      'AlreadyExists',
      `${qualified(t)} "${name}" already exists`,
      { name, group: t.group || undefined, kind: t.resource },
    ),
  /** A write naming a uid (a precondition) met another object of the name, or none. */
  uidPrecondition: (t: Target, name: string, expected: string, found = '') =>
    new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(
        t,
      )} "${name}": Precondition failed: UID in precondition: ${expected}, UID in object meta: ${found}`,
      { name, group: t.group || undefined, kind: t.resource },
    ),
  conflict: (t: Target, name: string) =>
    new StatusError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(
        t,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group: t.group || undefined, kind: t.resource },
    ),
  invalid: (
    kind: string,
    group: string,
    name: string,
    causes: { field: string; message: string; reason?: string }[],
  ) =>
    new StatusError(
      422,
      'Invalid',
      `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes
        .map(c => `${c.field}: ${c.message}`)
        .join(', ')}`,
      {
        name,
        group: group || undefined,
        kind,
        causes: causes.map(c => ({
          reason: c.reason ?? 'FieldValueInvalid',
          message: c.message,
          field: c.field,
        })),
      },
    ),
  badRequest: (message: string) => new StatusError(400, 'BadRequest', message),
  methodNotAllowed: () =>
    new StatusError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    ),
  unsupportedMediaType: (contentType: string) =>
    new StatusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`,
    ),
  unauthorized: () => new StatusError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (
    user: string,
    verb: string,
    t: Target,
    namespace: string | undefined,
  ) =>
    new StatusError(
      403,
      'Forbidden',
      `${qualified(t)} is forbidden: User "${user}" cannot ${verb} resource "${
        t.resource
      }" in API group "${t.group}"${
        namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope'
      }`,
      { kind: t.resource, group: t.group || undefined },
    ),
  expired: (message: string) => new StatusError(410, 'Expired', message),
};
