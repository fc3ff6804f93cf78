import { KubeObject } from '../../kube/types';
import { StoredEvent } from '../../store/ObjectStore';
import { Controller, ObjectRef } from '../Controller';
import { ControllerContext } from '../ControllerContext';
import { metaCondition } from './metaCondition';

type Obj = Record<string, any>;

const EXPORTS = 'multicluster.x-k8s.io/serviceexports';

/**
 * The exporting side of an MCS implementation, within one cluster: a
 * ServiceExport is `Valid` when its Service exists and is not ExternalName,
 * and then `Ready` (reason `Exported`). Conflicts between clusters are not
 * evaluated, so no `Conflict` condition is written.
 */
export class ServiceExportController implements Controller {
  readonly reconcilers = {
    [EXPORTS]: (o: KubeObject) => this.reconcile(o),
  };

  constructor(private readonly ctx: ControllerContext) {}

  /** An export follows its Service's existence and type. */
  dependents(event: StoredEvent): ObjectRef[] {
    if (event.storageKey !== '/services') return [];
    const { namespace, name } = event.object.metadata;
    return this.ctx.ops.store.get(EXPORTS, namespace, name!)
      ? [{ storageKey: EXPORTS, namespace, name: name! }]
      : [];
  }

  private reconcile(serviceExport: KubeObject) {
    const { namespace, name, generation } = serviceExport.metadata;
    const service = this.ctx.ops.store.get('/services', namespace, name!);
    const serviceType = (service?.spec as Obj)?.type;
    let valid = { status: true, reason: 'Valid', message: 'Service is valid' };
    if (!service) {
      valid = {
        status: false,
        reason: 'NoService',
        message: `Service ${namespace}/${name} not found`,
      };
    } else if (serviceType === 'ExternalName') {
      valid = {
        status: false,
        reason: 'InvalidServiceType',
        message: 'Service of type ExternalName cannot be exported',
      };
    }
    const ready = valid.status
      ? {
          status: true,
          reason: 'Exported',
          message: 'Service is exported to the clusterset',
        }
      : {
          status: false,
          reason: 'Pending',
          message: 'Service is not exported until it is valid',
        };
    const type = this.ctx.typeOf(EXPORTS, serviceExport);
    if (!type) return;
    const status = (serviceExport.status ?? {}) as Obj;
    const now = this.ctx.ops.clock.timestamp();
    this.ctx.writeStatus(
      type,
      serviceExport,
      {
        ...status,
        conditions: [
          metaCondition(
            status.conditions,
            { type: 'Valid', ...valid },
            now,
            generation,
          ),
          metaCondition(
            status.conditions,
            { type: 'Ready', ...ready },
            now,
            generation,
          ),
        ],
      },
      'mcs-controller',
    );
  }
}
