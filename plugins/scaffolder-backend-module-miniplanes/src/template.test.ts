import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { FederatedService } from '@miniplanes/plugin-miniplanes-common';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { previewOf } from './__testUtils__/mockApi';
import scaffolderModule from './index';

jest.setTimeout(60_000);

// The scaffolder's database, destroyed after the tests: the default one kept a
// connection pool's timer running after the backend stopped, so the jest
// worker could not exit.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const templateDir = resolve(
  __dirname,
  '../../../examples/templates/federated-service',
);

/** A miniplanes backend that answers what a dry run asks, recording who asked. */
function fakeMiniplanes(calls: { path: string; user?: string; body?: any }[]) {
  return createBackendPlugin({
    pluginId: 'miniplanes',
    register(reg) {
      reg.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          httpRouter.use(async (req, res) => {
            const credentials = await httpAuth.credentials(req, {
              allow: ['user'],
            });
            let text = '';
            for await (const chunk of req) text += chunk;
            const body = text ? JSON.parse(text) : undefined;
            calls.push({
              path: `${req.method} ${req.path}`,
              user: credentials.principal.userEntityRef,
              body,
            });
            if (req.method === 'POST' && req.path === '/preview') {
              res.json(previewOf(body.service));
            } else {
              res.status(404).json({
                error: { name: 'NotFoundError', message: 'no such thing' },
              });
            }
          });
        },
      });
    },
  });
}

/** publish:github needs GitHub; a dry run skips it, but it must be registered. */
const publishStandIn = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'publish-stand-in',
  register(reg) {
    reg.registerInit({
      deps: { actions: scaffolderActionsExtensionPoint },
      async init({ actions }) {
        actions.addActions(
          createTemplateAction({ id: 'publish:github', async handler() {} }),
        );
      },
    });
  },
});

describe('the Federated service template', () => {
  it('dry-runs: renders the entity and previews the FederatedService as the user', async () => {
    const calls: { path: string; user?: string; body?: any }[] = [];
    const { server } = await startTestBackend({
      features: [
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        scaffolderPlugin,
        scaffolderModule,
        publishStandIn,
        fakeMiniplanes(calls),
        catalogServiceMock.factory(),
      ],
    });
    const { port } = server.address() as AddressInfo;

    const response = await fetch(
      `http://localhost:${port}/api/scaffolder/v2/dry-run`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({
          template: parse(
            readFileSync(resolve(templateDir, 'template.yaml'), 'utf8'),
          ),
          values: {
            name: 'fare-alerts',
            description: 'Tells travellers when fares drop: "now"',
            owner: 'group:default/airline-team',
            image: 'ghcr.io/miniplanes/fare-alerts:1.0.0',
            workloadClass: 'gpu',
            replicas: 2,
            dataClassification: 'airline-data',
            residency: ['US'],
            repository: 'github',
            repoUrl: 'github.com?owner=miniplanes&repo=fare-alerts',
          },
          directoryContents: [
            {
              path: 'skeleton/catalog-info.yaml',
              base64Content: readFileSync(
                resolve(templateDir, 'skeleton/catalog-info.yaml'),
              ).toString('base64'),
            },
          ],
        }),
      },
    );
    const result = await response.json();

    expect(response.status).toBe(200);
    const entity = parse(
      Buffer.from(
        result.directoryContents.find(
          (f: { path: string }) => f.path === 'catalog-info.yaml',
        ).base64Content,
        'base64',
      ).toString('utf8'),
    );
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'fare-alerts',
        description: 'Tells travellers when fares drop: "now"',
        annotations: { 'miniplanes.io/federated-service': 'fare-alerts' },
      },
      spec: { owner: 'group:default/airline-team' },
    });

    const service: FederatedService = calls.find(
      c => c.path === 'POST /preview',
    )?.body.service;
    expect(service).toMatchObject({
      metadata: {
        name: 'fare-alerts',
        entityRef: 'component:default/fare-alerts',
      },
      spec: {
        data: { classification: 'airline-data', residency: ['US'] },
        placement: {
          requires: ['gpu'],
          replicas: { total: 2, mode: 'Divided', weighting: 'Capacity' },
        },
      },
    });
    expect(calls.map(c => [c.path, c.user])).toEqual([
      ['GET /services/default/component/fare-alerts', 'user:default/mock'],
      ['POST /preview', 'user:default/mock'],
    ]);
    expect(result.output.links).toContainEqual({
      title: 'Placement request',
      url: '/miniplanes/requests',
    });
  });
});
