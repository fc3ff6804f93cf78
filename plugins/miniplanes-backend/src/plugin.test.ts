import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { miniplanesPlugin } from './plugin';

describe('miniplanes backend plugin', () => {
  it('serves its routes under /api/miniplanes to authenticated callers', async () => {
    const { server } = await startTestBackend({ features: [miniplanesPlugin] });

    const res = await request(server)
      .get('/api/miniplanes/health')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses unauthenticated callers', async () => {
    const { server } = await startTestBackend({ features: [miniplanesPlugin] });

    const res = await request(server)
      .get('/api/miniplanes/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
