/**
 * The operators a simulated cluster can run: each installs its operator's
 * CRDs at start, and the first three run a test controller that drives their
 * status (see the README).
 *
 * @public
 */
export type SimulatedOperator =
  | 'velero'
  | 'cnpg'
  | 'mcs'
  | 'istio'
  | 'prometheus'
  | 'spire';

/** Each profile's CRD files under the package's `crds/` folder. */
export const OPERATOR_CRD_FILES: Record<SimulatedOperator, string[]> = {
  velero: ['velero.yaml'],
  // CloudNativePG backs up through the Barman Cloud plugin's ObjectStore.
  cnpg: ['cnpg.yaml', 'barman-cloud.yaml'],
  mcs: ['mcs.yaml'],
  istio: ['istio.yaml'],
  prometheus: ['prometheus.yaml'],
  spire: ['spire.yaml'],
};

export const SIMULATED_OPERATORS = Object.keys(
  OPERATOR_CRD_FILES,
) as SimulatedOperator[];

/** Checks names given by people (CLI, options from untyped code), naming the valid ones. */
export function parseSimulatedOperators(names: readonly string[]) {
  const unknown = names.filter(
    n => !SIMULATED_OPERATORS.includes(n as SimulatedOperator),
  );
  if (unknown.length) {
    throw new Error(
      `unknown operator profile${unknown.length > 1 ? 's' : ''} ${unknown
        .map(n => JSON.stringify(n))
        .join(', ')}; kube-sim knows ${SIMULATED_OPERATORS.join(', ')}`,
    );
  }
  return [...new Set(names)] as SimulatedOperator[];
}
