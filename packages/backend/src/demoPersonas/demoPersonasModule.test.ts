import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { demoPersonasModule, PERSONA_HEADER } from './demoPersonasModule';

const user = (name: string, groups: string[]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { memberOf: groups },
  relations: groups.map(group => ({
    type: 'memberOf',
    targetRef: `group:default/${group}`,
  })),
});

const CATALOG = [
  user('mo', ['airline-team']),
  user('pat', ['platform-team']),
  user('eve', ['platform-team']),
];

const PERSONAS = [
  { user: 'mo', title: 'Mo', team: 'airline-team', role: 'Service owner' },
  { user: 'pat', title: 'Pat', team: 'platform-team', role: 'Platform' },
];

/** A plugin that answers who a request's token says its caller is. */
const whoAmI = createBackendPlugin({
  pluginId: 'whoami',
  register(reg) {
    reg.registerInit({
      deps: {
        router: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
      },
      async init({ router, httpAuth, userInfo }) {
        router.use(async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user'],
          });
          res.json(await userInfo.getUserInfo(credentials));
        });
      },
    });
  },
});

async function startAuth(config: Record<string, unknown>) {
  const { server } = await startTestBackend({
    features: [
      import('@backstage/plugin-auth-backend'),
      demoPersonasModule,
      whoAmI,
      // The real token services, not mocks: they check what the auth plugin signed.
      authServiceFactory,
      httpAuthServiceFactory,
      userInfoServiceFactory,
      catalogServiceMock.factory({ entities: CATALOG }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers: { personas: {} } },
          ...config,
        },
      }),
    ],
  });
  const base = `http://localhost:${server.port()}/api`;
  return {
    async refresh(headers: Record<string, string>) {
      const response = await fetch(`${base}/auth/personas/refresh`, {
        headers: { 'X-Requested-With': 'XMLHttpRequest', ...headers },
      });
      return { status: response.status, body: await response.json() };
    },
    /** Who another plugin takes a token's bearer for. */
    async whoAmI(token: string) {
      const response = await fetch(`${base}/whoami`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: await response.json() };
    },
  };
}

describe('demoPersonasModule', () => {
  it('signs a listed persona in as its catalog user, with its groups and a token the backend accepts', async () => {
    const { refresh, whoAmI: who } = await startAuth({
      demo: { personas: PERSONAS },
    });
    const response = await refresh({ [PERSONA_HEADER]: 'pat' });
    expect(response.status).toBe(200);
    const { token, identity } = response.body.backstageIdentity;
    expect(identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/pat',
      ownershipEntityRefs: ['user:default/pat', 'group:default/platform-team'],
    });
    expect(await who(token)).toEqual({
      status: 200,
      body: {
        userEntityRef: 'user:default/pat',
        ownershipEntityRefs: [
          'user:default/pat',
          'group:default/platform-team',
        ],
      },
    });
  });

  it('gives each persona its own identity', async () => {
    const { refresh } = await startAuth({ demo: { personas: PERSONAS } });
    const response = await refresh({ [PERSONA_HEADER]: 'mo' });
    expect(
      response.body.backstageIdentity.identity.ownershipEntityRefs,
    ).toEqual(['user:default/mo', 'group:default/airline-team']);
  });

  it('refuses a user the config does not list, even one in the catalog', async () => {
    const { refresh } = await startAuth({ demo: { personas: PERSONAS } });
    const response = await refresh({ [PERSONA_HEADER]: 'eve' });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe(
      `${PERSONA_HEADER}: "eve" is not one of the demo's personas (mo, pat)`,
    );
  });

  it('refuses a request that names no persona', async () => {
    const { refresh } = await startAuth({ demo: { personas: PERSONAS } });
    const response = await refresh({});
    expect(response.status).toBe(401);
    expect(response.body.error.message).toBe(
      `${PERSONA_HEADER} header missing: name one of mo, pat`,
    );
  });

  it('is off when demo.personas is not set', async () => {
    const { refresh } = await startAuth({});
    expect((await refresh({ [PERSONA_HEADER]: 'pat' })).status).toBe(404);
  });

  it('is off when auth.environment is production, whatever demo.personas says', async () => {
    const { refresh } = await startAuth({
      demo: { personas: PERSONAS },
      auth: { environment: 'production', providers: { personas: {} } },
    });
    expect((await refresh({ [PERSONA_HEADER]: 'pat' })).status).toBe(404);
  });
});
