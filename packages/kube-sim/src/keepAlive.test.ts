import { Agent, request } from 'node:https';
import { startedCluster } from './__testUtils__/startedCluster';

describe('connections', () => {
  const cluster = startedCluster({ name: 'keep-alive' });

  const get = (agent: Agent, path: string) =>
    new Promise<{ status?: number; reused: boolean; connection?: string }>(
      (resolve, reject) => {
        const req = request(
          new URL(path, cluster().url),
          {
            agent,
            ca: cluster().caPem,
            headers: { authorization: `Bearer ${cluster().adminToken}` },
          },
          res => {
            res.resume();
            res.on('end', () =>
              resolve({
                status: res.statusCode,
                reused: req.reusedSocket,
                connection: res.headers.connection,
              }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );

  it('keeps connections alive between requests, as clients with keep-alive agents expect', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, '/api/v1/namespaces');
      expect(first).toEqual({
        status: 200,
        reused: false,
        connection: 'keep-alive',
      });
      // A client idles between requests; the connection is still there.
      await new Promise(r => setTimeout(r, 200));
      for (const path of ['/apis/apps/v1/deployments', '/version']) {
        expect(await get(agent, path)).toEqual({
          status: 200,
          reused: true,
          connection: 'keep-alive',
        });
      }
    } finally {
      agent.destroy();
    }
  });
});
