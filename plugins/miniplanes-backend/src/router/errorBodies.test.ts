import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { miniplanesPlugin } from '../plugin';

jest.setTimeout(30_000);

/** A Unix or Windows absolute path, as stack frames and fs errors carry them. */
const ABSOLUTE_PATH = /(^|[\s'"(])(\/[\w.@-]+){2,}|[A-Z]:\\/;

/**
 * The backend as `npm start` runs it: `backstage-cli package start` sets
 * NODE_ENV=development, where Backstage's error middleware adds stacks to
 * the bodies it serializes.
 */
async function startInDevelopment() {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'development';
  try {
    const { server } = await startTestBackend({
      features: [
        miniplanesPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        // An unexpected failure whose message names a file, as fs errors do.
        catalogServiceMock.mock({
          getEntityByRef: async () => {
            throw new Error(
              `ENOENT: no such file or directory, open '${__filename}'`,
            );
          },
        }).factory,
        // The log has the whole error; the test output need not.
        mockServices.rootLogger.factory({ level: 'none' }),
      ],
    });
    return server;
  } finally {
    process.env.NODE_ENV = previous;
  }
}

function expectSafe(body: { error: unknown }) {
  const text = JSON.stringify(body.error);
  expect(text).not.toMatch(/"stack"/);
  expect(text).not.toMatch(/\bat .*:\d+:\d+/);
  expect(text).not.toMatch(ABSOLUTE_PATH);
}

describe('error bodies', () => {
  it('carry no stack trace and no absolute path for an unexpected error, in development too', async () => {
    const server = await startInDevelopment();
    const res = await request(server)
      .post('/api/miniplanes/requests')
      .set('Authorization', mockCredentials.user.header('user:default/amy'))
      .send({
        entityRef: 'component:default/storage',
        reason: 'more replicas',
        spec: readFileSync(
          resolve(__dirname, '../../../../examples/services/storage.yaml'),
          'utf8',
        ),
      });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: {
        name: 'Error',
        message: expect.stringMatching(
          /^An internal error occurred; the backend's log has it under logId=[0-9a-f]{20}$/,
        ),
      },
      request: { method: 'POST', url: '/requests' },
      response: { statusCode: 500 },
    });
    expectSafe(res.body);
  });

  it('carry no stack trace for refusals, in development too: 400, 401, 404', async () => {
    const server = await startInDevelopment();
    const amy = mockCredentials.user.header('user:default/amy');
    const answers = [
      await request(server)
        .get('/api/miniplanes/services')
        .set('Authorization', mockCredentials.none.header()),
      await request(server)
        .get('/api/miniplanes/requests/nope')
        .set('Authorization', amy),
      await request(server)
        .post('/api/miniplanes/preview')
        .set('Authorization', amy)
        .send({ service: 'kind: Nope' }),
    ];
    expect(answers.map(a => [a.status, a.body.error.name])).toEqual([
      [401, 'AuthenticationError'],
      [404, 'NotFoundError'],
      [400, 'InputError'],
    ]);
    for (const answer of answers) {
      expect(Object.keys(answer.body.error)).toEqual(['name', 'message']);
      expectSafe(answer.body);
    }
  });

  it('say what to fix when a path parameter does not decode', async () => {
    const server = await startInDevelopment();
    const res = await request(server)
      .get('/api/miniplanes/services/default/component/100%')
      .set('Authorization', mockCredentials.user.header('user:default/amy'));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `the path "/services/default/component/100%" does not decode: a '%' must start a percent-encoded byte (such as %2F); encode each path parameter with encodeURIComponent`,
    );
    // The caller's own path, and nothing else: no stack.
    expect(Object.keys(res.body.error)).toEqual(['name', 'message']);
  });
});
