// Generated from openapi.yaml by `yarn schema:generate`; do not edit.
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'miniplanes',
    version: '1',
    description:
      "The REST API of the miniplanes backend plugin, mounted under /api/miniplanes: the fleet, federated services with their placement decisions and sync status, previews, and placement requests. Every route needs an authenticated caller (Backstage's httpRouter answers 401 before any route runs). Every input is validated against this document; the FederatedService and fleet documents inside bodies are then validated by the miniplanes model, which answers 400 with path-precise messages.",
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  security: [
    {
      JWT: [],
    },
  ],
  components: {
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
    parameters: {
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        description: "The entity's namespace.",
        schema: {
          type: 'string',
        },
      },
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        description: "The entity's kind.",
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        description: "The entity's name.",
        schema: {
          type: 'string',
        },
      },
      requestId: {
        name: 'id',
        in: 'path',
        required: true,
        description: "The placement request's id.",
        schema: {
          type: 'string',
        },
      },
    },
    requestBodies: {
      DecisionBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/DecisionBody',
            },
          },
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: 'An error, with a message saying what to change.',
        content: {
          'application/json; charset=utf-8': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
        required: ['error'],
      },
      Document: {
        description:
          'A YAML or JSON document, as text or as an object. Its content is validated by the miniplanes model, which names every problem by path.',
        anyOf: [
          {
            type: 'object',
          },
          {
            type: 'string',
          },
        ],
      },
      ResourceRole: {
        type: 'string',
        enum: ['data', 'compute', 'config'],
      },
      Reason: {
        type: 'object',
        properties: {
          code: {
            type: 'string',
            enum: [
              'Selector',
              'Capability',
              'Taint',
              'Residency',
              'Governance',
              'Health',
              'Capacity',
              'Spread',
              'Selected',
              'ResourceNotServed',
            ],
          },
          message: {
            type: 'string',
          },
          role: {
            $ref: '#/components/schemas/ResourceRole',
          },
        },
        required: ['code', 'message'],
      },
      ClusterDecision: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          selected: {
            type: 'boolean',
          },
          replicas: {
            description: 'Replicas placed here per role (0 when none).',
            type: 'object',
            additionalProperties: {
              type: 'integer',
            },
          },
          roles: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ResourceRole',
            },
          },
          reasons: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Reason',
            },
          },
          score: {
            type: 'object',
            properties: {
              total: {
                type: 'number',
              },
              breakdown: {
                type: 'object',
                additionalProperties: {
                  type: 'number',
                },
              },
            },
            required: ['total', 'breakdown'],
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
        },
        required: [
          'name',
          'selected',
          'replicas',
          'roles',
          'reasons',
          'score',
          'labels',
        ],
      },
      PlacementDecision: {
        type: 'object',
        properties: {
          satisfiable: {
            type: 'boolean',
          },
          clusters: {
            description: 'One entry per fleet cluster, sorted by name.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterDecision',
            },
          },
          unsatisfied: {
            description:
              'Why the policy cannot be met; empty when satisfiable.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/Reason',
            },
          },
          summary: {
            description:
              'Per role with resources, where it goes and how many replicas in all.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/RoleSummary',
            },
          },
        },
        required: ['satisfiable', 'clusters', 'unsatisfied', 'summary'],
      },
      RoleSummary: {
        type: 'object',
        properties: {
          role: {
            $ref: '#/components/schemas/ResourceRole',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          replicas: {
            type: 'integer',
          },
        },
        required: ['role', 'clusters', 'replicas'],
      },
      Resources: {
        type: 'object',
        properties: {
          cpu: {
            type: 'number',
          },
          memory: {
            type: 'number',
          },
          gpu: {
            type: 'number',
          },
        },
        required: ['cpu', 'memory', 'gpu'],
      },
      Taint: {
        type: 'object',
        properties: {
          key: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
          effect: {
            type: 'string',
            enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
          },
        },
        required: ['key', 'effect'],
      },
      StorageLocation: {
        description:
          "An object store backups may be written to (the fleet file's storageLocations).",
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          provider: {
            type: 'string',
          },
          bucket: {
            type: 'string',
          },
          prefix: {
            type: 'string',
          },
          region: {
            type: 'string',
          },
          endpoint: {
            type: 'string',
          },
          jurisdiction: {
            type: 'string',
          },
        },
        required: ['name', 'provider', 'bucket', 'jurisdiction'],
      },
      IgnoredClusterLabel: {
        description:
          'A sovereignty label a source offered and the fleet did not take, and why.',
        type: 'object',
        properties: {
          label: {
            type: 'string',
          },
          value: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['label', 'value', 'reason'],
      },
      SovereigntyChange: {
        description:
          "A change of a cluster's sovereignty label as the fleet recorded it; every service is re-checked against the new value. `from` is absent the first time the fleet sees the cluster, `to` when no source sets the label any more.",
        type: 'object',
        properties: {
          at: {
            type: 'string',
          },
          cluster: {
            type: 'string',
          },
          label: {
            type: 'string',
          },
          from: {
            type: 'string',
          },
          to: {
            type: 'string',
          },
          source: {
            description:
              'What set the new value (or `no source` when it was removed).',
            type: 'string',
          },
        },
        required: ['at', 'cluster', 'label', 'source'],
      },
      Cluster: {
        description:
          'A member cluster with its merged profile; never its credentials.',
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          title: {
            type: 'string',
          },
          labels: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          capabilities: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          taints: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Taint',
            },
          },
          capacity: {
            $ref: '#/components/schemas/Resources',
          },
          allocated: {
            $ref: '#/components/schemas/Resources',
          },
          health: {
            type: 'object',
            properties: {
              healthy: {
                type: 'boolean',
              },
              since: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['healthy'],
          },
          servedResources: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          operators: {
            description:
              'The operators the cluster runs, by profile name (velero, cnpg, istio, mcs, spire, prometheus…).',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          connections: {
            $ref: '#/components/schemas/ClusterConnections',
          },
          connected: {
            type: 'boolean',
          },
          services: {
            description: 'Entity refs of the services placed there.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          labelSources: {
            description:
              'Where each sovereignty label (jurisdiction) comes from: config, the fleet file, or the trusted source that located the cluster.',
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          ignoredLabels: {
            description:
              'Sovereignty labels an untrusted source (a catalog entity from a location miniplanes.catalog.trustedLocations does not list) offered and the fleet ignored, with why.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/IgnoredClusterLabel',
            },
          },
        },
        required: [
          'name',
          'labels',
          'capabilities',
          'taints',
          'capacity',
          'health',
          'connected',
          'services',
        ],
      },
      ClusterConnections: {
        description:
          'How a cluster connects to the systems around it: how its workloads reach services in other clusters (serviceAccess, gateway when absent), its Istio network and east-west gateway, its Prometheus and its SPIFFE trust domain.',
        type: 'object',
        properties: {
          serviceAccess: {
            type: 'string',
            enum: ['mcs', 'istio', 'gateway'],
          },
          istio: {
            type: 'object',
            properties: {
              network: {
                type: 'string',
              },
              eastWestGateway: {
                type: 'string',
              },
              eastWestPort: {
                type: 'integer',
              },
            },
            required: ['network', 'eastWestGateway'],
          },
          prometheus: {
            type: 'object',
            properties: {
              mode: {
                type: 'string',
                enum: ['federation', 'remoteWrite'],
              },
              address: {
                type: 'string',
              },
            },
            required: ['mode'],
          },
          spiffe: {
            type: 'object',
            properties: {
              trustDomain: {
                type: 'string',
              },
              bundleEndpointURL: {
                type: 'string',
              },
              bundleEndpointProfile: {
                type: 'string',
                enum: ['https_spiffe', 'https_web'],
              },
              endpointSPIFFEID: {
                type: 'string',
              },
            },
            required: [
              'trustDomain',
              'bundleEndpointURL',
              'bundleEndpointProfile',
            ],
          },
        },
      },
      ConnectionState: {
        description:
          "Where the objects behind a connection are, as the last sync saw them: Pending until every one was synced since the service last changed, Error or Drifted when one is, Progressing while one (or a gateway's LoadBalancer address) is not ready, else InSync.",
        type: 'string',
        enum: ['InSync', 'Progressing', 'Drifted', 'Pending', 'Error'],
      },
      ConnectionObject: {
        description:
          'An object a connection relies on, in one cluster, with its sync state.',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          state: {
            description:
              'Pending: not synced there since the service last changed.',
            type: 'string',
            enum: [
              'InSync',
              'Progressing',
              'Drifted',
              'Retained',
              'Conflict',
              'Error',
              'Pending',
            ],
          },
          message: {
            type: 'string',
          },
        },
        required: ['cluster', 'apiVersion', 'kind', 'name', 'state'],
      },
      ServiceAccess: {
        description:
          'How one compute cluster reaches the data in one data cluster.',
        type: 'object',
        properties: {
          from: {
            description: 'The compute cluster.',
            type: 'string',
          },
          to: {
            description: 'The data cluster.',
            type: 'string',
          },
          provider: {
            description: "The compute cluster's service-access provider.",
            type: 'string',
            enum: ['gateway', 'mcs', 'istio'],
          },
          hosts: {
            description: 'The hosts compute uses to reach the data services.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
          addresses: {
            description:
              "Where the traffic goes: the data cluster's gateway LoadBalancer addresses (gateway) or its east-west gateway with the port (istio); none for MCS.",
            type: 'array',
            items: {
              type: 'string',
            },
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          message: {
            type: 'string',
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConnectionObject',
            },
          },
        },
        required: [
          'from',
          'to',
          'provider',
          'hosts',
          'addresses',
          'state',
          'objects',
        ],
      },
      TrustPair: {
        description:
          'SPIFFE trust federated between two clusters that talk, both ways.',
        type: 'object',
        properties: {
          clusters: {
            type: 'array',
            minItems: 2,
            maxItems: 2,
            items: {
              type: 'string',
            },
          },
          trustDomains: {
            description:
              "The two clusters' trust domains, in the order of clusters.",
            type: 'array',
            minItems: 2,
            maxItems: 2,
            items: {
              type: 'string',
            },
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          message: {
            type: 'string',
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConnectionObject',
            },
          },
        },
        required: ['clusters', 'trustDomains', 'state', 'objects'],
      },
      MonitoredCluster: {
        description:
          'A cluster whose Prometheus monitors the service (its ServiceMonitor), and, in remoteWrite mode, the agent that pushes its series.',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          message: {
            type: 'string',
          },
          remoteWrite: {
            description:
              "Where the cluster's PrometheusAgent pushes the service's series, and whether only aggregates leave (the receiver is in another jurisdiction).",
            type: 'object',
            properties: {
              url: {
                type: 'string',
              },
              aggregatesOnly: {
                type: 'boolean',
              },
            },
            required: ['url', 'aggregatesOnly'],
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConnectionObject',
            },
          },
        },
        required: ['cluster', 'state', 'objects'],
      },
      FederationScrape: {
        description:
          'What a global Prometheus scrape of the service federates.',
        type: 'object',
        properties: {
          cluster: {
            description: 'The cluster the global Prometheus runs in.',
            type: 'string',
          },
          match: {
            description:
              "The `match[]` selector: the service's series, or only aggregates across jurisdictions.",
            type: 'string',
          },
          targets: {
            description: 'The clusters scraped at `/federate`.',
            type: 'array',
            items: {
              type: 'object',
              properties: {
                cluster: {
                  type: 'string',
                },
                jurisdiction: {
                  type: 'string',
                },
              },
              required: ['cluster'],
            },
          },
          aggregatesOnly: {
            description:
              "Only aggregates are federated: the clusters are outside the global Prometheus's jurisdiction.",
            type: 'boolean',
          },
          state: {
            $ref: '#/components/schemas/ConnectionState',
          },
          message: {
            type: 'string',
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ConnectionObject',
            },
          },
        },
        required: [
          'cluster',
          'match',
          'targets',
          'aggregatesOnly',
          'state',
          'objects',
        ],
      },
      ServiceConnections: {
        description:
          "What connects the service's clusters, as its current version and decision render it and the clusters hold it: how compute reaches its data, which trust is federated, and where it is observed. Absent when there is nothing to connect.",
        type: 'object',
        properties: {
          access: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ServiceAccess',
            },
          },
          trust: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TrustPair',
            },
          },
          observability: {
            type: 'object',
            properties: {
              monitored: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/MonitoredCluster',
                },
              },
              federation: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/FederationScrape',
                },
              },
            },
            required: ['monitored', 'federation'],
          },
        },
        required: ['access', 'trust', 'observability'],
      },
      ServiceSyncState: {
        description: 'The state of a whole federated service, worst first.',
        type: 'string',
        enum: ['Error', 'Degraded', 'Drifted', 'Progressing', 'InSync'],
      },
      ClusterStatusState: {
        description:
          "A service's state in one cluster: the state the sync recorded, or Pending when the cluster was not synced since the spec or decision last changed (or never).",
        type: 'string',
        enum: [
          'InSync',
          'Progressing',
          'Drifted',
          'Error',
          'BackingOff',
          'Pending',
        ],
      },
      ServiceStatusSummary: {
        description: "What `GET /services` shows of a service's sync status.",
        type: 'object',
        properties: {
          state: {
            $ref: '#/components/schemas/ServiceSyncState',
          },
          message: {
            type: 'string',
          },
          lastSyncAt: {
            type: 'string',
          },
          placedClusters: {
            type: 'integer',
          },
          inSyncClusters: {
            type: 'integer',
          },
          retainedObjects: {
            type: 'integer',
          },
        },
        required: [
          'state',
          'message',
          'placedClusters',
          'inSyncClusters',
          'retainedObjects',
        ],
      },
      SyncRole: {
        description:
          'What a resource is to the sync: data is never deleted by it.',
        type: 'string',
        enum: ['data', 'compute', 'config', 'access'],
      },
      ObjectSyncState: {
        description: 'The state of one object in one member cluster.',
        type: 'string',
        enum: [
          'InSync',
          'Progressing',
          'Drifted',
          'Retained',
          'Conflict',
          'Error',
        ],
      },
      ObjectSyncAction: {
        description: 'What the last sync did to an object.',
        type: 'string',
        enum: ['applied', 'pruned', 'retained', 'none', 'skipped'],
      },
      ObjectSyncStatus: {
        description:
          'What the last sync saw and did to one object in one cluster.',
        type: 'object',
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          role: {
            $ref: '#/components/schemas/SyncRole',
          },
          state: {
            $ref: '#/components/schemas/ObjectSyncState',
          },
          action: {
            $ref: '#/components/schemas/ObjectSyncAction',
          },
          generation: {
            type: 'integer',
          },
          desiredReplicas: {
            type: 'integer',
          },
          readyReplicas: {
            type: 'integer',
          },
          driftedFields: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          reason: {
            description:
              'Why it was applied: missing from the cluster, changed in the spec, or drifted.',
            type: 'string',
            enum: ['missing', 'changed', 'drift'],
          },
          message: {
            type: 'string',
          },
          addresses: {
            description:
              'For a LoadBalancer Service: the addresses the cluster reports for it.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['apiVersion', 'kind', 'name', 'role', 'state', 'action'],
      },
      RetainedObject: {
        description:
          'A data object kept in a cluster the service is no longer placed on.',
        type: 'object',
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          since: {
            description: 'The spec version under which the sync first kept it.',
            type: 'integer',
          },
        },
        required: ['apiVersion', 'kind', 'name'],
      },
      DataOperationStatus: {
        description:
          "What a data cluster's operators report of one of the service's data operations: a backup's last record (and whether it is stale), or the replication role and lag.",
        type: 'object',
        properties: {
          name: {
            description: '`backup:<name>` or `replication`.',
            type: 'string',
          },
          operator: {
            description:
              'The operator profile that carries it out (velero, cnpg, …).',
            type: 'string',
          },
          lastBackup: {
            description:
              'The last backup the operator recorded, whatever its result.',
            type: 'object',
            properties: {
              name: {
                description: "The operator's backup object.",
                type: 'string',
              },
              phase: {
                description:
                  'Its result as the operator says it (Completed, Failed, InProgress…).',
                type: 'string',
              },
              time: {
                description: 'When it finished.',
                type: 'string',
              },
              location: {
                description: "The fleet's storage location it was written to.",
                type: 'string',
              },
              jurisdiction: {
                description: 'The jurisdiction of that storage location.',
                type: 'string',
              },
            },
            required: ['name'],
          },
          stale: {
            description:
              'No successful backup for longer than the service may go without one.',
            type: 'boolean',
          },
          replication: {
            type: 'object',
            properties: {
              role: {
                description:
                  'The role the operator reports (primary, replica).',
                type: 'string',
              },
              lagSeconds: {
                description: 'How far the replica is behind its primary.',
                type: 'number',
              },
              ready: {
                type: 'boolean',
              },
            },
          },
          message: {
            description:
              'Why the status could not be read, or is not there yet.',
            type: 'string',
          },
        },
        required: ['name', 'operator'],
      },
      ClusterSyncStatus: {
        description:
          "A service's sync status in one cluster it is or was placed in.",
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          placed: {
            description:
              'The current decision places something of the service here.',
            type: 'boolean',
          },
          state: {
            $ref: '#/components/schemas/ClusterStatusState',
          },
          specVersion: {
            description: 'The spec version the cluster last fully received.',
            type: 'integer',
          },
          appliedHash: {
            description:
              'Hash of the manifests the cluster last fully received.',
            type: 'string',
          },
          appliedGeneration: {
            description:
              "The lowest metadata.generation among the service's workloads there.",
            type: 'integer',
          },
          desiredReplicas: {
            type: 'integer',
          },
          readyReplicas: {
            type: 'integer',
          },
          driftCount: {
            description: 'Drifts found and restored there so far.',
            type: 'integer',
          },
          retained: {
            description:
              'Data objects kept there although the service is no longer placed there.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/RetainedObject',
            },
          },
          objects: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ObjectSyncStatus',
            },
          },
          operations: {
            description:
              "What the cluster's operators report of the service's data operations (data clusters of a service with spec.dataOperations).",
            type: 'array',
            items: {
              $ref: '#/components/schemas/DataOperationStatus',
            },
          },
          lastError: {
            type: 'string',
          },
          lastSyncAt: {
            type: 'string',
          },
          lastChangeAt: {
            description:
              'When the sync last wrote to the cluster for this service.',
            type: 'string',
          },
        },
        required: [
          'cluster',
          'placed',
          'state',
          'driftCount',
          'retained',
          'objects',
        ],
      },
      ServiceStatus: {
        description: "A service's aggregated sync status.",
        type: 'object',
        properties: {
          state: {
            $ref: '#/components/schemas/ServiceSyncState',
          },
          message: {
            type: 'string',
          },
          lastSyncAt: {
            description: 'Absent while no cluster was ever synced.',
            type: 'string',
          },
          clusters: {
            description:
              'The sync status in every cluster the service is or was placed in.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ClusterSyncStatus',
            },
          },
        },
        required: ['state', 'message', 'clusters'],
      },
      ServiceSummary: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          specVersion: {
            type: 'integer',
          },
          spec: {
            description: 'The FederatedService document.',
            type: 'object',
          },
          decision: {
            $ref: '#/components/schemas/PlacementDecision',
          },
          status: {
            $ref: '#/components/schemas/ServiceStatusSummary',
          },
        },
        required: ['entityRef', 'specVersion', 'spec', 'status'],
      },
      HistoryEvent: {
        type: 'object',
        properties: {
          id: {
            type: 'integer',
          },
          entityRef: {
            type: 'string',
          },
          requestId: {
            type: 'string',
          },
          type: {
            type: 'string',
          },
          actor: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          details: {},
          createdAt: {
            type: 'string',
          },
        },
        required: ['id', 'entityRef', 'type', 'message', 'createdAt'],
      },
      PlacementRequest: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/RequestStatus',
          },
          requestedBy: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          spec: {
            description: 'The proposed FederatedService.',
            type: 'object',
          },
          decision: {
            $ref: '#/components/schemas/PlacementDecision',
          },
          diff: {
            description: 'What changes against the current decision.',
            type: 'object',
          },
          checks: {
            description: 'The policy checks; a failed one blocks approval.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/PolicyCheck',
            },
          },
          baseSpecVersion: {
            type: 'integer',
          },
          impact: {
            $ref: '#/components/schemas/RequestImpact',
          },
          decidedBy: {
            type: 'string',
          },
          comment: {
            type: 'string',
          },
          failure: {
            type: 'string',
          },
          stale: {
            description: 'The service changed since the request was filed.',
            type: 'boolean',
          },
          waitingFor: {
            description:
              'For an approved request, the placed clusters that have not taken its spec yet, and why (down, backing off, not synced yet).',
            type: 'array',
            items: {
              $ref: '#/components/schemas/RequestWait',
            },
          },
          createdAt: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
          },
        },
        required: [
          'id',
          'entityRef',
          'status',
          'requestedBy',
          'reason',
          'spec',
          'decision',
          'diff',
          'checks',
          'stale',
          'createdAt',
          'updatedAt',
        ],
      },
      RequestImpact: {
        description:
          'What approving a request does to the clusters beyond where replicas run, computed at filing from what miniplanes applied.',
        type: 'object',
        properties: {
          deletes: {
            description:
              'Every object the sync will delete, by cluster: released data and what is no longer placed.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ImpactedClusterObject',
            },
          },
          kept: {
            description:
              'Data objects kept where they no longer belong, until a version releases them.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ImpactedClusterObject',
            },
          },
          adoptions: {
            description:
              'Existing objects the version takes over (miniplanes.io/adopt), one by one.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/ObjectRef',
            },
          },
          privileged: {
            description:
              "Objects of powerful kinds the version applies with miniplanes' write access, with what each can do.",
            type: 'array',
            items: {
              $ref: '#/components/schemas/PrivilegedObject',
            },
          },
        },
        required: ['deletes', 'kept', 'adoptions', 'privileged'],
      },
      ObjectRef: {
        description: 'A Kubernetes object, by kind and name.',
        type: 'object',
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
        },
        required: ['apiVersion', 'kind', 'name'],
      },
      ImpactedClusterObject: {
        description:
          'An object in one cluster that approving a request affects, and why.',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['cluster', 'apiVersion', 'kind', 'name', 'reason'],
      },
      PrivilegedObject: {
        description:
          'An object of a powerful kind a version applies, and what it can do.',
        type: 'object',
        properties: {
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          clusterWide: {
            description:
              'It acts on the whole cluster (a cluster-scoped kind): filing it needed miniplanes.request.privileged. Absent on requests filed before miniplanes told these apart.',
            type: 'boolean',
          },
        },
        required: ['apiVersion', 'kind', 'name', 'reason'],
      },
      PolicyCheck: {
        description:
          'One policy check of a request; a failed one blocks approval.',
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          passed: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
        },
        required: ['name', 'passed', 'message'],
      },
      RequestWait: {
        description: 'A cluster an approved request waits for, and why.',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
        },
        required: ['cluster', 'reason'],
      },
      RequestStatus: {
        type: 'string',
        enum: [
          'pending',
          'approved',
          'applied',
          'failed',
          'rejected',
          'withdrawn',
        ],
      },
      ServiceView: {
        description:
          'A federated service with its decision, per-cluster sync status, history and pending requests.',
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          specVersion: {
            type: 'integer',
          },
          spec: {
            type: 'object',
          },
          decision: {
            $ref: '#/components/schemas/PlacementDecision',
          },
          status: {
            $ref: '#/components/schemas/ServiceStatus',
          },
          history: {
            description:
              "The service's newest 200 history entries, oldest first; older ones from `GET /services/{namespace}/{kind}/{name}/history`.",
            type: 'array',
            items: {
              $ref: '#/components/schemas/HistoryEvent',
            },
          },
          olderHistory: {
            description:
              'True when the service has history entries older than these.',
            type: 'boolean',
          },
          requests: {
            description: "The service's pending placement requests.",
            type: 'array',
            items: {
              $ref: '#/components/schemas/PlacementRequest',
            },
          },
          rollout: {
            $ref: '#/components/schemas/RolloutView',
          },
          connections: {
            $ref: '#/components/schemas/ServiceConnections',
          },
        },
        required: [
          'entityRef',
          'specVersion',
          'spec',
          'status',
          'history',
          'requests',
        ],
      },
      PlacementRequestWithHistory: {
        allOf: [
          {
            $ref: '#/components/schemas/PlacementRequest',
          },
          {
            type: 'object',
            properties: {
              history: {
                type: 'array',
                items: {
                  $ref: '#/components/schemas/HistoryEvent',
                },
              },
            },
            required: ['history'],
          },
        ],
      },
      DecisionBody: {
        description: "An approver's or requester's comment on a decision.",
        type: 'object',
        properties: {
          comment: {
            type: 'string',
          },
        },
        additionalProperties: false,
      },
      PreviewBody: {
        type: 'object',
        properties: {
          service: {
            $ref: '#/components/schemas/Document',
          },
          fleet: {
            $ref: '#/components/schemas/Document',
          },
        },
        required: ['service'],
        additionalProperties: false,
      },
      FileRequestBody: {
        type: 'object',
        properties: {
          entityRef: {
            description:
              'The entity the service belongs to, such as component:default/storage.',
            type: 'string',
          },
          reason: {
            description: 'Why the placement should change.',
            type: 'string',
          },
          spec: {
            $ref: '#/components/schemas/Document',
          },
          onBehalfOf: {
            description:
              'The user a service principal files for (a user entity ref), who becomes the requester; only for the service principals miniplanes.automation lists, and only for the entities it names.',
            type: 'string',
          },
        },
        required: ['entityRef', 'reason', 'spec'],
        additionalProperties: false,
      },
      GovernancePolicy: {
        type: 'object',
        description:
          'A fleet-wide data rule, from the fleet file or miniplanes.governance.',
        properties: {
          classification: {
            type: 'string',
          },
          allowedJurisdictions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          description: {
            type: 'string',
          },
        },
        required: ['classification', 'allowedJurisdictions'],
      },
      EvidenceCause: {
        description:
          'Who put the data somewhere or took it away: a spec version (from an approved request, with who asked and who approved, or from a seed), or a fleet change.',
        type: 'object',
        properties: {
          type: {
            description:
              'A spec version (approved through a request, or loaded as a seed), or a fleet change.',
            type: 'string',
            enum: ['version', 'fleet'],
          },
          specVersion: {
            type: 'integer',
          },
          requestId: {
            type: 'string',
          },
          requestedBy: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          message: {
            description: 'What the history says happened, for fleet changes.',
            type: 'string',
          },
          released: {
            description:
              'The interval ended because an approved version released the data, and the sync deleted it.',
            type: 'boolean',
          },
        },
        required: ['type'],
      },
      ResidencyCheck: {
        description:
          "Whether a jurisdiction met the service's residency and governance.",
        type: 'object',
        properties: {
          jurisdiction: {
            type: 'string',
          },
          passed: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
        },
        required: ['passed', 'message'],
      },
      EvidenceInterval: {
        description:
          'A stretch of time a cluster held the data: placed by an approved placement, or retained after it left the placement, until a release.',
        type: 'object',
        properties: {
          state: {
            description:
              'placed: the approved placement put it there; retained: kept after it left the placement, until a release.',
            type: 'string',
            enum: ['placed', 'retained'],
          },
          from: {
            type: 'string',
          },
          until: {
            description: 'Absent while it lasts.',
            type: 'string',
          },
          by: {
            $ref: '#/components/schemas/EvidenceCause',
          },
          endedBy: {
            $ref: '#/components/schemas/EvidenceCause',
          },
          residency: {
            $ref: '#/components/schemas/ResidencyCheck',
          },
        },
        required: ['state', 'from', 'by'],
      },
      DataResidencyRecord: {
        description:
          "Where a service's data lived in one cluster over time, and whether that was allowed.",
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          intervals: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceInterval',
            },
          },
          now: {
            $ref: '#/components/schemas/ResidencyCheck',
          },
        },
        required: ['cluster', 'intervals'],
      },
      EvidenceVersion: {
        description:
          'One approved version of the service, with who asked and who approved.',
        type: 'object',
        properties: {
          specVersion: {
            type: 'integer',
          },
          createdAt: {
            type: 'string',
          },
          source: {
            type: 'string',
            enum: ['request', 'seed'],
          },
          requestId: {
            type: 'string',
          },
          requestedBy: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          outcome: {
            description:
              "The request's outcome: applied, failed (with why) or approved (still under way).",
            type: 'string',
          },
          failure: {
            type: 'string',
          },
          classification: {
            type: 'string',
          },
          residency: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          dataClusters: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          releases: {
            description: 'Clusters this version added to spec.data.release.',
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['specVersion', 'createdAt', 'source', 'releases'],
      },
      EvidenceRelease: {
        description:
          'One release of retained data, and when the sync carried it out (or found it never can).',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          specVersion: {
            type: 'integer',
          },
          requestId: {
            type: 'string',
          },
          approvedBy: {
            type: 'string',
          },
          approvedAt: {
            type: 'string',
          },
          executedAt: {
            description:
              'When the sync deleted it; absent while it is still to be carried out.',
            type: 'string',
          },
          voidedAt: {
            description:
              'When the sync found it can never be carried out (the data was placed on the cluster again, or the object made again); only a later version can release that data.',
            type: 'string',
          },
          voidedBecause: {
            description: 'Why it can never be carried out.',
            type: 'string',
          },
        },
        required: ['cluster', 'kind', 'name', 'specVersion'],
      },
      EvidenceDataObject: {
        description: 'A data object the inventory records in a cluster now.',
        type: 'object',
        properties: {
          cluster: {
            type: 'string',
          },
          apiVersion: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          state: {
            type: 'string',
            enum: ['applied', 'retained'],
          },
          specVersion: {
            type: 'integer',
          },
        },
        required: ['cluster', 'apiVersion', 'kind', 'name', 'state'],
      },
      RolloutStagePlan: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
          },
          clusters: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          maxConcurrency: {
            type: 'integer',
          },
          minHealthyTimeMs: {
            type: 'integer',
          },
          approval: {
            type: 'boolean',
          },
        },
        required: [
          'name',
          'clusters',
          'maxConcurrency',
          'minHealthyTimeMs',
          'approval',
        ],
      },
      RolloutPlan: {
        description:
          'Which placed cluster is in which stage, and the rules of the rollout.',
        type: 'object',
        properties: {
          stages: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/RolloutStagePlan',
            },
          },
          progressDeadlineMs: {
            type: 'integer',
          },
          onFailure: {
            type: 'string',
            enum: ['Pause', 'Rollback'],
          },
        },
        required: ['stages', 'progressDeadlineMs', 'onFailure'],
      },
      RolloutState: {
        description: 'Where a staged rollout is, kept between sync passes.',
        type: 'object',
        properties: {
          specVersion: {
            type: 'integer',
          },
          phase: {
            type: 'string',
            enum: [
              'Progressing',
              'WaitingApproval',
              'Paused',
              'RolledBack',
              'Completed',
            ],
          },
          message: {
            type: 'string',
          },
          stages: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                name: {
                  type: 'string',
                },
                state: {
                  type: 'string',
                  enum: [
                    'Pending',
                    'WaitingApproval',
                    'Progressing',
                    'Soaking',
                    'Completed',
                    'Failed',
                  ],
                },
                startedAt: {
                  type: 'string',
                },
                soakingSince: {
                  type: 'string',
                },
                completedAt: {
                  type: 'string',
                },
                approvedBy: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['name', 'state'],
            },
          },
          clusters: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              properties: {
                stage: {
                  type: 'string',
                },
                state: {
                  type: 'string',
                  enum: [
                    'Pending',
                    'Updating',
                    'Updated',
                    'Failed',
                    'RolledBack',
                  ],
                },
                since: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
              required: ['stage', 'state', 'since'],
            },
          },
        },
        required: ['specVersion', 'phase', 'stages', 'clusters'],
      },
      RolloutView: {
        description:
          "The staged rollout of the service's current version (spec.rollout): its plan and, while it rolls out, its progress.",
        type: 'object',
        properties: {
          plan: {
            $ref: '#/components/schemas/RolloutPlan',
          },
          state: {
            $ref: '#/components/schemas/RolloutState',
          },
        },
        required: ['plan'],
      },
      RolloutActionBody: {
        type: 'object',
        properties: {
          stage: {
            description: 'The stage whose gate approveStage opens.',
            type: 'string',
          },
          comment: {
            type: 'string',
            maxLength: 2000,
          },
        },
        additionalProperties: false,
      },
      EvidenceGovernance: {
        description:
          "A governance policy of the service's classification, as the evidence records it.",
        type: 'object',
        properties: {
          classification: {
            type: 'string',
          },
          allowedJurisdictions: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
        required: ['classification', 'allowedJurisdictions'],
      },
      ServiceEvidence: {
        description:
          "An auditor's export of one service's data, from the store's audit trail: every version with who asked and who approved, where the data was placed and kept over time with the residency check of each placement, every release, and the data objects held now.",
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          generatedAt: {
            type: 'string',
          },
          classification: {
            type: 'string',
          },
          residency: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          governance: {
            description:
              'The governance policies of the classification, as configured now.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceGovernance',
            },
          },
          versions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceVersion',
            },
          },
          dataResidency: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DataResidencyRecord',
            },
          },
          releases: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceRelease',
            },
          },
          currentData: {
            description:
              'The data objects the inventory records in the clusters now.',
            type: 'array',
            items: {
              $ref: '#/components/schemas/EvidenceDataObject',
            },
          },
        },
        required: [
          'entityRef',
          'generatedAt',
          'governance',
          'versions',
          'dataResidency',
          'releases',
          'currentData',
        ],
      },
    },
  },
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description: 'Whether the plugin serves.',
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok'],
                    },
                  },
                  required: ['status'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/clusters': {
      get: {
        operationId: 'ListClusters',
        description:
          "The fleet, as located by Backstage's Kubernetes plugin, with merged profiles, capacity and health.",
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Cluster',
                      },
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/sovereignty-changes': {
      get: {
        operationId: 'ListSovereigntyChanges',
        description:
          "Every change of a cluster's sovereignty labels (jurisdiction) the fleet recorded, newest first.",
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/SovereigntyChange',
                      },
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/governance': {
      get: {
        operationId: 'GetGovernance',
        description:
          "The fleet's data rules: the governance policies by classification, the named jurisdiction groups (such as EU), from the fleet file and configuration, and the storage locations backups may go to.",
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/GovernancePolicy',
                      },
                    },
                    jurisdictions: {
                      type: 'object',
                      additionalProperties: {
                        type: 'array',
                        items: {
                          type: 'string',
                        },
                      },
                    },
                    storageLocations: {
                      description:
                        "Where backups may be kept, each with its jurisdiction: a backup is data, so only locations within the data's residency are allowed.",
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/StorageLocation',
                      },
                    },
                  },
                  required: ['items', 'jurisdictions', 'storageLocations'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services': {
      get: {
        operationId: 'ListServices',
        description:
          'Federated services by entity ref, each with its current decision (explaining every cluster) and a summary of its sync status. With `limit`, one page of them and, when more follow, the `nextCursor` to ask for the next page with; a caller sees only the services of entities they may read, so a page may hold fewer than `limit`. Without `limit`, every service: at a large fleet that answer is hundreds of megabytes.',
        parameters: [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many services a page holds at most.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: 'The `nextCursor` of the page before (with `limit`).',
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/ServiceSummary',
                      },
                    },
                    nextCursor: {
                      type: 'string',
                      description:
                        'Where the next page starts; absent on the last page.',
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services/{namespace}/{kind}/{name}': {
      get: {
        operationId: 'GetService',
        description:
          'One federated service, by the entity it belongs to: its spec, current decision, per-cluster sync status, history and pending requests.',
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/ServiceView',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services/{namespace}/{kind}/{name}/history': {
      get: {
        operationId: 'GetServiceHistory',
        description:
          "A page of the service's history, newest entries first in pages and oldest first within one: the entries older than entry `before` (the newest without it), at most `limit` (200 when absent), and whether older ones remain.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'before',
            in: 'query',
            required: false,
            description: 'The id of the oldest entry already read.',
            schema: {
              type: 'integer',
              minimum: 1,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/HistoryEvent',
                      },
                    },
                    more: {
                      description: 'True when entries older than these remain.',
                      type: 'boolean',
                    },
                  },
                  required: ['items', 'more'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services/{namespace}/{kind}/{name}/evidence': {
      get: {
        operationId: 'GetServiceEvidence',
        description:
          "Evidence for auditors: where the service's data has lived over time (per cluster, placed and retained, from when to when), which approved version and approver put it there, every release, the residency check of each placement and of what is held now — from the store's audit trail. Readable by whoever may read the service.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/ServiceEvidence',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/services/{namespace}/{kind}/{name}/rollout/{action}': {
      post: {
        operationId: 'ActOnRollout',
        description:
          "Acts on the staged rollout of the service's current version: approveStage opens a stage's gate (approvers only, never the person who asked for the version); pause, resume and abort (which rolls every changed cluster back to the last good version, deleting no data) are for approvers and the service's owners. The sync carries it out at once.",
        parameters: [
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'action',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              enum: ['approveStage', 'pause', 'resume', 'abort'],
            },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RolloutActionBody',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The rollout after the action.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/RolloutState',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/preview': {
      post: {
        operationId: 'Preview',
        description:
          'Evaluates a FederatedService document against the live fleet, or against the given fleet document, without storing anything.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/PreviewBody',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The decision, with reasons for every cluster.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementDecision',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '413': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requests': {
      get: {
        operationId: 'ListRequests',
        description:
          'Placement requests, newest first. With `limit`, one page of them and, when more follow, the `nextCursor` to ask for the next page with; a request filed meanwhile shows on no later page. A caller who is not an approver sees only the requests of entities they may read, so a page may hold fewer than `limit`. Without `limit`, every request.',
        parameters: [
          {
            name: 'status',
            in: 'query',
            required: false,
            schema: {
              $ref: '#/components/schemas/RequestStatus',
            },
          },
          {
            name: 'entityRef',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many requests a page holds at most.',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: 'The `nextCursor` of the page before (with `limit`).',
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/PlacementRequest',
                      },
                    },
                    nextCursor: {
                      type: 'string',
                      description:
                        'Where the next page starts; absent on the last page.',
                    },
                  },
                  required: ['items'],
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
      post: {
        operationId: 'FileRequest',
        description:
          'Files a placement request for an entity; only its owners may. Needs a user caller, or a service principal that miniplanes.automation allows to file for the entity on behalf of a user (onBehalfOf).',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/FileRequestBody',
              },
            },
          },
        },
        responses: {
          '201': {
            description:
              'The filed request, with its decision, diff and policy checks.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '413': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requests/{id}': {
      get: {
        operationId: 'GetRequest',
        description: 'One placement request with its history.',
        parameters: [
          {
            $ref: '#/components/parameters/requestId',
          },
        ],
        responses: {
          '200': {
            description: 'Ok',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementRequestWithHistory',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requests/{id}/approve': {
      post: {
        operationId: 'ApproveRequest',
        description:
          'Approves a pending request; only approvers may (people: a service principal never decides), never its requester, and never when a policy check fails or the request is stale.',
        parameters: [
          {
            $ref: '#/components/parameters/requestId',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/DecisionBody',
        },
        responses: {
          '200': {
            description: 'The approved request.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requests/{id}/reject': {
      post: {
        operationId: 'RejectRequest',
        description: 'Rejects a pending request; only approvers may.',
        parameters: [
          {
            $ref: '#/components/parameters/requestId',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/DecisionBody',
        },
        responses: {
          '200': {
            description: 'The rejected request.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/requests/{id}/withdraw': {
      post: {
        operationId: 'WithdrawRequest',
        description: 'Withdraws a pending request; only its requester may.',
        parameters: [
          {
            $ref: '#/components/parameters/requestId',
          },
        ],
        requestBody: {
          $ref: '#/components/requestBodies/DecisionBody',
        },
        responses: {
          '200': {
            description: 'The withdrawn request.',
            content: {
              'application/json; charset=utf-8': {
                schema: {
                  $ref: '#/components/schemas/PlacementRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '409': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
} as const;
