import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the miniplanes backend plugin. */
  miniplanes?: {
    fleet?: {
      /**
       * A fleet file (see PRODUCT.md) whose jurisdictions, governance and
       * cluster profiles (labels, capabilities, taints, capacity) apply to
       * the clusters of the same names. Relative to the backend's directory.
       */
      file?: string;
    };
    seed?: {
      /**
       * Load the seeds below at start-up; default true. Production configs
       * layered on the demo's app-config.yaml set false.
       */
      enabled?: boolean;
      /**
       * A directory of FederatedService documents loaded at start-up for
       * services that are not stored yet (the demo's airline app).
       */
      directory?: string;
      /**
       * A directory of placement requests filed at start-up when not already
       * pending (the demo's queue): YAML files with `requestedBy` (a user
       * entity ref), `reason` and `service` (the proposed FederatedService).
       */
      requests?: string;
    };
    requests?: {
      /**
       * How long an approved request may wait for the clusters before the
       * approvers are notified that it is stuck. Default 15 minutes.
       */
      applyDeadline?: HumanDuration | string;
      /**
       * How long after approval a request that is still not applied fails,
       * with what it waited for. Default 24 hours.
       */
      failDeadline?: HumanDuration | string;
    };
    approvers?: {
      /**
       * The group whose members may approve or reject placement requests
       * (with the default permission policy) and are notified of new ones.
       * Default group:default/platform-team.
       */
      group?: string;
    };
    health?: {
      /** Seconds between fleet refreshes (probes and re-evaluation). Default 15. */
      intervalSeconds?: number;
      /** Failed probes in a row before a cluster counts as unhealthy. Default 3. */
      failureThreshold?: number;
      /** Milliseconds a probe may take. Default 5000. */
      timeoutMs?: number;
    };
    sync?: {
      /** How often every service is synced to every cluster. Default 30 seconds. */
      frequency?: HumanDuration | string;
      /** How long one sync pass may take before the scheduler aborts it. Default 5 minutes. */
      timeout?: HumanDuration | string;
      /**
       * How long a cluster may stay unhealthy before its compute replicas
       * move to other eligible clusters. Data never moves. Default 2 minutes.
       */
      failoverGracePeriod?: HumanDuration | string;
      /** Concurrent writes per member cluster. Default 8. */
      concurrencyPerCluster?: number;
      /** Milliseconds one call to a member cluster may take. Default 10000. */
      callTimeoutMs?: number;
    };
    /** Named groups of jurisdictions, e.g. EU: [FR, DE, IE, NL]. */
    jurisdictions?: { [group: string]: string[] };
    /** Fleet-wide data rules that no request, approval or failover can break. */
    governance?: Array<{
      classification: string;
      allowedJurisdictions: string[];
      description?: string;
    }>;
    /** Per-cluster profile and write credentials, by cluster name. */
    clusters?: {
      [name: string]: {
        labels?: { [key: string]: string };
        capabilities?: string[];
        taints?: Array<{ key: string; value?: string; effect: string }>;
        /**
         * A token allowed to write, used instead of the Kubernetes plugin's
         * (meant to be read-only).
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * For clusters the catalog locates: the API server the write token
         * may be sent to. The token is used only when the entity's
         * `kubernetes.io/api-server` equals it, so whoever can register
         * catalog entities cannot redirect the token elsewhere.
         */
        url?: string;
      };
    };
  };
}
