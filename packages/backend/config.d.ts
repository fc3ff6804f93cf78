export interface Config {
  miniplanes?: {
    /**
     * The demo's embedded fleet: kube-sim clusters started in-process from
     * `miniplanes.fleet.file` and given to miniplanes and the Kubernetes plugin.
     * Off in production, where real clusters are located by configuration.
     */
    simulator?: {
      /** Start the simulated fleet with the backend. */
      enabled?: boolean;
      /** Where to write the fleet's kubeconfig (one context per cluster); default ../../.miniplanes/kubeconfig. */
      kubeconfig?: string;
      /** How long a simulated pod takes to become Running, in milliseconds. */
      podStartupMs?: number;
    };
  };
}
