import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fleetFromFile } from '../model/fleet';
import { parseFederatedService, parseFleetFile } from '../model/parse';
import { FederatedService, Fleet } from '../model/types';
import { validOrThrow } from './validOrThrow';

const examples = resolve(__dirname, '../../../../examples');

/** The demo fleet of examples/fleet/demo-fleet.yaml. */
export function demoFleet(): Fleet {
  const file = validOrThrow(
    parseFleetFile(
      readFileSync(resolve(examples, 'fleet/demo-fleet.yaml'), 'utf8'),
    ),
  );
  return fleetFromFile(file);
}

/** One of the airline app's services in examples/services/. */
export function demoService(name: string): FederatedService {
  return validOrThrow(
    parseFederatedService(
      readFileSync(resolve(examples, `services/${name}.yaml`), 'utf8'),
    ),
  );
}
