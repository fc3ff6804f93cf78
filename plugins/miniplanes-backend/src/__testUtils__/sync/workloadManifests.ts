/**
 * The smallest Deployment and StatefulSet a cluster runs: one replica of
 * one container, its pods labelled `app: <name>` for the selector; and a
 * Service that selects them.
 */

export type Workload = { name: string; image: string; container: string };

function podSpecOf({ name, image, container }: Workload) {
  return {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: container, image }] },
    },
  };
}

export function deploymentManifest(workload: Workload) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: workload.name },
    spec: podSpecOf(workload),
  };
}

/** Its headless Service (serviceName) takes the StatefulSet's name. */
export function statefulSetManifest(workload: Workload) {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: workload.name },
    spec: { serviceName: workload.name, ...podSpecOf(workload) },
  };
}

/** A Service in front of the workload's pods, on the ports given by name. */
export function serviceManifest(
  name: string,
  ports: { name: string; port: number }[],
) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports },
  };
}
