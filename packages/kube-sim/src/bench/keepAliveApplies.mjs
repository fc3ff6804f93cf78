// A client process applying Deployments (server-side apply, distinct objects)
// over HTTPS with a keep-alive agent, as a long-lived client that reuses its
// connections does; the bench starts it with the cluster in KS_URL, KS_CA
// (base64), KS_TOKEN and prints its timing.
import { Agent, request } from 'node:https';
import { deployment, timeApplies } from './clientProcess.mjs';

const { KS_URL, KS_CA, KS_TOKEN } = process.env;
const COUNT = Number(process.env.KS_COUNT ?? 10000);
const IN_FLIGHT = Number(process.env.KS_IN_FLIGHT ?? 16);
const ca = Buffer.from(KS_CA, 'base64');
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT, ca });

const apply = i =>
  new Promise((resolve, reject) => {
    const body = JSON.stringify(deployment('ka', i));
    const req = request(
      `${KS_URL}/apis/apps/v1/namespaces/default/deployments/ka-${i}?fieldManager=miniplanes&force=true`,
      {
        method: 'PATCH',
        agent,
        headers: {
          authorization: `Bearer ${KS_TOKEN}`,
          'content-type': 'application/apply-patch+yaml',
          'content-length': Buffer.byteLength(body),
        },
      },
      res => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201
            ? resolve()
            : reject(new Error(`apply answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });

const timing = await timeApplies(apply, COUNT, IN_FLIGHT);
agent.destroy();
process.stdout.write(JSON.stringify(timing));
