import { parseFederatedService } from '@miniplanes/plugin-miniplanes-common';

/** A stateless service as a template would write it, as YAML text. */
export const priceWatcherYaml = `apiVersion: miniplanes.io/v1alpha1
kind: FederatedService
metadata:
  name: price-watcher
  entityRef: component:default/price-watcher
spec:
  placement:
    tolerations: [{ key: spot, operator: Exists }]
    replicas: { total: 4, mode: Divided, weighting: Capacity }
  resources:
    - role: compute
      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: price-watcher }
        spec:
          selector: { matchLabels: { app: price-watcher } }
          template:
            metadata: { labels: { app: price-watcher } }
            spec:
              containers:
                - name: watcher
                  image: ghcr.io/miniplanes/price-watcher:1.0.3
`;

const parsed = parseFederatedService(priceWatcherYaml);
if (!parsed.ok) throw new Error('fixture service is invalid');
export const priceWatcher = parsed.value;
