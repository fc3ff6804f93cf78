import { TemplateExample } from '@backstage/plugin-scaffolder-node';

/** Examples of `miniplanes:service:create`, shown in the actions reference. @public */
export const examples: TemplateExample[] = [
  {
    description:
      'Creates a stateless service from the template parameters and files its first placement request',
    example: `steps:
  - id: miniplanes
    name: Request placement
    action: miniplanes:service:create
    input:
      reason: New service \${{ parameters.name }}
      service:
        apiVersion: miniplanes.io/v1alpha1
        kind: FederatedService
        metadata:
          name: \${{ parameters.name }}
          entityRef: component:default/\${{ parameters.name }}
        spec:
          placement:
            replicas: { total: 3, mode: Divided, weighting: Capacity }
          resources:
            - role: compute
              manifest:
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: \${{ parameters.name }} }
                spec:
                  selector: { matchLabels: { app: \${{ parameters.name }} } }
                  template:
                    metadata: { labels: { app: \${{ parameters.name }} } }
                    spec:
                      containers:
                        - name: app
                          image: \${{ parameters.image }}
`,
  },
  {
    description:
      'Creates a service from a FederatedService document kept in the skeleton, as YAML text',
    example: `steps:
  - id: miniplanes
    name: Request placement
    action: miniplanes:service:create
    input:
      reason: Onboarding the storage API to the fleet
      service: |
        apiVersion: miniplanes.io/v1alpha1
        kind: FederatedService
        metadata:
          name: storage
          entityRef: component:default/storage
        spec:
          data: { classification: airline-data, residency: [US] }
          placement:
            requires: [storage]
            replicas: { total: 4, mode: Divided, weighting: Capacity }
          resources:
            - role: data
              manifest:
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: { name: mongodb }
                spec: { serviceName: mongodb }
`,
  },
];
