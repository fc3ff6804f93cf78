import { z } from 'zod';
import { reservedMetadataIssues } from './reservedMetadata';
import { podTemplateIssues } from './podTemplate';
import { storageClaimIssues } from './storageClaims';
import { secretValueIssues } from './secretValues';
import { durationSchema } from './durations';
import { dataOperationIssues } from './dataOperationIssues';
import { repeatedKeys } from './repeatedKeys';
import { describeValue } from './describeValue';
import { isQuantity } from './quantity';

// Kubernetes naming rules, so a document that validates here is accepted by
// the member clusters too.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENTITY_REF =
  /^[a-z][a-z0-9-]*:[a-z0-9][a-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** An ISO 3166-1 alpha-2 code (US, FR) or a group named in the fleet (EU). */
const JURISDICTION = /^[A-Z][A-Z0-9_-]*$/;
const TAINT_STRING =
  /^([^=:\s]+)(?:=([^:\s]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/;

const got = (input: unknown) => `got ${describeValue(input)}`;

export const nonNegativeInteger = z
  .number({
    error: iss => `expected a non-negative integer, ${got(iss.input)}`,
  })
  .int({ error: iss => `expected a non-negative integer, ${got(iss.input)}` })
  .min(0, {
    error: iss => `expected a non-negative integer, ${got(iss.input)}`,
  });

const positiveInteger = z
  .number({ error: iss => `expected a positive integer, ${got(iss.input)}` })
  .int({ error: iss => `expected a positive integer, ${got(iss.input)}` })
  .min(1, { error: iss => `expected a positive integer, ${got(iss.input)}` });

const dnsLabel = z
  .string()
  .max(63, { error: 'expected at most 63 characters' })
  .regex(DNS_LABEL, {
    error: iss =>
      `expected a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit), ${got(
        iss.input,
      )}`,
  });

const labelKey = z.string().regex(LABEL_KEY, {
  error: iss => `expected a Kubernetes label key, ${got(iss.input)}`,
});
const labelValue = z
  .string()
  .max(63, { error: 'expected a label value of at most 63 characters' })
  .regex(LABEL_VALUE, {
    error: iss => `expected a Kubernetes label value, ${got(iss.input)}`,
  });
export const labelsSchema = z.record(labelKey, labelValue);

export const jurisdictionSchema = z.string().regex(JURISDICTION, {
  error: iss =>
    `expected a jurisdiction: an ISO 3166 country code such as US or FR, or a group named in the fleet such as EU, ${got(
      iss.input,
    )}`,
});

const quantity = z
  .union([z.string(), z.number()], {
    error: iss =>
      `expected a quantity such as 16, 500m or 64Gi, ${got(iss.input)}`,
  })
  .refine(q => typeof q === 'number' || isQuantity(q), {
    error: iss =>
      `expected a quantity such as 16, 500m or 64Gi, ${got(iss.input)}`,
  });

/**
 * What a taint does to a service that does not tolerate it: NoSchedule and
 * NoExecute keep it off the cluster, PreferNoSchedule only lowers the score.
 *
 * @public
 */
export const taintEffectSchema = z.enum([
  'NoSchedule',
  'PreferNoSchedule',
  'NoExecute',
]);

const taintObject = z.strictObject({
  key: labelKey,
  value: z.string().optional(),
  effect: taintEffectSchema,
});

/**
 * A taint as an object, or as kubectl writes it: `key=value:Effect`.
 *
 * @public
 */
export const taintSchema = z.union(
  [
    taintObject,
    z
      .string()
      .regex(TAINT_STRING)
      .transform(text => {
        const [, key, value, effect] = TAINT_STRING.exec(text)!;
        return {
          key,
          ...(value !== undefined ? { value } : {}),
          effect: effect as z.infer<typeof taintEffectSchema>,
        };
      }),
  ],
  {
    error: iss =>
      `expected a taint such as spot=true:NoSchedule or {key, value, effect}, ${got(
        iss.input,
      )}`,
  },
);

/**
 * A toleration, as in a pod spec: which taints a service accepts.
 *
 * @public
 */
export const tolerationSchema = z
  .strictObject({
    key: labelKey.optional(),
    operator: z.enum(['Equal', 'Exists']).optional(),
    value: z.string().optional(),
    effect: taintEffectSchema.optional(),
  })
  .refine(t => t.operator !== 'Exists' || t.value === undefined, {
    error: 'a toleration with operator Exists takes no value',
    path: ['value'],
  });

export const labelSelectorRequirementSchema = z
  .strictObject({
    key: labelKey,
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(z.string()).optional(),
  })
  .superRefine((req, ctx) => {
    const needsValues = req.operator === 'In' || req.operator === 'NotIn';
    if (needsValues && !req.values?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: `operator ${req.operator} needs at least one value`,
      });
    }
    if (!needsValues && req.values?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: `operator ${req.operator} takes no values`,
      });
    }
  });

/**
 * A Kubernetes label selector: matchLabels and matchExpressions.
 *
 * @public
 */
export const labelSelectorSchema = z.strictObject({
  matchLabels: labelsSchema.optional(),
  matchExpressions: z.array(labelSelectorRequirementSchema).optional(),
});

/**
 * A fleet governance policy: the jurisdictions data of one classification may live in.
 *
 * @public
 */
export const governancePolicySchema = z.strictObject({
  classification: z.string().min(1),
  allowedJurisdictions: z.array(jurisdictionSchema).min(1, {
    error: 'expected at least one jurisdiction',
  }),
  description: z.string().optional(),
});

const healthSchema = z.strictObject({
  healthy: z.boolean(),
  status: z.enum(['Healthy', 'Unhealthy', 'Unknown']).optional(),
  since: z.string().optional(),
  message: z.string().optional(),
});

/**
 * How a cluster connects to the systems around it: how its workloads reach
 * services in other clusters, which Prometheus observes it, and its SPIFFE
 * trust domain.
 *
 * @public
 */
export const clusterConnectionsSchema = z.strictObject({
  /** How compute here reaches data elsewhere: Multi-Cluster Services, an Istio mesh, or (default) a LoadBalancer gateway. */
  serviceAccess: z.enum(['mcs', 'istio', 'gateway']).optional(),
  istio: z
    .strictObject({
      /** The cluster's network (`topology.istio.io/network`). */
      network: z.string().min(1),
      /** The address of its east-west gateway, which others reach it through. */
      eastWestGateway: z.string().min(1),
      eastWestPort: positiveInteger.optional(),
    })
    .optional(),
  prometheus: z
    .strictObject({
      /** federation: the global Prometheus scrapes this one's /federate; remoteWrite: this one pushes. */
      mode: z.enum(['federation', 'remoteWrite']),
      /** Where the global Prometheus reaches this cluster's Prometheus (host:port), for federation. */
      address: z.string().min(1).optional(),
    })
    .optional(),
  spiffe: z
    .strictObject({
      trustDomain: z.string().min(1),
      bundleEndpointURL: z.url({ error: 'expected the bundle endpoint URL' }),
      bundleEndpointProfile: z.enum(['https_spiffe', 'https_web']),
      /** For https_spiffe: the SPIFFE ID of the bundle endpoint server. */
      endpointSPIFFEID: z.string().optional(),
    })
    .optional(),
});

/**
 * Fleet-wide observability: where the global Prometheus runs, and which
 * series may leave a jurisdiction (only aggregates, by default `job:.*`).
 *
 * @public
 */
export const observabilitySchema = z.strictObject({
  globalPrometheus: z
    .strictObject({
      cluster: dnsLabel,
      namespace: dnsLabel.optional(),
      /**
       * Its remote-write receiver, e.g.
       * `https://prometheus.example.com/api/v1/write`: where clusters in
       * `remoteWrite` mode push the service's series.
       */
      remoteWriteURL: z
        .url({ error: 'expected the remote-write receiver URL' })
        .optional(),
    })
    .optional(),
  /** A regular expression over metric names: what is federated across jurisdictions. */
  aggregatePattern: z.string().min(1).optional(),
});

/**
 * One member cluster in a fleet file.
 *
 * @public
 */
export const fleetFileClusterSchema = z.strictObject({
  name: dnsLabel,
  labels: labelsSchema.optional(),
  capabilities: z.array(dnsLabel).optional(),
  taints: z.array(taintSchema).optional(),
  nodes: z
    .strictObject({
      count: positiveInteger,
      cpu: quantity,
      memory: quantity,
      gpu: nonNegativeInteger.optional(),
      zones: z.array(labelValue).optional(),
      instanceType: labelValue.optional(),
    })
    .optional(),
  health: healthSchema.optional(),
  /** The operators the cluster runs, by profile name (velero, cnpg…): what data operations it can carry out. */
  operators: z.array(dnsLabel).optional(),
  connections: clusterConnectionsSchema.optional(),
});

/**
 * Where backups may be written: an object store with the jurisdiction it is
 * in. A backup is data, so its location must be allowed for the data.
 *
 * @public
 */
export const storageLocationSchema = z.strictObject({
  name: dnsLabel,
  /** The object store's provider, as the backup operator names it (aws, gcp, azure…). */
  provider: z.string().min(1),
  bucket: z.string().min(1),
  prefix: z.string().optional(),
  region: z.string().optional(),
  endpoint: z
    .url({ error: 'expected a URL such as https://s3.example.com' })
    .optional(),
  jurisdiction: jurisdictionSchema,
});

/**
 * A fleet file: member clusters (names unique), jurisdiction groups and
 * governance. To validate input, prefer {@link parseFleetFile}.
 *
 * @public
 */
export const fleetFileSchema = z
  .strictObject({
    jurisdictions: z
      .record(jurisdictionSchema, z.array(jurisdictionSchema))
      .optional(),
    governance: z.array(governancePolicySchema).optional(),
    storageLocations: z.array(storageLocationSchema).optional(),
    observability: observabilitySchema.optional(),
    clusters: z.array(fleetFileClusterSchema),
  })
  .superRefine((fleet, ctx) => {
    // The lists whose items the rest of the fleet refers to by name.
    const named: [string, string, { name: string }[]][] = [
      ['storageLocations', 'storage location', fleet.storageLocations ?? []],
      ['clusters', 'cluster name', fleet.clusters],
    ];
    for (const [list, what, items] of named) {
      for (const [index, first] of repeatedKeys(items.map(i => i.name))) {
        ctx.addIssue({
          code: 'custom',
          path: [list, index, 'name'],
          message: `duplicate ${what} ${JSON.stringify(
            items[index].name,
          )} (also ${list}[${first}])`,
        });
      }
    }
  });

const manifestSchema = z.looseObject({
  apiVersion: z
    .string()
    .min(1, { error: 'expected an apiVersion such as apps/v1' }),
  kind: z.string().min(1, { error: 'expected a kind such as Deployment' }),
  metadata: z.looseObject({
    name: z.string().min(1, { error: 'expected a name' }),
    namespace: dnsLabel.optional(),
  }),
});

/**
 * A manifest as an override's patches leave it: still one the sync can
 * apply, whose pod template placement reads, and with no secret values
 * (a patch is part of the stored version too).
 */
export const patchedManifestSchema = manifestSchema.superRefine(
  (manifest, ctx) => {
    for (const issue of [
      ...secretValueIssues(manifest),
      ...podTemplateIssues(manifest),
    ])
      ctx.addIssue({
        code: 'custom',
        path: issue.path,
        message: issue.message,
      });
  },
);

/**
 * The role a resource plays in a service; placement decides clusters per role.
 *
 * @public
 */
export const resourceRoleSchema = z.enum(['data', 'compute', 'config']);

const jsonPatchOperationSchema = z.strictObject({
  op: z.enum(['add', 'remove', 'replace', 'move', 'copy', 'test']),
  path: z.string().startsWith('/', {
    error: iss => `expected a JSON pointer starting with /, ${got(iss.input)}`,
  }),
  value: z.unknown().optional(),
  from: z.string().startsWith('/').optional(),
});

/**
 * A change to a service's manifests on the clusters its selector matches.
 *
 * @public
 */
export const overrideSchema = z.strictObject({
  clusters: labelSelectorSchema,
  /** Only resources of this kind/name; all when absent. */
  resource: z
    .strictObject({ kind: z.string().optional(), name: z.string().optional() })
    .optional(),
  patches: z.array(jsonPatchOperationSchema).optional(),
  image: z.string().min(1).optional(),
  env: z
    .array(z.strictObject({ name: z.string().min(1), value: z.string() }))
    .optional(),
  replicas: nonNegativeInteger.optional(),
  labels: labelsSchema.optional(),
});

const weightSchema = z.strictObject({
  clusters: labelSelectorSchema,
  weight: nonNegativeInteger,
});

export const replicasPolicySchema = z
  .strictObject({
    total: nonNegativeInteger,
    mode: z.enum(['Duplicated', 'Divided']),
    weighting: z.enum(['Capacity', 'Static']).optional(),
    weights: z.array(weightSchema).optional(),
  })
  .superRefine((replicas, ctx) => {
    if (replicas.weighting === 'Static' && !replicas.weights?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['weights'],
        message:
          'weighting Static needs weights: [{clusters: <selector>, weight: <n>}]',
      });
    }
    if (replicas.mode === 'Duplicated' && replicas.weighting) {
      ctx.addIssue({
        code: 'custom',
        path: ['weighting'],
        message: 'weighting applies to mode Divided only',
      });
    }
  });

export const placementSchema = z.strictObject({
  clusterSelector: labelSelectorSchema.optional(),
  requires: z.array(dnsLabel).optional(),
  tolerations: z.array(tolerationSchema).optional(),
  spread: z
    .strictObject({
      by: labelKey,
      min: positiveInteger.optional(),
      max: positiveInteger.optional(),
    })
    .refine(s => s.min === undefined || s.max === undefined || s.min <= s.max, {
      error: 'min must not exceed max',
      path: ['min'],
    })
    .optional(),
  replicas: replicasPolicySchema.optional(),
  computeOutsideResidency: z.boolean().optional(),
});

const CRON = /^(\S+\s+){4}\S+$/;

/**
 * Backups and replication of a service's data, carried out in the data
 * clusters by the operators they run (federated controllers).
 *
 * @public
 */
export const dataOperationsSchema = z.strictObject({
  backups: z
    .array(
      z.strictObject({
        name: dnsLabel,
        /** Cron, five fields: `0 3 * * *` is every night at three. */
        schedule: z.string().regex(CRON, {
          error: iss =>
            `expected a cron schedule of five fields such as "0 3 * * *", ${got(
              iss.input,
            )}`,
        }),
        /** How long each backup is kept, e.g. 720h. */
        retention: durationSchema.optional(),
        /** A storage location of the fleet, by name. */
        storageLocation: dnsLabel,
        /** The data resources backed up, by manifest name; all when absent. */
        resources: z.array(z.string().min(1)).optional(),
        /** The operator profile that carries it out; the first one a data cluster runs that can. */
        operator: dnsLabel.optional(),
      }),
    )
    .optional(),
  replication: z
    .strictObject({
      /** The data cluster the others replicate from. */
      primary: dnsLabel,
      /** The data resources replicated, by manifest name (e.g. a CloudNativePG Cluster). */
      resources: z.array(z.string().min(1)).min(1, {
        error: 'expected at least one data resource to replicate',
      }),
      operator: dnsLabel.optional(),
    })
    .optional(),
});

/**
 * How a new version reaches the clusters: stages, gates, deadlines.
 *
 * @public
 */
export const rolloutSchema = z
  .strictObject({
    stages: z
      .array(
        z.strictObject({
          name: dnsLabel,
          /** The placed clusters in this stage; every one left when absent. */
          clusters: labelSelectorSchema.optional(),
          /** A number of clusters, or a share of the stage's such as 50% (at least one). */
          maxConcurrency: z
            .union(
              [positiveInteger, z.string().regex(/^(100|[1-9][0-9]?)%$/)],
              {
                error: iss =>
                  `expected a number of clusters (1 or more) or a percentage such as 50%, ${got(
                    iss.input,
                  )}`,
              },
            )
            .optional(),
          /** How long the stage must stay healthy before the next one starts. */
          minHealthyTime: durationSchema.optional(),
          /** An approver opens this gate before the stage starts. */
          approval: z.boolean().optional(),
        }),
      )
      .min(1, { error: 'expected at least one stage' }),
    /** How long a cluster may take to become healthy on the new version. */
    progressDeadline: durationSchema.optional(),
    /** Pause where it failed (the default), or put every changed cluster back on the last good version. */
    onFailure: z.enum(['Pause', 'Rollback']).optional(),
  })
  .superRefine((rollout, ctx) => {
    const stages = rollout.stages;
    for (const [index, first] of repeatedKeys(stages.map(s => s.name))) {
      ctx.addIssue({
        code: 'custom',
        path: ['stages', index, 'name'],
        message: `duplicate stage name ${stages[index].name} (also stages[${first}])`,
      });
    }
  });

/**
 * A FederatedService document. To validate input, prefer
 * {@link parseFederatedService}: it also reads YAML within size limits and
 * words issues for people.
 *
 * @public
 */
export const federatedServiceSchema = z
  .strictObject({
    apiVersion: z.literal('miniplanes.io/v1alpha1', {
      error: iss => `expected miniplanes.io/v1alpha1, ${got(iss.input)}`,
    }),
    kind: z.literal('FederatedService', {
      error: iss => `expected FederatedService, ${got(iss.input)}`,
    }),
    metadata: z.strictObject({
      name: dnsLabel,
      entityRef: z.string().regex(ENTITY_REF, {
        error: iss =>
          `expected a catalog entity reference such as component:default/storage, ${got(
            iss.input,
          )}`,
      }),
      namespace: dnsLabel.optional(),
      labels: labelsSchema.optional(),
    }),
    spec: z.strictObject({
      data: z
        .strictObject({
          classification: z.string().min(1).optional(),
          residency: z.array(jurisdictionSchema).optional(),
          // Clusters whose retained data (what the service had already left
          // there when this version was approved) the sync may delete.
          release: z
            .array(z.string().min(1, { error: 'expected a cluster name' }))
            .optional(),
        })
        .optional(),
      placement: placementSchema,
      resources: z
        .array(
          z.strictObject({
            role: resourceRoleSchema,
            manifest: manifestSchema,
          }),
        )
        .min(1, { error: 'expected at least one resource' }),
      overrides: z.array(overrideSchema).optional(),
      rollout: rolloutSchema.optional(),
      dataOperations: dataOperationsSchema.optional(),
    }),
  })
  .superRefine((service, ctx) => {
    const manifests = service.spec.resources.map(r => r.manifest);
    const keys = manifests.map(
      ({ kind, metadata }) =>
        `${kind}/${metadata.namespace ?? ''}/${metadata.name}`,
    );
    for (const [index, first] of repeatedKeys(keys)) {
      const { kind, metadata } = manifests[index];
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'resources', index, 'manifest', 'metadata', 'name'],
        message: `duplicate resource ${kind} ${metadata.name} (also spec.resources[${first}])`,
      });
    }
    service.spec.resources.forEach((resource, index) => {
      for (const issue of [
        ...secretValueIssues(resource.manifest),
        ...podTemplateIssues(resource.manifest),
      ]) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'resources', index, 'manifest', ...issue.path],
          message: issue.message,
        });
      }
      for (const issue of storageClaimIssues(
        resource.manifest,
        resource.role,
      )) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'resources', index, ...issue.path],
          message: issue.message,
        });
      }
    });
    for (const issue of dataOperationIssues(service.spec)) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'dataOperations', ...issue.path],
        message: issue.message,
      });
    }
    (service.spec.overrides ?? []).forEach((override, index) => {
      for (const issue of reservedMetadataIssues(override)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'overrides', index, ...issue.path],
          message: issue.message,
        });
      }
    });
    const hasData = service.spec.resources.some(r => r.role === 'data');
    if (
      hasData &&
      !service.spec.data?.residency?.length &&
      !service.spec.data?.classification
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['spec', 'data'],
        message:
          'resources with role data need spec.data: a classification and/or a residency, so their location can be checked',
      });
    }
  });
