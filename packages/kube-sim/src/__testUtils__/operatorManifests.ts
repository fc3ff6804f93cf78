/**
 * One manifest of every kind the operator profiles serve, shaped as the
 * operators' own documentation writes them: tests create them and expect
 * them back unchanged (nothing pruned, nothing refused).
 */
export const velero = {
  namespace: {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'velero' },
  },
  credentials: {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'cloud-credentials', namespace: 'velero' },
    stringData: { cloud: '[default]\naws_access_key_id=AKIA\n' },
  },
  location: {
    apiVersion: 'velero.io/v1',
    kind: 'BackupStorageLocation',
    metadata: { name: 'us-backups', namespace: 'velero' },
    spec: {
      provider: 'aws',
      objectStorage: { bucket: 'airline-backups-us', prefix: 'us-pet' },
      config: { region: 'us-east-1' },
      credential: { name: 'cloud-credentials', key: 'cloud' },
      default: true,
    },
  },
  schedule: {
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: { name: 'storage-daily', namespace: 'velero' },
    spec: {
      schedule: '0 2 * * *',
      template: {
        includedNamespaces: ['storage'],
        labelSelector: { matchLabels: { app: 'storage' } },
        storageLocation: 'us-backups',
        volumeSnapshotLocations: ['default'],
        ttl: '168h0m0s',
      },
    },
  },
  backup: {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: { name: 'storage-manual', namespace: 'velero' },
    spec: {
      includedNamespaces: ['storage'],
      storageLocation: 'us-backups',
      ttl: '24h0m0s',
    },
  },
};

export const cnpg = {
  objectStore: {
    apiVersion: 'barmancloud.cnpg.io/v1',
    kind: 'ObjectStore',
    metadata: { name: 'us-store', namespace: 'default' },
    spec: {
      configuration: {
        destinationPath: 's3://airline-backups-us/pg',
        s3Credentials: {
          accessKeyId: { name: 'aws-creds', key: 'ACCESS_KEY_ID' },
          secretAccessKey: { name: 'aws-creds', key: 'ACCESS_SECRET_KEY' },
        },
        wal: { compression: 'gzip' },
      },
      retentionPolicy: '30d',
    },
  },
  primary: {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'airline-db', namespace: 'default' },
    spec: {
      instances: 3,
      storage: { size: '1Gi' },
      replica: { primary: 'airline-db', source: 'airline-db-east' },
      plugins: [
        {
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: 'us-store' },
        },
      ],
      externalClusters: [
        {
          name: 'airline-db-east',
          plugin: {
            name: 'barman-cloud.cloudnative-pg.io',
            parameters: { barmanObjectName: 'us-store', serverName: 'east' },
          },
        },
      ],
    },
  },
  replica: {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'airline-db-replica', namespace: 'default' },
    spec: {
      instances: 2,
      bootstrap: { pg_basebackup: { source: 'airline-db' } },
      replica: { enabled: true, source: 'airline-db', minApplyDelay: '5m' },
      externalClusters: [
        {
          name: 'airline-db',
          connectionParameters: {
            host: 'airline-db-rw.default.svc',
            user: 'streaming_replica',
            sslmode: 'verify-full',
          },
          sslKey: { name: 'airline-db-replication', key: 'tls.key' },
          sslCert: { name: 'airline-db-replication', key: 'tls.crt' },
          sslRootCert: { name: 'airline-db-ca', key: 'ca.crt' },
          barmanObjectStore: {
            destinationPath: 's3://airline-backups-us/pg',
            s3Credentials: {
              accessKeyId: { name: 'aws-creds', key: 'ACCESS_KEY_ID' },
            },
          },
        },
      ],
    },
  },
};

export const mcs = {
  serviceExport: {
    apiVersion: 'multicluster.x-k8s.io/v1alpha1',
    kind: 'ServiceExport',
    metadata: { name: 'storage', namespace: 'default' },
    spec: { exportedLabels: { app: 'storage' } },
  },
  serviceImport: {
    apiVersion: 'multicluster.x-k8s.io/v1alpha1',
    kind: 'ServiceImport',
    metadata: { name: 'storage', namespace: 'default' },
    spec: {
      type: 'ClusterSetIP',
      ips: ['10.42.0.10'],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      sessionAffinity: 'None',
    },
  },
};

export const istio = {
  serviceEntry: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: { name: 'storage-us-pet', namespace: 'default' },
    spec: {
      hosts: ['storage.default.global'],
      addresses: ['240.0.0.10'],
      ports: [{ number: 8080, name: 'http', protocol: 'HTTP' }],
      location: 'MESH_INTERNAL',
      resolution: 'STATIC',
      workloadSelector: { labels: { app: 'storage' } },
      exportTo: ['.'],
    },
  },
  workloadEntry: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'WorkloadEntry',
    metadata: { name: 'storage-us-pet', namespace: 'default' },
    spec: {
      address: '172.16.1.20',
      ports: { http: 15443 },
      labels: { app: 'storage' },
      network: 'us-pet-network',
      locality: 'us-west-2/us-west-2b',
      weight: 100,
      serviceAccount: 'storage',
    },
  },
};

export const prometheus = {
  serviceMonitor: {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'storage', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'storage' } },
      namespaceSelector: { matchNames: ['default'] },
      endpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: '30s',
          relabelings: [
            {
              targetLabel: 'cluster',
              replacement: 'us-pet',
              action: 'replace',
            },
          ],
          metricRelabelings: [
            { sourceLabels: ['__name__'], regex: 'go_.*', action: 'drop' },
          ],
        },
      ],
    },
  },
  agent: {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'PrometheusAgent',
    metadata: { name: 'storage-remote-write', namespace: 'default' },
    spec: {
      replicas: 1,
      serviceMonitorSelector: { matchLabels: { app: 'storage' } },
      externalLabels: { cluster: 'eu-spot', jurisdiction: 'DE' },
      remoteWrite: [
        {
          url: 'https://prometheus.us-east.example/api/v1/write',
          writeRelabelConfigs: [
            { sourceLabels: ['__name__'], regex: 'job:.*', action: 'keep' },
          ],
          queueConfig: { maxSamplesPerSend: 2000 },
        },
      ],
    },
  },
  scrapeConfig: {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'ScrapeConfig',
    metadata: { name: 'federate-us-pet', namespace: 'default' },
    spec: {
      staticConfigs: [
        {
          targets: ['prometheus.us-pet.example:9090'],
          labels: { cluster: 'us-pet', jurisdiction: 'US' },
        },
      ],
      metricsPath: '/federate',
      params: { 'match[]': ['{job="storage"}'] },
      honorLabels: true,
    },
  },
};

export const spire = {
  trustDomain: {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterFederatedTrustDomain',
    metadata: { name: 'us-pet' },
    spec: {
      trustDomain: 'us-pet.miniplanes.example',
      bundleEndpointURL: 'https://spire.us-pet.example:8443',
      bundleEndpointProfile: {
        type: 'https_spiffe',
        endpointSPIFFEID: 'spiffe://us-pet.miniplanes.example/spire/server',
      },
    },
  },
  spiffeId: {
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: 'storage' },
    spec: {
      spiffeIDTemplate:
        'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}',
      podSelector: { matchLabels: { app: 'storage' } },
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'default' },
      },
      federatesWith: ['us-pet.miniplanes.example'],
      dnsNameTemplates: ['storage.default.svc'],
      ttl: '1h',
    },
  },
};
