import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { miniplanesPlugin } from '../plugin';
import { permissionFramework } from '../__testUtils__/permissionFramework';
import { examples, exampleText } from '../__testUtils__/syncHarness';

jest.setTimeout(30_000);

const storage: FederatedService = parse(exampleText('services/storage.yaml'));

/** Group memberships, as the sign-in resolver puts them in ownership refs. */
const memberships: Record<string, string[]> = {
  // owns storage
  'user:default/amy': ['group:default/data-team'],
  // owns storage and approves
  'user:default/olga': [
    'group:default/data-team',
    'group:default/platform-team',
  ],
  // approves, owns nothing
  'user:default/pat': ['group:default/platform-team'],
};

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'storage', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'data-team' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/data-team' }],
  },
];

async function start(miniplanesConfig: object = {}) {
  const { server } = await startTestBackend({
    features: [
      miniplanesPlugin,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          miniplanes: {
            fleet: { file: resolve(examples, 'fleet/demo-fleet.yaml') },
            approvers: { group: 'group:default/platform-team' },
            ...miniplanesConfig,
          },
        },
      }),
      ...permissionFramework({ entities, memberships }),
      mockServices.rootLogger.factory({ level: 'none' }),
    ],
  });
  return (user: string, ...extra: object[]) =>
    request(server)
      .post('/api/miniplanes/requests')
      .set('Authorization', mockCredentials.user.header(`user:default/${user}`))
      .send({
        entityRef: 'component:default/storage',
        reason: 'let the backup job read every namespace',
        spec: {
          ...storage,
          spec: {
            ...storage.spec,
            resources: [
              ...storage.spec.resources,
              ...extra.map(manifest => ({ role: 'config', manifest })),
            ],
          },
        },
      });
}

/** Binds the ClusterRole view to the service account backup (of `where`). */
const viewForBackup = (
  kind: 'RoleBinding' | 'ClusterRoleBinding',
  name: string,
  where: { namespace?: string },
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name },
  roleRef: {
    apiGroup: 'rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    name: 'view',
  },
  subjects: [{ kind: 'ServiceAccount', name: 'backup', ...where }],
});

const clusterRoleBinding = viewForBackup(
  'ClusterRoleBinding',
  'backup-reads-everything',
  { namespace: 'x' },
);
const webhook = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'storage-guard' },
  webhooks: [],
};
const roleBinding = viewForBackup('RoleBinding', 'backup-reads', {});

describe('filing cluster-wide kinds (miniplanes.request.privileged)', () => {
  it('refuses an owner without the permission with 403 naming each object and the permission', async () => {
    const file = await start();
    const res = await file('amy', clusterRoleBinding, roleBinding, webhook);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'filing spec.resources[5].manifest (ClusterRoleBinding backup-reads-everything: cluster-wide RBAC: grants permissions over every namespace), spec.resources[7].manifest (ValidatingWebhookConfiguration storage-guard: an admission webhook: sees and may refuse every matching object written to the cluster) needs the permission miniplanes.request.privileged: these objects act on the whole cluster. Leave them out, or ask someone who holds it (by default the approver group) to file this version',
    });
  });

  it.each([
    {
      who: 'an owner',
      user: 'amy',
      objects: 'namespaced RBAC without it',
      power: 'power in its namespace',
      object: roleBinding,
      privileged: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        name: 'backup-reads',
        clusterWide: false,
        reason: 'RBAC: grants permissions in its namespace',
      },
      check:
        'grants power in its namespace: RoleBinding backup-reads (RBAC: grants permissions in its namespace)',
    },
    {
      who: 'an owner in the approver group',
      user: 'olga',
      objects: 'them',
      power: 'cluster-wide power',
      object: clusterRoleBinding,
      privileged: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        name: 'backup-reads-everything',
        clusterWide: true,
        reason: 'cluster-wide RBAC: grants permissions over every namespace',
      },
      check:
        "grants cluster-wide power with miniplanes' write access: ClusterRoleBinding backup-reads-everything (cluster-wide RBAC: grants permissions over every namespace)",
    },
  ])(
    'lets $who file $objects, flagged on the approval as $power',
    async ({ user, object, privileged, check }) => {
      const file = await start();
      const res = await file(user, object);
      expect(res.status).toBe(201);
      expect(res.body.impact.privileged).toEqual([privileged]);
      expect(
        res.body.checks.find((c: { name: string }) => c.name === 'privileged'),
      ).toEqual({ name: 'privileged', passed: true, message: check });
    },
  );

  it('still needs ownership: the permission does not let an approver file for what they do not own', async () => {
    const file = await start();
    const res = await file('pat', clusterRoleBinding);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'you may not request placement changes for component:default/storage: only its owners may',
    );
  });

  it('lists each existing object a version adopts on the approval', async () => {
    const file = await start();
    const res = await file('amy', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'legacy-settings',
        annotations: { 'miniplanes.io/adopt': 'true' },
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.impact.adoptions).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'legacy-settings' },
    ]);
    expect(
      res.body.checks.find((c: { name: string }) => c.name === 'adoptions')
        .message,
    ).toBe('takes over existing objects: ConfigMap legacy-settings');
  });
});

describe('allowed and denied kinds (miniplanes.allowedKinds, deniedKinds)', () => {
  it('refuses, for owners and approvers alike, a version with a kind not allowed or denied: 400 naming each object by its path and the key', async () => {
    const file = await start({
      allowedKinds: [
        'core/v1/*',
        'apps/v1/*',
        'rbac.authorization.k8s.io/*/*',
        // The demo's ledger.
        'postgresql.cnpg.io/v1/Cluster',
      ],
      deniedKinds: ['ClusterRoleBinding'],
    });
    const refused = await file(
      'olga',
      clusterRoleBinding,
      roleBinding,
      webhook,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({
      name: 'InputError',
      message: [
        'the proposed version applies kinds this portal does not allow:',
        '  spec.resources[5].manifest: rbac.authorization.k8s.io/v1 ClusterRoleBinding is denied by miniplanes.deniedKinds (ClusterRoleBinding)',
        '  spec.resources[7].manifest: admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration is not in miniplanes.allowedKinds (core/v1/*, apps/v1/*, rbac.authorization.k8s.io/*/*, postgresql.cnpg.io/v1/Cluster)',
      ].join('\n'),
    });
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly-dump' },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [{ name: 'dump', image: 'pg-dump:16' }],
              },
            },
          },
        },
      },
    };
    const byOwner = await file('amy', roleBinding, cronJob);
    expect(byOwner.status).toBe(400);
    expect(byOwner.body.error.message).toBe(
      'the proposed version applies kinds this portal does not allow:\n  spec.resources[6].manifest: batch/v1 CronJob is not in miniplanes.allowedKinds (core/v1/*, apps/v1/*, rbac.authorization.k8s.io/*/*, postgresql.cnpg.io/v1/Cluster)',
    );
    // What the lists allow is filed as before.
    expect((await file('amy', roleBinding)).status).toBe(201);
  });
});
