import { SimulatedOperator } from '../../operators/SimulatedOperator';
import { Controller } from '../Controller';
import { ControllerContext } from '../ControllerContext';
import { CnpgController } from './cnpgController';
import { ServiceExportController } from './serviceExportController';
import { VeleroController } from './veleroController';

export type OperatorSettings = {
  operators: readonly SimulatedOperator[];
  /** How long an operator's step takes: a Backup running, instances starting (ms). */
  operatorStepMs: number;
  /** Every Velero Schedule backs up this often (ms); only on demand when absent. */
  backupIntervalMs?: number;
};

/** The test controllers of the operators a cluster runs (istio, prometheus and spire have none). */
export function operatorControllers(
  ctx: ControllerContext,
  settings: OperatorSettings,
) {
  const has = (p: SimulatedOperator) => settings.operators.includes(p);
  const velero = has('velero')
    ? new VeleroController(ctx, {
        backupDurationMs: settings.operatorStepMs,
        backupIntervalMs: settings.backupIntervalMs,
      })
    : undefined;
  const cnpg = has('cnpg')
    ? new CnpgController(ctx, settings.operatorStepMs)
    : undefined;
  const mcs = has('mcs') ? new ServiceExportController(ctx) : undefined;
  const all: Controller[] = [velero, cnpg, mcs].filter(
    (c): c is NonNullable<typeof c> => Boolean(c),
  );
  return { velero, cnpg, all };
}
