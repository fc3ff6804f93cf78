// A client process applying Deployments (server-side apply, distinct objects)
// over one HTTP/2 connection, as Go clients (kubectl) and undici 8 (the
// miniplanes backend) speak to an API server that offers it; the bench starts
// it with the cluster in KS_URL, KS_CA (base64), KS_TOKEN and prints its
// timing.
import { connect } from 'node:http2';
import { deployment, timeApplies } from './clientProcess.mjs';

const { KS_URL, KS_CA, KS_TOKEN } = process.env;
const COUNT = Number(process.env.KS_COUNT ?? 10000);
const IN_FLIGHT = Number(process.env.KS_IN_FLIGHT ?? 16);
const session = connect(KS_URL, { ca: Buffer.from(KS_CA, 'base64') });
await new Promise((resolve, reject) => {
  session.once('connect', resolve);
  session.once('error', reject);
});
if (session.alpnProtocol !== 'h2')
  throw new Error(`negotiated ${session.alpnProtocol}, not h2`);

const apply = i =>
  new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'PATCH',
      ':path': `/apis/apps/v1/namespaces/default/deployments/h2-${i}?fieldManager=miniplanes&force=true`,
      authorization: `Bearer ${KS_TOKEN}`,
      'content-type': 'application/apply-patch+yaml',
    });
    let status;
    stream.on('response', headers => {
      status = headers[':status'];
    });
    stream.resume();
    stream.on('end', () =>
      status === 201
        ? resolve()
        : reject(new Error(`apply answered ${status}`)),
    );
    stream.on('error', reject);
    stream.end(JSON.stringify(deployment('h2', i)));
  });

const timing = await timeApplies(apply, COUNT, IN_FLIGHT);
session.close();
process.stdout.write(JSON.stringify(timing));
