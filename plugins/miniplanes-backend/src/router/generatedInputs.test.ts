import { mockCredentials } from '@backstage/backend-test-utils';
import fc from 'fast-check';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import {
  demoFleetForFile,
  startDemoBackend,
} from '../__testUtils__/demoBackend';
import { amyOfData, storageComponent } from '../__testUtils__/demoCatalog';
import {
  expectDocumented,
  Method,
  openApiDocument,
} from '../__testUtils__/documentedResponses';
import { demoFleetText, exampleText } from '../__testUtils__/syncHarness';

jest.setTimeout(Number(process.env.API_FUZZ_RUNS ?? 300) * 1_000);

/*
 * Generated requests to every operation of the REST API: path parameters,
 * queries and bodies that are valid, nearly valid (a valid document with a
 * few of its fields replaced or removed) or nothing like it. Whatever comes
 * in, the answer is one the OpenAPI document describes for that operation
 * (status and body), and never a 5xx: bad input is the caller's to fix, so
 * it gets a 4xx that says what is wrong.
 */

const BASE = '/api/miniplanes';
/** API_FUZZ_RUNS and API_FUZZ_SEED explore further than the suite's fixed run. */
const RUNS = {
  numRuns: Number(process.env.API_FUZZ_RUNS ?? 300),
  seed: Number(process.env.API_FUZZ_SEED ?? 20261206),
};
const owner = mockCredentials.user('user:default/amy');
const approver = mockCredentials.user('user:default/pat');

type Json = unknown;
type Path = (string | number)[];

const json = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'x'.repeat(5000), "'; drop table x; --"),
);

/** Every path into a document, its inner nodes too. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => [
      [...prefix, i],
      ...pathsOf(v, [...prefix, i]),
    ]);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [...prefix, k],
      ...pathsOf(v, [...prefix, k]),
    ]);
  return [];
}

/** A copy of the document with the value at `path` replaced, or removed when `value` is null. */
function replaced(document: Json, path: Path, value: Json | null): Json {
  const copy = structuredClone(document) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  if (value !== null) node[last] = value;
  else if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
  return copy;
}

/** A valid document with up to three of its fields replaced by any JSON or removed. */
function nearly(document: Json) {
  const paths = pathsOf(document);
  return fc
    .array(
      fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), fc.option(json)),
      { maxLength: 3 },
    )
    .map(changes =>
      changes.reduce((doc: Json, [at, value]) => {
        // Earlier changes may have removed the path: then it stays as it is.
        try {
          return replaced(doc, paths[at], value);
        } catch {
          return doc;
        }
      }, document),
    );
}

/** A document as the API takes it: an object, or its YAML or JSON text. */
function documentOf(valid: Json) {
  const near = nearly(valid);
  return fc.oneof(
    { arbitrary: near, weight: 3 },
    { arbitrary: near.map(doc => stringify(doc)), weight: 2 },
    near.map(doc => JSON.stringify(doc)),
    text,
    json,
  );
}

const service = parse(exampleText('services/storage.yaml'));
const serviceDocument = documentOf(service);
const fleetDocument = documentOf(parse(demoFleetText()));

const entityRef = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'component:default/storage',
      'component:default/ui',
      'component:default/nope',
      'user:default/amy',
      'component:storage',
    ),
  },
  text,
);

/** A path segment: one the API knows, or anything (encoded, as a client sends it). */
const segment = (...known: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...known), weight: 6 },
    text
      // Dot segments are resolved by the client before they reach the API.
      .filter(s => s.length > 0 && s !== '.' && s !== '..')
      .map(encodeURIComponent),
    // Percent-encoding that does not decode.
    fc.constantFrom('%', '%zz', '%E0%A4%A'),
  );

/** Sometimes the body is not JSON at all, or there is none. */
type Body = { json: Json } | { raw: string } | undefined;
const bodyOf = (valid: fc.Arbitrary<Json>): fc.Arbitrary<Body> =>
  fc.oneof(
    { arbitrary: valid.map(b => ({ json: b })), weight: 6 },
    json.map(b => ({ json: b })),
    fc.constantFrom('{', '[1,', 'nul', '{"service": }').map(raw => ({ raw })),
    fc.constant(undefined),
  );

const comment = fc.record(
  { comment: fc.oneof(text, json), stage: fc.oneof(text, json) },
  { requiredKeys: [] },
);

interface GeneratedCall {
  method: Method;
  path: string;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: Body;
  approverCalls: boolean;
}

/** Requests filed so far, so that ids the API knows are among those generated. */
const filed: string[] = ['r-unknown'];

function call(method: Method, path: string): fc.Arbitrary<GeneratedCall> {
  const params = fc.record({
    namespace: segment('default'),
    kind: segment('component', 'Component', 'user'),
    name: segment('storage', 'ui', 'nope'),
    action: segment('approveStage', 'pause', 'resume', 'abort'),
    id: fc.oneof(
      fc
        .nat()
        .map(i => filed[i % filed.length])
        .map(encodeURIComponent),
      segment('r1'),
    ),
  });
  // The operation's own query parameters, and now and then one it does not take.
  const documented = new Set(
    (openApiDocument.paths[path][method]!.parameters ?? []).flatMap((p: any) =>
      p.in === 'query' ? [p.name] : [],
    ),
  );
  const queries: Record<string, fc.Arbitrary<string>> = {
    limit: fc.oneof(fc.integer().map(String), text),
    status: fc.oneof(
      fc.constantFrom('pending', 'approved', 'applied', 'failed'),
      text,
    ),
    entityRef,
  };
  const query = fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(queries).filter(([name]) => documented.has(name)),
        ),
        { requiredKeys: [] },
      ),
      fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, text),
    )
    .map(([known, unknown]) =>
      unknown === null ? known : { ...known, unknown },
    );
  const bodies: Record<string, fc.Arbitrary<Body>> = {
    '/preview': bodyOf(
      fc.record(
        { service: serviceDocument, fleet: fleetDocument },
        { requiredKeys: ['service'] },
      ),
    ),
    '/requests': bodyOf(
      fc.record(
        {
          entityRef,
          reason: fc.oneof({ arbitrary: text, weight: 4 }, json),
          spec: serviceDocument,
          // Only for service principals: now and then, from a user.
          onBehalfOf: fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 8 },
            entityRef,
          ),
        },
        { requiredKeys: ['entityRef', 'reason', 'spec'] },
      ),
    ),
  };
  return fc.record({
    method: fc.constant(method),
    path: fc.constant(path),
    params,
    query,
    body:
      method === 'post'
        ? bodies[path] ?? bodyOf(comment)
        : fc.constant(undefined),
    approverCalls: fc.boolean(),
  });
}

const operations = Object.entries(openApiDocument.paths).flatMap(
  ([path, item]) =>
    (Object.keys(item) as Method[]).map(method => call(method, path)),
);

const fleet = demoFleetForFile();

/**
 * Why an approved request may fail: a newer version came first, or a
 * cluster refused a custom kind (whose schema only the cluster knows).
 * Never a cluster refusing a built-in workload that filing took, an
 * internal error, or anything else.
 */
function acceptedFailure(failure: string): boolean {
  if (
    /^superseded by spec version \d+ before the sync carried it out$/.test(
      failure,
    )
  )
    return true;
  // One cluster's refusal after another; a refused value may hold "; " too.
  return failure
    .split(/; (?=apply )/)
    .every(refusal =>
      /^apply (?!(Pod|Deployment|StatefulSet|ReplicaSet|DaemonSet|Job|CronJob) )\S+ \S+ on cluster \S+ failed: .* is invalid: /s.test(
        refusal,
      ),
    );
}

/** A filing's refusal: the request's schema, the document's fields, or the clusters it cannot go to. */
const FILING_REFUSAL =
  /^(request\/body\S*|spec is not a valid FederatedService:\n|the proposed version cannot be applied on every cluster of the fleet:\n|the proposed version changes what Kubernetes does not let change on objects that exist:\n {2}spec\.)/;

/** A refusal says which input, and (past the request's schema) which field of it. */
const NAMES_THE_INPUT =
  /^(request\/body\S*|service is not a valid FederatedService:\n|fleet is not a valid fleet document:\n)/;

describe('the REST API, given generated input', () => {
  it('answers every request with a documented status and body, never a 5xx', async () => {
    const server = await startDemoBackend({
      sim: fleet(),
      entities: [storageComponent, amyOfData],
    });
    const statuses = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(...operations), async generated => {
        const { method, path, params, query, body } = generated;
        const url = path.replace(/\{(\w+)\}/g, (_, p) => params[p]);
        const credentials = generated.approverCalls ? approver : owner;
        let req = request(server)
          [method](`${BASE}${url}`)
          .query(query)
          .set(
            'Authorization',
            mockCredentials.user.header(credentials.principal.userEntityRef),
          );
        if (body)
          req = req
            .set('Content-Type', 'application/json')
            .send('raw' in body ? body.raw : JSON.stringify(body.json));
        const res = await req;
        const key = `${method} ${path} ${res.status}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        if (method === 'post' && path === '/requests' && res.status === 201)
          filed.push(res.body.id);
        if (res.status >= 500)
          throw new Error(
            `${method} ${url} answered ${res.status}: ${JSON.stringify(
              res.body,
            )}`,
          );
        expectDocumented(method, path, res);
        // A refusal says why.
        expect(res.body.error?.message ?? 'answered').toMatch(/\S/);
      }),
      RUNS,
    );
    // Every operation was asked (the tests below go past validation).
    const asked = new Set(
      [...statuses.keys()].map(key => key.split(' ').slice(0, 2).join(' ')),
    );
    expect(asked.size).toBe(operations.length);
  });

  it('answers any document near a valid one with a decision, or a 400 that names the field', async () => {
    const server = await startDemoBackend({ sim: fleet() });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          service: serviceDocument,
          fleet: fc.option(fleetDocument, { nil: undefined }),
        }),
        async body => {
          const res = await request(server)
            .post(`${BASE}/preview`)
            .set(
              'Authorization',
              mockCredentials.user.header('user:default/amy'),
            )
            .send(body);
          expect([200, 400]).toContain(res.status);
          expectDocumented('post', '/preview', res);
          // A refusal names the input, and past the request's schema, the field.
          const refusal: string | undefined = res.body.error?.message;
          const named =
            res.status === 400
              ? NAMES_THE_INPUT.test(refusal ?? '')
              : refusal === undefined;
          expect({ refusal, named }).toEqual({ refusal, named: true });
        },
      ),
      RUNS,
    );
  });

  describe('on a fleet of its own', () => {
    // Another test's backend (another installation) has synced the demo
    // services to the shared fleet: this one's objects would be refused.
    const ownFleet = demoFleetForFile();

    it('files any near-valid version, or refuses it with a 400 that names the field, and carries out what it approved', async () => {
      const approvedIds: string[] = [];
      const server = await startDemoBackend({
        sim: ownFleet(),
        entities: [storageComponent, amyOfData],
      });
      await fc.assert(
        fc.asyncProperty(serviceDocument, async spec => {
          const res = await request(server)
            .post(`${BASE}/requests`)
            .set(
              'Authorization',
              mockCredentials.user.header('user:default/amy'),
            )
            .send({
              entityRef: 'component:default/storage',
              reason: 'generated',
              spec,
            });
          expect([201, 400]).toContain(res.status);
          expectDocumented('post', '/requests', res);
          // A refusal names the field, or the cluster a version cannot go to.
          const refusal: string | undefined = res.body.error?.message;
          const named =
            res.status === 400
              ? FILING_REFUSAL.test(refusal ?? '')
              : refusal === undefined;
          expect({ refusal, named }).toEqual({ refusal, named: true });
          if (res.status !== 201) return;
          const approved = await request(server)
            .post(`${BASE}/requests/${res.body.id}/approve`)
            .set(
              'Authorization',
              mockCredentials.user.header('user:default/pat'),
            )
            .send({});
          expect([200, 409]).toContain(approved.status);
          expectDocumented('post', '/requests/{id}/approve', approved);
          if (approved.status === 200) approvedIds.push(res.body.id);
        }),
        { ...RUNS, numRuns: Math.ceil(RUNS.numRuns / 3) },
      );
      // The sync carries every approval out: each request ends applied, or
      // failed (superseded, or its version refused) with a reason a person
      // can act on, never the words of an internal error; and what filing
      // took of the built-in workloads, the clusters take (only custom kinds'
      // schemas are the clusters' own to judge).
      const settled = async () => {
        const res = await request(server)
          .get(`${BASE}/requests`)
          .query({ entityRef: 'component:default/storage' })
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/amy'),
          );
        return (
          res.body.items as { id: string; status: string; failure?: string }[]
        ).filter(r => approvedIds.includes(r.id));
      };
      let outcomes = await settled();
      for (
        let i = 0;
        i < 120 && outcomes.some(r => r.status === 'approved');
        i++
      ) {
        await new Promise(resolve => setTimeout(resolve, 250));
        outcomes = await settled();
      }
      expect(approvedIds.length).toBeGreaterThan(0);
      expect(
        outcomes.filter(
          r =>
            r.status !== 'applied' &&
            !(r.status === 'failed' && acceptedFailure(r.failure ?? '')),
        ),
      ).toEqual([]);
    });
  });
});
