import { ObjectSyncState, SyncedObjectRef } from './syncStatus';

/**
 * Where the objects behind a connection are, as the last sync saw them:
 * Pending until every one was synced since the service last changed, Error
 * or Drifted when one is, Progressing while one (or a gateway's
 * LoadBalancer address) is not ready, else InSync.
 *
 * @public
 */
export type ConnectionState =
  | 'InSync'
  | 'Progressing'
  | 'Drifted'
  | 'Pending'
  | 'Error';

/** An object a connection relies on, in one cluster, with its sync state. @public */
export interface ConnectionObject extends SyncedObjectRef {
  cluster: string;
  /** Pending: not synced there since the service last changed. */
  state: ObjectSyncState | 'Pending';
  message?: string;
}

/** How one compute cluster reaches the data in one data cluster. @public */
export interface ServiceAccessView {
  /** The compute cluster. */
  from: string;
  /** The data cluster. */
  to: string;
  /** The compute cluster's service-access provider. */
  provider: 'gateway' | 'mcs' | 'istio';
  /** The hosts compute uses to reach the data services. */
  hosts: string[];
  /**
   * Where the traffic goes: the addresses the data cluster's gateway
   * LoadBalancer reports (gateway), its east-west gateway (istio, with the
   * port); none for MCS, whose controller allocates the clusterset IP.
   */
  addresses: string[];
  state: ConnectionState;
  message?: string;
  objects: ConnectionObject[];
}

/** SPIFFE trust federated between two clusters that talk, both ways. @public */
export interface TrustPairView {
  clusters: [string, string];
  /** The two clusters' trust domains, in the order of `clusters`. */
  trustDomains: [string, string];
  state: ConnectionState;
  message?: string;
  objects: ConnectionObject[];
}

/** What a global Prometheus scrape of the service federates. @public */
export interface FederationScrapeView {
  /** The cluster the global Prometheus runs in. */
  cluster: string;
  /** The `match[]` selector: the service's series, or only aggregates across jurisdictions. */
  match: string;
  /** The clusters scraped at `/federate`. */
  targets: { cluster: string; jurisdiction?: string }[];
  /** Only aggregates are federated: the clusters are outside the global Prometheus's jurisdiction. */
  aggregatesOnly: boolean;
  state: ConnectionState;
  message?: string;
  objects: ConnectionObject[];
}

/** A cluster whose Prometheus monitors the service (its ServiceMonitor), and where it pushes in remoteWrite mode. @public */
export interface MonitoredClusterView {
  cluster: string;
  state: ConnectionState;
  message?: string;
  /** Where its PrometheusAgent pushes, and whether only aggregates leave (another jurisdiction). */
  remoteWrite?: { url: string; aggregatesOnly: boolean };
  objects: ConnectionObject[];
}

/**
 * What connects a service's clusters, as the current version and decision
 * render it and the clusters hold it: how compute reaches its data, which
 * trust is federated, and where it is observed.
 *
 * @public
 */
export interface ServiceConnectionsView {
  access: ServiceAccessView[];
  trust: TrustPairView[];
  observability: {
    monitored: MonitoredClusterView[];
    federation: FederationScrapeView[];
  };
}
