import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  miniplanesRequestCreatePermission,
  miniplanesRequestDecidePermission,
  miniplanesRequestPrivilegedPermission,
} from '@miniplanes/plugin-miniplanes-common';
import { isEntityOwnerDecision } from '../__testUtils__/isEntityOwnerDecision';
import { readApproverGroup } from './approverGroup';
import { MiniplanesPermissionPolicy } from './MiniplanesPermissionPolicy';

const policyFor = (ownershipEntityRefs: string[]) =>
  new MiniplanesPermissionPolicy({
    userInfo: mockServices.userInfo({ ownershipEntityRefs }),
    approverGroup: 'group:default/platform-team',
  });

const amy: PolicyQueryUser = {
  credentials: mockCredentials.user('user:default/amy'),
  // Deprecated and not read by the policy: it asks the user info service.
  info: { userEntityRef: 'user:default/amy', ownershipEntityRefs: [] },
};

describe('MiniplanesPermissionPolicy', () => {
  it('allows filing requests on the condition that the catalog finds the user among the owners', async () => {
    const decision = await policyFor([
      'user:default/amy',
      'group:default/data-team',
    ]).handle({ permission: miniplanesRequestCreatePermission }, amy);
    expect(decision).toEqual(
      isEntityOwnerDecision(['user:default/amy', 'group:default/data-team']),
    );
  });

  it.each([
    ['decide', miniplanesRequestDecidePermission],
    [
      'file versions with cluster-wide kinds',
      miniplanesRequestPrivilegedPermission,
    ],
  ])(
    'lets only members of the approver group %s',
    async (_what, permission) => {
      await expect(
        policyFor(['user:default/amy', 'group:default/platform-team']).handle(
          { permission },
          amy,
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policyFor(['user:default/amy', 'group:default/data-team']).handle(
          { permission },
          amy,
        ),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    },
  );

  it('denies miniplanes permissions to callers without a user, and allows everything else', async () => {
    const policy = policyFor([]);
    for (const permission of [
      miniplanesRequestCreatePermission,
      miniplanesRequestDecidePermission,
      miniplanesRequestPrivilegedPermission,
    ]) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
    const other = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });
    await expect(policy.handle({ permission: other }, amy)).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});

describe('readApproverGroup', () => {
  const read = (group?: string) =>
    readApproverGroup(
      mockServices.rootConfig({
        data: group ? { miniplanes: { approvers: { group } } } : {},
      }),
    );

  it('defaults to the platform team and completes short refs', () => {
    expect(read()).toBe('group:default/platform-team');
    expect(read('sre')).toBe('group:default/sre');
    expect(read('Group:ops/release-managers')).toBe(
      'group:ops/release-managers',
    );
  });

  it('refuses refs to anything but a group', () => {
    expect(() => read('user:default/amy')).toThrow(
      'miniplanes.approvers.group must be a group entity ref such as group:default/platform-team, got "user:default/amy"',
    );
  });
});
