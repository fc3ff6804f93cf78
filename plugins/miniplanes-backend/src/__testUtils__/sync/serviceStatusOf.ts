import { serviceStatus } from '../../router/serviceStatus';
import { SyncReplica } from '../syncHarness';

/** The service's status as GET /services/… serves it, from the replica's stores. */
export async function serviceStatusOf(
  replica: Pick<SyncReplica, 'store' | 'statusStore'>,
  entityRef: string,
) {
  const service = (await replica.store.getService(entityRef))!;
  return serviceStatus(service, await replica.statusStore.list([entityRef]));
}
