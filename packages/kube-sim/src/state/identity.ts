import { ClusterCertificates } from '../security/certificates';
import { readStateFile, writeStateFile } from './files';

const FILE = 'identity.json';

/** What makes a restarted cluster the same one to its clients: kubeconfigs stay valid. */
export type ClusterIdentity = {
  adminToken: string;
  readOnlyToken: string;
  /** Absent for a plain-HTTP cluster. */
  certificates?: ClusterCertificates;
  port: number;
};

export function readIdentity(directory: string) {
  return readStateFile<ClusterIdentity>(directory, FILE);
}

export function writeIdentity(directory: string, identity: ClusterIdentity) {
  return writeStateFile(directory, FILE, identity);
}
