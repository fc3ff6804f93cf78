import { clone } from '../kube/clone';
import { Operations } from '../operations/Operations';
import { SYSTEM_CONTEXT } from '../operations/options';
import { deepEqual } from '../patch/deepEqual';
import { profileCrds } from './crdManifests';
import { SimulatedOperator } from './SimulatedOperator';

/**
 * Installs the profiles' CRDs as an operator's Helm chart would: creates the
 * missing ones and brings a restored one's spec up to date (its status and
 * custom resources stay).
 */
export function installOperatorCrds(
  ops: Operations,
  profiles: readonly SimulatedOperator[],
) {
  const crdType = ops.registry.find(
    'apiextensions.k8s.io',
    'v1',
    'customresourcedefinitions',
  )!;
  const ctx = { ...SYSTEM_CONTEXT, fieldManager: 'kube-sim-operators' };
  for (const crd of profiles.flatMap(profileCrds)) {
    const name = crd.metadata.name!;
    const current = ops.find(crdType, undefined, name);
    if (!current) {
      ops.create(crdType, undefined, clone(crd), ctx);
    } else if (!deepEqual(current.spec, crd.spec)) {
      ops.update(
        crdType,
        undefined,
        name,
        { ...current, spec: clone(crd.spec) },
        ctx,
      );
    }
  }
}
