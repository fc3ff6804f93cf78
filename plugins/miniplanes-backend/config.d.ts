import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the miniplanes backend plugin. */
  miniplanes?: {
    fleet?: {
      /**
       * The fleet file: jurisdiction groups, governance policies (which
       * data classification may live in which jurisdictions) and cluster
       * profiles (labels, capabilities, taints, nodes) applied to the located
       * clusters of the same names; its format is in the README of
       * @miniplanes/plugin-miniplanes-common. Relative to the backend's
       * working directory. This project's backend refuses to start without it.
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
       * services that are not stored yet (the demo's airline app). Each is
       * checked as filing checks a version (kinds, what every cluster of the
       * fleet would receive); one that fails is not loaded, and the log says
       * why.
       */
      directory?: string;
      /**
       * A directory of placement requests filed at start-up when not already
       * pending (the demo's queue): YAML files with `requestedBy` (a user
       * entity ref), `reason` and `service` (the proposed FederatedService).
       */
      requests?: string;
    };
    /** Backups and replication carried out by the data clusters' operators. */
    dataOperations?: {
      /**
       * A data cluster with no successful backup for this long is flagged
       * stale on the Placement tab. Default 26 hours.
       */
      backupStaleAfter?: HumanDuration | string;
      /**
       * Operator profiles written as data, for operators miniplanes has no
       * built-in profile for (velero and cnpg are built in): backup
       * templates with `${service}`, `${namespace}`, `${backup}`,
       * `${schedule}`, `${retention}`, `${cluster}` and `${location.name|provider|bucket|prefix|region|endpoint|jurisdiction}`
       * placeholders, where the operator records each backup, and the status
       * paths to read (`$.status.phase`).
       */
      profiles?: Array<{
        name: string;
        backup?: {
          templates: Array<{ [key: string]: unknown }>;
          records?: {
            apiVersion: string;
            kind: string;
            namespace?: string;
            labelSelector: string;
          };
        };
        status?: {
          lastBackupTime?: string;
          lastBackupPhase?: string;
          replicationRole?: string;
          replicationLag?: string;
          healthy?: string;
        };
      }>;
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
      /**
       * How often a reachable cluster is asked which kinds it serves (API
       * discovery: a request per group version); placement keeps services
       * whose kinds a cluster does not serve off it (ResourceNotServed).
       * A failed or partial discovery keeps the last answer. Default 5 minutes.
       */
      discoveryInterval?: HumanDuration | string;
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
      /**
       * The sync reads the objects it manages from copies that watches keep
       * current, so a steady pass lists nothing; each copy is listed afresh
       * when its watch ends or errs and at least this often (which also
       * bounds how long a silently stalled watch can hide a change).
       * Default 3 minutes.
       */
      relistInterval?: HumanDuration | string;
      /**
       * Into how many shards the services are split, each synced by its own
       * scheduled task under its own lease, so that backend replicas on one
       * PostgreSQL database sync different shards at once. A service is in
       * one shard (a hash of its entity ref), so it has one writer. Every
       * replica must have the same number: a replica with another number
       * waits until every claim of the running split has ended. From 1 to
       * 64. Default 1.
       */
      shards?: number;
    };
    /**
     * Service principals (Backstage external access tokens,
     * `backend.auth.externalAccess`) that may file placement requests: a
     * pipeline, a GitOps bot. Each files only for the entities listed, and
     * always on behalf of a catalog user (`onBehalfOf` in the body), who
     * becomes the requester and is notified; the auditor records the
     * principal as the actor. A service principal never approves, rejects or
     * withdraws.
     */
    automation?: Array<{
      /** The principal's subject: `options.subject` of its externalAccess entry. */
      subject: string;
      /** Entity refs it may file for, e.g. component:default/storage. */
      entities: string[];
    }>;
    /**
     * When set, a filed version may apply only kinds matching one of these
     * patterns; a version with any other kind is refused (400, naming each
     * object by its path and this key). A pattern is `Kind` (that kind in
     * any API group and version, e.g. `ConfigMap`), or `group/version/Kind`
     * where the core group is written `core` and any part may be `*`:
     * `core/v1/ConfigMap`, `apps/v1/*` (every kind of apps/v1), and the
     * README's examples with `*` for the version. Checked at filing and on
     * each seed at start-up (a refused seed is not loaded, and the log says
     * why); stored versions are not re-checked. Unset: every kind.
     */
    allowedKinds?: string[];
    /**
     * Kinds a filed version may never apply, whatever `allowedKinds` says:
     * patterns as for `allowedKinds`, e.g. `Secret` or
     * `rbac.authorization.k8s.io/v1/ClusterRoleBinding`.
     */
    deniedKinds?: string[];
    /** How miniplanes reads clusters from the catalog. */
    catalog?: {
      /**
       * Locations whose kubernetes-cluster entities may set sovereignty
       * labels (jurisdiction): matched against the entity's
       * `backstage.io/managed-by-origin-location`, which the catalog sets
       * from where the entity was registered; a trailing `*` matches a
       * prefix, e.g. `url:https://github.com/acme/platform/blob/main/clusters/*`.
       * Other entities' jurisdiction labels are ignored (and shown as
       * ignored on the fleet page): whoever may edit an entity must not
       * decide whose data its cluster holds. Config and the fleet file are
       * always trusted.
       */
      trustedLocations?: string[];
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
