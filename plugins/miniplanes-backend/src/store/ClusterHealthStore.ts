/** A cluster's health as probes found it, kept across restarts. */
export interface ClusterHealthRecord {
  cluster: string;
  status: 'Healthy' | 'Unhealthy' | 'Unknown';
  /** Failed probes in a row. */
  failures: number;
  /** Since when it is unhealthy or unknown. */
  since?: string;
  message?: string;
}

/** Where cluster health is kept. */
export interface ClusterHealthStore {
  list(): Promise<ClusterHealthRecord[]>;
  put(records: ClusterHealthRecord[]): Promise<void>;
}
