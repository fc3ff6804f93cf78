import {
  FederatedService,
  Fleet,
  ResourceInterpreter,
} from '@miniplanes/plugin-miniplanes-common';
import { KindPolicy } from './KindPolicy';
import { validateVersion } from './validateVersion';

/**
 * Why this portal refuses a version whoever brings it, or undefined: kinds it
 * does not allow, or what would fail to render or apply on some cluster of
 * the fleet. Filing answers 400 with it, and a seed with one is not loaded:
 * an operator's file gets no wider door than an owner's request.
 */
export function filingRefusal(
  spec: FederatedService,
  options: {
    fleet: Fleet;
    kinds?: KindPolicy;
    interpreters?: readonly ResourceInterpreter[];
  },
): string | undefined {
  const refusedKinds = options.kinds?.problems(spec) ?? [];
  if (refusedKinds.length > 0) {
    return `the proposed version applies kinds this portal does not allow:\n${refusedKinds
      .map(p => `  ${p.path}: ${p.message}`)
      .join('\n')}`;
  }
  const problems = validateVersion(spec, options.fleet, options.interpreters);
  if (problems.length > 0) {
    return `the proposed version cannot be applied on every cluster of the fleet:\n${problems
      .map(p => `  ${p.path}: ${p.message}`)
      .join('\n')}`;
  }
  return undefined;
}
