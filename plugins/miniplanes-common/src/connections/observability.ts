import { ClusterProfile, Fleet } from '../model/types';
import { OperationManifest } from '../dataOperations/types';
import {
  MINIPLANES_LABELS,
  serviceLabelValue,
} from '../render/ownershipLabels';

/** The port name a service's Services expose metrics on. */
export const METRICS_PORT = 'metrics';
/** What leaves a jurisdiction by default: recording rules' aggregates only. */
export const DEFAULT_AGGREGATE_PATTERN = 'job:.*';

/** A ServiceMonitor for the service's Services that expose a metrics port, in one cluster. */
export function serviceMonitor(input: {
  entityRef: string;
  entityName: string;
  namespace: string;
}): OperationManifest {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: input.entityName, namespace: input.namespace },
    spec: {
      selector: {
        matchLabels: {
          [MINIPLANES_LABELS.service]: serviceLabelValue(input.entityRef),
        },
      },
      namespaceSelector: { matchNames: [input.namespace] },
      endpoints: [{ port: METRICS_PORT, interval: '30s' }],
    },
  };
}

/**
 * The global Prometheus's federation scrape configs for a service: every
 * placed cluster with a federated Prometheus is scraped at `/federate`
 * (`honorLabels`, with `cluster` and `jurisdiction` labels); clusters in
 * the global Prometheus's own jurisdiction give the service's series, the
 * others only the aggregates the operator's pattern allows — raw series
 * never leave their jurisdiction.
 */
export function federationScrapeConfigs(input: {
  entityName: string;
  namespace: string;
  fleet: Fleet;
  clusters: ClusterProfile[];
}): { cluster: string; manifests: OperationManifest[] } | undefined {
  const global = input.fleet.observability?.globalPrometheus;
  if (!global) return undefined;
  const home = input.fleet.clusters.find(c => c.name === global.cluster);
  if (!home) return undefined;
  const jurisdiction = home.labels.jurisdiction;
  const federated = input.clusters.filter(
    c =>
      c.connections?.prometheus?.mode === 'federation' &&
      c.connections.prometheus.address,
  );
  const target = (c: ClusterProfile) => ({
    targets: [c.connections!.prometheus!.address!],
    labels: {
      cluster: c.name,
      ...(c.labels.jurisdiction ? { jurisdiction: c.labels.jurisdiction } : {}),
    },
  });
  const config = (
    suffix: string,
    match: string,
    clusters: ClusterProfile[],
  ): OperationManifest[] =>
    clusters.length === 0
      ? []
      : [
          {
            apiVersion: 'monitoring.coreos.com/v1alpha1',
            kind: 'ScrapeConfig',
            metadata: {
              name: `${input.entityName}-${suffix}`,
              namespace: global.namespace ?? 'monitoring',
            },
            spec: {
              metricsPath: '/federate',
              honorLabels: true,
              params: { 'match[]': [match] },
              staticConfigs: clusters.map(target),
            },
          },
        ];
  const local = federated.filter(c => c.labels.jurisdiction === jurisdiction);
  const abroad = federated.filter(c => c.labels.jurisdiction !== jurisdiction);
  const pattern =
    input.fleet.observability?.aggregatePattern ?? DEFAULT_AGGREGATE_PATTERN;
  return {
    cluster: home.name,
    manifests: [
      ...config(
        'federation',
        `{namespace="${input.namespace}",service=~"${input.entityName}.*"}`,
        local,
      ),
      ...config(
        'federation-aggregates',
        `{__name__=~"${pattern}",namespace="${input.namespace}"}`,
        abroad,
      ),
    ],
  };
}

/** The name of the agent that pushes a service's series from one cluster. */
export const remoteWriteAgentName = (entityName: string) =>
  `${entityName}-remote-write`;

/**
 * For a cluster whose Prometheus pushes (`remoteWrite` mode): a
 * PrometheusAgent of miniplanes' own in the service's namespace that scrapes
 * the service's ServiceMonitor and remote-writes to the global Prometheus,
 * with `cluster` and `jurisdiction` external labels. Pushed across a
 * jurisdiction, only the aggregates the operator's pattern allows leave (a
 * `keep` write relabeling), as federation does. Undefined when the fleet
 * names no global Prometheus with a remote-write receiver.
 */
export function remoteWriteAgent(input: {
  entityRef: string;
  entityName: string;
  namespace: string;
  cluster: ClusterProfile;
  fleet: Fleet;
}): OperationManifest | undefined {
  const global = input.fleet.observability?.globalPrometheus;
  if (!global?.remoteWriteURL) return undefined;
  const home = input.fleet.clusters.find(c => c.name === global.cluster);
  if (!home) return undefined;
  const jurisdiction = input.cluster.labels.jurisdiction;
  const abroad = jurisdiction !== home.labels.jurisdiction;
  const pattern =
    input.fleet.observability?.aggregatePattern ?? DEFAULT_AGGREGATE_PATTERN;
  return {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'PrometheusAgent',
    metadata: {
      name: remoteWriteAgentName(input.entityName),
      namespace: input.namespace,
    },
    spec: {
      serviceMonitorSelector: {
        matchLabels: {
          [MINIPLANES_LABELS.service]: serviceLabelValue(input.entityRef),
        },
      },
      externalLabels: {
        cluster: input.cluster.name,
        ...(jurisdiction ? { jurisdiction } : {}),
      },
      remoteWrite: [
        {
          url: global.remoteWriteURL,
          ...(abroad
            ? {
                writeRelabelConfigs: [
                  {
                    sourceLabels: ['__name__'],
                    regex: pattern,
                    action: 'keep',
                  },
                ],
              }
            : {}),
        },
      ],
    },
  };
}
