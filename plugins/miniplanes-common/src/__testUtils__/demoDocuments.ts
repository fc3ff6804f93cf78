import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fleetFromFile } from '../model/fleet';
import { parseFederatedService, parseFleetFile } from '../model/parse';
import { FederatedService, Fleet } from '../model/types';

const examples = resolve(__dirname, '../../../../examples');

/** The demo fleet of examples/fleet/demo-fleet.yaml. */
export function demoFleet(): Fleet {
  const result = parseFleetFile(
    readFileSync(resolve(examples, 'fleet/demo-fleet.yaml'), 'utf8'),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return fleetFromFile(result.value);
}

/** One of the airline app's services in examples/services/. */
export function demoService(name: string): FederatedService {
  const result = parseFederatedService(
    readFileSync(resolve(examples, `services/${name}.yaml`), 'utf8'),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}
