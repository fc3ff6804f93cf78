import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { FLEET_PROPOSER } from '@miniplanes/plugin-miniplanes-common';

/**
 * Who acted, as the portal names them: a user links to their catalog page
 * (their display name); miniplanes' own fleet proposals and any other
 * principal (a service token, a plugin) stay plain text, since they have
 * no catalog page to link to.
 */
export function ActorName(props: { actor: string }) {
  const { actor } = props;
  if (actor === FLEET_PROPOSER) return <>miniplanes</>;
  if (isUserRef(actor)) {
    return <EntityRefLink entityRef={actor} defaultKind="user" hideIcon />;
  }
  return <>{actor}</>;
}

function isUserRef(actor: string): boolean {
  try {
    return parseEntityRef(actor).kind.toLocaleLowerCase('en-US') === 'user';
  } catch {
    return false;
  }
}
