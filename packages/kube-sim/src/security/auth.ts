import { randomBytes } from 'node:crypto';
import { errors } from '../kube/StatusError';
import { ResourceType } from '../resources/ResourceType';
import { Verb } from '../kube/types';

/** What a bearer token may do. */
export type TokenGrant = {
  user: string;
  groups?: string[];
  /** Allowed verbs, or '*' for all. */
  verbs: Verb[] | '*';
  /** Restricts the grant to these namespaces (cluster-scoped requests are then refused). */
  namespaces?: string[];
};

export const READ_VERBS: Verb[] = ['get', 'list', 'watch'];

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Bearer-token authentication and a verb/namespace authorizer, with 401 vs 403 as a real server. */
export class Authenticator {
  private readonly tokens = new Map<string, TokenGrant>();
  /** Requests without a token act as system:anonymous (read-only) instead of getting 401. */
  anonymous = false;

  grant(token: string, grant: TokenGrant) {
    this.tokens.set(token, grant);
  }

  revoke(token: string) {
    this.tokens.delete(token);
  }

  authenticate(authorization: string | undefined): TokenGrant {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!match) {
      if (this.anonymous)
        return { user: 'system:anonymous', verbs: READ_VERBS };
      throw errors.unauthorized();
    }
    const grant = this.tokens.get(match[1].trim());
    if (!grant) throw errors.unauthorized();
    return grant;
  }

  isAdmin(grant: TokenGrant) {
    return grant.verbs === '*' && !grant.namespaces;
  }

  authorize(
    grant: TokenGrant,
    verb: Verb,
    type: ResourceType,
    namespace: string | undefined,
  ) {
    const verbAllowed = grant.verbs === '*' || grant.verbs.includes(verb);
    const namespaceAllowed =
      !grant.namespaces ||
      (namespace !== undefined && grant.namespaces.includes(namespace));
    if (!verbAllowed || !namespaceAllowed) {
      throw errors.forbidden(grant.user, verb, type, namespace);
    }
  }
}
