import { Link } from '@backstage/core-components';
import {
  humanizeEntityRef,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { Fragment } from 'react';

/**
 * The services placed on a cluster, each linked to its Placement tab (the
 * entity page's `/placement`, where this plugin mounts it): from the fleet
 * straight to where a service runs and why. Names only, no catalog reads:
 * a cluster may hold hundreds of services.
 */
export function ServicesPlacedCell(props: { services: string[] }) {
  const entityLink = useEntityRefLink();
  if (props.services.length === 0) return <>—</>;
  return (
    <>
      {props.services.map((ref, index) => (
        <Fragment key={ref}>
          {index > 0 && ', '}
          {/* A line breaks between services, never inside a name ("price-" / "watcher"). */}
          <Link
            to={`${entityLink(ref)}/placement`}
            style={{ whiteSpace: 'nowrap' }}
          >
            {humanizeEntityRef(parseEntityRef(ref), {
              defaultKind: 'component',
              defaultNamespace: 'default',
            })}
          </Link>
        </Fragment>
      ))}
    </>
  );
}
