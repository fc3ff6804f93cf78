import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubeObject } from '../kube/types';
import { SimulatedOperator, OPERATOR_CRD_FILES } from './SimulatedOperator';

/** The package's `crds/` folder, wherever the package is installed (it ships with it). */
function crdFolder(): string {
  return join(
    dirname(require.resolve('@miniplanes/kube-sim/package.json')),
    'crds',
  );
}

const cache = new Map<string, KubeObject[]>();

/** The CustomResourceDefinitions of one file of `crds/`. */
export function readCrdFile(file: string): KubeObject[] {
  let crds = cache.get(file);
  if (!crds) {
    const path = join(crdFolder(), file);
    const documents = parseAllDocuments(readFileSync(path, 'utf8'));
    crds = documents.map(d => {
      if (d.errors.length)
        throw new Error(`${path}: ${d.errors.map(e => e.message).join('; ')}`);
      return d.toJS() as KubeObject;
    });
    cache.set(file, crds);
  }
  return crds;
}

/** The CRDs an operator profile installs. */
export function profileCrds(profile: SimulatedOperator): KubeObject[] {
  return OPERATOR_CRD_FILES[profile].flatMap(readCrdFile);
}
