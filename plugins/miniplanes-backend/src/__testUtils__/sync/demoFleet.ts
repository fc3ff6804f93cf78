import {
  fleetFromFile,
  parseFleetFile,
} from '@miniplanes/plugin-miniplanes-common';
import { demoFleetText } from '../syncHarness';

/** The demo fleet as placement and rendering read it, without simulating it. */
export function demoFleet() {
  const parsed = parseFleetFile(demoFleetText());
  if (!parsed.ok) throw new Error('demo fleet is invalid');
  return fleetFromFile(parsed.value);
}
