/**
 * A Deployment of one container, named like it: its label, selector, pod
 * label and container all say `app: name`, so that tests can find its pods.
 */
export const deployment = (
  name: string,
  {
    replicas = 1,
    image = 'nginx',
    requests,
  }: {
    replicas?: number;
    image?: string;
    /** The container's resource requests, for the scheduler to place it. */
    requests?: Record<string, string>;
  } = {},
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name, image, ...(requests ? { resources: { requests } } : {}) },
        ],
      },
    },
  },
});
