import { deployment } from '../__testUtils__/deployment';
import { KubeObject } from '../kube/types';
import { ResourceRegistry } from '../resources/ResourceRegistry';
import { ObjectStore } from '../store/ObjectStore';
import { Clock } from './Clock';
import { Operations } from './Operations';
import { SYSTEM_CONTEXT } from './options';

const CONFLICT =
  /^Operation cannot be fulfilled on deployments.apps "web": the object has been modified/;

/** Operations on a fresh store, with the namespace `default`. */
function withDefaultNamespace(): Operations {
  const ops = new Operations(
    new ObjectStore(),
    new ResourceRegistry(),
    new Clock(),
  );
  ops.create(
    ops.registry.find('', 'v1', 'namespaces')!,
    undefined,
    { metadata: { name: 'default' } },
    SYSTEM_CONTEXT,
  );
  return ops;
}

describe('a write naming a resourceVersion', () => {
  let ops: Operations;
  let stale: string;
  let latest: KubeObject;
  const deployments = () => ops.registry.find('apps', 'v1', 'deployments')!;

  beforeEach(() => {
    ops = withDefaultNamespace();
    const created = ops.create(
      deployments(),
      'default',
      deployment('web'),
      SYSTEM_CONTEXT,
    );
    stale = created.metadata.resourceVersion!;
    latest = ops.update(
      deployments(),
      'default',
      'web',
      { ...created, spec: { ...(created.spec as object), replicas: 2 } },
      SYSTEM_CONTEXT,
    );
  });

  // Each row writes to `web`, naming the resourceVersion it expects to change.
  it.each<[string, (resourceVersion: string) => unknown]>([
    [
      'an update',
      resourceVersion =>
        ops.update(
          deployments(),
          'default',
          'web',
          { ...latest, metadata: { ...latest.metadata, resourceVersion } },
          SYSTEM_CONTEXT,
        ),
    ],
    [
      'a merge patch',
      resourceVersion =>
        ops.patch(
          deployments(),
          'default',
          'web',
          'merge',
          JSON.stringify({ metadata: { resourceVersion } }),
          SYSTEM_CONTEXT,
          {},
        ),
    ],
    [
      'a write to /scale',
      resourceVersion =>
        ops.update(
          deployments(),
          'default',
          'web',
          {
            metadata: { name: 'web', namespace: 'default', resourceVersion },
            spec: { replicas: 3 },
          },
          SYSTEM_CONTEXT,
          'scale',
        ),
    ],
    [
      'a delete with a precondition',
      resourceVersion =>
        ops.delete(deployments(), 'default', 'web', SYSTEM_CONTEXT, {
          preconditions: { resourceVersion },
        }),
    ],
  ])(
    '%s is a conflict against an older version, and goes through against the stored one',
    (_, write) => {
      expect(() => write(stale)).toThrow(CONFLICT);
      expect(() => write(latest.metadata.resourceVersion!)).not.toThrow();
    },
  );
});

describe('a write naming a uid', () => {
  let ops: Operations;
  let web: KubeObject;
  const deployments = () => ops.registry.find('apps', 'v1', 'deployments')!;
  const OTHER = '00000000-0000-4000-8000-000000000000';
  const PRECONDITION =
    /^Operation cannot be fulfilled on deployments.apps "web": Precondition failed: UID in precondition: 00000000-0000-4000-8000-000000000000, UID in object meta: /;

  beforeEach(() => {
    ops = withDefaultNamespace();
    web = ops.create(
      deployments(),
      'default',
      deployment('web'),
      SYSTEM_CONTEXT,
    );
  });

  // Each row writes to `web` as the object of that uid (a recreated object
  // of the same name is another one).
  const apply = (uid: string, name = 'web') =>
    ops.patch(
      deployments(),
      'default',
      name,
      'apply',
      JSON.stringify({ ...deployment(name), metadata: { name, uid } }),
      { ...SYSTEM_CONTEXT, fieldManager: 'miniplanes' },
      { force: true },
    );
  it.each<[string, (uid: string) => unknown]>([
    [
      'an update',
      uid =>
        ops.update(
          deployments(),
          'default',
          'web',
          { ...web, metadata: { ...web.metadata, uid } },
          SYSTEM_CONTEXT,
        ),
    ],
    [
      'a merge patch',
      uid =>
        ops.patch(
          deployments(),
          'default',
          'web',
          'merge',
          JSON.stringify({ metadata: { uid } }),
          SYSTEM_CONTEXT,
          {},
        ),
    ],
    ['a server-side apply', uid => apply(uid)],
  ])(
    '%s is a conflict against another object of the name, and goes through against it',
    (_, write) => {
      expect(() => write(OTHER)).toThrow(PRECONDITION);
      expect(() => write(web.metadata.uid!)).not.toThrow();
    },
  );

  it('refuses a server-side apply naming a uid where no object of the name is', () => {
    expect(() => apply(OTHER, 'gone')).toThrow(
      /Precondition failed: UID in precondition: 0{8}-0{4}-4000-8000-0{12}, UID in object meta: $/,
    );
    expect(ops.find(deployments(), 'default', 'gone')).toBeUndefined();
  });
});
