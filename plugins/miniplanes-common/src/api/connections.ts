import type {
  ConnectionObject,
  ConnectionState,
  FederationScrape,
  MonitoredCluster,
  ServiceAccess,
} from '../schema/openapi';

/*
 * What connects a service across clusters, as the REST API serves it. The
 * types are the OpenAPI document's, generated into schema/openapi, but for
 * the tuples of a trust pair, which the generated client types as arrays.
 */

export type {
  /**
   * Where the objects behind a connection are, as the last sync saw them:
   * Pending until every one was synced since the service last changed, Error
   * or Drifted when one is, Progressing while one (or a gateway's
   * LoadBalancer address) is not ready, else InSync.
   */
  ConnectionState,
  /** An object a connection relies on, in one cluster, with its sync state. */
  ConnectionObject,
  ConnectionObjectStateEnum,
  /** How one compute cluster reaches the data in one data cluster. */
  ServiceAccess as ServiceAccessView,
  ServiceAccessProviderEnum,
  /** What a global Prometheus scrape of the service federates. */
  FederationScrape as FederationScrapeView,
  FederationScrapeTargetsInner,
  /** A cluster whose Prometheus monitors the service (its ServiceMonitor), and where it pushes in remoteWrite mode. */
  MonitoredCluster as MonitoredClusterView,
  MonitoredClusterRemoteWrite,
} from '../schema/openapi';

/** SPIFFE trust federated between two clusters that talk, both ways. @public */
export interface TrustPairView {
  clusters: [string, string];
  /** The two clusters' trust domains, in the order of `clusters`. */
  trustDomains: [string, string];
  state: ConnectionState;
  message?: string;
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
  access: ServiceAccess[];
  trust: TrustPairView[];
  observability: {
    monitored: MonitoredCluster[];
    federation: FederationScrape[];
  };
}
