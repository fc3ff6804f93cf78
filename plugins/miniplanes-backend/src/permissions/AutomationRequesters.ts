import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';

/** An entity ref in one spelling, so configured and requested refs compare. */
function normalized(ref: string, defaultKind?: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

function userRef(ref: string) {
  try {
    return parseEntityRef(ref, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch {
    return undefined;
  }
}

/**
 * The service principals `miniplanes.automation` lets file placement
 * requests (a pipeline, a GitOps bot; Backstage external access tokens), each
 * for the entities it names and always on behalf of a user, who becomes the
 * requester: the auditor records the principal as the actor. Deciding stays
 * with people; nothing here lets a service principal approve.
 */
export class AutomationRequesters {
  private constructor(
    private readonly entitiesBySubject: Map<string, Set<string>>,
  ) {}

  static fromConfig(config: Config): AutomationRequesters {
    const entries =
      config.getOptionalConfigArray('miniplanes.automation') ?? [];
    return new AutomationRequesters(
      new Map(
        entries.map(entry => [
          entry.getString('subject'),
          new Set(entry.getStringArray('entities').map(ref => normalized(ref))),
        ]),
      ),
    );
  }

  /**
   * The requester of a filing by the service principal `subject`: the
   * on-behalf-of user, as a full user entity ref. Throws what to fix when
   * the principal may not file for the entity, or names nobody.
   */
  requesterFor(options: {
    subject: string;
    entityRef: string;
    onBehalfOf?: string;
  }): string {
    const { subject, entityRef, onBehalfOf } = options;
    const entities = this.entitiesBySubject.get(subject);
    if (!entities) {
      throw new NotAllowedError(
        `the service principal ${subject} may not file placement requests: list it under miniplanes.automation with the entities it files for`,
      );
    }
    if (!entities.has(normalized(entityRef))) {
      throw new NotAllowedError(
        `the service principal ${subject} may not file placement requests for ${entityRef}: add it to its entities under miniplanes.automation`,
      );
    }
    if (!onBehalfOf) {
      throw new InputError(
        'onBehalfOf: a service principal files on behalf of a user, who becomes the requester; name them, e.g. user:default/jane',
      );
    }
    const user = userRef(onBehalfOf);
    if (user?.kind.toLocaleLowerCase('en-US') !== 'user') {
      throw new InputError(
        `onBehalfOf must be a user entity ref such as user:default/jane, got ${JSON.stringify(
          onBehalfOf,
        )}`,
      );
    }
    return stringifyEntityRef(user);
  }
}
