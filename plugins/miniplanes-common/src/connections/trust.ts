import { ClusterProfile } from '../model/types';
import { OperationManifest } from '../dataOperations/types';
import {
  MINIPLANES_LABELS,
  serviceLabelValue,
} from '../render/ownershipLabels';

/**
 * SPIRE federation between exactly the clusters that must talk: for each
 * cluster, a ClusterFederatedTrustDomain per peer trust domain (federation
 * is one-way, so both sides get one), and the service's ClusterSPIFFEID
 * whose `federatesWith` names exactly those trust domains — never a full
 * mesh.
 */
export function trustObjects(input: {
  entityRef: string;
  entityName: string;
  cluster: ClusterProfile;
  /** The clusters this one's workloads of the service talk to. */
  peers: ClusterProfile[];
}): OperationManifest[] {
  const own = input.cluster.connections?.spiffe;
  const peers = input.peers.filter(p => p.connections?.spiffe);
  if (!own || peers.length === 0) return [];
  const domains = peers.map(p => p.connections!.spiffe!);
  return [
    ...peers.map(peer => {
      const spiffe = peer.connections!.spiffe!;
      return {
        apiVersion: 'spire.spiffe.io/v1alpha1',
        kind: 'ClusterFederatedTrustDomain',
        metadata: { name: `${input.entityName}-${peer.name}` },
        spec: {
          trustDomain: spiffe.trustDomain,
          bundleEndpointURL: spiffe.bundleEndpointURL,
          bundleEndpointProfile: {
            type: spiffe.bundleEndpointProfile,
            ...(spiffe.endpointSPIFFEID
              ? { endpointSPIFFEID: spiffe.endpointSPIFFEID }
              : {}),
          },
        },
      };
    }),
    {
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      metadata: { name: input.entityName },
      spec: {
        spiffeIDTemplate:
          'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
        podSelector: {
          matchLabels: {
            [MINIPLANES_LABELS.service]: serviceLabelValue(input.entityRef),
          },
        },
        federatesWith: [...new Set(domains.map(d => d.trustDomain))].sort(),
      },
    },
  ];
}
