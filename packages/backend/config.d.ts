export interface Config {
  miniplanes?: {
    /**
     * The demo's embedded fleet: kube-sim clusters started in-process from
     * `miniplanes.fleet.file` and given to miniplanes and the Kubernetes plugin.
     * Off in production, where real clusters are located by configuration;
     * when off, none of it is installed.
     */
    simulator?: {
      /** Start the simulated fleet with the backend. */
      enabled?: boolean;
      /** Where to write the fleet's kubeconfig (one context per cluster); default ../../.miniplanes/kubeconfig. */
      kubeconfig?: string;
      /** How long a simulated pod takes to become Running, in milliseconds. */
      podStartupMs?: number;
      /**
       * How often every simulated Velero Schedule takes a backup, in
       * milliseconds, so the demo shows backups without anyone starting
       * one; 0 or unset: only on demand.
       */
      backupIntervalMs?: number;
      /**
       * Where the simulated clusters keep their objects, CA, tokens and ports
       * across restarts (one subdirectory per cluster), as the store keeps
       * what miniplanes applied; in memory when unset.
       */
      stateDirectory?: string;
    };
  };
  /**
   * The offline demo's stand-in for a Git host: templates publish with
   * `publish:local` to a directory of the backend, and the catalog reads
   * `file:` URLs inside it (and nowhere else). Never enable it in production:
   * whoever runs a template writes to the backend's disk.
   */
  localPublishing?: {
    /** Install publish:local and the reader of its file: URLs; default false. */
    enabled?: boolean;
    /** Where repositories are written, relative to the backend's working directory. */
    directory?: string;
  };
}
