import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  LinkButton,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { serviceSignalChannel } from '@miniplanes/plugin-miniplanes-common';
import { miniplanesApiRef } from '../../api';
import { RequestChangeButton } from '../RequestChange';
import { useLiveRefresh } from '../useLiveRefresh';
import { PlacementOverview } from './PlacementOverview';
import { useEvidenceLink } from './useEvidenceLink';

/**
 * The entity page's Placement tab: where the service's data and replicas
 * are, and why every other cluster was not chosen.
 *
 * @public
 */
export function EntityPlacementContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(miniplanesApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getService(entityRef),
    [api, entityRef],
  );
  useLiveRefresh(serviceSignalChannel(entityRef), retry);
  const evidence = useEvidenceLink(entityRef);
  // A refresh keeps showing the last answer.
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) {
    return (
      <EmptyState
        missing="data"
        title="Not a federated service yet"
        description={`No federated service is linked to ${entityRef}. File a placement request with a FederatedService whose metadata.entityRef is ${entityRef}, or create the service from the "Federated service" template.`}
      />
    );
  }
  return (
    <PlacementOverview
      service={value}
      onChanged={retry}
      action={
        <div style={{ display: 'flex', gap: 8 }}>
          {evidence && (
            <LinkButton to={evidence} variant="outlined">
              Evidence for auditors
            </LinkButton>
          )}
          <RequestChangeButton
            entityRef={entityRef}
            service={value}
            onFiled={retry}
          />
        </div>
      }
    />
  );
}
