import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  miniplanesApiRef,
  PlacementRequestView,
  ServiceWithHistory,
} from '../../api';

/** A service's current version as the page read it for its requests' cards. */
export interface CurrentService {
  loading: boolean;
  /** Undefined when the service has no federated service (any more). */
  value?: ServiceWithHistory;
  error?: Error;
}

/**
 * The current version of each service whose pending requests compare their
 * spec with it: read once per service, however many of its requests the
 * page shows; read again when those requests change (one turned stale, or
 * another was filed), not each time the page reloads its list.
 */
export function useCurrentServices(
  requests: PlacementRequestView[] | undefined,
): (entityRef: string) => CurrentService {
  const api = useApi(miniplanesApiRef);
  const compared = (requests ?? []).filter(
    r => r.status === 'pending' && r.baseSpecVersion,
  );
  const refs = [...new Set(compared.map(r => r.entityRef))];
  // The reads follow which requests compare and which turned stale (their
  // service moved on), not the identity of each list the page reloads.
  const wanted = compared
    .map(r => `${r.id}${r.stale ? ' stale' : ''}`)
    .join(',');
  const reads = useAsync(async () => {
    const read = await Promise.allSettled(refs.map(r => api.getService(r)));
    return new Map(refs.map((ref, index) => [ref, read[index]]));
  }, [api, wanted]);
  return useCallback(
    (entityRef: string): CurrentService => {
      const read = reads.value?.get(entityRef);
      if (reads.loading || !read) return { loading: true };
      return read.status === 'fulfilled'
        ? { loading: false, value: read.value }
        : { loading: false, error: read.reason as Error };
    },
    [reads],
  );
}
